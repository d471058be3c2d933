import type { PARTICIPANT_CATEGORIES } from '../contracts/cases.ts';
import { compareDates, type PlainDate } from '../kernel/plain-date.ts';
import { type Refusal, refusal } from './refusals.ts';

/**
 * What each step's record must hold before the step counts (POLICY.md §5). Pure checks returning the first
 * refusal, so the API, the CLI and tests all meet the same coded reason.
 */

/** 申请: the signed income/asset declaration and the data-check authorisation come with every application. */
export function checkApplication(a: { signedDeclaration: boolean; dataCheckAuthorised: boolean }): Refusal | null {
  if (!a.signedDeclaration) {
    return refusal('record', 'DECLARATION_NOT_SIGNED', '申请须附本人签字的家庭收入、财产申报', 'The application needs the signed income and asset declaration', 'signedDeclaration');
  }
  if (!a.dataCheckAuthorised) {
    return refusal('record', 'DATA_CHECK_NOT_AUTHORISED', '申请须附家庭经济状况信息核对授权书', 'The application needs the authorisation to check the household’s data', 'dataCheckAuthorised');
  }
  return null;
}

/** 一次性告知: the list names everything missing, so it is never empty. */
export function checkMissingList(items: readonly string[]): Refusal | null {
  return items.length > 0 ? null : refusal('record', 'MISSING_LIST_EMPTY', '一次性告知须列明所缺全部材料', 'List every missing document at once', 'missing');
}

function notAfter(day: PlainDate, today: PlainDate, field: string): Refusal | null {
  if (compareDates(day, today) <= 0) return null;
  return refusal('record', 'DATE_IN_FUTURE', `日期不能晚于今天（${today}）`, `The date cannot be after today (${today})`, field);
}

export interface InvestigationRecord {
  investigators: readonly { name: string }[];
  investigatedOn: PlainDate;
  homeVisitOn: PlainDate | null;
  neighbourVisits: number;
  writtenEvidence: readonly string[];
  dataCheck: { result: 'eligible' | 'ineligible'; checkedOn: PlainDate; reasons: readonly string[] };
}

/**
 * 家庭经济状况调查 [nat-2012 Art.10–14]: at least two investigators; home visit, neighbour visits and written
 * evidence; the data check (信息核对). A data check that already shows ineligibility may end the case before the
 * visits, but only with its written reasons.
 */
export function checkInvestigation(r: InvestigationRecord, today: PlainDate): Refusal | null {
  const names = new Set(r.investigators.map((i) => i.name.trim()));
  if (names.size < 2) {
    return refusal('record', 'INVESTIGATORS_TOO_FEW', `入户调查人员不得少于 2 人（现有 ${names.size} 人）`, `At least two investigators are needed (found ${names.size})`, 'investigators');
  }
  const dates: [PlainDate | null, string][] = [
    [r.investigatedOn, 'investigatedOn'],
    [r.homeVisitOn, 'homeVisitOn'],
    [r.dataCheck.checkedOn, 'dataCheck.checkedOn'],
  ];
  for (const [d, field] of dates) {
    const bad = d ? notAfter(d, today, field) : null;
    if (bad) return bad;
  }
  if (r.dataCheck.result === 'ineligible') {
    if (r.dataCheck.reasons.length === 0) {
      return refusal('record', 'DATA_CHECK_REASON_REQUIRED', '信息核对不符合条件的，须写明理由', 'A data check showing ineligibility needs its written reasons', 'dataCheck.reasons');
    }
    return null;
  }
  if (!r.homeVisitOn) return refusal('record', 'HOME_VISIT_REQUIRED', '须入户调查并记录日期', 'Record the home visit and its date', 'homeVisitOn');
  if (r.neighbourVisits < 1) return refusal('record', 'NEIGHBOUR_VISIT_REQUIRED', '须走访邻里', 'Record at least one neighbour visit', 'neighbourVisits');
  if (r.writtenEvidence.length < 1) return refusal('record', 'WRITTEN_EVIDENCE_REQUIRED', '须附书面证明材料', 'List the written evidence collected', 'writtenEvidence');
  return null;
}

export type ParticipantCategory = (typeof PARTICIPANT_CATEGORIES)[number];

export interface DeliberationRecord {
  heldOn: PlainDate;
  participants: readonly { name: string; category: ParticipantCategory }[];
  signed: boolean;
}

/** Counts a deliberation's participants: each person once, and how many of them are villager representatives. */
export function countParticipants(participants: DeliberationRecord['participants']): { total: number; representatives: number } {
  const byName = new Map<string, ParticipantCategory>();
  for (const p of participants) byName.set(p.name.trim(), p.category);
  let representatives = 0;
  for (const c of byName.values()) if (c === 'villager_representative') representatives++;
  return { total: byName.size, representatives };
}

/**
 * 民主评议 / 两委联席评议 [nat-2012 Art.15; seed 二(二)]: villager representatives make up at least two thirds of
 * the participants (compared in integers: 3 × representatives ≥ 2 × participants), and the conclusion is signed.
 */
export function checkDeliberation(r: DeliberationRecord, today: PlainDate): Refusal | null {
  const bad = notAfter(r.heldOn, today, 'heldOn');
  if (bad) return bad;
  const { total, representatives } = countParticipants(r.participants);
  if (3 * representatives < 2 * total) {
    return refusal(
      'record',
      'REPRESENTATIVES_BELOW_TWO_THIRDS',
      `村民代表应不少于参加评议人员的三分之二（现为 ${representatives}/${total}）`,
      `Villager representatives must be at least two thirds of the participants (${representatives} of ${total})`,
      'participants',
    );
  }
  if (!r.signed) return refusal('record', 'CONCLUSION_NOT_SIGNED', '评议结论须由参加人员签字', 'The conclusion must be signed by the participants', 'signed');
  return null;
}

export function checkNotFuture(day: PlainDate, today: PlainDate, field: string): Refusal | null {
  return notAfter(day, today, field);
}
