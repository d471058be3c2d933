import { randomUUID } from 'node:crypto';
import type { DiscrepancyRow, DualList, DualListExportQuery, ReferralHouseholdRow, RegistryHouseholdRow } from '../../contracts/dual-inclusion.ts';
import { appendAudit } from '../../db/audit.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { DualInclusionRepo, type ExchangeMemberRecord, type ReferralHouseholdRecord } from '../../db/dual-inclusion-repo.ts';
import { recordBulkRead } from '../../db/read-audit.ts';
import type { PovertyReferralTable } from '../../db/schema.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf } from '../../kernel/plain-date.ts';
import { unseal } from '../../kernel/sealing.ts';
import { actorName, auditActor, type CommandContext, requirePermission, todayOf } from '../context.ts';
import { EXPORT_ROW_CAP, type PreparedListExport, XLSX_TYPE } from '../exports/export-list.ts';
import { type Column, writeListWorkbook } from '../exports/workbook.ts';
import { EXCHANGE_COLUMNS, type ExchangeRow, exchangeHouseholdNo } from './exchange-columns.ts';
import { type ListsContext, listsContext, presentDiscrepancies, presentReferralHouseholds, presentRegistryHouseholds } from './lists-context.ts';

const BATCH = 500;

/**
 * The exchange file holds every member of every dibao and tekun household of the area: a city has some tens of
 * thousands; the bound stops a file no one meant (a whole province's data) without cutting a real one (ADR 0034).
 */
export const EXCHANGE_ROW_CAP = 200_000;

const TITLES: Record<DualList, string> = {
  covered: '已纳入低保特困的建档立卡户',
  uncovered: '未纳入低保特困的建档立卡户',
  referral: '未建档立卡的低保特困户',
  discrepancies: '双纳入数据不一致清单',
};
const ATTRIBUTE_WORDS = { general: '一般贫困户', dibao: '低保贫困户', tekun: '特困供养贫困户' } as const;
const STATUS_WORDS = { poor: '未脱贫', out: '已脱贫' } as const;
const PROGRAM_WORDS = { dibao: '低保', tekun: '特困' } as const;
const REFERRAL_WORDS = { open: '已转介，待回复', accepted: '已接收', refused: '不予接收' } as const;
export const DISCREPANCY_WORDS = {
  attribute_without_enrollment: '户属性为低保/特困但无相应在保记录',
  enrolled_but_general: '在保但户属性为一般贫困户',
  id_number: '身份证号码为15位或无效',
  village: '所在村与民政登记不一致',
  unknown: '民政系统中未找到此人',
} as const;
const programs = (p: readonly ('dibao' | 'tekun')[]) => p.map((x) => PROGRAM_WORDS[x]).join('、') || '无';

const householdColumns: readonly Column<RegistryHouseholdRow>[] = [
  { header: '户编号', value: (r) => r.hhNo, width: 20 },
  { header: '村（社区）', value: (r) => r.villageName, width: 22 },
  { header: '户主姓名', value: (r) => r.headName },
  { header: '户主身份证号码', value: (r) => r.headIdMasked ?? '', width: 22 },
  { header: '家庭人数', value: (r) => r.memberCount, width: 10 },
  { header: '户属性', value: (r) => ATTRIBUTE_WORDS[r.attribute] },
  { header: '脱贫状态', value: (r) => STATUS_WORDS[r.status] },
  { header: '脱贫年度', value: (r) => r.exitYear ?? '' },
  { header: '在保项目', value: (r) => programs(r.programs) },
];
const referralColumns: readonly Column<ReferralHouseholdRow>[] = [
  { header: '村（社区）', value: (r) => r.villageName, width: 22 },
  { header: '户主姓名', value: (r) => r.headName },
  { header: '户主身份证号码', value: (r) => r.headIdMasked ?? '', width: 22 },
  { header: '家庭人数', value: (r) => r.memberCount, width: 10 },
  { header: '在保项目', value: (r) => programs(r.programs) },
  { header: '转介状态', value: (r) => (r.referral ? REFERRAL_WORDS[r.referral.status] : '未转介') },
  { header: '转介日期', value: (r) => r.referral?.referredOn ?? '' },
  { header: '回复原因', value: (r) => r.referral?.replyReason ?? '', width: 30 },
];
const discrepancyColumns: readonly Column<DiscrepancyRow>[] = [
  { header: '问题类型', value: (r) => DISCREPANCY_WORDS[r.kind], width: 30 },
  { header: '户编号', value: (r) => r.hhNo, width: 20 },
  { header: '村（社区）', value: (r) => r.villageName, width: 22 },
  { header: '户主姓名', value: (r) => r.headName },
  { header: '成员姓名', value: (r) => r.personName ?? '' },
  { header: '身份证号码', value: (r) => r.idMasked ?? (r.idForm === 'invalid' ? '无效号码' : ''), width: 22 },
  { header: '户属性', value: (r) => ATTRIBUTE_WORDS[r.attribute] },
  { header: '在保项目', value: (r) => programs(r.programs) },
  { header: '民政登记所在村', value: (r) => r.doudiVillageName ?? '', width: 22 },
];

