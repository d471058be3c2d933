import { randomUUID } from 'node:crypto';
import { RULE_CODES, type RuleCode, type RunResult } from '../../contracts/supervision.ts';
import { appendAudit } from '../../db/audit.ts';
import type { Db } from '../../db/connect.ts';
import type { SupervisionRunTable } from '../../db/schema.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { campaignChain, RectificationRepo } from '../../db/rectification-repo.ts';
import { countiesInScope } from '../../db/simulation-source.ts';
import { analyzeCandidates, clearCandidates, mergeCandidates, readRun, type RuleCounts, SupervisionRepo, updateRun } from '../../db/supervision-repo.ts';
import { AppError } from '../../kernel/errors.ts';
import { chinaDateOf, type PlainDate } from '../../kernel/plain-date.ts';
import { type Actor, type CommandContext, actorName, auditActor, requirePermission } from '../context.ts';
import { selfOwner } from '../payroll/job-owner.ts';
import { loadParameterSet } from '../policy/parameters.ts';
import { loadWorkingCalendar } from '../shared/working-calendar.ts';
import { RULES } from './rules/index.ts';

export const DEADLINE_PARAM = 'supervision.rectification.deadlineWorkingDays';

export interface RunInput {
  county?: string;
  rules?: readonly RuleCode[];
  trigger?: SupervisionRunTable['trigger'];
}

const wallNow = () => new Date().toISOString();

/**
 * 创建规则运行 Checks who may run which rules where, and records the run (status `running`): the city supervisor (or the
 * operator) over the city or one county, a county's administrator over their county. The counties are the parameter
 * set's within the actor's area; the rules all of them unless some are named.
 */
export async function createRun(ctx: CommandContext, input: RunInput): Promise<SupervisionRunTable> {
  requirePermission(ctx.actor, 'supervision.run');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), input.county);
  const ps = await loadParameterSet(ctx.db);
  const counties = countiesInScope(scope, ps.counties().map((c) => c.code));
  if (input.county && !counties.includes(input.county)) {
    throw new AppError('COUNTY_UNKNOWN', { zh: `未知的县（市）区：${input.county}`, en: `Unknown county: ${input.county}` }, { status: 400, field: 'county' });
  }
  const rules = input.rules && input.rules.length > 0 ? RULE_CODES.filter((r) => input.rules?.includes(r)) : [...RULE_CODES];
  const at = wallNow();
  const row: SupervisionRunTable = {
    id: randomUUID(),
    area_code: input.county ? `${input.county}000000` : scope.areaCode,
    trigger: input.trigger ?? 'manual',
    rules: JSON.stringify(rules),
    counties: JSON.stringify(counties),
    counties_done: '[]',
    run_day: chinaDateOf(ctx.clock()),
    status: 'running',
    done: 0,
    total: counties.length * rules.length,
    result: null,
    error: null,
    created_by: ctx.actor.userId,
    created_by_name: actorName(ctx.actor),
    created_at: at,
    updated_at: at,
    owner: selfOwner(),
    heartbeat_at: at,
  };
  await new SupervisionRepo(ctx.db.kysely, scope).insertRun(row);
  return row;
}

/** The partial tally a run keeps in `result` while it runs (so a resumed run reports every county). */
type Tally = Record<string, RuleCounts>;

/**
 * Runs (or resumes) a recorded run to its end: each county not yet done — its candidates staged afresh by every rule
 * (one statement each, or the rule's batch path), then merged into its findings in one transaction together with the
 * audit event (counts per rule) and the run's resume point. A run killed halfway leaves its finished counties merged
 * and the county it was in unmerged (its staged rows are cleared when it resumes): nothing half-written is read as a
 * finding. Not a use case: the job's body, acting for the run's starter (checked by `createRun`).
 */
