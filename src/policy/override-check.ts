import { AppError } from '../kernel/errors.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { checkCompliance, type ComplianceFinding } from './compliance.ts';
import type { ParameterSet } from './parameter-set.ts';

/**
 * What a change to the parameters in force (an override confirmed, or one withdrawn) must not do, on any day from its
 * date on (ADR 0017, issue 11 point 3): leave a county without a value of the parameter it had one for — the calculator
 * and the county approval would then fail with "没有有效值" — or make a floor of the plan fail that held (the
 * compliance check: tekun ≥ 1.3 × dibao, heating floors, the city average of the county standards). Pure: the caller
 * gives the set before and after the change. Values only change on effective dates, so checking every effective date
 * from the change's date on checks every day.
 */
export function changeProblem(before: ParameterSet, after: ParameterSet, change: { name: string; from: PlainDate }): AppError | null {
  const days = checkpoints(after, change.from);
  const def = after.definition(change.name);
  for (const day of days) {
    for (const c of after.counties()) {
      if (before.find(change.name, c.code, day) && !after.find(change.name, c.code, day)) {
        return new AppError(
          'PARAM_LEAVES_NO_VALUE',
          {
            zh: `此调整将使${c.name.zh}自 ${day} 起没有有效的“${def.description.zh}”（${change.name}），计算和审批将无法进行`,
            en: `This change would leave ${c.name.en} without a value of “${def.description.en}” (${change.name}) from ${day}: calculations and approvals there would fail`,
          },
          { field: 'value', status: 422, details: { county: c.code, day } },
        );
      }
    }
  }
  for (const day of days) {
    const was = findings(checkCompliance(before, day));
    for (const f of findings(checkCompliance(after, day)).values()) {
      if (f.ok || was.get(key(f))?.ok === false) continue;
      const where = f.area === after.jurisdiction.city ? after.jurisdiction.name : (after.counties().find((c) => c.code === f.area)?.name ?? { zh: f.area, en: f.area });
      const figures = (lang: 'zh' | 'en') =>
        Object.entries(f.values)
          .map(([k, v]) => `${FIGURES[k]?.[lang] ?? k} ${v}`)
          .join(lang === 'zh' ? '，' : ', ');
      const zh = figures('zh');
      const en = figures('en');
      return new AppError(
        'PARAM_BELOW_PLAN_FLOOR',
        {
          zh: `此调整将使${where.zh}自 ${day} 起不符合实施方案：${f.message.zh}（${f.citation}${zh ? `；${zh}` : ''}）`,
          en: `This change would put ${where.en} below the plan from ${day}: ${f.message.en} (${f.citation}${en ? `; ${en}` : ''})`,
        },
        { field: 'value', status: 422, details: { check: f.check, area: f.area, day, values: f.values } },
      );
    }
  }
  return null;
}

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
};

const key = (f: ComplianceFinding) => `${f.check}|${f.area}`;

function findings(r: ReturnType<typeof checkCompliance>): Map<string, ComplianceFinding> {
  return new Map([...r.counties.flatMap((c) => c.findings), ...r.city].map((f) => [key(f), f]));
}

/** The change's own date and every later date on which any value of any parameter begins or ends. */
function checkpoints(ps: ParameterSet, from: PlainDate): PlainDate[] {
  const days = new Set<PlainDate>([from]);
  for (const d of ps.definitions()) for (const e of ps.history(d.name)) if (e.effectiveFrom > from) days.add(e.effectiveFrom);
  return [...days].sort();
}
