import { AppError, type BilingualMessage } from '../kernel/errors.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { type ComplianceFinding, margins } from './compliance.ts';
import type { ParameterSet } from './parameter-set.ts';
import { checkpoints, neededOn, problemKey, type TimelineProblem, timelineProblems } from './timeline.ts';

/** A change to the parameters in force: an override taking effect (`set`, on proposal and on confirmation) or one withdrawn. */
export interface ParameterChange {
  kind: 'set' | 'withdraw';
  name: string;
  /** The city or the county the override is for. */
  area: string;
  from: PlainDate;
}

/**
 * What a change to the parameters in force must not do, on any day from its date on (ADR 0017, issue 11 point 3), judged
 * by the one timeline check (src/policy/timeline.ts) of the set after the change — files, the confirmed overrides and
 * the change — against the set before it:
 * - leave a county without a value of any parameter it needs (a gap the set before did not have on that day):
 *   `PARAM_LEAVES_NO_VALUE`, naming the county, the parameter and the month (and day) from which nothing is in force;
 * - make a floor of the plan fail that held, or push one that failed already further below (a smaller margin):
 *   `PARAM_BELOW_PLAN_FLOOR`, naming the area, the floor, the figures compared and the document that sets it.
 * A problem the set already had and the change does not worsen is not the change's fault and does not block it
 * (otherwise no fix could be entered); `doudi policy check` reports it. Pure: the caller gives both sets.
 */
export function changeProblem(before: ParameterSet, after: ParameterSet, change: ParameterChange): AppError | null {
  const days = checkpoints([before, after], change.from);
  // Both sets layer overrides over the same files: what is needed when is the same for both.
  const needed = neededOn(after.filesOnly());
  const was = byDay(timelineProblems(before, { days, needed }));
  const now = timelineProblems(after, { days, needed });
  const lead = leadOf(after, change);
  for (const p of now) {
    if (p.kind === 'gap' && !was.get(p.day)?.has(problemKey(p))) return gapError(after, p, lead);
  }
  for (const p of now) {
    if (p.kind !== 'floor') continue;
    const old = was.get(p.day)?.get(problemKey(p));
    if (old?.kind !== 'floor') return floorError(after, p.finding, p.day, lead, false);
    if (lowered(old.finding, p.finding)) return floorError(after, p.finding, p.day, lead, true);
  }
  return null;
}

function byDay(problems: readonly TimelineProblem[]): Map<PlainDate, Map<string, TimelineProblem>> {
  const m = new Map<PlainDate, Map<string, TimelineProblem>>();
  for (const p of problems) {
    let d = m.get(p.day);
    if (!d) m.set(p.day, (d = new Map()));
    d.set(problemKey(p), p);
  }
  return m;
}

/** Did a failing finding's margin shrink (any pair of figures compared)? */
function lowered(was: ComplianceFinding, now: ComplianceFinding): boolean {
  const a = margins(was);
  const b = margins(now);
  return b.some((m, i) => m !== undefined && a[i] !== undefined && m.lessThan(a[i]!));
}

const areaName = (ps: ParameterSet, code: string): BilingualMessage =>
  code === ps.jurisdiction.city ? ps.jurisdiction.name : (ps.counties().find((c) => c.code === code)?.name ?? { zh: code, en: code });

const monthText = (day: PlainDate) => ({ zh: `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月`, en: day.slice(0, 7) });

/** "此调整（铁岭县“农村最低生活保障标准（年）”，2030-01-01 起）" — what is being changed, where and from when. */
function leadOf(ps: ParameterSet, c: ParameterChange): BilingualMessage {
  const d = ps.definition(c.name).description;
  const a = areaName(ps, c.area);
  return c.kind === 'set'
    ? { zh: `此调整（${a.zh}“${d.zh}”，${c.from} 起）`, en: `This change (“${d.en}” in ${a.en} from ${c.from})` }
    : { zh: `撤回该调整（${a.zh}“${d.zh}”，${c.from} 起）`, en: `Withdrawing this change (“${d.en}” in ${a.en} from ${c.from})` };
}