export async function executeRun(db: Db, actor: Actor, runId: string, o: { onProgress?: (done: number, total: number) => void | Promise<void> } = {}): Promise<RunResult> {
  const run = await readRun(db.kysely, runId);
  if (!run) throw new AppError('NOT_FOUND', { zh: '未找到规则运行记录', en: 'Run not found' }, { status: 404 });
  const rules = JSON.parse(run.rules) as RuleCode[];
  const counties = JSON.parse(run.counties) as string[];
  const doneCounties = new Set(JSON.parse(run.counties_done) as string[]);
  const kept = run.result ? (JSON.parse(run.result) as { tally?: Tally; seconds?: Record<string, number> }) : {};
  const tally: Tally = kept.tally ?? {};
  /** Each rule's staging time (seconds, over the counties), kept with the result for the operator and the bench. */
  const seconds: Record<string, number> = kept.seconds ?? {};
  const day = run.run_day as PlainDate;
  const parameters = await loadParameterSet(db);
  const calendar = await loadWorkingCalendar(db);
  let done = doneCounties.size * rules.length;
  for (const county of counties) {
    if (doneCounties.has(county)) continue;
    await clearCandidates(db.kysely, run.id, county);
    for (const code of rules) {
      const started = performance.now();
      await RULES[code].stage({ db, runId: run.id, county, day, parameters });
      seconds[code] = (seconds[code] ?? 0) + (performance.now() - started) / 1000;
      done++;
      await o.onProgress?.(done, run.total);
    }
    // PostgreSQL plans the merge's joins from statistics: the staged rows are counted first.
    if (db.dialect === 'postgres') await analyzeCandidates(db.kysely);
    const dueOn = calendar.addWorkingDays(day, parameters.number(DEADLINE_PARAM, county, day).value);
    const at = wallNow();
    doneCounties.add(county);
    await db.kysely.transaction().execute(async (trx) => {
      const counts = await mergeCandidates(trx, { runId: run.id, county, rules, at, dueOn, actor: { id: auditActor(actor).userId, name: actorName(actor) }, dialect: db.dialect });
      for (const [rule, c] of Object.entries(counts)) {
        const t = (tally[rule] ??= { new: 0, open: 0, reopened: 0, notSeen: 0 });
        t.new += c.new;
        t.open += c.open;
        t.reopened += c.reopened;
        t.notSeen += c.notSeen;
      }
      await appendAudit(trx, auditActor(actor), { chain: county, action: 'supervision.run', entityType: 'supervision_run', entityId: run.id, detail: { day, dueOn, rules: counts } }, at);
      // The findings this merge added go into the open campaigns over the county (专项治理) here, not at a campaign's
      // next read: the same set-based grouping as at a campaign's opening, its audit event in the campaign's chain.
      const campaigns = new RectificationRepo(trx, scopeOf(`${county}000000`));
      for (const c of await campaigns.campaigns()) {
        if (c.status !== 'open') continue;
        const grouped = await campaigns.groupIntoCampaign(c, at, { id: auditActor(actor).userId, name: actorName(actor) });
        if (grouped > 0) await appendAudit(trx, auditActor(actor), { chain: campaignChain(c), action: 'campaign.group', entityType: 'supervision_campaign', entityId: c.id, detail: { grouped, runId: run.id, county } }, at);
      }
      await updateRun(trx, run.id, { counties_done: JSON.stringify([...doneCounties]), done, result: JSON.stringify({ tally, seconds }), updated_at: at });
    });
  }
  const result: RunResult = {
    runId: run.id,
    day,
    counties,
    rules: rules.map((code) => {
      const r = RULES[code];
      return { code, name: r.name, citation: r.citation, why: r.why, counts: tally[code] ?? { new: 0, open: 0, reopened: 0, notSeen: 0 } };
    }),
  };
  await updateRun(db.kysely, run.id, { status: 'done', done: run.total, result: JSON.stringify({ tally, seconds, ...result }), updated_at: wallNow() });
  return result;
}

/** 运行异常规则 The rules run now, on this thread (the CLI; tests): the run recorded, then executed to its end. */
export async function runAnomalies(ctx: CommandContext, input: RunInput & { onProgress?: (done: number, total: number) => void }): Promise<RunResult> {
  const run = await createRun(ctx, input);
  return executeRun(ctx.db, ctx.actor, run.id, { onProgress: input.onProgress });
}
