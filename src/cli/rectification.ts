import type { Command } from 'commander';
import { contextAs } from '../commands/auth/acting-user.ts';
import { type CommandContext, operatorContext } from '../commands/context.ts';
import { answerFinding } from '../commands/rectification/answer-finding.ts';
import { campaignProgress, listCampaigns, openCampaign } from '../commands/rectification/campaigns.ts';
import { listOverdue } from '../commands/rectification/overdue.ts';
import { verifyFinding } from '../commands/rectification/verify-finding.ts';
import type { Db } from '../db/connect.ts';
import { usageErrorsIn } from './failure.ts';
import { withDb } from './runtime.ts';

const asUsage = usageErrorsIn(new Set(['ANSWER_INVALID', 'VERIFY_INVALID', 'CAMPAIGN_INVALID', 'AREA_FORBIDDEN']));

/** The operator reads (findings.read over the city); a step is a named user's (`--as`), with that user's role and area. */
const contextFor = async (db: Db, as: string | undefined): Promise<CommandContext> => (as ? contextAs(db, as.trim()) : operatorContext(db));

const print = (json: boolean | undefined, value: unknown, text: () => string) => process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text());

/**
 * `doudi findings answer|verify|overdue` and `doudi campaigns open|list|progress` (issue 16 points 2 and 5, ADR 0048):
 * the rectification's steps `--as` the township's or county's user who takes them, the overdue list and the campaigns'
 * progress read by the operator over the city (or `--as` a user over their area).
 */
