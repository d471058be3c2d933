import type { Kysely, Transaction } from 'kysely';
import { MEETING_KEYS, type FourDeliberationsView } from '../../contracts/four-deliberations.ts';
import { type FourDeliberationRows, FourDeliberationsRepo } from '../../db/four-deliberations-repo.ts';
import type { Database } from '../../db/schema.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import type { ShareRule } from '../../kernel/share.ts';
import type { ParameterSet } from '../../policy/parameter-set.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import {
  currentStages,
  type DisclosureFact,
  fourDeliberationsMissing,
  type MeetingKey,
  meetingRules,
  type MeetingRules,
  ruleParams,
  type StageFact,
} from '../../workflow/four-deliberations.ts';

/**
 * 四议两公开 on a case (ADR 0036): reading the records as the workflow's facts, and presenting them on the case page.
 * The records are reached only after the case was read through its area scope (CaseRepo).
 */

/** States in which the four stages and 决议公开 may be recorded: the case accepted and not yet decided. */
export const STAGE_STATES: ReadonlySet<string> = new Set(['accepted', 'investigated', 'deliberated', 'village_notice', 'county_review', 'county_notice']);

export async function fourDeliberationRows(db: Kysely<Database> | Transaction<Database>, countyCode: string, caseId: string): Promise<FourDeliberationRows> {
  return new FourDeliberationsRepo(db).of(countyCode, caseId);
}

/** The facts the transition table's guard reads: the latest record of each stage, and the disclosures. */
export function fourDeliberationFacts(rows: FourDeliberationRows): { stages: StageFact[]; disclosures: DisclosureFact[] } {
  return {
    stages: currentStages(rows.stages).map((s) => ({ stage: s.stage, heldOn: s.held_on as PlainDate, outcome: s.outcome })),
    disclosures: rows.disclosures.map((d) => ({ kind: d.kind, postedOn: d.posted_on as PlainDate })),
  };
}

function passOf(text: string | null): { rule: ShareRule; of: 'present' | 'entitled' } | null {
  if (!text) return null;
  const [rule, of] = text.split('/');
  return { rule: rule as ShareRule, of: of === 'of_entitled' ? 'entitled' : 'present' };
}

/**
 * The rules the form shows while typing. The case page must open even when a county's override of a share rule is
 * malformed or a day has no value: then the shipped rule is shown (the record itself is checked by the rules in force on
 * the meeting's day and refused with PARAM_INVALID_SHARE / PARAM_NO_VALUE, which say what to fix).
 */
function rulesForPage(ps: ParameterSet, county: string, today: PlainDate, key: MeetingKey): MeetingRules {
  try {
    return meetingRules(ps, county, today, key);
  } catch {
    const shipped = loadDefaultPolicy();
    return shipped.find(ruleParams(key).quorum, county, today) ? meetingRules(shipped, county, today, key) : meetingRules(shipped, county, SHIPPED_FROM, key);
  }
}

/** A day on which every shipped share rule has a value. */
const SHIPPED_FROM = '2019-01-01' as PlainDate;

export function presentFourDeliberations(
  row: { county_code: string; area_code: string; state: string; origin: string | null },
  rows: FourDeliberationRows,
  ps: ParameterSet,
  today: PlainDate,
): FourDeliberationsView {
  const current = currentStages(rows.stages);
  const facts = fourDeliberationFacts(rows);
  const required = row.origin === 'screening';
  const missing = required ? fourDeliberationsMissing(facts.stages, facts.disclosures) : null;
  const rules = Object.fromEntries(
    MEETING_KEYS.map((k) => {
      const r = rulesForPage(ps, row.county_code, today, k);
      return [k, { quorum: r.quorum, pass: r.pass ? { rule: r.pass.rule, of: r.pass.of, citation: r.pass.citation } : null }];
    }),
  ) as FourDeliberationsView['rules'];
  return {
    required,
    stages: current.map((s) => ({
      id: s.id,
      stage: s.stage,
      meeting: s.meeting,
      heldOn: s.held_on,
      present: Number(s.present),
      entitled: Number(s.entitled),
      inFavour: s.in_favour === null ? null : Number(s.in_favour),
      outcome: s.outcome,
      quorumRule: s.quorum_rule as ShareRule,
      passRule: passOf(s.pass_rule),
      note: s.note,
      recordedByName: s.recorded_by_name,
      earlier: rows.stages.filter((x) => x.stage === s.stage).length - 1,
    })),
    disclosures: rows.disclosures.map((d) => ({ id: d.id, kind: d.kind, postedOn: d.posted_on, place: d.place, note: d.note, recordedByName: d.recorded_by_name })),
    rules,
    missing: missing ? { code: missing.code, message: missing.message } : null,
    canRecordStages: STAGE_STATES.has(row.state),
    canRecordResult: row.state === 'approved' || row.state === 'refused',
  };
}
