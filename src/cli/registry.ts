import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { listHeatingMissing } from '../commands/registry/heating-missing.ts';
import { importHouseholds } from '../commands/registry/import-households.ts';
import { operatorContext } from '../commands/context.ts';
import { HeatingMissingQuery, type HeatingMissingPage } from '../contracts/registry.ts';
import { writeHeatingTemplate, writeImportReport, writeTemplate } from '../commands/registry/import-template.ts';
import { REGISTRY_IMPORT_KINDS, type RegistryImportKind, type RegistryImportReport } from '../contracts/registry-import.ts';
import { AppError } from '../kernel/errors.ts';
import { spreadsheetFormatOf, usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** What the operator typed wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['REGISTRY_IMPORT_FORMAT', 'DIVISION_CODE_FORMAT', 'REGISTRY_IMPORT_AREA', 'REGISTRY_IMPORT_KIND', 'FIELD_FORMAT']));

/** `heating-missing`'s options through the API's own query contract. */
function missingQuery(o: { area?: string; page?: string; pageSize?: string }): HeatingMissingQuery {
  const r = HeatingMissingQuery.safeParse({ area: o.area?.trim(), page: o.page ?? 1, pageSize: o.pageSize ?? 100 });
  if (r.success) return r.data;
  const field = String(r.error.issues[0]?.path[0] ?? 'area');
  if (field === 'area') throw new AppError('DIVISION_CODE_FORMAT', { zh: '区划代码须为 6 位或 12 位数字', en: 'A division code has 6 or 12 digits' }, { field });
  throw new AppError('FIELD_FORMAT', { zh: `--${field === 'pageSize' ? 'page-size' : field} 无效（页码从 1 起，每页最多 100 户）`, en: `--${field} is invalid (pages from 1, at most 100 a page)` }, { field });
}

const MISSING_WORDS = { mode: '未登记取暖方式 no mode', area: '集中供暖未填面积 central without area' } as const;
function missingText(r: HeatingMissingPage): string {
  const lines = r.items.map((h) => `${h.householdId}\t${h.headName}\t${h.areaName}\t${h.programs.join('+')}\t${MISSING_WORDS[h.missing]}\n`);
  return `取暖信息缺失 households missing heating data (${r.areaCode}): ${r.total} 户, page ${r.page}\n${lines.join('')}`;
}

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
  const registry = program.command('registry').description('户籍（家庭）登记 the household registry: import template, batch import, missing heating data');
  registerHeatingMissingCommand(registry);

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

export function registerHeatingMissingCommand(registry: Command): void {
  registry
    .command('heating-missing')
    .description('取暖信息缺失名单：在保低保、特困家庭中未登记取暖方式或集中供暖未填面积的 enrolled households missing heating data')
    .option('--area <code>', '区域：县区（6 位）、乡镇或村（12 位）one area of yours')
    .option('--as <username>', '以该用户的角色和辖区查询 as this user (default: the operator, whole city)')
    .option('--page <n>', '页码 page (default 1)')
    .option('--page-size <n>', '每页户数 per page (default 100, at most 100)')
    .option('--json', '输出 JSON (the API’s page)')
    .action(async (o: { area?: string; as?: string; page?: string; pageSize?: string; json?: boolean }) => {
      const q = await asUsage(() => missingQuery(o));
      const r = await withDb(async (db) => listHeatingMissing(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), q), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : missingText(r));
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
