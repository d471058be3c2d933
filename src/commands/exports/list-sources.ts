import type { CaseSummary } from '../../contracts/cases.ts';
import type { OverdueReview, ReviewSummary } from '../../contracts/enrollments.ts';
import type { ExportFiltersOf, ExportKind } from '../../contracts/exports.ts';
import type { LineView, RollView } from '../../contracts/payroll.ts';
import type { HeatingMissingItem, HouseholdSummary } from '../../contracts/registry.ts';
import { type Permission, ROLE_LABELS, type Role } from '../../contracts/roles.ts';
import type { AuditEventView } from '../../contracts/audit.ts';
import { auditedFilters, presentEvent, trailFilter } from '../admin/audit-browser.ts';
import { browseTrail } from '../../db/audit-browse.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { EnrollmentRepo, type DayCursor } from '../../db/enrollment-repo.ts';
import { ID_LIKE, RegistryRepo } from '../../db/registry-repo.ts';
import { type AreaScope, narrowScope, scopeOf } from '../../db/scope.ts';
import type { AuditSearchTextTable } from '../../db/schema.ts';
import { maskIdNumber } from '../../kernel/id-number.ts';
import { addDays } from '../../kernel/plain-date.ts';
import { STATE_LABELS } from '../../workflow/case-types.ts';
import { type CommandContext, todayOf } from '../context.ts';
import { presentSummary } from '../cases/present-case.ts';
import { presentReviewSummary } from '../enrollments/review-summary.ts';
import { payrollRepo, requireRoll } from '../payroll/payroll-context.ts';
import { areaNames, countyNames, presentLine, presentRoll } from '../payroll/present.ts';
import { presentHeatingMissing } from '../registry/heating-missing.ts';
import { presentHouseholdSummary } from '../registry/present.ts';
import { searchQuery } from '../registry/search-households.ts';
import { OPEN_STATES, presentOverdue } from '../reviews/list-reviews.ts';
import type { Column } from './workbook.ts';
import * as W from './list-words.ts';

/** Rows read per statement: a batch is read, written and dropped before the next is read. */
export const BATCH = 500;

/** A list opened for export: how many rows it holds (counted up to past the cap), where from, and its rows in batches. */
export interface OpenedList<T> {
  total: number;
  /** More rows than the cap (the count stopped there). */
  overCap: boolean;
  /** The area the rows come from: the user's, or the part of it the filters chose. */
  areaCode: string;
  chain: string;
  entityType: string;
  entityId?: string;
  /** The filters in words, for the workbook's heading. */
  words: [string, string][];
  /** The filters as the audit records them (a search text sealed beside the chain, never in the event). */
  audited: Record<string, unknown>;
  searchText?: Omit<AuditSearchTextTable, 'at'>;
  /** The rows, the first batch already read (it told the count); no more than `total`. */
  batches: AsyncIterable<readonly T[]>;
}

export interface ListSource<K extends ExportKind | string, T> {
  /** The workbook's title and file name stem, and its sheet. */
  title: string;
  /** The permission the list itself needs (the export needs `registry.export` besides, or `exportPermission`). */
  permission: Permission;
  /** The permission exporting needs besides the list's own, when not `registry.export` (the auditor's trail: `audit.persons`). */
  exportPermission?: Permission;
  /** The audit action of the export. */
  action: string;
  columns: readonly Column<T>[];
  open(ctx: CommandContext, f: K extends ExportKind ? ExportFiltersOf<K> : any, cap: number): Promise<OpenedList<T>>;
}

/** Pages read one after another (the lists paged by number), stopping at the first short page or at `total` rows. */
async function* numbered<T>(first: readonly T[], total: number, page: (n: number) => Promise<readonly T[]>): AsyncGenerator<readonly T[]> {
  let sent = 0;
  let rows = first;
  for (let n = 2; ; n++) {
    const take = rows.slice(0, total - sent);
    if (take.length > 0) yield take;
    sent += take.length;
    if (rows.length < BATCH || sent >= total) return;
    rows = await page(n);
  }
}

