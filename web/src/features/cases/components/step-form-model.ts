import type { PARTICIPANT_CATEGORIES, STEP_VALUES } from '#contracts/cases.ts';
import { chinaToday, textLines } from '../../../lib/format.ts';

/**
 * What a case step's form holds, and how it becomes the step's request body. Pure functions, so what reaches the
 * server is tested against the contract's schemas without a browser (step-form-model.test.ts).
 */
export type Step = (typeof STEP_VALUES)[number];
export type Values = Record<string, any>;

/** What a step's form starts with: today's date where a date is asked, the usual answer where there is one. */
export function initialStepValues(step: Step, today: string = chinaToday()): Values {
  switch (step) {
    case 'investigate':
    case 'close_ineligible':
      return {
        investigators: [{ name: '' }, { name: '' }],
        investigatedOn: today,
        homeVisitOn: today,
        neighbourVisits: 2,
        dataCheck: { result: step === 'close_ineligible' ? 'ineligible' : 'eligible', checkedOn: today },
      };
    case 'deliberate':
      return { heldOn: today, participants: [], conclusion: 'agree', signed: false };
    case 'object_village':
    case 'object_county':
      return { receivedOn: today, lodgedBy: 'villager' };
    case 'spot_visit':
      return { visitedOn: today, finding: 'consistent' };
    case 'withdraw':
      return { reason: 'applicant_request' };
    case 'township_review':
      return { opinion: '经审核，同意，在村（社区）公示' };
    case 'county_opinion':
      return { opinion: '经审查，拟批准' };
    default:
      return {};
  }
}

/**
 * The request body of a step from the form's values: lists typed one a line become arrays, blank rows are dropped,
 * names trimmed; an investigation that ends the case (data check ineligible) needs no home visit or neighbours.
 */
export function stepBody(step: Step, v: Values, version: number): { version: number } & Record<string, unknown> {
  const base = { version, attachments: textLines(v.attachments) };
  switch (step) {
    case 'request_missing':
      return { ...base, missing: textLines(v.missing) };
    case 'investigate':
    case 'close_ineligible': {
      const ineligible = v.dataCheck?.result === 'ineligible';
      return {
        ...base,
        investigators: (v.investigators ?? []).filter((i: { name?: string }) => i?.name?.trim()).map((i: { name: string }) => ({ name: i.name.trim() })),
        investigatedOn: v.investigatedOn,
        homeVisitOn: ineligible ? (v.homeVisitOn ?? null) : v.homeVisitOn,
        neighbourVisits: ineligible ? 0 : (v.neighbourVisits ?? 0),
        writtenEvidence: textLines(v.writtenEvidence),
        dataCheck: { result: v.dataCheck?.result ?? 'eligible', checkedOn: v.dataCheck?.checkedOn, reasons: ineligible ? textLines(v.dataCheckReasons) : [] },
        findings: v.findings ?? '',
      };
    }
    case 'deliberate':
      return {
        ...base,
        heldOn: v.heldOn,
        participants: (v.participants ?? []).filter((p: { name?: string }) => p?.name?.trim()).map((p: { name: string; category: string }) => ({ name: p.name.trim(), category: p.category })),
        conclusion: v.conclusion,
        conclusionText: v.conclusionText ?? '',
        signed: Boolean(v.signed),
      };
    case 'township_review':
    case 'county_opinion':
      return { ...base, opinion: v.opinion };
    case 'return_for_investigation':
    case 'refuse':
      return { ...base, reasons: textLines(v.reasons) };
    case 'object_village':
    case 'object_county':
      return { ...base, receivedOn: v.receivedOn, summary: v.summary, lodgedBy: v.lodgedBy };
    case 'spot_visit':
      return { ...base, visitedOn: v.visitedOn, visitors: textLines(v.visitors), finding: v.finding, note: v.note ?? '' };
    case 'withdraw':
      return { ...base, reason: v.reason };
    default:
      return base;
  }
}

export type Participant = { name?: string; category?: (typeof PARTICIPANT_CATEGORIES)[number] };

/** Each person counted once (by name), as the server counts them. */
export function countParticipants(ps: Participant[] | undefined): { total: number; reps: number } {
  const byName = new Map<string, string | undefined>();
  for (const p of ps ?? []) if (p?.name?.trim()) byName.set(p.name.trim(), p.category);
  let reps = 0;
  for (const c of byName.values()) if (c === 'villager_representative') reps++;
  return { total: byName.size, reps };
}

/** 民主评议 is valid when villager representatives are at least two thirds of those present (and someone is). */
export function representativesSuffice({ total, reps }: { total: number; reps: number }): boolean {
  return total > 0 && 3 * reps >= 2 * total;
}