const tooMany = (cap: number, counted: number) =>
  new AppError(
    'EXPORT_TOO_MANY_ROWS',
    {
      zh: `符合条件的记录超过 ${cap} 条，一次最多导出 ${cap} 条。请选择县区、乡镇或村后再导出`,
      en: `More than ${cap} rows match; at most ${cap} rows can be exported at once. Choose a county, township or village and export again`,
    },
    { status: 400, field: 'area', details: { cap, counted } },
  );

async function heading(ctx: CommandContext, title: string, areaCode: string, words: [string, string][], rows: number) {
  const areaName = (await divisionNames(ctx.db.kysely, [areaCode])).get(areaCode) ?? areaCode;
  return { title, filters: words, who: `${actorName(ctx.actor)}（${ctx.actor.username}）`, at: ctx.clock(), areaName, rows };
}

const day = (ctx: CommandContext) => chinaDateOf(ctx.clock()).replaceAll('-', '');

/**
 * 名单导出 A dual-inclusion list of the area to a workbook, as the page shows it (masked ID numbers, no amounts), in
 * batches into the streaming writer of the list exports (ADR 0029): one bulk-read audit event before the first byte,
 * refused past the row cap.
 */
export async function prepareDualListExport(ctx: CommandContext, list: DualList, q: DualListExportQuery): Promise<PreparedListExport> {
  requirePermission(ctx.actor, 'poverty.read');
  const lc = await listsContext(ctx, q.area);
  const kind = list === 'discrepancies' ? q.kind : undefined;
  const total = await lc.repo.count(lc.latest, list, kind);
  if (total > EXPORT_ROW_CAP) throw tooMany(EXPORT_ROW_CAP, total);
  await recordBulkRead(
    ctx.db.kysely,
    auditActor(ctx.actor),
    { chain: lc.scope.countyCode ?? 'city', action: 'poverty.lists.export', entityType: 'poverty_list', entityId: list, detail: { list, area: lc.scope.areaCode, kind: kind ?? null, rows: total, format: 'xlsx' } },
    ctx.clock().toISOString(),
  );
  const words: [string, string][] = [['数据月份', lc.month], ...(kind ? ([['问题类型', DISCREPANCY_WORDS[kind]]] as [string, string][]) : [])];
  const head = await heading(ctx, TITLES[list], lc.scope.areaCode, words, total);
  const pages = async function* <T>(read: (offset: number) => Promise<T[]>) {
    for (let offset = 0; offset < total; offset += BATCH) {
      const rows = await read(offset);
      if (rows.length === 0) return;
      yield rows;
    }
  };
  const at = (offset: number) => ({ offset, limit: BATCH });
  const write = (out: Parameters<PreparedListExport['write']>[0]) => {
    if (list === 'referral') {
      return writeListWorkbook(out, { sheet: TITLES[list], heading: head, columns: referralColumns, batches: pages(async (o) => presentReferralHouseholds(ctx, await lc.repo.referralHouseholds(lc.latest, at(o)))) });
    }
    if (list === 'discrepancies') {
      return writeListWorkbook(out, { sheet: TITLES[list], heading: head, columns: discrepancyColumns, batches: pages(async (o) => presentDiscrepancies(ctx, await lc.repo.discrepancies(lc.latest, { ...at(o), kind }))) });
    }
    return writeListWorkbook(out, {
      sheet: TITLES[list],
      heading: head,
      columns: householdColumns,
      batches: pages(async (o) => presentRegistryHouseholds(ctx, await lc.repo.registryHouseholds(lc.latest, list === 'covered', at(o)))),
    });
  };
  return { filename: `${TITLES[list]}-${day(ctx)}.xlsx`, asciiFilename: `doudi-poverty-${list}-${day(ctx)}.xlsx`, contentType: XLSX_TYPE, rows: total, write };
}