/** Keyset batches (the lists paged by a cursor): the next batch starts after the last row of the one before. */
async function* keyed<T>(first: readonly T[], total: number, next: (after: T) => Promise<readonly T[]>): AsyncGenerator<readonly T[]> {
  let sent = 0;
  let rows = first;
  for (;;) {
    const take = rows.slice(0, total - sent);
    if (take.length > 0) yield take;
    sent += take.length;
    const last = rows.at(-1);
    if (!last || rows.length < BATCH || sent >= total) return;
    rows = await next(last);
  }
}

/** The scope and the area's name, and the area filter in words. */
async function areaOf(ctx: CommandContext, area: string | undefined): Promise<{ scope: AreaScope; name: string; words: [string, string][] }> {
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), area);
  const code = scope.areaCode;
  const name = (await divisionNames(ctx.db.kysely, [code])).get(code) ?? code;
  return { scope, name, words: area ? [['区域', name]] : [] };
}

const chainOf = (scope: AreaScope) => scope.countyCode ?? 'city';

/** 家庭名册 The registry's households, as `GET /api/households` finds them (by a member's name or ID number, by area). */
const households: ListSource<'households', HouseholdSummary> = {
  title: '家庭名册',
  permission: 'registry.read',
  action: 'registry.export',
  columns: [
    { header: '户主', value: (h) => h.headName, width: 14 },
    { header: '所在村（社区）', value: (h) => h.areaName, width: 24 },
    { header: '人口', value: (h) => h.memberCount, width: 8 },
    { header: '户籍', value: (h) => W.HUKOU_WORDS[h.hukouType], width: 12 },
    { header: '建档立卡', value: (h) => W.yesNo(h.registeredPoor), width: 10 },
    { header: '模拟数据', value: (h) => W.yesNo(h.synthetic), width: 10 },
    { header: '户编号', value: (h) => h.id, width: 24 },
  ],
  async open(ctx, f, cap) {
    const { scope, words } = await areaOf(ctx, f.area);
    const repo = new RegistryRepo(ctx.db.kysely, scope);
    const q = f.q?.trim() || undefined;
    const read = async (page: number) => {
      const { rows, total, totalCapped } = await repo.searchHouseholds({ q, page, pageSize: BATCH, countStep: cap });
      const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
      return { rows: rows.map((r) => presentHouseholdSummary(r, names.get(r.area_code) ?? r.area_code)), total, totalCapped };
    };
    const first = await read(1);
    const query = q ? searchQuery(ctx.db.keys, q) : null;
    return {
      total: first.total,
      overCap: first.totalCapped || first.total > cap,
      areaCode: scope.areaCode,
      chain: chainOf(scope),
      entityType: 'household',
      // An ID number searched for is masked in the heading as on the screen: the file may travel further than the screen.
      words: [...(q ? ([['姓名或身份证号', ID_LIKE.test(q) ? maskIdNumber(q) : q]] as [string, string][]) : []), ...words],
      audited: { area: f.area ?? null, byText: Boolean(q), ...(query ? { query: query.detail } : {}) },
      searchText: query ? { ref: query.detail.ref, chain: chainOf(scope), text_sealed: query.sealed } : undefined,
      batches: numbered(first.rows, first.total, async (n) => (await read(n)).rows),
    };
  },
};

