import type { Writable } from 'node:stream';
import type { ExportFiltersOf, ExportKind } from '../../contracts/exports.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { actorName, auditActor, type CommandContext, requirePermission } from '../context.ts';
import { LIST_SOURCES, type ListSource, type OpenedList } from './list-sources.ts';
import { writeListWorkbook } from './workbook.ts';

/**
 * Rows one export may hold at most. A list longer than this is refused before anything is read past the count, with
 * words telling the user to narrow the filters: a workbook of a whole county's registry is not a list page's business
 * (and every row of it is personal data). ADR 0029.
 */
export const EXPORT_ROW_CAP = 20_000;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PreparedListExport {
  /** The file's name in Chinese (家庭名册-20261204.xlsx), and in ASCII for clients that cannot take more. */
  filename: string;
  asciiFilename: string;
  contentType: string;
  /** Rows the workbook holds (as recorded in the audit trail). */
  rows: number;
  /** Streams the workbook into `out` (and ends it). */
  write(out: Writable): Promise<void>;
}

/**
 * 列表导出 Any list page to an XLSX workbook, with the filters the page sends (issue 11 point 8): every matching row,
 * read in batches through the list's own repository and area scope, presented by the list's own presenter (masked as
 * on the screen), in the page's words, under a heading that says what was exported, with which filters, by whom, when
 * and where. A bulk read of personal data: one audit event (kind, filters, rows) is durably recorded before the first
 * byte, as every list page's read is (ADR 0009); a list longer than the cap is refused and nothing is recorded.
 */
export async function prepareListExport<K extends ExportKind>(
  ctx: CommandContext,
  o: { kind: K; filters: ExportFiltersOf<K>; cap?: number },
): Promise<PreparedListExport> {
  const source = LIST_SOURCES[o.kind];
  return prepareSourceExport(ctx, { kind: o.kind, cap: o.cap, source: { ...source, open: (c, cap) => source.open(c, o.filters as never, cap) } });
}

/**
 * A list source of a command folder after this one (which cannot be in LIST_SOURCES without a cycle of folders: the
 * campaign ledger of `rectification`, ADR 0048) exported the same way: the same permission check, cap, bulk-read audit
 * event, heading and workbook.
 */
export interface ExternalListSource<T> extends Omit<ListSource<ExportKind, T>, 'open'> {
  open(ctx: CommandContext, cap: number): Promise<OpenedList<T>>;
}

export async function prepareSourceExport<T>(ctx: CommandContext, o: { kind: string; source: ExternalListSource<T>; cap?: number }): Promise<PreparedListExport> {
  const source = o.source;
  requirePermission(ctx.actor, source.permission);
  requirePermission(ctx.actor, source.exportPermission ?? 'registry.export');
  const cap = o.cap ?? EXPORT_ROW_CAP;
  const now = ctx.clock();
  const list = await source.open(ctx, cap);
  if (list.overCap || list.total > cap) {
    throw new AppError(
      'EXPORT_TOO_MANY_ROWS',
      {
        zh: `符合条件的记录超过 ${cap} 条，一次最多导出 ${cap} 条。请缩小筛选范围（例如选择乡镇或村、状态或项目）后再导出`,
        en: `More than ${cap} rows match; at most ${cap} rows can be exported at once. Narrow the filters (a township or village, a state or programme) and export again`,
      },
      { status: 400, field: 'filters', details: { cap, counted: list.total } },
    );
  }
  const at = now.toISOString();
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    {
      chain: list.chain,
      action: source.action,
      entityType: list.entityType,
      entityId: list.entityId ?? null,
      detail: { kind: o.kind, area: list.areaCode, filters: list.audited, rows: list.total, format: 'xlsx' },
    },
    at,
    list.searchText ? { ...list.searchText, at } : undefined,
  );
  const areaName = (await divisionNames(ctx.db.kysely, [list.areaCode])).get(list.areaCode) ?? list.areaCode;
  const day = chinaDateOf(now).replaceAll('-', '');
  return {
    filename: `${source.title}-${day}.xlsx`,
    asciiFilename: `doudi-${o.kind}-${day}.xlsx`,
    contentType: XLSX_TYPE,
    rows: list.total,
    write: (out) =>
      writeListWorkbook(out, {
        sheet: source.title,
        heading: { title: source.title, filters: list.words, who: `${actorName(ctx.actor)}（${ctx.actor.username}）`, at: now, areaName, rows: list.total },
        columns: source.columns,
        batches: list.batches,
      }),
  };
}
