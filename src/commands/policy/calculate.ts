import { situationIssueWords } from './situation-issue-words.ts';
import type { DeterminationView } from '../../contracts/policy.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import type { Determination } from '../../rules/common/result.ts';
import { determine } from '../../rules/engine.ts';
import { parseSituation, type SituationIssue } from '../../rules/situation.ts';
import { explainDetermination } from '../../rules/explain/explain.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';
import { loadParameterSet } from './parameters.ts';

/**
 * 测算 One situation (docs/situation.schema.json) → the determination with reasons and the full trace, against
 * the parameters in force (files + database overrides). Reads and writes no case data: any user who may read
 * the parameters may calculate. An invalid situation is a 400 naming the field at fault.
 */
export async function calculate(ctx: CommandContext, input: unknown): Promise<DeterminationView> {
  requirePermission(ctx.actor, 'params.read');
  const parsed = parseSituation(input);
  if (!parsed.ok) throw situationInvalid(parsed.issues);
  const ps = await loadParameterSet(ctx.db);
  const s = parsed.situation;
  if (!ps.hasCounty(s.county)) {
    throw situationInvalid([{ path: 'county', message: `${s.county} 不是${ps.jurisdiction.name.zh}所辖县区 / is not a county of ${ps.jurisdiction.name.en}` }]);
  }
  let d: Determination;
  try {
    d = determine(s, ps, { trace: true });
  } catch (e) {
    if (!isAppError(e)) throw e;
    // A parameter without a value on the month, or an unknown/ill-typed situation parameter.
    const field = e.field?.startsWith('parameters.') ? e.field : e.code === 'PARAM_UNKNOWN' || e.code === 'PARAM_VALUE_KIND' ? `parameters.${e.field}` : 'month';
    throw new AppError('SITUATION_INVALID', { zh: `情形无效（${field}）：${e.messages.zh}`, en: `Invalid situation (${field}): ${e.messages.en}` }, { field, status: 400, details: { cause: e.code } });
  }
  return presentDetermination(d, ps);
}

/** The determination explained (src/rules/explain/explain.ts, the presenter every screen shares). */
export function presentDetermination(d: Determination, ps: ParameterSet): DeterminationView {
  const view = explainDetermination(d, ps);
  if (!view) throw new Error('the engine returned no determination');
  return view;
}

function situationInvalid(issues: readonly SituationIssue[]): AppError {
  const first = issues[0];
  const words = situationIssueWords(first);
  return new AppError('SITUATION_INVALID', { zh: `无法计算：${words.zh}`, en: `Cannot calculate: ${words.en}` }, { field: first.path, status: 400, details: { issues } });
}