/** 案件查询 Cases, as `GET /api/cases` lists them (by state, programme, area). */
const cases: ListSource<'cases', CaseSummary> = {
  title: '案件列表',
  permission: 'cases.read',
  action: 'case.export',
  columns: [
    { header: '申请人', value: (c) => c.applicantName, width: 14 },
    { header: '村（社区）', value: (c) => c.areaName, width: 24 },
    { header: '类别', value: (c) => W.CASE_KIND_WORDS[c.kind], width: 16 },
    { header: '状态', value: (c) => c.stateLabel.zh, width: 22 },
    { header: '申请日期', value: (c) => c.appliedOn, width: 12 },
    { header: '办理时限', value: (c) => W.dueWords(c.dueDate, c.overdue), width: 20 },
    { header: '案件编号', value: (c) => c.id, width: 24 },
  ],
  async open(ctx, f, cap) {
    const { scope, words } = await areaOf(ctx, f.area);
    const repo = new CaseRepo(ctx.db.kysely, scope);
    const today = todayOf(ctx);
    const read = async (page: number) => {
      const { rows, total, totalCapped } = await repo.search({ state: f.state, program: f.program, overdueBefore: f.overdue ? today : undefined, page, pageSize: BATCH, countStep: cap });
      const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
      return { rows: rows.map((r) => presentSummary(r, names.get(r.area_code) ?? r.area_code, today)), total, totalCapped };
    };
    const first = await read(1);
    const w: [string, string][] = [];
    if (f.state) w.push(['状态', STATE_LABELS[f.state].zh]);
    if (f.program) w.push(['项目', W.PROGRAM_WORDS[f.program]]);
    if (f.overdue) w.push(['办理时限', '已逾期']);
    return {
      total: first.total,
      overCap: first.totalCapped || first.total > cap,
      areaCode: scope.areaCode,
      chain: chainOf(scope),
      entityType: 'case',
      words: [...w, ...words],
      audited: { area: f.area ?? null, state: f.state ?? null, program: f.program ?? null },
      batches: numbered(first.rows, first.total, async (n) => (await read(n)).rows),
    };
  },
};

const dayCursor = (day: string, county: string, id: string): DayCursor => ({ day, county, id });

/** 逾期/到期复核 The enrollments whose periodic review is due, as the review desk lists them (`GET /api/reviews/overdue`). */
const enrollments: ListSource<'enrollments', OverdueReview & { areaName: string }> = {
  title: '逾期及到期复核的保障对象',
  permission: 'cases.read',
  action: 'enrollment.export',
  columns: [
    { header: '户主', value: (r) => r.headName, width: 14 },
    { header: '区划', value: (r) => r.areaName, width: 24 },
    { header: '保障类别', value: (r) => W.PROGRAM_WORDS[r.program], width: 10 },
    { header: '复核周期', value: (r) => W.REVIEW_CLASS_WORDS[r.reviewClass], width: 20 },
    { header: '应复核日期', value: (r) => r.nextDue, width: 12 },
    { header: '逾期', value: (r) => W.overdueWords(r.daysOverdue), width: 14 },
    { header: '户编号', value: (r) => r.householdId, width: 24 },
  ],
  async open(ctx, f) {
    const { scope, words } = await areaOf(ctx, f.area);
    const repo = new EnrollmentRepo(ctx.db.kysely, scope);
    const today = todayOf(ctx);
    const before = f.dueWithin === undefined ? today : addDays(today, f.dueWithin + 1);
    const read = async (after?: DayCursor) => {
      const { rows, total } = await repo.overdue({ before, after, limit: BATCH });
      const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
      return { rows: rows.map((r) => ({ ...presentOverdue(r, today), areaName: names.get(r.area_code) ?? r.area_code })), total };
    };
    const first = await read();
    return {
      total: first.total,
      overCap: false,
      areaCode: scope.areaCode,
      chain: chainOf(scope),
      entityType: 'enrollment',
      words: [...(f.dueWithin !== undefined ? ([['含今后到期', `${f.dueWithin} 天内`]] as [string, string][]) : []), ...words],
      audited: { area: f.area ?? null, dueWithin: f.dueWithin ?? null },
      batches: keyed(first.rows, first.total, async (l) => (await read(dayCursor(l.nextDue, l.countyCode, l.enrollmentId))).rows),
    };
  },
};