export function registerRectificationCommands(program: Command): void {
  const findings = program.command('findings').description('问题线索整改 findings: rectification');
  findings
    .command('overdue')
    .description('整改逾期的问题线索 open findings past their deadline')
    .option('--area <code>', '只看一个区划（6 或 12 位代码）/ one area only')
    .option('--as <username>', '以该用户身份（其辖区）the reading user (default: the operator, whole city)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { area?: string; as?: string; json?: boolean }) => {
      const r = await asUsage(() => withDb(async (db) => listOverdue(await contextFor(db, o.as), { area: o.area?.trim(), limit: 500 }), { quiet: true }));
      print(o.json, r, () =>
        [`整改逾期 overdue on ${r.today}: ${r.total}`, ...r.items.map((f) => `  ${f.county}/${f.id}  ${f.ruleName.zh}  ${f.area}  期限 due ${f.dueOn}  逾期 ${f.workingDaysOverdue} 个工作日 working days`)].join('\n') + '\n',
      );
    });
  findings
    .command('answer')
    .description('回复整改情况（乡镇）answer a finding (the township)')
    .argument('<county>', '县区代码 county (6 digits)')
    .argument('<id>', '问题线索编号 finding id')
    .requiredOption('--as <username>', '回复人账号（乡镇经办或审核）the answering user')
    .requiredOption('--action <text>', '整改措施 the action taken')
    .requiredOption('--evidence <text>', '佐证说明 the evidence')
    .requiredOption('--version <n>', '读取时的版本 the version read', (v) => Number(v))
    .option('--json', '输出 JSON / print JSON')
    .action(async (county: string, id: string, o: { as: string; action: string; evidence: string; version: number; json?: boolean }) => {
      const r = await asUsage(() => withDb(async (db) => answerFinding(await contextAs(db, o.as.trim()), { county, id }, { action: o.action, evidence: o.evidence, version: o.version }), { quiet: true }));
      print(o.json, r, () => `已回复 answered: ${r.county}/${r.id} (version ${r.version})\n`);
    });
  findings
    .command('verify')
    .description('核查：销号或退回（县区、市局）verify a finding: close or send back (the county or city)')
    .argument('<county>', '县区代码 county (6 digits)')
    .argument('<id>', '问题线索编号 finding id')
    .requiredOption('--as <username>', '核查人账号 the verifying user')
    .option('--close', '核查通过，销号 close it')
    .option('--send-back', '退回重新整改 send it back')
    .requiredOption('--note <text>', '核查意见或退回理由 the note or the reason')
    .requiredOption('--version <n>', '读取时的版本 the version read', (v) => Number(v))
    .option('--json', '输出 JSON / print JSON')
    .action(async (county: string, id: string, o: { as: string; close?: boolean; sendBack?: boolean; note: string; version: number; json?: boolean }) => {
      const decision = o.sendBack ? 'send_back' : o.close ? 'close' : undefined;
      const r = await asUsage(() => withDb(async (db) => verifyFinding(await contextAs(db, o.as.trim()), { county, id }, { decision, note: o.note, version: o.version }), { quiet: true }));
      print(o.json, r, () => (r.status === 'closed' ? `已销号 closed: ${r.county}/${r.id}\n` : `已退回 sent back: ${r.county}/${r.id}, 新期限 due ${r.dueOn}\n`));
    });

  const campaigns = program.command('campaigns').description('专项治理 special campaigns');
  campaigns
    .command('open')
    .description('开展专项治理（归集期间内的问题线索）open a campaign (its period’s findings grouped into it)')
    .requiredOption('--as <username>', '市局督查或县区管理员账号 the opening user')
    .requiredOption('--title <text>', '名称 title')
    .requiredOption('--year <yyyy>', '年度 year', (v) => Number(v))
    .requiredOption('--from <date>', '开始日期 first day (YYYY-MM-DD)')
    .requiredOption('--to <date>', '结束日期 last day (YYYY-MM-DD)')
    .option('--county <code>', '一个县区（6 位代码）/ one county')
    .option('--rule <code>', '只归集该规则的问题线索，可重复 / only this rule (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { as: string; title: string; year: number; from: string; to: string; county?: string; rule: string[]; json?: boolean }) => {
      const body = { title: o.title, year: o.year, startsOn: o.from, endsOn: o.to, ...(o.county ? { county: o.county.trim() } : {}), rules: o.rule.map((r) => r.trim().toUpperCase()) };
      const r = await asUsage(() => withDb(async (db) => openCampaign(await contextAs(db, o.as.trim()), body), { quiet: true }));
      print(o.json, r, () => `专项治理已开展 opened: ${r.id} ${r.title}，归集问题线索 grouped ${r.counts.found}\n`);
    });
  campaigns
    .command('list')
    .description('专项治理列表 the campaigns')
    .option('--as <username>', '以该用户身份（其辖区）the reading user (default: the operator, whole city)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (o: { as?: string; json?: boolean }) => {
      const r = await asUsage(() => withDb(async (db) => listCampaigns(await contextFor(db, o.as)), { quiet: true }));
      print(o.json, r, () =>
        r.items.map((c) => `${c.id}  ${c.title}  ${c.startsOn}~${c.endsOn}  ${c.status}  发现 found ${c.counts.found} 销号 closed ${c.counts.closed} 逾期 overdue ${c.counts.overdue}`).join('\n') + '\n',
      );
    });
  campaigns
    .command('progress')
    .description('专项治理分县区进度 a campaign’s progress per county')
    .argument('<id>', '专项治理编号 campaign id')
    .option('--as <username>', '以该用户身份（其辖区）the reading user (default: the operator, whole city)')
    .option('--json', '输出 JSON / print JSON')
    .action(async (id: string, o: { as?: string; json?: boolean }) => {
      const r = await asUsage(() => withDb(async (db) => campaignProgress(await contextFor(db, o.as), id), { quiet: true }));
      print(o.json, r, () =>
        [
          `${r.title}  ${r.startsOn}~${r.endsOn}`,
          '  县区 county            发现 found  待整改 open  待核查 answered  销号 closed  逾期 overdue',
          ...r.counties.map((c) => `  ${c.name.zh.padEnd(12)} ${String(c.found).padStart(10)}${String(c.open).padStart(12)}${String(c.answered).padStart(16)}${String(c.closed).padStart(12)}${String(c.overdue).padStart(14)}`),
        ].join('\n') + '\n',
      );
    });
}
