import { withNormalisedRows } from '../uploads/normalised-upload.ts';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { ReplyImportReport, ReplyProblem } from '../../contracts/dual-inclusion.ts';
import { appendAuditBatch } from '../../db/audit.ts';
import { DualInclusionRepo } from '../../db/dual-inclusion-repo.ts';
import { idHashOf } from '../../db/personal-data.ts';
import type { PovertyReferralTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import { parseIdNumber } from '../../kernel/id-number.ts';
import { parsePlainDate } from '../../kernel/plain-date.ts';
import { stripUnsafeText } from '../../kernel/text.ts';
import { actorName, auditActor, type CommandContext, requirePermission, todayOf } from '../context.ts';
import { writeImportReport } from '../uploads/import-report.ts';
import type { SheetFormat } from '../uploads/bounded-reader.ts';
import { REGISTRY_FILE_LIMITS } from '../uploads/limits.ts';
import { parseExchangeHouseholdNo } from './exchange-columns.ts';

const MAX_LISTED = 500;
/** Rows searched for the header row: the referral workbook has its heading above the table. */
const HEADER_SEARCH_ROWS = 20;
const MAX_REASON = 200;

type ReplyColumn = 'household' | 'idNumber' | 'result' | 'reason' | 'replyOn';

/** The reply's columns by their Chinese names (the referral workbook's, and the variants offices write). */
export const REPLY_COLUMNS: Record<ReplyColumn, readonly string[]> = {
  household: ['户编号'],
  idNumber: ['身份证号码', '身份证号', '户主身份证号码', '户主身份证号'],
  result: ['接收情况', '是否接收', '接收结果', '处理结果', '回复结果'],
  reason: ['原因', '不予接收原因', '原因说明', '说明', '备注'],
  replyOn: ['回复日期', '回复时间'],
};
const HEADER_NAME: Record<ReplyColumn, string> = { household: '户编号', idNumber: '身份证号码', result: '接收情况', reason: '原因', replyOn: '回复日期' };

const ACCEPTED = new Set(['接收', '同意接收', '已接收', '予以接收', '纳入', '同意']);
const REFUSED = new Set(['不予接收', '不接收', '未接收', '拒绝接收', '拒绝', '不同意', '不予纳入']);

/** 接收 / 不予接收 (and the variants) → the reply; anything else is not a reply. */
export function readReplyResult(text: string): 'accepted' | 'refused' | null {
  const t = text.replace(/\s+/g, '');
  if (ACCEPTED.has(t)) return 'accepted';
  if (REFUSED.has(t)) return 'refused';
  return null;
}

/** The header row's columns, or null when the row is not the header (no 接收情况 column). */
export function matchReplyHeaders(cells: readonly string[]): Map<ReplyColumn, number> | null {
  const found = new Map<ReplyColumn, number>();
  cells.forEach((c, i) => {
    const h = c.replace(/\s+/g, '');
    for (const [key, names] of Object.entries(REPLY_COLUMNS) as [ReplyColumn, readonly string[]][]) {
      if (names.includes(h) && !found.has(key)) found.set(key, i);
    }
  });
  return found.has('result') ? found : null;
}

/** 2026-12-04, 2026/12/4, 2026.12.4, 2026年12月4日 → a plain date, or null. */
export function readReplyDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  return parsePlainDate(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`);
}

async function* csvRows(path: string): AsyncGenerator<string[]> {
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true, skip_empty_lines: true }));
  for await (const rec of parser) yield (rec as unknown[]).map((c) => String(c ?? ''));
}

interface Answer {
  row: number;
  referral: PovertyReferralTable;
  status: 'accepted' | 'refused';
  reason: string | null;
  on: string;
}

/**
 * 回复导入 The poverty office's reply to the referrals (issue 12 point 4): a file naming each household (户编号 as doudi
 * sent it, or the head's ID number) with 接收 / 不予接收 and the reason, read by the bounded reader (ADR 0018). Every
 * row must name an open referral of the importer's area and say one of the two; a refusal needs its reason. All or
 * nothing: a file with any problem changes nothing and comes back with every problem by row and column; otherwise the
 * referrals are answered, the import recorded, and each answer audited, in one transaction. `poverty.exchange`.
 */
export async function importReplies(
  ctx: CommandContext,
  o: { file: string | (() => Promise<{ path: string; cleanup: () => Promise<void> }>); format: SheetFormat; fileName: string },
): Promise<ReplyImportReport> {
  requirePermission(ctx.actor, 'poverty.exchange');
  return withNormalisedRows({ file: o.file, format: o.format, limits: REGISTRY_FILE_LIMITS, tmpPrefix: 'doudi-poverty-reply-' }, (out) => checkAndApply(ctx, out, o.fileName));
}

async function checkAndApply(ctx: CommandContext, rowsPath: string, fileName: string): Promise<ReplyImportReport> {
  const problems: ReplyProblem[] = [];
  let problemCount = 0;
  let rows = 0;
  const add = (row: number, col: ReplyColumn | null, code: string, message: BilingualMessage) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ row, column: col ? HEADER_NAME[col] : null, code, message });
  };
  const report = (applied: boolean, importId: string | null = null, accepted = 0, refused = 0): ReplyImportReport => ({
    applied,
    importId,
    rows,
    accepted,
    refused,
    problemCount,
    problems: [...problems].sort((a, b) => a.row - b.row),
  });

  const scope = scopeOf(ctx.actor.areaCode);
  const today = todayOf(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new DualInclusionRepo(trx, scope, today.slice(0, 7));
    let headers: Map<ReplyColumn, number> | null = null;
    let seen = 0;
    const answers: Answer[] = [];
    const inFile = new Map<string, number>();
    for await (const [line, ...cells] of csvRows(rowsPath)) {
      const rowNo = Number(line);
      if (!headers) {
        seen++;
        headers = matchReplyHeaders(cells);
        if (headers && !headers.has('household') && !headers.has('idNumber')) {
          add(rowNo, 'household', 'REPLY_COLUMN_MISSING', { zh: '缺少“户编号”或“身份证号码”列（请使用转介名单填写回复）', en: 'The column 户编号 or 身份证号码 is missing (reply on the referral list)' });
          return report(false);
        }
        if (!headers && seen >= HEADER_SEARCH_ROWS) break;
        continue;
      }
      const cell = (k: ReplyColumn) => {
        const i = headers!.get(k);
        return i === undefined ? '' : stripUnsafeText(cells[i] ?? '').trim();
      };
      const resultText = cell('result');
      const hhText = cell('household');
      const idText = cell('idNumber');
      // A row the office left unanswered (or a blank line) is no reply.
      if (!resultText && !cell('reason')) continue;
      rows++;
      const status = readReplyResult(resultText);
      if (!status) {
        add(rowNo, 'result', 'REPLY_RESULT', { zh: '“接收情况”须填写“接收”或“不予接收”', en: '接收情况 must be 接收 (accepted) or 不予接收 (refused)' });
        continue;
      }
      const reason = cell('reason') || null;
      if (status === 'refused' && !reason) {
        add(rowNo, 'reason', 'REPLY_REASON_REQUIRED', { zh: '不予接收须填写原因', en: 'A refusal needs its reason' });
        continue;
      }
      if (reason && reason.length > MAX_REASON) {
        add(rowNo, 'reason', 'REPLY_REASON_TOO_LONG', { zh: `原因不能超过 ${MAX_REASON} 个字`, en: `The reason has at most ${MAX_REASON} characters` });
        continue;
      }
      let on: string = today;
      const onText = cell('replyOn');
      if (onText) {
        const d = readReplyDate(onText);
        if (!d || d > today) {
          add(rowNo, 'replyOn', 'REPLY_DATE', { zh: '回复日期须为不晚于今天的日期，如 2026-12-04', en: 'The reply date is a day no later than today, e.g. 2026-12-04' });
          continue;
        }
        on = d;
      }
      // The household: by the number doudi sent, else by the ID number of one of its members.
      let household: { county: string; householdId: string } | null = null;
      if (hhText) {
        household = parseExchangeHouseholdNo(hhText);
        if (!household) {
          add(rowNo, 'household', 'REPLY_HOUSEHOLD_NUMBER', { zh: '户编号不是本系统转介名单中的编号', en: 'The household number is not one of doudi’s referral list' });
          continue;
        }
      } else if (idText) {
        const parsed = parseIdNumber(idText);
        if (!parsed.ok) {
          add(rowNo, 'idNumber', 'ID_NUMBER_INVALID', { zh: '身份证号码无效', en: 'Invalid ID number' });
          continue;
        }
        const h = await repo.householdOfIdHash(idHashOf(ctx.db.keys, parsed.value.id18));
        if (h) household = { county: h.county_code, householdId: h.household_id };
      } else {
        add(rowNo, 'household', 'FIELD_REQUIRED', { zh: '请填写户编号或身份证号码', en: 'Give the household number or the ID number' });
        continue;
      }
      const referral = household ? await repo.openReferralOf(household.county, household.householdId) : undefined;
      if (!referral) {
        add(rowNo, hhText ? 'household' : 'idNumber', 'REPLY_NO_OPEN_REFERRAL', {
          zh: '在您的辖区内没有此户待回复的转介（编号有误，或已回复过）',
          en: 'No referral of this household awaiting a reply in your area (a wrong number, or already answered)',
        });
        continue;
      }
      const key = `${referral.county_code}/${referral.id}`;
      const first = inFile.get(key);
      if (first !== undefined) {
        add(rowNo, hhText ? 'household' : 'idNumber', 'REPLY_DUPLICATE', { zh: `与第 ${first} 行是同一户`, en: `The same household as row ${first}` });
        continue;
      }
      inFile.set(key, rowNo);
      answers.push({ row: rowNo, referral, status, reason, on });
    }
    if (!headers) {
      add(1, 'result', 'REPLY_COLUMN_MISSING', { zh: '找不到“接收情况”列（请在转介名单上填写回复）', en: 'No 接收情况 column found (reply on the referral list)' });
      return report(false);
    }
    if (problemCount > 0) return report(false);
    if (answers.length === 0) {
      add(1, 'result', 'REPLY_EMPTY', { zh: '文件中没有已填写“接收情况”的行', en: 'No row of the file says 接收 or 不予接收' });
      return report(false);
    }

    const importId = randomUUID();
    const at = ctx.clock().toISOString();
    const accepted = answers.filter((a) => a.status === 'accepted').length;
    const actor = auditActor(ctx.actor);
    for (const a of answers) await repo.answerReferral(a.referral.county_code, a.referral.id, { status: a.status, reason: a.reason, on: a.on, importId, at });
    await repo.insertReplyImport({
      id: importId,
      area_code: scope.areaCode,
      file_name: fileName.slice(0, 200),
      rows,
      accepted,
      refused: answers.length - accepted,
      imported_by_id: ctx.actor.operator ? null : ctx.actor.userId,
      imported_by_name: actorName(ctx.actor),
      imported_at: at,
    });
    await appendAuditBatch(trx, [
      ...answers.map((a) => ({
        actor,
        at,
        input: {
          chain: a.referral.county_code,
          action: 'poverty.referral.reply',
          entityType: 'poverty_referral',
          entityId: a.referral.id,
          before: { status: 'open' },
          after: { status: a.status, reason: a.reason, on: a.on },
          detail: { household: a.referral.household_id, status: a.status, importId, row: a.row },
        },
      })),
      { actor, at, input: { chain: scope.countyCode ?? 'city', action: 'poverty.replies.import', entityType: 'poverty_reply_import', entityId: importId, detail: { rows, accepted, refused: answers.length - accepted } } },
    ]);
    return report(true, importId, accepted, answers.length - accepted);
  });
}

/** A refused reply's row-by-row report as a workbook (the registry import's layout: 行号, 列名, 问题, code, English). */
export async function replyReportFile(ctx: CommandContext, report: ReplyImportReport): Promise<Buffer> {
  requirePermission(ctx.actor, 'poverty.exchange');
  return writeImportReport(report);
}