/** Names of the county, township and village of each village code. */
async function placeNames(ctx: CommandContext, villages: readonly string[]) {
  const codes = villages.flatMap((v) => [`${v.slice(0, 6)}000000`, `${v.slice(0, 9)}000`, v]);
  const names = await divisionNames(ctx.db.kysely, codes);
  return (v: string) => ({
    countyName: names.get(`${v.slice(0, 6)}000000`) ?? v.slice(0, 6),
    townshipName: names.get(`${v.slice(0, 9)}000`) ?? v.slice(0, 9),
    villageName: names.get(v) ?? v,
  });
}

/**
 * 低保特困名单交换 doudi's dibao and tekun households with an enrollment in force, every member a row, in the poverty
 * office's own template layout (no heading: the headers on the first row), ID numbers in full — the office matches on
 * them (ADR 0034). The liaison and the county administrator (`poverty.exchange`). The file is recorded and audited as a
 * bulk read of personal data, in one transaction, before the first byte.
 */
export async function prepareExchangeExport(ctx: CommandContext, o: { county?: string }): Promise<PreparedListExport> {
  requirePermission(ctx.actor, 'poverty.exchange');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), o.county);
  const repo = new DualInclusionRepo(ctx.db.kysely, scope, todayOf(ctx).slice(0, 7));
  const size = await repo.exchangeSize();
  if (size.members > EXCHANGE_ROW_CAP) throw tooMany(EXCHANGE_ROW_CAP, size.members);
  const fileId = randomUUID();
  const at = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await new DualInclusionRepo(trx, scope, repo.month).insertFile({
      id: fileId,
      kind: 'rolls',
      area_code: scope.areaCode,
      rows: size.members,
      households: size.households,
      made_by_id: ctx.actor.operator ? null : ctx.actor.userId,
      made_by_name: actorName(ctx.actor),
      made_at: at,
    });
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: scope.countyCode ?? 'city', action: 'poverty.exchange.export', entityType: 'poverty_exchange_file', entityId: fileId, detail: { area: scope.areaCode, month: repo.month, households: size.households, rows: size.members, idNumbers: 'full', format: 'xlsx' } },
      at,
    );
  });
  const batches = async function* (): AsyncGenerator<ExchangeRow[]> {
    let after: { county: string; household: string } | null = null;
    for (;;) {
      const members: ExchangeMemberRecord[] = await repo.exchangeMembers({ after, limitHouseholds: BATCH });
      if (members.length === 0) return;
      const place = await placeNames(ctx, members.map((m) => m.area_code));
      yield members.map((m) => ({ ...m, idNumber: unseal(ctx.db.keys, 'id_number', m.id_number_sealed), ...place(m.area_code) }));
      const last = members[members.length - 1];
      after = { county: last.county_code, household: last.household_id };
    }
  };
  return {
    filename: `低保特困人员名单（扶贫交换）-${day(ctx)}.xlsx`,
    asciiFilename: `doudi-poverty-exchange-${day(ctx)}.xlsx`,
    contentType: XLSX_TYPE,
    rows: size.members,
    write: (out) => writeListWorkbook(out, { sheet: '建档立卡数据', heading: null, columns: EXCHANGE_COLUMNS, batches: batches() }),
  };
}

/** A row of the referral workbook: the household, its head's full ID number, its referral. */
interface ReferralFileRow {
  record: ReferralHouseholdRecord;
  idNumber: string;
  referralId: string;
  referredOn: string;
  countyName: string;
  townshipName: string;
  villageName: string;
}

/** The referral workbook's columns; the office fills in the last two (the reply import reads them back). */
export const REFERRAL_COLUMNS: readonly Column<ReferralFileRow>[] = [
  { header: '户编号', value: (r) => exchangeHouseholdNo(r.record.county_code, r.record.household_id), width: 44 },
  { header: '县（市、区）', value: (r) => r.countyName },
  { header: '乡镇（街道）', value: (r) => r.townshipName },
  { header: '村（社区）', value: (r) => r.villageName, width: 22 },
  { header: '户主姓名', value: (r) => r.record.head_name },
  { header: '身份证号码', value: (r) => r.idNumber, width: 22 },
  { header: '家庭人数', value: (r) => r.record.member_count, width: 10 },
  { header: '救助项目', value: (r) => (r.record.on_dibao ? '低保' : '特困') + (r.record.on_dibao && r.record.on_tekun ? '、特困' : '') },
  { header: '转介日期', value: (r) => r.referredOn },
  { header: '接收情况', value: () => '', width: 14 },
  { header: '原因', value: () => '', width: 30 },
];

