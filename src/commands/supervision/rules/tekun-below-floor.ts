import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { stageCandidates } from '../../../db/supervision-repo.ts';
import { checkCompliance } from '../../../policy/compliance.ts';
import type { AnomalyRule } from './rule.ts';

/**
 * 特困标准低于低保标准1.3倍 The county's tekun basic standard below the plan's floor (1.3 × the rural dibao standard),
 * by the parameters in force on the run's day — the same check as `doudi policy check` (src/policy/compliance.ts),
 * recorded as a finding of the county so that it is tracked to its correction.
 */
export const TEKUN_BELOW_FLOOR: AnomalyRule = {
  code: 'TEKUN_BELOW_FLOOR',
  name: RULE_NAMES.TEKUN_BELOW_FLOOR,
  citation: '铁市民发〔2019〕45号 二(一)：全市农村特困人员基本生活标准提高到不低于农村低保标准1.3倍（plan.tekun.minRatio）',
  why: {
    zh: '本县（市）区的特困人员基本生活标准低于实施方案规定的下限：应调整标准并对差额补发。',
    en: 'The county’s tekun basic standard is below the plan’s floor: raise it and pay the difference.',
  },
  async stage(e) {
    const report = checkCompliance(e.parameters, e.day);
    const county = report.counties.find((c) => c.county === e.county);
    const f = county?.findings.find((x) => x.check === 'TEKUN_FLOOR');
    if (!f || f.ok) return;
    await stageCandidates(e.db.kysely, [
      {
        run_id: e.runId, county_code: e.county, rule: 'TEKUN_BELOW_FLOOR', fingerprint: `TEKUN_BELOW_FLOOR:${e.county}`, area_code: `${e.county}000000`,
        household_id: null, person_id: null, enrollment_id: null, case_id: null, roll_id: null, line_seq: null,
        facts: JSON.stringify({ day: e.day, ...f.values, missing: f.missing ?? [] }),
      },
    ]);
  },
};