/** 进行中的复核 Open reviews, soonest due first (`GET /api/reviews`). */
const reviews: ListSource<'reviews', ReviewSummary & { areaName: string; due: string }> = {
  title: '进行中的复核',
  permission: 'cases.read',
  action: 'review.export',
  columns: [
    { header: '户主', value: (r) => r.headName, width: 14 },
    { header: '区划', value: (r) => r.areaName, width: 24 },
    { header: '保障类别', value: (r) => W.PROGRAM_WORDS[r.program], width: 10 },
    { header: '复核原因', value: (r) => W.TRIGGER_WORDS[r.trigger], width: 14 },
    { header: '立案日期', value: (r) => r.openedOn, width: 12 },
    { header: '当前环节', value: (r) => r.stateLabel.zh, width: 24 },
    { header: '办理时限', value: (r) => W.dueWords(r.dueDate, r.overdue), width: 20 },
  ],
  async open(ctx, f) {
    const { scope, words } = await areaOf(ctx, f.area);
    const repo = new EnrollmentRepo(ctx.db.kysely, scope);
    const today = todayOf(ctx);
    const read = async (after?: DayCursor) => {
      const { rows, total } = await repo.openReviews({ states: OPEN_STATES, after, limit: BATCH });
      const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
      // The keyset position is the row's own due date (the list's order), not the one shown.
      return { rows: rows.map((r) => ({ ...presentReviewSummary(r, today), areaName: names.get(r.area_code) ?? r.area_code, due: r.due_date as string })), total };
    };
    const first = await read();
    return {
      total: first.total,
      overCap: false,
      areaCode: scope.areaCode,
      chain: chainOf(scope),
      entityType: 'review',
      words,
      audited: { area: f.area ?? null },
      batches: keyed(first.rows, first.total, async (l) => (await read(dayCursor(l.due, l.countyCode, l.id))).rows),
    };
  },
};

/** 花名册列表 Payment rolls of the counties in the user's area (`GET /api/payroll/rolls`): totals, no personal data. */
const rolls: ListSource<'rolls', RollView> = {
  title: '花名册列表',
  permission: 'payroll.read',
  action: 'payroll.rolls.export',
  columns: [
    { header: '月份', value: (r) => r.month, width: 10 },
    { header: '县区', value: (r) => r.countyName, width: 14 },
    { header: '项目', value: (r) => W.PROGRAM_WORDS[r.program], width: 8 },
    { header: '状态', value: (r) => W.ROLL_STATUS_WORDS[r.status], width: 10 },
    { header: '笔数', value: (r) => r.totals.lines, width: 10 },
    { header: '人数', value: (r) => r.totals.persons, width: 10 },
    { header: '发放金额（元）', value: (r) => ({ fen: r.totals.totalFen }), width: 16, money: true },
    { header: '生成人', value: (r) => r.builtByName ?? '', width: 14 },
  ],
  async open(ctx, f) {
    const repo = payrollRepo(ctx);
    if (f.county) repo.assertCounty(f.county);
    const read = async (page: number) => {
      const { rows, total } = await repo.listRolls({ county: f.county, program: f.program, page, pageSize: BATCH });
      const names = await countyNames(ctx.db.kysely, rows.map((r) => r.county_code));
      return { rows: rows.map((r) => presentRoll(r, ctx.actor, names.get(r.county_code) ?? r.county_code)), total };
    };
    const first = await read(1);
    const area = f.county ? `${f.county}000000` : ctx.actor.areaCode;
    const w: [string, string][] = [];
    if (f.county) w.push(['县区', (await countyNames(ctx.db.kysely, [f.county])).get(f.county) ?? f.county]);
    if (f.program) w.push(['项目', W.PROGRAM_WORDS[f.program]]);
    return {
      total: first.total,
      overCap: false,
      areaCode: area,
      chain: f.county ?? scopeOf(ctx.actor.areaCode).countyCode ?? 'city',
      entityType: 'payroll_roll',
      words: w,
      audited: { county: f.county ?? null, program: f.program ?? null },
      batches: numbered(first.rows, first.total, async (n) => (await read(n)).rows),
    };
  },
};

