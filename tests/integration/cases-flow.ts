import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Client } from '../factories/api.ts';
import { householdOfThree, loginAs, withClearIds } from '../factories/api.ts';
import { nextId } from '../factories/ids.ts';

/**
 * Helpers for the case tests: a settable clock (steps happen on given days of 2019), request bodies for each step,
 * and a driver that takes a case along the main road to a given state with the four users of the procedure.
 */
export class TestClock {
  now: Date;
  constructor(day: string) {
    this.now = TestClock.at(day);
  }
  /** 10:00 in China on that day. */
  static at(day: string): Date {
    return new Date(`${day}T02:00:00Z`);
  }
  set(day: string): void {
    this.now = TestClock.at(day);
  }
  readonly fn = (): Date => this.now;
}

/**
 * A client that logs in again when its session has timed out: these tests move the clock by days between steps,
 * and sessions (rightly) expire on that clock.
 */
export async function sessionFor(app: FastifyInstance, username: string): Promise<Client> {
  let client = await loginAs(app, username);
  return {
    username,
    async call(method, path, body) {
      const r = await client.call(method, path, body);
      if (r.status !== 401) return r;
      client = await loginAs(app, username);
      return client.call(method, path, body);
    },
  };
}

export interface Crew {
  /** 村协理员 files and records the deliberation */
  va: Client;
  /** 乡镇经办 accepts, investigates, closes the village notice */
  cw: Client;
  /** 乡镇审核 reviews */
  rv: Client;
  /** 县区审批 draws and visits the spot check, gives the opinion, decides */
  ap: Client;
}

export interface CaseRef {
  countyCode: string;
  id: string;
}

export const url = (c: CaseRef, step?: string) => `/api/cases/${c.countyCode}/${c.id}${step ? `/${step}` : ''}`;

/** A rural household of three with 6,000 yuan wages a year: POLICY.md §3's worked example (692.50 in 2019-08). */
export async function newHousehold(client: Client, area: string, tag = ''): Promise<{ countyCode: string; id: string; members: { id: string; idNumber: string; name: string; relation: string }[] }> {
  const body = householdOfThree(area, [nextId('19700501'), nextId('19720301'), nextId('20050901')], [`申建国${tag}`, `李秀英${tag}`, `申小明${tag}`]);
  const res = await client.call('POST', '/api/households', { ...body, assets: [] });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  // The API shows ID numbers masked (ADR 0012); the tests that register a household know them in clear.
  return withClearIds(res.json, body);
}

export function applyBody(h: { countyCode: string; id: string; members: { id: string; relation: string }[] }, over: Record<string, unknown> = {}) {
  return {
    kind: 'dibao_household',
    household: { countyCode: h.countyCode, id: h.id },
    applicantPersonId: h.members.find((m) => m.relation === 'head')?.id,
    signedDeclaration: true,
    dataCheckAuthorised: true,
    staffRelative: false,
    onBehalf: true,
    attachments: ['申请书.pdf', '户口簿.jpg'],
    ...over,
  };
}

export function investigationBody(version: number, day: string, over: Record<string, unknown> = {}) {
  return {
    version,
    investigators: [{ name: '王调查' }, { name: '赵调查' }],
    investigatedOn: day,
    homeVisitOn: day,
    neighbourVisits: 2,
    writtenEvidence: ['村委会收入证明'],
    dataCheck: { result: 'eligible', checkedOn: day, reasons: [] },
    findings: '家庭收入主要为务工收入',
    attachments: ['入户调查表.pdf'],
    ...over,
  };
}

export function deliberationBody(version: number, day: string, representatives = 6, others = 3) {
  return {
    version,
    heldOn: day,
    participants: [
      ...Array.from({ length: representatives }, (_, i) => ({ name: `村民代表${i + 1}`, category: 'villager_representative' })),
      ...Array.from({ length: others }, (_, i) => ({ name: `两委成员${i + 1}`, category: i % 2 ? 'party_branch' : 'village_committee' })),
    ],
    conclusion: 'agree',
    conclusionText: '同意纳入',
    signed: true,
  };
}

/** Sends a step and expects it to succeed; returns the case detail. */
export async function ok(client: Client, method: 'POST' | 'GET', path: string, body?: unknown): Promise<any> {
  const res = await client.call(method, path, body);
  expect(res.status, `${client.username} ${method} ${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  return res.json;
}

export type Stop = 'applied' | 'accepted' | 'investigated' | 'deliberated' | 'village_notice' | 'county_review' | 'county_notice' | 'approved';

/**
 * Takes a new application along the main road up to `stop`, one step per day from `start` (the clock moves: notices
 * run their 7 days). Returns the case detail at the stop.
 */
export async function drive(crew: Crew, clock: TestClock, h: Parameters<typeof applyBody>[0], stop: Stop, start: string, applyOver: Record<string, unknown> = {}): Promise<any> {
  let day = start;
  const next = (n = 1) => {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    day = d.toISOString().slice(0, 10);
    clock.set(day);
  };
  clock.set(day);
  let c = await ok(crew.va, 'POST', '/api/cases', applyBody(h, applyOver));
  const ref = { countyCode: c.countyCode, id: c.id };
  const plan: [Stop, () => Promise<any>][] = [
    ['accepted', () => ok(crew.cw, 'POST', url(ref, 'accept'), { version: c.version })],
    ['investigated', () => ok(crew.cw, 'POST', url(ref, 'investigation'), investigationBody(c.version, day))],
    ['deliberated', () => ok(crew.va, 'POST', url(ref, 'deliberation'), deliberationBody(c.version, day))],
    ['village_notice', () => ok(crew.rv, 'POST', url(ref, 'township-review'), { version: c.version, opinion: '同意' })],
    [
      'county_review',
      async () => {
        next(7);
        return ok(crew.cw, 'POST', url(ref, 'close-village-notice'), { version: c.version });
      },
    ],
    [
      'county_notice',
      async () => {
        await ok(crew.ap, 'POST', '/api/spot-checks', { area: ref.countyCode, seed: 42 });
        c = await ok(crew.ap, 'GET', url(ref));
        if (c.spotCheck === 'sampled') {
          c = await ok(crew.ap, 'POST', url(ref, 'spot-visit'), { version: c.version, visitedOn: day, visitors: ['县抽查员甲'], finding: 'consistent' });
        }
        return ok(crew.ap, 'POST', url(ref, 'county-opinion'), { version: c.version, opinion: '拟批准' });
      },
    ],
    [
      'approved',
      async () => {
        next(7);
        return ok(crew.ap, 'POST', url(ref, 'approve'), { version: c.version });
      },
    ],
  ];
  if (stop === 'applied') return c;
  for (const [state, run] of plan) {
    next();
    c = await run();
    expect(c.state).toBe(state);
    if (state === stop) return c;
  }
  return c;
}