/**
 * 转介名单 The dibao/tekun households of the area not in the poverty registry, as a workbook for the poverty office
 * (三(三)): each household without an open referral is referred now (recorded with this file, status open), in the same
 * transaction as the file's record and its audit event; households already referred and not yet answered stay in the
 * list with their first referral. Heads' ID numbers in full (the office matches on them). `poverty.exchange`.
 */
export async function prepareReferralExport(ctx: CommandContext, o: { area?: string }): Promise<PreparedListExport & { referred: number }> {
  requirePermission(ctx.actor, 'poverty.exchange');
  const lc: ListsContext = await listsContext(ctx, o.area);
  const total = await lc.repo.count(lc.latest, 'referral');
  if (total > EXPORT_ROW_CAP) throw tooMany(EXPORT_ROW_CAP, total);
  const records: ReferralHouseholdRecord[] = [];
  for (let offset = 0; offset < total; offset += BATCH) {
    const rows = await lc.repo.referralHouseholds(lc.latest, { offset, limit: BATCH });
    if (rows.length === 0) break;
    records.push(...rows);
  }
  const fileId = randomUUID();
  const at = ctx.clock().toISOString();
  const today = todayOf(ctx);
  const referrals = new Map<string, { id: string; on: string }>();
  let referred = 0;
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = new DualInclusionRepo(trx, lc.scope, lc.month);
    const open = await repo.openReferrals(records.map((r) => ({ county: r.county_code, household: r.household_id })));
    const fresh: PovertyReferralTable[] = [];
    for (const r of records) {
      const key = `${r.county_code}/${r.household_id}`;
      if (open.has(key) && r.referral_id && r.referral_status === 'open' && r.referred_on) {
        referrals.set(key, { id: r.referral_id, on: r.referred_on });
        continue;
      }
      const id = randomUUID();
      referrals.set(key, { id, on: today });
      fresh.push({
        county_code: r.county_code,
        id,
        household_id: r.household_id,
        area_code: r.area_code,
        program: r.on_dibao ? 'dibao' : 'tekun',
        file_id: fileId,
        referred_on: today,
        status: 'open',
        open_household: r.household_id,
        reply_reason: null,
        reply_on: null,
        reply_import_id: null,
        created_at: at,
        updated_at: at,
      });
    }
    referred = fresh.length;
    await repo.insertFile({ id: fileId, kind: 'referrals', area_code: lc.scope.areaCode, rows: records.length, households: records.length, made_by_id: ctx.actor.operator ? null : ctx.actor.userId, made_by_name: actorName(ctx.actor), made_at: at });
    await repo.insertReferrals(fresh);
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: lc.scope.countyCode ?? 'city',
        action: 'poverty.referrals.export',
        entityType: 'poverty_exchange_file',
        entityId: fileId,
        detail: { area: lc.scope.areaCode, households: records.length, referred: fresh.length, referrals: fresh.map((f) => `${f.county_code}/${f.id}`).slice(0, 5000), idNumbers: 'full', format: 'xlsx' },
      },
      at,
    );
  });
  const place = await placeNames(ctx, records.map((r) => r.area_code));
  const rows: ReferralFileRow[] = records.map((r) => {
    const ref = referrals.get(`${r.county_code}/${r.household_id}`)!;
    return { record: r, idNumber: r.head_id_sealed ? unseal(ctx.db.keys, 'id_number', r.head_id_sealed) : '', referralId: ref.id, referredOn: ref.on, ...place(r.area_code) };
  });
  const head = await heading(ctx, '低保特困户转介扶贫部门名单', lc.scope.areaCode, [['数据月份', lc.month]], rows.length);
  return {
    filename: `低保特困户转介名单-${day(ctx)}.xlsx`,
    asciiFilename: `doudi-poverty-referrals-${day(ctx)}.xlsx`,
    contentType: XLSX_TYPE,
    rows: rows.length,
    referred,
    write: (out) => writeListWorkbook(out, { sheet: '转介名单', heading: head, columns: REFERRAL_COLUMNS, batches: (async function* () { for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH); })() }),
  };
}
