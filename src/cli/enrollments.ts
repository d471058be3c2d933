import type { Command } from 'commander';
import { changeEnrollment } from '../commands/enrollments/change-enrollment.ts';
import { getEnrollment } from '../commands/enrollments/get-enrollments.ts';
import { addInstitution, listInstitutions, listPlacements } from '../commands/enrollments/tekun-institutions.ts';
import { PlacementQuery } from '../contracts/tekun-care.ts';
import { contextAs } from '../commands/auth/acting-user.ts';
import { enrolledCounties, recalculateCounty, type RecalculateResult } from '../commands/enrollments/recalculate.ts';
import { loadParameterSet } from '../commands/policy/parameters.ts';
import { listOverdueIds } from '../commands/reviews/list-reviews.ts';
import { scheduleMissingReviews } from '../commands/enrollments/review-schedule.ts';
import { DIRECT_CHANGES, type EnrollmentDetail } from '../contracts/enrollments.ts';
import { AppError } from '../kernel/errors.ts';
import { chinaDateOf, parsePlainDate, parsePlainMonth, type PlainMonth } from '../kernel/plain-date.ts';
import { withDb } from './runtime.ts';
import { operatorContext } from '../commands/context.ts';


function countyOption(county: string | undefined): string | undefined {
  if (county !== undefined && !/^\d{6}$/.test(county)) {
    throw new AppError('COUNTY_CODE_FORMAT', { zh: '县（区）代码须为 6 位数字', en: 'A county code has 6 digits' }, { field: 'county' });
  }
  return county;
}

/**
 * `doudi enrollments recalculate --from YYYY-MM [--county C] [--json]` and `doudi reviews overdue [--county C]
 * [--on D] [--json]`: the operator's batch jobs, with the server's rights (no area scope), counts and ids only.
 * `doudi enrollments show|suspend|resume|increase|reduce|stop --county C --id E --as USER`: one enrollment, acting as
 * a named user with that user's role and area (a change names its decider).
 */
