import type { Command } from 'commander';
import type { z } from 'zod';
import { contextAs } from '../commands/auth/acting-user.ts';
import { operatorContext } from '../commands/context.ts';
import { approveTemporary } from '../commands/temporary/approve-temporary.ts';
import { authoriseNewEvent } from '../commands/temporary/authorise-new-event.ts';
import { recordCollectiveDecision } from '../commands/temporary/collective-decision.ts';
import { overduePaperwork } from '../commands/temporary/overdue-paperwork.ts';
import { temporaryFigures } from '../commands/temporary/temporary-figures.ts';
import { recordEmergency } from '../commands/temporary/record-emergency.ts';
import type { CaseDetail } from '../contracts/cases.ts';
import { CATEGORY_WORDS, CollectiveDecision, LEVEL_WORDS, EmergencyRecord, NewEventAuthorisation, type TemporaryCategory, TemporaryApproval } from '../contracts/temporary.ts';
import { AppError } from '../kernel/errors.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

/** A typed option wrong: exit 2. */
const asUsage = usageErrorsIn(new Set(['TEMPORARY_OPTION']));

/** The options read through the contract the API reads its bodies with: the first problem names its field. */
function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'input';
  throw new AppError('TEMPORARY_OPTION', { zh: `参数无效：${field}`, en: `Invalid option: ${field}` }, { field });
}

const caseLine = (c: CaseDetail) => {
  const t = c.temporary;
  const what = t ? `${t.categoryLabel.zh} ${t.eventDate}  需求 need ${t.needYuan} 元` : '';
  const first = t?.assistedFirst ? `  先行救助 paid first ${t.paidFirstYuan} 元，补办手续期限 paperwork due ${t.paperworkDue ?? '—'}` : '';
  return `${c.countyCode}/${c.id}  ${c.applicantName}  ${c.stateLabel.zh} ${c.stateLabel.en}  ${what}${first}\n`;
};

const splitRef = (ref: string) => {
  const [countyCode, ...rest] = ref.split('/');
  if (!/^\d{6}$/.test(countyCode ?? '') || rest.length === 0) {
    throw new AppError('TEMPORARY_OPTION', { zh: `案件应写作 县代码/案件编号：${ref}`, en: `Name the case as COUNTY/ID: ${ref}` }, { field: 'case' });
  }
  return { countyCode, id: rest.join('/') };
};

/**
 * `doudi temporary emergency|collective-decision|approve|new-event|overdue`: temporary aid (临时救助, ADR 0037). Every
 * change is a named user's (`--as`), with that user's role and area; `overdue` is a list the operator reads too. The
 * other steps of a case are the case procedure's (`doudi cases …`, the web app, the API).
 */