/** 花名册明细 One roll's lines (`GET /api/payroll/rolls/:county/:id/lines`): bank accounts masked as on the screen. */
const rollLines: ListSource<'roll-lines', LineView> = {
  title: '花名册明细',
  permission: 'payroll.read',
  action: 'payroll.lines.export',
  columns: [
    { header: '序号', value: (l) => l.seq, width: 8 },
    { header: '类别', value: (l) => `${W.LINE_KIND_WORDS[l.kind]}${l.gradualExit ? '（渐退）' : ''}`, width: 14 },
    { header: '所属月份', value: (l) => l.benefitMonth, width: 10 },
    { header: '收款人', value: (l) => l.payeeName, width: 14 },
    { header: '所在村（乡镇）', value: (l) => l.areaName ?? l.areaCode, width: 28 },
    { header: '人数', value: (l) => l.persons, width: 8 },
    { header: '开户银行', value: (l) => l.bankName ?? '', width: 16 },
    { header: '银行账号', value: (l) => l.bankAccount ?? '', width: 22 },
    { header: '金额（元）', value: (l) => ({ fen: l.amountFen }), width: 12, money: true },
    { header: '状态', value: (l) => W.lineStatusWords(l), width: 24 },
  ],
  async open(ctx, f) {
    const repo = payrollRepo(ctx);
    const roll = await requireRoll(repo, f.county, f.roll);
    const flag = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
    const filter = { kind: f.kind, gradualExit: flag(f.gradualExit), bankStatus: f.bankStatus, held: flag(f.held) };
    const read = async (page: number) => {
      const { rows, total } = await repo.lines(roll, filter, page, BATCH);
      const areas = await areaNames(ctx.db.kysely, rows.map((l) => l.area_code));
      return { rows: rows.map((l) => ({ ...presentLine(ctx.db.keys, l), areaName: areas.get(l.area_code) })), total };
    };
    const first = await read(1);
    const county = (await countyNames(ctx.db.kysely, [roll.county_code])).get(roll.county_code) ?? roll.county_code;
    const w: [string, string][] = [['花名册', `${county} ${roll.month} ${W.PROGRAM_WORDS[roll.program]}`]];
    if (f.kind) w.push(['类别', W.LINE_KIND_WORDS[f.kind]]);
    if (f.gradualExit) w.push(['渐退', f.gradualExit === 'true' ? '仅渐退' : '不含渐退']);
    if (f.bankStatus) w.push(['银行结果', W.BANK_STATUS_WORDS[f.bankStatus]]);
    if (f.held) w.push(['暂缓发放', f.held === 'true' ? '仅暂缓发放' : '不含暂缓发放']);
    return {
      total: first.total,
      overCap: false,
      areaCode: `${roll.county_code}000000`,
      chain: roll.county_code,
      entityType: 'payroll_roll',
      entityId: roll.id,
      words: w,
      audited: { kind: f.kind ?? null, gradualExit: f.gradualExit ?? null, bankStatus: f.bankStatus ?? null, held: f.held ?? null },
      batches: numbered(first.rows, first.total, async (n) => (await read(n)).rows),
    };
  },
};

/**
 * 取暖信息缺失名单 The enrolled households whose heating is missing (`GET /api/registry/heating/missing`), with the
 * 户编号 the heating template finds a household by: filled in and imported back (ADR 0042).
 */