export function registerEnrollmentCommands(program: Command): void {
  const enrollments = program.command('enrollments').description('保障对象 Enrollments (monthly amounts as dated terms)');
  enrollments
    .command('recalculate')
    .description('按各月有效的政策参数重算待遇 Recalculate amounts for every month a parameter changes (idempotent)')
    .requiredOption('--from <month>', '自该月起 from this month (YYYY-MM)')
    .option('--county <code>', '县（区）代码 6-digit county code (default: every county with enrollments)')
    .option('--json', 'machine-readable output')
    .action(async (o: { from: string; county?: string; json?: boolean }) => {
      const from = parsePlainMonth(o.from);
      if (!from) throw new AppError('MONTH_INVALID', { zh: `月份无效：${o.from}`, en: `Invalid month: ${o.from}` }, { field: 'from' });
      const county = countyOption(o.county);
      const results = await withDb(
        async (db) => {
          const ctx = operatorContext(db);
          const parameters = await loadParameterSet(db);
          const out: RecalculateResult[] = [];
          for (const c of await enrolledCounties(ctx, { county })) out.push(await recalculateCounty(ctx, { county: c, from: from as PlainMonth, parameters }));
          return out;
        },
        { quiet: true },
      );
      const total = results.reduce((s, r) => ({ terms: s.terms + r.terms, enrollments: s.enrollments + r.enrollments, examined: s.examined + r.examined }), { terms: 0, enrollments: 0, examined: 0 });
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ from, counties: results.map(({ seconds, ...r }) => ({ ...r, seconds: Number(seconds.toFixed(3)) })), ...total })}\n`);
        return;
      }
      for (const r of results) {
        process.stdout.write(`${r.county}: 检查 examined ${r.examined}, 新增待遇期间 new terms ${r.terms} (${r.enrollments} 人/户 enrollments), 不再符合 ineligible ${r.ineligible}, 无法计算 errors ${r.errors}\n`);
      }
      process.stdout.write(`重算完成 recalculated from ${from}: ${total.terms} new terms for ${total.enrollments} enrollments\n`);
    });

  const collect = (v: string, all: string[]) => [...all, v];
  const print = (e: EnrollmentDetail, json: boolean | undefined) => {
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...e, terms: e.terms.map(({ determination: _d, ...t }) => t) })}\n`);
      return;
    }
    process.stdout.write(`${e.countyCode}/${e.id}  ${e.program}/${e.unit}  ${e.status}  version ${e.version}\n`);
    for (const t of e.terms) process.stdout.write(`  ${t.fromMonth}  ${t.status.padEnd(12)} ${t.amountYuan.padStart(10)}  ${t.basisLabel.zh} ${t.basisLabel.en}  ${t.reasonLines[0]?.message.zh ?? ''}\n`);
  };
  enrollments
    .command('show')
    .description('保障对象及其待遇期间 An enrollment and its terms (each with why)')
    .requiredOption('--county <code>', '县（区）代码 6-digit county code')
    .requiredOption('--id <id>', '保障对象编号 enrollment id')
    .requiredOption('--as <username>', '以该账号的权限查看 act as this user (role and area apply)')
    .option('--json', 'machine-readable output')
    .action(async (o: { county: string; id: string; as: string; json?: boolean }) => {
      const e = await withDb(async (db) => getEnrollment(await contextAs(db, o.as), { countyCode: o.county, id: o.id }), { quiet: true });
      print(e, o.json);
    });
  for (const kind of DIRECT_CHANGES) {
    enrollments
      .command(kind)
      .description(`${{ suspend: '暂停', resume: '恢复', increase: '增发', reduce: '减发', stop: '停发' }[kind]} ${kind} from next month, with written reasons (a county approver decides)`)
      .requiredOption('--county <code>', '县（区）代码 6-digit county code')
      .requiredOption('--id <id>', '保障对象编号 enrollment id')
      .requiredOption('--reason <text>', '书面理由（可多次） written reason (repeatable)', collect, [])
      .requiredOption('--as <username>', '作出决定的账号（县区审批） the deciding user (county approver)')
      .option('--json', 'machine-readable output')
      .action(async (o: { county: string; id: string; reason: string[]; as: string; json?: boolean }) => {
        const reasons = o.reason.map((r) => r.trim()).filter(Boolean);
        if (reasons.length === 0) throw new AppError('REASONS_REQUIRED', { zh: '请填写书面理由', en: 'Give the written reasons' }, { field: 'reason' });
        const e = await withDb(
          async (db) => {
            const ctx = await contextAs(db, o.as);
            const ref = { countyCode: countyOption(o.county) ?? o.county, id: o.id };
            const now = await getEnrollment(ctx, ref);
            return changeEnrollment(ctx, { ref, kind, input: { version: now.version, reasons, attachments: [] } });
          },
          { quiet: true },
        );
        print(e, o.json);
      });
  }

  // 特困供养：供养方式与护理等级 (ADR 0027): the county's institutions and the roster by placement, acting as a named user.
  enrollments
    .command('institutions')
    .description('供养服务机构 A county\'s institutions (open ones)')
    .requiredOption('--county <code>', '县（区）代码 6-digit county code')
    .requiredOption('--as <username>', '以该账号的权限查看 act as this user (role and area apply)')
    .option('--json', 'machine-readable output')
    .action(async (o: { county: string; as: string; json?: boolean }) => {
      const county = countyOption(o.county) as string;
      const r = await withDb(async (db) => listInstitutions(await contextAs(db, o.as), { county }), { quiet: true });
      if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
      for (const i of r.items) process.stdout.write(`${i.id}  ${i.name}  ${i.address}${i.synthetic ? '  [演示 demo]' : ''}\n`);
    });
  enrollments
    .command('add-institution')
    .description('新增供养服务机构 Add an institution to a county\'s list (county level, audited)')
    .requiredOption('--county <code>', '县（区）代码 6-digit county code')
    .requiredOption('--name <name>', '机构名称 name')
    .requiredOption('--address <address>', '地址 address')
    .requiredOption('--as <username>', '以该账号的权限操作 act as this user (role and area apply)')
    .option('--json', 'machine-readable output')
    .action(async (o: { county: string; name: string; address: string; as: string; json?: boolean }) => {
      const county = countyOption(o.county) as string;
      const i = await withDb(async (db) => addInstitution(await contextAs(db, o.as), { input: { county, name: o.name, address: o.address } }), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(i)}\n` : `已新增 added ${i.id}  ${i.name}\n`);
    });
  enrollments
    .command('placements')
    .description('特困供养名册 Tekun enrollments of a month with placement and care level')
    .requiredOption('--county <code>', '县（区）代码 6-digit county code')
    .option('--month <month>', '月份 YYYY-MM (default: this month)')
    .option('--placement <placement>', 'home 分散供养 | institution 集中供养')
    .requiredOption('--as <username>', '以该账号的权限查看 act as this user (role and area apply)')
    .option('--json', 'machine-readable output')
    .action(async (o: { county: string; month?: string; placement?: string; as: string; json?: boolean }) => {
      const query = PlacementQuery.safeParse({ county: o.county, month: o.month, placement: o.placement });
      if (!query.success) {
        const field = String(query.error.issues[0]?.path[0] ?? 'county');
        throw new AppError('CLI_OPTION_INVALID', { zh: `选项无效：--${field}`, en: `Invalid option --${field}` }, { field });
      }
      const r = await withDb(async (db) => listPlacements(await contextAs(db, o.as), query.data), { quiet: true });
      if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
      for (const i of r.items) process.stdout.write(`${i.enrollmentId}  ${i.personName ?? ''}  ${i.placement}  ${i.institutionName ?? ''}  ${i.level}${i.overridden ? ' (set by hand 人工调整)' : ''}  ${i.fromMonth}\n`);
      process.stdout.write(`${r.month}: ${r.items.length} listed, ${r.withoutRecord} without a record 未记录\n`);
    });

  const reviews = program.command('reviews').description('动态管理 Periodic reviews');
  reviews
    .command('overdue')
    .description('逾期复核（先为未排期的保障对象排期） Overdue reviews (schedules unscheduled enrollments first)')
    .option('--county <code>', '县（区）代码 6-digit county code')
    .option('--on <date>', '以该日为"今天" as of this day (default: today in China)')
    .option('--json', 'machine-readable output')
    .action(async (o: { county?: string; on?: string; json?: boolean }) => {
      const county = countyOption(o.county);
      const on = o.on === undefined ? chinaDateOf(new Date()) : parsePlainDate(o.on);
      if (!on) throw new AppError('DATE_INVALID', { zh: `日期无效：${o.on}`, en: `Invalid date: ${o.on}` }, { field: 'on' });
      const { items, scheduled } = await withDb(
        async (db) => {
          const ctx = operatorContext(db);
          const parameters = await loadParameterSet(db);
          let n = 0;
          for (const c of await enrolledCounties(ctx, { county })) n += (await scheduleMissingReviews(ctx, { county: c, parameters })).scheduled;
          return { items: await listOverdueIds(ctx, { county, on }), scheduled: n };
        },
        { quiet: true },
      );
      const rows = items.map(({ headName: _n, ...r }) => r);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ on, county: county ?? null, scheduled, total: rows.length, items: rows })}\n`);
        return;
      }
      if (rows.length === 0) process.stdout.write(`没有逾期复核 no overdue reviews (${on})\n`);
      for (const r of rows) {
        process.stdout.write(`${r.nextDue}  ${r.countyCode}  ${r.enrollmentId}  ${r.program}  ${r.reviewClass}/${r.intervalMonths}m  逾期 ${r.daysOverdue} 天 days${r.openReviewId ? `  复核中 review ${r.openReviewId}` : ''}\n`);
      }
      if (rows.length > 0) process.stdout.write(`共 ${rows.length} 个逾期 total ${rows.length} overdue (${on})\n`);
    });
}
