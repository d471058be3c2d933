import { RULE_NAMES } from '../../../contracts/supervision.ts';
import { enrolledDibaoHouseholds, householdAreas } from '../../../db/anomaly-sql.ts';
import type { FindingCandidateTable } from '../../../db/schema.ts';
import { scopeOf } from '../../../db/scope.ts';
import { countyBatches } from '../../../db/simulation-source.ts';
import { stageCandidates } from '../../../db/supervision-repo.ts';
import { monthOf } from '../../../kernel/plain-date.ts';
import { determine } from '../../../rules/engine.ts';
import { registrySituations } from '../../simulate/registry-situations.ts';
import type { AnomalyRule } from './rule.ts';

/**
 * 登记信息与待遇不符 An active dibao household whose registry data, determined now by the engine, is ineligible or comes
 * to a different amount. Reads the registry through the simulation's batch path (keyset batches of households, the one
 * registry → situation mapping): no second mapping; one batch in memory at a time.
 */
export const REGISTRY_MISMATCH: AnomalyRule = {
  code: 'REGISTRY_MISMATCH',
  name: RULE_NAMES.REGISTRY_MISMATCH,
  citation: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》第二十四条、第二十五条（家庭人口、收入、财产变化应及时增发、减发或停发）',
  why: {
    zh: '按家庭现有登记信息重新测算，该户已不符合条件或应发金额不同：应复核家庭情况并调整待遇。',
    en: 'Determined from the household’s registry data as it stands, it is no longer eligible or is due a different amount: review it and adjust the benefit.',
  },
  async stage(e) {
    const month = monthOf(e.day);
    const scope = scopeOf(`${e.county}000000`);
    for await (const batch of countyBatches(e.db.kysely, { scope, county: e.county })) {
      const first = batch.households[0].id;
      const last = batch.households[batch.households.length - 1].id;
      const enrolled = await enrolledDibaoHouseholds(e.db.kysely, e.county, first, last, month);
      if (enrolled.length === 0) continue;
      const byHousehold = new Map(enrolled.map((x) => [x.household_id, x]));
      const out: FindingCandidateTable[] = [];
      for (const h of registrySituations(batch, month)) {
        const en = byHousehold.get(h.householdId);
        if (!en) continue;
        byHousehold.delete(h.householdId);
        const d = determine(h.dibao, e.parameters);
        const computed = d.eligible ? d.amount.fen : null;
        if (computed === en.amount_fen) continue;
        out.push(candidate(e.runId, e.county, en.household_id, en.enrollment_id, { month, enrolledFen: en.amount_fen, computedFen: computed, eligible: d.eligible }));
      }
      // Enrolled households the mapping could not assess (no member in the month) are ineligible as they stand.
      for (const en of byHousehold.values()) out.push(candidate(e.runId, e.county, en.household_id, en.enrollment_id, { month, enrolledFen: en.amount_fen, computedFen: null, eligible: false, assessed: false }));
      if (out.length === 0) continue;
      const area = await householdAreas(e.db.kysely, e.county, first, last);
      await stageCandidates(e.db.kysely, out.map((c) => ({ ...c, area_code: area.get(c.household_id as string) ?? `${e.county}000000` })));
    }
  },
};

function candidate(runId: string, county: string, householdId: string, enrollmentId: string, facts: Record<string, unknown>): FindingCandidateTable {
  return {
    run_id: runId, county_code: county, rule: 'REGISTRY_MISMATCH', fingerprint: `REGISTRY_MISMATCH:${enrollmentId}`, area_code: '', household_id: householdId,
    person_id: null, enrollment_id: enrollmentId, case_id: null, roll_id: null, line_seq: null, facts: JSON.stringify(facts),
  };
}