export function registerTemporaryCommands(program: Command): void {
  const temporary = program.commands.find((c) => c.name() === 'temporary') ?? program.command('temporary').description('临时救助 temporary aid: assist first, tiered approval, 一事一议, stages');
  temporary
    .command('emergency')
    .description('先行救助 record an emergency and pay it first from the township reserve')
    .requiredOption('--household <county/id>', '家庭 the household, COUNTY/ID')
    .requiredOption('--person <id>', '受助人员编号 the person the event struck')
    .requiredOption('--category <c>', `类别 ${Object.entries(CATEGORY_WORDS).slice(0, 5).map(([k, v]) => `${k} ${v.zh}`).join(', ')}`)
    .requiredOption('--event-date <date>', '事件日期 YYYY-MM-DD')
    .requiredOption('--event <text>', '事件简述 what happened')
    .requiredOption('--need <yuan>', '救助需求（元）the need')
    .requiredOption('--pay <yuan>', '先行救助金额（元）paid now')
    .requiredOption('--reason <text>', '先行救助理由 why it could not wait')
    .requiredOption('--as <username>', '以该用户登记 as this user')
    .option('--json', '输出 JSON')
    .action(async (o: { household: string; person: string; category: string; eventDate: string; event: string; need: string; pay: string; reason: string; as: string; json?: boolean }) => {
      const input = await asUsage(() => {
        const h = splitRef(o.household);
        return parsed(EmergencyRecord, {
          household: h,
          applicantPersonId: o.person,
          category: o.category,
          eventDate: o.eventDate,
          eventNote: o.event,
          needYuan: o.need,
          paidFirstYuan: o.pay,
          reason: o.reason,
        });
      });
      const c = await withDb(async (db) => recordEmergency(await contextAs(db, o.as.trim()), input), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : `已先行救助 assisted first: ${caseLine(c)}`);
    });
  temporary
    .command('collective-decision')
    .description('一事一议 record the collective decision on an amount above the normal maximum')
    .argument('<case>', '案件 COUNTY/ID')
    .requiredOption('--case-version <n>', '案件版本 the case version read')
    .requiredOption('--decided-on <date>', '议定日期 YYYY-MM-DD')
    .requiredOption('--participant <name:post...>', '到会人员 姓名:职务 (repeat)')
    .requiredOption('--members <n>', '应到人数')
    .requiredOption('--present <n>', '实到人数')
    .requiredOption('--in-favour <n>', '同意人数')
    .requiredOption('--decision <text>', '议定事项')
    .requiredOption('--amount <yuan>', '议定金额（元）')
    .requiredOption('--as <username>', '以该用户登记 as this user')
    .option('--json', '输出 JSON')
    .action(
      async (
        ref: string,
        o: { caseVersion: string; decidedOn: string; participant: string[]; members: string; present: string; inFavour: string; decision: string; amount: string; as: string; json?: boolean },
      ) => {
        const input = await asUsage(() => ({
          ref: splitRef(ref),
          input: parsed(CollectiveDecision, {
            version: Number(o.caseVersion),
            decidedOn: o.decidedOn,
            participants: o.participant.map((p) => {
              const [name, post = ''] = p.split(':');
              return { name, post };
            }),
            members: Number(o.members),
            present: Number(o.present),
            inFavour: Number(o.inFavour),
            decision: o.decision,
            amountYuan: o.amount,
          }),
        }));
        const c = await withDb(async (db) => recordCollectiveDecision(await contextAs(db, o.as.trim()), input), { quiet: true });
        process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : `已记录一事一议 recorded: ${caseLine(c)}`);
      },
    );
  temporary
    .command('approve')
    .description('批准 approve at the case’s level (分级审批), optionally in stages')
    .argument('<case>', '案件 COUNTY/ID')
    .requiredOption('--case-version <n>', '案件版本 the case version read')
    .option('--stage <date=yuan...>', '分次发放 YYYY-MM-DD=amount (repeat); none: the rest today')
    .requiredOption('--as <username>', '以该用户审批 as this user')
    .option('--json', '输出 JSON')
    .action(async (ref: string, o: { caseVersion: string; stage?: string[]; as: string; json?: boolean }) => {
      const input = await asUsage(() => ({
        ref: splitRef(ref),
        input: parsed(TemporaryApproval, {
          version: Number(o.caseVersion),
          stages: (o.stage ?? []).map((s) => {
            const [payOn, amountYuan = ''] = s.split('=');
            return { payOn, amountYuan };
          }),
        }),
      }));
      const c = await withDb(async (db) => approveTemporary(await contextAs(db, o.as.trim()), input), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : `已批准 approved: ${caseLine(c)}`);
    });
  temporary
    .command('new-event')
    .description('新事件说明 a county approver records why an event is a new one (one event, one aid)')
    .requiredOption('--household <county/id>', '家庭 COUNTY/ID')
    .requiredOption('--category <c>', '类别 category')
    .requiredOption('--event-date <date>', '事件日期 YYYY-MM-DD')
    .requiredOption('--reason <text>', '理由 why it is a new event')
    .requiredOption('--as <username>', '以该用户登记 as this user')
    .option('--json', '输出 JSON')
    .action(async (o: { household: string; category: string; eventDate: string; reason: string; as: string; json?: boolean }) => {
      const input = await asUsage(() => parsed(NewEventAuthorisation, { household: splitRef(o.household), category: o.category, eventDate: o.eventDate, reason: o.reason }));
      const r = await withDb(async (db) => authoriseNewEvent(await contextAs(db, o.as.trim()), input), { quiet: true });
      process.stdout.write(o.json ? `${JSON.stringify(r)}\n` : `已登记 recorded ${r.id}\n`);
    });
  temporary
    .command('overdue')
    .description('补办手续逾期 assist-first cases whose paperwork is overdue')
    .option('--county <code>', '6 位县（区）代码 one county')
    .option('--as <username>', '以该用户的辖区 as this user (their area)')
    .option('--json', '输出 JSON')
    .action(async (o: { county?: string; as?: string; json?: boolean }) => {
      const county = await asUsage(() => {
        if (o.county !== undefined && !/^\d{6}$/.test(o.county)) throw new AppError('TEMPORARY_OPTION', { zh: '县（区）代码为 6 位数字', en: 'A county code has 6 digits' }, { field: 'county' });
        return o.county;
      });
      const r = await withDb(async (db) => overduePaperwork(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), { county }), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      if (r.items.length === 0) process.stdout.write('没有逾期未补办手续的先行救助 none overdue\n');
      for (const i of r.items) {
        process.stdout.write(
          `${i.countyCode}/${i.caseId}  ${i.applicantName}  ${CATEGORY_WORDS[i.category as TemporaryCategory].zh}  先行救助 ${i.paidFirstYuan} 元（${i.paidFirstOn ?? '—'}，${i.paidFirstByName ?? '—'}）  期限 due ${i.paperworkDue}  逾期 ${i.workingDaysOverdue} 个工作日${i.registeredPoor ? '  建档立卡' : ''}\n`,
        );
      }
      if (r.truncated) process.stdout.write('（仅列出前 2000 条 first 2,000 only）\n');
    });
  temporary
    .command('figures')
    .description('临时救助统计 counts and amounts per county and month (category, level, assist-first, registered poor)')
    .requiredOption('--from <month>', '起始月份 YYYY-MM (事件月份 month of the event)')
    .requiredOption('--to <month>', '截止月份 YYYY-MM')
    .option('--county <code>', '6 位县（区）代码 one county')
    .option('--as <username>', '以该用户的辖区 as this user (their area)')
    .option('--json', '输出 JSON')
    .action(async (o: { from: string; to: string; county?: string; as?: string; json?: boolean }) => {
      const r = await withDb(async (db) => temporaryFigures(o.as ? await contextAs(db, o.as.trim()) : operatorContext(db), { from: o.from, to: o.to, county: o.county }), { quiet: true });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      process.stdout.write(`${r.from} 至 ${r.to}：${r.total.cases} 件（批准 ${r.total.approved}，先行救助 ${r.total.assistedFirst}，建档立卡 ${r.total.registeredPoor}），批准金额 ${r.total.approvedYuan} 元，先行救助 ${r.total.paidFirstYuan} 元，应追回 ${r.total.recoveryYuan} 元\n`);
      for (const g of r.groups) {
        process.stdout.write(
          `  ${g.countyCode} ${g.month} ${CATEGORY_WORDS[g.category].zh} ${g.approvalLevel ? LEVEL_WORDS[g.approvalLevel].zh : '—'}${g.assistedFirst ? ' 先行救助' : ''}${g.registeredPoor ? ' 建档立卡' : ''}：${g.cases} 件，批准 ${g.approvedYuan} 元\n`,
        );
      }
    });
}
