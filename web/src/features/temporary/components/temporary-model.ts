import type { CollectiveDecision, EmergencyRecord, TemporaryApplication, TemporaryApproval } from '#contracts/temporary.ts';
import { EMERGENCY_CATEGORIES, EXPENDITURE_CATEGORIES } from '#contracts/temporary.ts';
import { textLines } from '../../../lib/format.ts';

/**
 * What the temporary-aid forms hold and how they become request bodies. Pure functions, so what reaches the server is
 * tested against the contract's schemas without a browser (temporary-model.test.ts).
 */
export type Mode = 'emergency' | 'expenditure';

export const categoriesOf = (mode: Mode): readonly string[] => (mode === 'emergency' ? EMERGENCY_CATEGORIES : EXPENDITURE_CATEGORIES);

export interface RecordValues {
  household?: string;
  applicantPersonId?: string;
  category?: string;
  eventDate?: string;
  eventNote?: string;
  needYuan?: string;
  paidFirstYuan?: string;
  reason?: string;
  attachments?: string;
}

/** The household picked in the search: "county/id". */
export function householdRef(value: string | undefined): { countyCode: string; id: string } | null {
  const m = /^(\d{6})\/(.+)$/.exec(value ?? '');
  return m ? { countyCode: m[1], id: m[2] } : null;
}

const amount = (s: string | undefined) => (s ?? '').trim().replace(/[,，\s]/g, '');

export function emergencyBody(v: RecordValues): EmergencyRecord {
  return {
    household: householdRef(v.household) ?? { countyCode: '', id: '' },
    applicantPersonId: v.applicantPersonId ?? '',
    category: v.category as EmergencyRecord['category'],
    eventDate: v.eventDate ?? '',
    eventNote: (v.eventNote ?? '').trim(),
    needYuan: amount(v.needYuan),
    paidFirstYuan: amount(v.paidFirstYuan),
    reason: (v.reason ?? '').trim(),
    attachments: textLines(v.attachments),
  };
}

export function applicationBody(v: RecordValues): TemporaryApplication {
  return {
    household: householdRef(v.household) ?? { countyCode: '', id: '' },
    applicantPersonId: v.applicantPersonId ?? '',
    category: v.category as TemporaryApplication['category'],
    eventDate: v.eventDate ?? '',
    eventNote: (v.eventNote ?? '').trim(),
    needYuan: amount(v.needYuan),
    attachments: textLines(v.attachments),
  };
}

/**
 * The form field a server error names: the body's `household.id` is the household picker, the rest by their own name
 * (`needYuan`, `paidFirstYuan`, `eventDate`…).
 */
export function formFieldOf(field: string | undefined): string | null {
  if (!field) return null;
  const head = field.split('.')[0];
  return ['household', 'applicantPersonId', 'category', 'eventDate', 'eventNote', 'needYuan', 'paidFirstYuan', 'reason'].includes(head) ? head : null;
}

export interface StageRow {
  payOn?: string;
  amountYuan?: string;
}

/** The approval's body: the stages typed (blank rows dropped); none means one stage paid on the decision day. */
export function approvalBody(version: number, rows: StageRow[] | undefined, attachments?: string): TemporaryApproval {
  const stages = (rows ?? []).filter((r) => r?.payOn || r?.amountYuan?.trim()).map((r) => ({ payOn: r.payOn ?? '', amountYuan: amount(r.amountYuan) }));
  return { version, stages, attachments: textLines(attachments) };
}

export interface CollectiveValues {
  decidedOn?: string;
  participants?: { name?: string; post?: string }[];
  members?: number;
  present?: number;
  inFavour?: number;
  decision?: string;
  amountYuan?: string;
  attachments?: string;
}

export function collectiveBody(version: number, v: CollectiveValues): CollectiveDecision {
  return {
    version,
    decidedOn: v.decidedOn ?? '',
    participants: (v.participants ?? []).filter((p) => p?.name?.trim()).map((p) => ({ name: (p.name ?? '').trim(), post: (p.post ?? '').trim() })),
    members: Number(v.members ?? 0),
    present: Number(v.present ?? 0),
    inFavour: Number(v.inFavour ?? 0),
    decision: (v.decision ?? '').trim(),
    amountYuan: amount(v.amountYuan),
    attachments: textLines(v.attachments),
  };
}