const heatingMissing: ListSource<'heating-missing', HeatingMissingItem> = {
  title: '取暖信息缺失名单',
  permission: 'registry.read',
  action: 'registry.heating_missing.export',
  columns: [
    { header: '户编号', value: (h) => h.householdId, width: 38 },
    { header: '户主姓名', value: (h) => h.headName, width: 14 },
    { header: '所在村（社区）', value: (h) => h.areaName, width: 24 },
    { header: '人口', value: (h) => h.memberCount, width: 8 },
    { header: '保障类别', value: (h) => h.programs.map((p) => W.PROGRAM_WORDS[p]).join('、'), width: 12 },
    { header: '缺少的信息', value: (h) => W.HEATING_MISSING_WORDS[h.missing], width: 22 },
    { header: '取暖方式', value: (h) => (h.heatingMode ? W.HEATING_MODE_WORDS[h.heatingMode] : ''), width: 12 },
    { header: '供暖面积（平方米）', value: () => '', width: 18 },
  ],
  async open(ctx, f) {
    const { scope, words } = await areaOf(ctx, f.area);
    const repo = new RegistryRepo(ctx.db.kysely, scope);
    const read = async (page: number) => {
      const { rows, total } = await repo.heatingMissing({ page, pageSize: BATCH });
      const names = await divisionNames(ctx.db.kysely, rows.map((r) => r.area_code));
      return { rows: rows.map((r) => presentHeatingMissing(r, names.get(r.area_code) ?? r.area_code)), total };
    };
    const first = await read(1);
    return {
      total: first.total,
      overCap: false,
      areaCode: scope.areaCode,
      chain: chainOf(scope),
      entityType: 'household',
      words,
      audited: { area: f.area ?? null },
      batches: numbered(first.rows, first.total, async (n) => (await read(n)).rows),
    };
  },
};

/**
 * 审计查询 The auditor's selection of the trail (`POST /api/audit/search`, ADR 0047): the same filters (a person by
 * household), newest first, in keyset batches. Exporting needs `audit.persons` rather than `registry.export`.
 */
const auditEvents: ListSource<'audit-events', AuditEventView> = {
  title: '审计查询结果',
  permission: 'audit.read',
  exportPermission: 'audit.persons',
  action: 'audit.export',
  columns: [
    { header: '时间', value: (e) => e.at, width: 26 },
    { header: '审计链', value: (e) => e.chain, width: 10 },
    { header: '序号', value: (e) => e.seq, width: 10 },
    { header: '用户', value: (e) => e.actorName ?? e.actor, width: 16 },
    { header: '登录名', value: (e) => e.actor, width: 16 },
    { header: '角色', value: (e) => (e.actorRole ? (ROLE_LABELS[e.actorRole as Role]?.zh ?? e.actorRole) : ''), width: 14 },
    { header: '操作', value: (e) => e.action, width: 28 },
    { header: '对象类型', value: (e) => e.entityType, width: 16 },
    { header: '对象编号', value: (e) => e.entityId ?? '', width: 38 },
  ],
  async open(ctx, f, cap) {
    const { filter, household } = await trailFilter(ctx, f);
    const first = (await browseTrail(ctx.db.kysely, filter, cap + 1)).map(presentEvent);
    const total = Math.min(first.length, cap + 1);
    const w: [string, string][] = [];
    if (f.user) w.push(['用户', f.user]);
    if (household) w.push(['家庭', `${household.county}/${household.householdId}`]);
    if (f.action) w.push(['操作', f.action]);
    if (f.from) w.push(['起始时间', f.from]);
    if (f.to) w.push(['截止时间', f.to]);
    return {
      total,
      overCap: first.length > cap,
      areaCode: ctx.actor.areaCode,
      chain: 'city',
      entityType: 'audit_event',
      words: w,
      audited: auditedFilters(f, household),
      batches: (async function* () {
        for (let i = 0; i < Math.min(total, cap); i += BATCH) yield first.slice(i, i + BATCH);
      })(),
    };
  },
};

/** Every exportable list, by kind: one mechanism, one definition per list. */
export const LIST_SOURCES: { [K in ExportKind]: ListSource<K, any> } = {
  households,
  cases,
  enrollments,
  reviews,
  rolls,
  'roll-lines': rollLines,
  'heating-missing': heatingMissing,
  'audit-events': auditEvents,
};
