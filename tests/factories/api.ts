import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import type { Db } from '../../src/db/connect.ts';
import { TEST_PASSWORD } from './users.ts';

export interface Client {
  username: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; json: any }>;
}

export async function testServer(db: Db, clock?: () => Date): Promise<FastifyInstance> {
  const app = await buildServer({ db, clock });
  await app.ready();
  return app;
}

/** Logs in through the API and returns a client that sends the session cookie and CSRF header. */
export async function loginAs(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'doudi_session');
  const csrf = res.json().csrfToken as string;
  return {
    username,
    async call(method, url, body) {
      const r = await app.inject({
        method,
        url,
        headers: { cookie: `doudi_session=${cookie?.value}`, 'x-csrf-token': csrf },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: r.statusCode, json: r.body ? safeJson(r.body) : null };
    },
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** A valid household of three in a village, with synthetic but valid ID numbers. */
export function householdOfThree(areaCode: string, ids: [string, string, string], names = ['张建国', '李秀英', '张小明']) {
  return {
    areaCode,
    address: '铁岭县新台子镇懿路村三组 12 号',
    hukouType: 'rural',
    registeredPoor: false,
    members: [
      { idNumber: ids[0], name: names[0], relation: 'head', laborCapacity: 'partial' },
      { idNumber: ids[1], name: names[1], relation: 'spouse', laborCapacity: 'full' },
      { idNumber: ids[2], name: names[2], relation: 'child', laborCapacity: 'none', inSchool: true },
    ],
    incomes: [{ kind: 'wage', annualYuan: '6000' }],
    assets: [{ kind: 'financial', valueYuan: '1200.50' }],
  };
}

/**
 * A household as the API returned it, with each member's ID number put back in clear from the request that registered
 * it (the API shows them masked, ADR 0012): for tests that send a member's number again. Members are matched by name.
 */
export function withClearIds<H extends { members: { name: string; idNumber: string }[] }>(detail: H, sent: { members: { name: string; idNumber: string }[] }): H {
  const byName = new Map(sent.members.map((m) => [m.name, m.idNumber]));
  return { ...detail, members: detail.members.map((m) => ({ ...m, idNumber: byName.get(m.name) ?? m.idNumber })) };
}
