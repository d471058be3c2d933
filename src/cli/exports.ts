import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { prepareListExport } from '../commands/exports/export-list.ts';
import { EXPORT_KINDS, ExportFilters, type ExportKind } from '../contracts/exports.ts';
import { AppError } from '../kernel/errors.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** What was typed wrong: exit 2. Too many rows is a refusal (exit 1): the filters were right, the list too long. */
const asUsage = usageErrorsIn(new Set(['EXPORT_KIND_UNKNOWN', 'EXPORT_FILTER_INVALID']));

/** The list's filters from the options given (the names the API's query takes), checked by the list's own contract. */
function filtersOf(kind: ExportKind, o: Record<string, string | undefined>): unknown {
  const given = Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && !['out', 'as', 'json'].includes(k)));
  const parsed = ExportFilters[kind].strict().safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? (issue && 'keys' in issue ? (issue.keys as string[])[0] : 'filters'));
    throw new AppError('EXPORT_FILTER_INVALID', { zh: `筛选条件无效或不适用于该列表：${field}`, en: `A filter is invalid or does not apply to this list: ${field}` }, { field });
  }
  return parsed.data;
}

/**
 * `doudi export <kind> --out FILE [filters]`: a list page to an XLSX workbook, as the web app's 导出 Excel makes it —
 * the same command, filters, heading, masking, cap and audit event — as the operator (the whole city, or a county with
 * `--county` where the list takes one), or `--as USER` with that user's role and area.
 */
export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description(`列表导出为 Excel（审计留痕）export a list to XLSX (audited): ${EXPORT_KINDS.join(' | ')}`)
    .argument('<kind>', EXPORT_KINDS.join(' | '))
    .requiredOption('--out <file>', '输出文件 output file (.xlsx)')
    .option('--as <username>', '以该用户的角色和辖区导出 as this user (role and area)')
    .option('--area <code>', '区划代码 area (6 or 12 digits): households, cases, enrollments, reviews')
    .option('--q <text>', '姓名或身份证号 name or ID number: households')
    .option('--state <state>', '案件状态 case state: cases')
    .option('--program <program>', 'dibao | tekun: cases, rolls')
    .option('--due-within <days>', '含今后若干天内到期 also due within so many days: enrollments')
    .option('--county <code>', '县区代码 county: rolls, roll-lines')
    .option('--roll <id>', '花名册编号 roll id: roll-lines')
    .option('--kind <kind>', 'regular | backpay | recovery | reissue: roll-lines')
    .option('--gradual-exit <bool>', 'true | false: roll-lines')
    .option('--bank-status <status>', 'paid | failed | none: roll-lines')
    .option('--held <bool>', 'true | false: roll-lines')
    .option('--json', '输出 JSON { file, rows }')
    .action(async (kind: string, o: Record<string, string | undefined>) => {
      const k = kind as ExportKind;
      const filters = await asUsage(() => {
        if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
          throw new AppError('EXPORT_KIND_UNKNOWN', { zh: `没有这种列表：${kind}（可选 ${EXPORT_KINDS.join('、')}）`, en: `No such list: ${kind} (one of ${EXPORT_KINDS.join(', ')})` }, { field: 'kind' });
        }
        return filtersOf(k, o);
      });
      const rows = await withDb(
        async (db) => {
          const ctx = o.as ? await contextAs(db, o.as.trim()) : operatorContext(db);
          const file = await prepareListExport(ctx, { kind: k, filters: filters as never });
          const out = createWriteStream(o.out!);
          await Promise.all([file.write(out), finished(out)]);
          return file.rows;
        },
        { quiet: true },
      );
      process.stdout.write(o.json ? `${JSON.stringify({ file: o.out, rows })}\n` : `已导出 exported ${o.out}：${rows} 条 rows\n`);
    });
}