function gapError(ps: ParameterSet, p: TimelineProblem & { kind: 'gap' }, lead: BilingualMessage): AppError {
  const d = ps.definition(p.name).description;
  const county = areaName(ps, p.county);
  const month = monthText(p.day);
  return new AppError(
    'PARAM_LEAVES_NO_VALUE',
    {
      zh: `${lead.zh}将使${county.zh}自 ${month.zh}（${p.day}）起没有有效的“${d.zh}”（${p.name}），该县区的测算、审批和花名册将无法进行`,
      en: `${lead.en} would leave ${county.en} without a value of “${d.en}” (${p.name}) from ${month.en} (${p.day}): calculations, approvals and rolls there would fail`,
    },
    { field: 'value', status: 422, details: { county: p.county, name: p.name, month: month.en, day: p.day } },
  );
}

function floorError(ps: ParameterSet, f: ComplianceFinding, day: PlainDate, lead: BilingualMessage, further: boolean): AppError {
  const where = areaName(ps, f.area);
  const month = monthText(day);
  const figures = (lang: 'zh' | 'en') =>
    Object.entries(f.values)
      .map(([k, v]) => `${(f.check === 'HEATING_DISPERSED_FLOOR' && k === 'floor' ? AMOUNT_FLOOR : FIGURES[k])?.[lang] ?? k} ${v}`)
      .join(lang === 'zh' ? '，' : ', ');
  const zh = figures('zh');
  const en = figures('en');
  // Temporary aid's checks are limits and categories (ADR 0038), not floors.
  const limit = f.check.startsWith('TEMPORARY_');
  return new AppError(
    'PARAM_BELOW_PLAN_FLOOR',
    {
      zh: `${lead.zh}将使${where.zh}自 ${month.zh}（${day}）起${further ? '进一步' : ''}${limit ? '不符合实施方案的要求' : '低于实施方案的下限'}：${f.message.zh}${zh ? `（${zh}）` : ''}。依据：${f.citation}`,
      en: `${lead.en} would put ${where.en} ${further ? 'further ' : ''}${limit ? 'out of line with the plan' : 'below a floor of the plan'} from ${month.en} (${day}): ${f.message.en}${en ? ` (${en})` : ''}. Set by ${f.citation}`,
    },
    { field: 'value', status: 422, details: { check: f.check, area: f.area, month: month.en, day, values: f.values, ...(further ? { further: true } : {}) } },
  );
}

/** The dispersed-heating floor is an amount, not a multiple. */
const AMOUNT_FLOOR = { zh: '规定下限', en: 'floor' };

/** The figures a compliance finding compares, by name (compliance.ts), for the message. */
const FIGURES: Record<string, { zh: string; en: string }> = {
  ratio: { zh: '倍数', en: 'ratio' },
  floor: { zh: '规定倍数', en: 'required ratio' },
  tekunAnnual: { zh: '特困年标准', en: 'tekun yearly standard' },
  floorAnnual: { zh: '下限年标准', en: 'yearly floor' },
  amount: { zh: '救助额', en: 'amount' },
  rate: { zh: '单价', en: 'rate' },
  urbanRate: { zh: '城市低保单价', en: 'urban rate' },
  maxAmount: { zh: '最高救助额', en: 'largest amount' },
  urbanMaxAmount: { zh: '城市最高救助额', en: 'urban largest amount' },
  average: { zh: '各县区平均标准', en: 'county average' },
  plan: { zh: '方案规定标准', en: 'plan figure' },
  ceiling: { zh: '乡镇审批额度', en: 'township ceiling' },
  maxMultiple: { zh: '最高额倍数', en: 'maximum multiple' },
  monthlyStandard: { zh: '月低保标准', en: 'monthly standard' },
  maximum: { zh: '一般最高救助额', en: 'normal maximum' },
  largestMultiple: { zh: '最高档倍数', en: 'largest band multiple' },
  largestAmount: { zh: '最高定额', en: 'largest fixed amount' },
  emergencyOffered: { zh: '已列入的急难型类别数', en: 'emergency categories assisted' },
  emergencyRequired: { zh: '急难型类别数', en: 'emergency categories' },
  expenditureOffered: { zh: '已列入的支出型类别数', en: 'expenditure categories assisted' },
  expenditureRequired: { zh: '至少列入的支出型类别数', en: 'expenditure categories required' },
  deadline: { zh: '补办手续期限', en: 'paperwork deadline' },
  min: { zh: '最短期限', en: 'shortest' },
  max: { zh: '最长期限', en: 'longest' },
};
