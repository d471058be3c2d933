import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { importPovertySnapshot } from '../commands/poverty/import-snapshot.ts';
import { listPovertySnapshots } from '../commands/poverty/list-snapshots.ts';
import { writePovertyTemplate } from '../commands/poverty/poverty-template.ts';
import { writeImportReport } from '../commands/uploads/import-report.ts';
import type { PovertyImportResult, PovertySnapshot } from '../contracts/poverty.ts';
import { spreadsheetFormatOf, usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** What the operator typed wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['POVERTY_IMPORT_FORMAT', 'DIVISION_CODE_FORMAT', 'POVERTY_IMPORT_AREA', 'DATE_FORMAT', 'POVERTY_IMPORT_AS_OF_FUTURE']));

const formatOf = (v: string | undefined, path: string) => spreadsheetFormatOf(v, path, 'POVERTY_IMPORT_FORMAT');

/**
 * `doudi poverty template|import|snapshots`: the published poverty-registry template; an import of the office's file as
 * a dated snapshot — as a named liaison (`--as`), all or nothing, exit 1 with the row report when refused (`--report
 * FILE` writes it as XLSX); the snapshots with their counts.
 */
export function registerPovertyImportCommands(poverty: Command): void {
  poverty
    .command('template')
    .description('生成建档立卡数据导入模板（xlsx，含填写说明与示例行）write the poverty-registry import template')
    .requiredOption('--out <file>', '输出文件 output file (.xlsx)')
    .action(async (o: { out: string }) => {
      await writeFile(o.out, await writePovertyTemplate());
      process.stderr.write(`已生成导入模板 template written: ${o.out}\n`);
    });

  poverty
    .command('import')
    .description('导入扶贫部门建档立卡数据，形成带日期的快照并与上一快照比较；有任何问题则不做任何更改并逐行列出 import the poverty registry as a dated snapshot')
    .argument('<file>', '导入文件 the filled-in template (.xlsx or .csv)')
    .requiredOption('--as <username>', '导入人账号（扶贫办联络员）the importing user (the poverty liaison)')
    .option('--county <code>', '只导入一个县（市、区）的数据（6 或 12 位区划代码），不填为全市 the county the file covers (default: the city)')
    .option('--as-of <date>', '数据日期 the day the file stands for (YYYY-MM-DD, default today)')
    .option('--format <format>', 'xlsx | csv (default: from the file name)')
    .option('--report <file>', '被拒绝时把问题清单写入此文件（xlsx）write a refused file’s report here (.xlsx)')
    .option('--json', '输出 JSON')
    .action(async (file: string, o: { as: string; county?: string; asOf?: string; format?: string; report?: string; json?: boolean }) => {
      const r = await asUsage(() => {
        const format = formatOf(o.format, file);
        return withDb(async (db) => importPovertySnapshot(await contextAs(db, o.as.trim()), { file, format, county: o.county, asOf: o.asOf }), { quiet: true });
      });
      if (r.outcome === 'refused' && o.report) await writeFile(o.report, await writeImportReport(r));
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : importSummary(r));
      if (r.outcome === 'refused') process.exitCode = 1;
    });

  poverty
    .command('snapshots')
    .description('列出建档立卡数据快照及其变化数 list the poverty-registry snapshots')
    .option('--as <username>', '以该用户的辖区查看 as this user (default: the operator, the whole city)')
    .option('--json', '输出 JSON')
    .action(async (o: { as?: string; json?: boolean }) => {
      const r = await withDb(async (db) => listPovertySnapshots(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db)), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : r.items.length ? r.items.map(snapshotLine).join('') : '没有快照 no snapshot yet\n');
    });
}

const c = (x: { households: number; persons: number }) => `${x.households} 户/${x.persons} 人`;

function snapshotLine(s: PovertySnapshot): string {
  return `${s.asOf} ${s.areaName} ${s.households} 户 households ${s.persons} 人 persons; 新增 added ${c(s.added)}, 减少 removed ${c(s.removed)}, 变化 changed ${c(s.changed)} — ${s.fileName}, ${s.importedByName} ${s.importedAt} [${s.id}]\n`;
}

function importSummary(r: PovertyImportResult): string {
  if (r.outcome === 'unchanged') return `内容与最近一次快照相同，未做更改 unchanged: the same content as the latest snapshot ${r.snapshotId} (${r.asOf})\n`;
  if (r.outcome === 'accepted') {
    const m = r.match ? Object.entries(r.match).map(([k, v]) => `${k} ${v}`).join(', ') : '';
    return (
      `已导入 imported: 快照 snapshot ${r.snapshotId} (${r.areaCode}, ${r.asOf}): ${r.households} 户 households, ${r.persons} 人 persons\n` +
      `  新增 added ${c(r.added)}; 减少 removed ${c(r.removed)}; 变化 changed ${c(r.changed)}\n` +
      (m ? `  比对 matched: ${m}\n` : '')
    );
  }
  const more = r.problemCount > r.problems.length ? `  …（另有 ${r.problemCount - r.problems.length} 处 more）\n` : '';
  return (
    `未导入 NOT imported: ${r.problemCount} 处问题 problems in ${r.rows} rows; nothing changed\n` +
    r.problems
      .slice(0, 50)
      .map((p) => `  第 ${p.row} 行 row ${p.row}${p.column ? ` 「${p.column}」` : ''}: ${p.code} ${p.message.zh} / ${p.message.en}\n`)
      .join('') +
    (r.problems.length > 50 ? `  …（共 ${r.problemCount} 处，--report FILE 写出全部 all in --report FILE）\n` : more)
  );
}
