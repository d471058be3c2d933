import { operatorContext } from '../../src/commands/context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoll } from '../../src/commands/payroll/build-roll.ts';
import { runDoudi } from '../factories/cli.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const C = '211221';

/** A situation whose month does not exist (the calc example of docs/policy-engine.md, month 2019-13). */
const BAD_SITUATION = JSON.stringify({ program: 'dibao', month: '2019-13', county: C, household: { hukou: 'rural', members: [{ birthDate: '1970-05-01' }], incomes: [] } });

/**
 * `--json` means JSON on errors too (issue 10 point 10, ADR 0021): every failure prints `{ error: { code, message:
 * { zh, en }, field? } }` on stdout, with the same exit code as without `--json` and the same line on stderr.
 */
describe(`doudi … --json on failure (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let rollId = '';

  beforeAll(async () => {
    db = await createTestDb();
    const maker = await makeUser(db, 'cj_maker', 'county_approver', AREAS.county);
    await makeUser(db, 'cj_admin', 'county_admin', AREAS.county);
    rollId = (await buildRoll(operatorContext(db, { name: maker.username }), { county: C, program: 'dibao', month: '2019-09' })).rollId;
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  // One spawn per run: each starts a Node process, and a busy machine makes that slow.
  it.each([
    ['a payroll build refused (no standard in force that month)', 1, 'PAYROLL_MONTH_NO_STANDARD', 'month', ['payroll', 'build', '--county', C, '--month', '1990-01']],
    ['a payroll build with a malformed month', 2, 'PAYROLL_MONTH_FORMAT', 'month', ['payroll', 'build', '--county', C, '--month', '2019-8']],
    ['a calc of an invalid situation', 2, 'SITUATION_INVALID', 'month', ['calc', '-'], BAD_SITUATION],
    ['a permission refusal (a county administrator approving a roll)', 1, 'PERMISSION_DENIED', undefined, ['payroll', 'approve', '--county', C, '--id', () => rollId, '--as', 'cj_admin']],
    ['a missing required option', 2, 'USAGE_OPTION_REQUIRED', 'county', ['payroll', 'build', '--month', '2019-08']],
    ['a missing argument', 2, 'USAGE_ARGUMENT_REQUIRED', 'number', ['id', 'check']],
    ['an unknown option', 2, 'USAGE_OPTION_UNKNOWN', 'sett', ['simulate', '--from', '2019-08', '--sett', 'x=1']],
  ] as const)('%s: exit %i, %s', async (_what, exitCode, code, field, argv: readonly (string | (() => string))[], stdin?: string) => {
    const args = argv.map((a) => (typeof a === 'function' ? a() : a));
    const plain = await runDoudi(db, [...args], { stdin });
    const json = await runDoudi(db, [...args, '--json'], { stdin });
    expect([plain.code, json.code], `${plain.stderr}\n${json.stderr}`).toEqual([exitCode, exitCode]);
    expect(plain.stdout).toBe('');
    const out = JSON.parse(json.stdout);
    expect(Object.keys(out)).toEqual(['error']);
    expect(out.error).toMatchObject({ code, message: { zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) } });
    if (field) expect(out.error.field).toBe(field);
    else expect(out.error).not.toHaveProperty('field');
    // What a person reads stays on stderr, the same with or without --json.
    expect(json.stderr).toBe(plain.stderr);
    if (!code.startsWith('USAGE_')) expect(plain.stderr).toMatch(new RegExp(`^${code}[: ]`, 'm'));
  });

  it('calc lists every fault of the situation in the JSON error', async () => {
    const r = await runDoudi(db, ['calc', '-', '--json'], { stdin: BAD_SITUATION });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.issues).toEqual([{ path: 'month', message: expect.any(String) }]);
  });

  it('--help still exits 0 and prints no JSON', async () => {
    const r = await runDoudi(db, ['payroll', 'build', '--help', '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--county');
    expect(r.stdout).not.toContain('"error"');
  });
});
