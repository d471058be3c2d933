import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerDeps } from '../../src/api/server.ts';
import type { Db } from '../../src/db/connect.ts';
import type { LoginTarget } from './login-steps.ts';
import { injectLogin } from './raw-session.ts';
import { TEST_PASSWORD } from './users.ts';

export interface Client {
  username: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; json: any }>;
}

const targets = new WeakMap<FastifyInstance, LoginTarget>();

/** The database and clock of a server `testServer` made (the login factories need them for the second factor). */
export const targetOf = (app: FastifyInstance): LoginTarget => targets.get(app) ?? {};

/**
 * A server for API tests. Tests log in many times from one address, so the rate limits are off unless a test turns
 * them on (`opts.rateLimit`) to check them.
 */
export async function testServer(db: Db, clock?: () => Date, opts: Partial<ServerDeps> = {}): Promise<FastifyInstance> {
  // Authenticator codes follow the test's clock too, so that a test can move to the next 30-second step.
  const app = await buildServer({ db, clock, totpClock: clock, rateLimit: { login: false, api: false }, ...opts });
  await app.ready();
  targets.set(app, { db, clock });
  return app;
}

/** Logs in through the API (second factor included) and returns a client that sends the session cookie and CSRF header. */
export async function loginAs(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const { token, info } = await injectLogin(app, username, password);
  const csrf = info.csrfToken;
  return {
    username,
    async call(method, url, body) {
      const r = await app.inject({
        method,
        url,
        headers: { cookie: `doudi_session=${token}`, 'x-csrf-token': csrf },
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
