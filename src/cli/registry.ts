import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { importHouseholds } from '../commands/registry/import-households.ts';
import { writeHeatingTemplate, writeImportReport, writeTemplate } from '../commands/registry/import-template.ts';
import { REGISTRY_IMPORT_KINDS, type RegistryImportKind, type RegistryImportReport } from '../contracts/registry-import.ts';
import { AppError } from '../kernel/errors.ts';
import { spreadsheetFormatOf, usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** What the operator typed wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['REGISTRY_IMPORT_FORMAT', 'DIVISION_CODE_FORMAT', 'REGISTRY_IMPORT_AREA', 'REGISTRY_IMPORT_KIND']));

/** `--kind`: households (the default) or heating. */
function kindOf(v: string | undefined): RegistryImportKind {
  const k = (v ?? 'households').trim();
  if ((REGISTRY_IMPORT_KINDS as readonly string[]).includes(k)) return k as RegistryImportKind;
  throw new AppError('REGISTRY_IMPORT_KIND', { zh: '--kind 应为 households（家庭）或 heating（取暖信息）', en: '--kind is households or heating' }, { field: 'kind' });
}

const formatOf = (v: string | undefined, path: string) => spreadsheetFormatOf(v, path, 'REGISTRY_IMPORT_FORMAT');

/**
 * `doudi registry template|import`: the published registry template, and an import of a village's or township's
 * households from it — as a named township caseworker or village assistant (`--as`), within that user's area, all or
 * nothing, with the row-by-row report (exit 1 when the file is refused; `--report FILE` writes it as XLSX).
 */
export function registerRegistryCommands(program: Command): void {
  const registry = program.command('registry').description('户籍（家庭）登记 the household registry: import template, batch import');

  registry
    .command('template')
    .description('生成户籍批量导入模板（xlsx，含填写说明与示例行）write the registry import template')
    .requiredOption('--out <file>', '输出文件 output file (.xlsx)')
    .option('--kind <kind>', 'households（家庭，默认）| heating（取暖信息）')
    .action(async (o: { out: string; kind?: string }) => {
      const kind = await asUsage(async () => kindOf(o.kind));
      await writeFile(o.out, kind === 'heating' ? await writeHeatingTemplate() : await writeTemplate());
      process.stderr.write(`已生成导入模板 template written: ${o.out}\n`);
    });

  registry
    .command('import')
    .description('按模板批量导入家庭：全部无误才导入，否则不做任何更改并逐行列出问题 import households (all or nothing, a row-by-row report)')
    .argument('<file>', '导入文件 the filled-in template (.xlsx or .csv)')
    .requiredOption('--area <code>', '导入范围：村（社区）或乡镇（街道）的 12 位区划代码 the village or township (12 digits)')
    .requiredOption('--as <username>', '导入人账号（乡镇经办或村协理员，在其辖区内）the importing user')
    .option('--format <format>', 'xlsx | csv (default: from the file name)')
    .option('--kind <kind>', 'households（登记新家庭，默认）| heating（已登记家庭的取暖方式和供暖面积）')
    .option('--report <file>', '被拒绝时把问题清单写入此文件（xlsx）write a refused file’s report here (.xlsx)')
    .option('--json', '输出 JSON report')
    .action(async (file: string, o: { area: string; as: string; format?: string; kind?: string; report?: string; json?: boolean }) => {
      const r = await asUsage(() => {
        const format = formatOf(o.format, file);
        const kind = kindOf(o.kind);
        return withDb(async (db) => importHouseholds(await contextAs(db, o.as.trim()), { file, format, area: o.area.trim(), kind }), { quiet: true });
      });
      if (!r.applied && o.report) await writeFile(o.report, await writeImportReport(r));
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : importSummary(r));
      if (!r.applied) process.exitCode = 1;
    });
}

function importSummary(r: RegistryImportReport): string {
  if (r.applied && r.kind === 'heating') return `已导入取暖信息 heating imported: ${r.households} 户 households written, ${r.unchanged ?? 0} 户 unchanged (${r.area})\n`;
  if (r.applied) return `已导入 imported: ${r.households} 户 households, ${r.persons} 人 persons (${r.area})\n`;
  const more = r.problemCount > r.problems.length ? `  …（另有 ${r.problemCount - r.problems.length} 处 more）\n` : '';
  return (
    `未导入 NOT imported: ${r.problemCount} 处问题 problems in ${r.rows} rows; nothing changed\n` +
    r.problems.map((p) => `  第 ${p.row} 行 row ${p.row}${p.column ? ` 「${p.column}」` : ''}: ${p.code} ${p.message.zh} / ${p.message.en}\n`).join('') +
    more
  );
}
