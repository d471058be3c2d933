import type { RowConclude, RowDetail, RowFill } from '#contracts/screening.ts';

type Member = RowDetail['members'][number];

/** A member's findings as the form holds them: grade 0 = no disability; own income as typed. */
export interface MemberValues {
  personKey: string;
  laborCapacity: 'full' | 'partial' | 'none';
  grade: number;
  kind: string;
  seriousIllness: boolean;
  ownIncome: string;
}

export interface FillValues {
  methods?: { method: string; date: string; staff: string }[];
  income?: string | number;
  assets?: string | number;
  vehicles?: number;
  note?: string;
  members?: MemberValues[];
}

/** The office's 劳动能力 words as the server reads them (src/commands/screening/assess-row.ts `laborOf`). */
export function laborOf(text: string): MemberValues['laborCapacity'] {
  if (/无|丧失劳动/.test(text) && !/部分/.test(text)) return 'none';
  if (/弱|半|部分/.test(text)) return 'partial';
  return 'full';
}

/** A member's form values: what was saved, else the office's record (残疾 with its grade, 患有大病). */
export function memberInitial(r: Pick<RowDetail, 'findings'>, m: Member): MemberValues {
  const f = r.findings?.members.find((x) => x.personKey === m.personKey);
  if (f) return { personKey: m.personKey, laborCapacity: f.laborCapacity, grade: f.disability?.grade ?? 0, kind: f.disability?.kind ?? 'multiple', seriousIllness: f.seriousIllness, ownIncome: f.ownIncomeAnnual ?? '' };
  return { personKey: m.personKey, laborCapacity: laborOf(m.laborCapacity), grade: m.health === 'disabled' ? (m.disabilityGrade ?? 0) : 0, kind: 'multiple', seriousIllness: m.health === 'serious', ownIncome: '' };
}

/** Staff names as typed: separated by 、，, or spaces. */
export const splitStaff = (s: string): string[] =>
  s
    .split(/[、，,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The form's values as the fill request: no income typed = no findings yet. */
export function fillBody(version: number, v: FillValues): RowFill {
  const income = String(v.income ?? '').trim();
  return {
    version,
    methods: (v.methods ?? []).map((m) => ({ method: m.method, date: m.date, staff: splitStaff(m.staff ?? '') })) as RowFill['methods'],
    findings:
      income === ''
        ? null
        : {
            incomeAnnualPerCapita: income,
            financialAssets: String(v.assets ?? '').trim() || '0',
            vehicles: Number(v.vehicles ?? 0),
            note: v.note ?? '',
            members: (v.members ?? []).map((m) => ({
              personKey: m.personKey,
              laborCapacity: m.laborCapacity,
              disability: m.grade ? { kind: m.kind as 'multiple', grade: m.grade } : null,
              seriousIllness: Boolean(m.seriousIllness),
              ...(String(m.ownIncome ?? '').trim() !== '' ? { ownIncomeAnnual: String(m.ownIncome).trim() } : {}),
            })),
          },
  };
}

export interface ConcludeValues {
  conclusion: RowConclude['conclusion'];
  kind?: 'dibao_household' | 'tekun';
  personKey?: string;
  reason?: string;
  referrals?: NonNullable<RowConclude['referrals']>;
  signed?: boolean;
  auth?: boolean;
  relative?: boolean;
}

/** Whether concluding opens a case (and so needs the household's signed application). */
export const opensCase = (c: ConcludeValues['conclusion'] | undefined): boolean => c === 'eligible' || c === 'single_person';

/** The form's values as the conclude request: only the fields the conclusion takes. */
export function concludeBody(version: number, v: ConcludeValues): RowConclude {
  const member = v.conclusion === 'single_person' || (v.conclusion === 'eligible' && v.kind === 'tekun');
  return {
    version,
    conclusion: v.conclusion,
    ...(v.conclusion === 'eligible' ? { kind: v.kind ?? 'dibao_household' } : {}),
    ...(member && v.personKey ? { personKey: v.personKey } : {}),
    ...((v.conclusion === 'not_eligible' || v.conclusion === 'referred') && v.reason ? { reason: v.reason } : {}),
    ...(v.conclusion === 'referred' ? { referrals: v.referrals ?? [] } : {}),
    ...(opensCase(v.conclusion) ? { declaration: { signed: Boolean(v.signed), dataCheckAuthorised: Boolean(v.auth), staffRelative: Boolean(v.relative) } } : {}),
  };
}
