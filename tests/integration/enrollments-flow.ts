import { expect } from 'vitest';
import { approvedEnrollmentRows, insertApproved } from '../../src/commands/demo/enroll-demo.ts';
import { situationForEnrollment } from '../../src/commands/enrollments/registry-facts.ts';
import { loadParameterSet } from '../../src/commands/policy/parameters.ts';
import type { Db } from '../../src/db/connect.ts';
import { scopeOf } from '../../src/db/scope.ts';
import type { PlainMonth } from '../../src/kernel/plain-date.ts';
import { determine } from '../../src/rules/engine.ts';
import type { CaseKind } from '../../src/workflow/case-types.ts';
import type { Client } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';

/**
 * Helpers of the enrollment and review tests: households of given shapes through the API, and enrollments written
 * straight into the database as an approval leaves them (the approval path itself is covered by the case tests and
 * by the first enrollment test, which goes through it).
 */
export interface Household {
  countyCode: string;
  id: string;
  areaCode: string;
  members: { id: string; idNumber: string; name: string; relation: string; version: number }[];
}

type MemberSpec = { birth: string; relation: string; laborCapacity: 'full' | 'partial' | 'none'; supporterStatus?: string; selfCareFailed?: string[] };

export async function household(
  client: Client,
  area: string,
  o: { members: MemberSpec[]; incomes: { kind: string; annualYuan: string }[]; registeredPoor?: boolean; tag?: string },
): Promise<Household> {
  const res = await client.call('POST', '/api/households', {
    areaCode: area,
    address: `铁岭县测试村 ${o.tag ?? ''}`,
    hukouType: 'rural',
    registeredPoor: o.registeredPoor ?? false,
    members: o.members.map((m, i) => ({
      idNumber: nextId(m.birth),
      name: `成员${o.tag ?? ''}${i}`,
      relation: m.relation,
      laborCapacity: m.laborCapacity,
      ...(m.supporterStatus ? { supporterStatus: m.supporterStatus } : {}),
      ...(m.selfCareFailed ? { selfCareFailed: m.selfCareFailed } : {}),
    })),
    incomes: o.incomes,
    assets: [],
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json;
}

/** POLICY.md §3's worked example: rural, three members, 6,000 yuan a year → 587.50 (June 2019), 692.50 (from July). */
export const workedExample = (client: Client, area: string, tag = '', registeredPoor = false) =>
  household(client, area, {
    tag,
    registeredPoor,
    members: [
      { birth: '19700501', relation: 'head', laborCapacity: 'partial' },
      { birth: '19720301', relation: 'spouse', laborCapacity: 'full' },
      { birth: '20050901', relation: 'child', laborCapacity: 'none' },
    ],
    incomes: [{ kind: 'wage', annualYuan: '6000' }],
  });

/** An enrollment as an approval for `startMonth` leaves it, at the engine's amount for that month. */
export async function enrollDirect(db: Db, h: Household, o: { kind?: Exclude<CaseKind, 'temporary_emergency' | 'temporary_expenditure'>; startMonth: string; applicant?: number; at?: string }): Promise<{ id: string; amountFen: number }> {
  const kind = o.kind ?? 'dibao_household';
  const ps = await loadParameterSet(db);
  const household = await db.kysely.selectFrom('household').selectAll().where('county_code', '=', h.countyCode).where('id', '=', h.id).executeTakeFirstOrThrow();
  const members = await db.kysely.selectFrom('person').selectAll().where('county_code', '=', h.countyCode).where('household_id', '=', h.id).execute();
  members.sort((a, b) => (a.relation === 'head' ? -1 : b.relation === 'head' ? 1 : 0));
  const incomes = await db.kysely.selectFrom('income_item').selectAll().where('county_code', '=', h.countyCode).where('household_id', '=', h.id).execute();
  const applicant = members[o.applicant ?? 0];
  const key = { county_code: h.countyCode, program: kind === 'tekun' ? ('tekun' as const) : ('dibao' as const), unit: kind === 'dibao_household' ? ('household' as const) : ('individual' as const), household_id: h.id, person_id: applicant.id };
  const d = determine(situationForEnrollment({ household, members, incomes, assets: [] }, key, o.startMonth as PlainMonth), ps, { trace: true });
  expect(d.eligible, JSON.stringify(d.reasons)).toBe(true);
  const rows = approvedEnrollmentRows({
    countyCode: h.countyCode,
    householdId: h.id,
    areaCode: h.areaCode,
    applicantId: applicant.id,
    kind,
    startMonth: o.startMonth as PlainMonth,
    determination: d,
    decider: { id: 'test', name: '测试审批', role: 'county_approver' },
    at: o.at ?? '2019-01-01T00:00:00.000Z',
  });
  await db.kysely.transaction().execute((trx) => insertApproved(trx, scopeOf(h.areaCode), [rows]));
  return { id: rows.enrollment.id, amountFen: d.amount.fen };
}

export async function termsOf(db: Db, county: string, enrollmentId: string) {
  const rows = await db.kysely.selectFrom('enrollment_term').selectAll().where('county_code', '=', county).where('enrollment_id', '=', enrollmentId).orderBy('from_month').execute();
  return rows.map((t) => ({ from: t.from_month, status: t.status, fen: Number(t.amount_fen), basis: t.basis }));
}

/** Sets a household's yearly wage income straight in the registry (what a caseworker records after a reported change). */
export async function setWage(db: Db, h: Household, annualYuan: number): Promise<void> {
  await db.kysely
    .updateTable('income_item')
    .set({ annual_fen: annualYuan * 100 })
    .where('county_code', '=', h.countyCode)
    .where('household_id', '=', h.id)
    .execute();
}

export const enrollmentUrl = (county: string, id: string, action?: string) => `/api/enrollments/${county}/${id}${action ? `/${action}` : ''}`;
export const reviewUrl = (county: string, id: string, step?: string) => `/api/reviews/${county}/${id}${step ? `/${step}` : ''}`;
