import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCalcCommand } from './calc.ts';
import { runProgram } from './failure.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'doudi-calc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLE = `program: dibao
month: "2019-08"
county: "211221"
unit: household
household:
  hukou: rural
  registeredPoor: false
  members:
    - { birthDate: "1970-05-01", relation: head, laborCapacity: full }
    - { birthDate: "1972-03-01", relation: spouse, laborCapacity: partial }
    - { birthDate: "2005-09-01", relation: child, laborCapacity: none }
  incomes:
    - { kind: wage, annual: 6000 }
  assets: { financial: 0, vehicles: 0 }
`;

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function doudi(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('node_modules/.bin/node', ['bin/doudi.mjs', ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

/** Runs `calc` in process, capturing what it prints. */
async function calc(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command('doudi').exitOverride();
  registerCalcCommand(program, { readStdin: () => stdin, out: (t) => (out += t) });
  const before = process.exitCode;
  // Failures are reported as \`doudi\` reports them (src/cli/failure.ts).
  await runProgram(program, ['node', 'doudi', 'calc', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { code, out, err };
}

describe('doudi calc (spawned)', () => {
  it('gives the POLICY.md worked example: 69250 fen, "692.50" per month, with a trace', async () => {
    const r = await doudi(['calc', file('example.yaml', EXAMPLE), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ program: 'dibao', month: '2019-08', eligible: true, amount: { fen: 69250, yuan: '692.50', per: 'month' } });
    expect(j.trace.length).toBeGreaterThan(5);
    expect(j.reasons[0]).toMatchObject({ code: 'INCOME_BELOW_STANDARD', message: { zh: expect.any(String), en: expect.any(String) } });
  });

  it('reads JSON from stdin with "-"', async () => {
    const json = JSON.stringify({ program: 'dibao', month: '2019-06', county: '211221', household: { hukou: 'rural', members: [{ birthDate: '1970-05-01' }, { birthDate: '1972-03-01' }, { birthDate: '2005-09-01' }], incomes: [{ kind: 'wage', annual: 6000 }] } });
    const r = await doudi(['calc', '-', '--json'], json);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).amount).toEqual({ fen: 58750, yuan: '587.50', per: 'month' });
  });

  it('exits 2 naming the field for month 2019-13', async () => {
    const r = await doudi(['calc', file('bad.yaml', EXAMPLE.replace('"2019-08"', '"2019-13"')), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^SITUATION_INVALID month: /m);
    expect(JSON.parse(r.stdout).error.issues[0].path).toBe('month');
  });
});

describe('doudi calc: a member born after the benefit month (issue 10, point 8)', () => {
  // Counted as a member this gave dibao 795.00 for 2019-08 (4770 × 2 / 12); a tekun applicant born 2025 was granted in 2019.
  const UNBORN = `program: dibao
month: "2019-08"
county: "211221"
household:
  hukou: rural
  members:
    - { birthDate: "1985-04-01", relation: head }
    - { birthDate: "2019-09-03", relation: child }
`;
  const TEKUN_2025 = `program: tekun
month: "2019-08"
county: "211221"
household:
  hukou: rural
  members:
    - { birthDate: "2025-01-01", laborCapacity: none, supporter: none, selfCareFailed: 6 }
`;

  it('exits 2 naming the member’s birth date, like an ID number born after the month', async () => {
    const r = await doudi(['calc', file('unborn.yaml', UNBORN), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^SITUATION_INVALID household\.members\.1\.birthDate: BIRTH_DATE_FUTURE: .*2019-09-03.*晚于待遇月份/m);
    expect(JSON.parse(r.stdout).error.issues.map((i: { path: string }) => i.path)).toEqual(['household.members.1.birthDate']);
    for (const [text, field] of [[TEKUN_2025, 'household.members.0.birthDate'], [UNBORN.replace('"2019-09-03"', '"2019-08-31"').replace('"2019-08"', '"2019-07"'), 'household.members.1.birthDate']]) {
      const x = await calc(['-'], text);
      expect([field, x.code]).toEqual([field, 2]);
      expect(x.err).toContain(`SITUATION_INVALID ${field}: BIRTH_DATE_FUTURE`);
    }
    const born = await calc(['-', '--json'], UNBORN.replace('"2019-08"', '"2019-09"'));
    expect([born.code, JSON.parse(born.out).amount.yuan]).toEqual([0, '795.00']);
  });
});

describe('doudi calc (in process)', () => {
  it('explains the result in Chinese with reasons, trace lines and citations', async () => {
    const r = await calc([file('text.yaml', EXAMPLE)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('结论 decision: 符合条件 eligible');
    expect(r.out).toContain('金额 amount: 692.50 元/月');
    // To the fen, the exact value beside; parameters by name with their unit, citations naming the plan, demo values said to be.
    expect(r.out).toContain('家庭人均月收入 income.perCapitaMonthly = 166.67 元（精确值 exact 166.666');
    expect(r.out).toContain('收入条件 test.income = 符合');
    expect(r.out).toContain('dibao.standard.rural = 4,770.00 元/人/年（2019-07-01 起，铁岭县 211221');
    expect(r.out).toContain('依据 citation: 铁市民发〔2019〕45号 二(一)');
    expect(r.out).toMatch(/dibao\.assets\.financialMultiple = 2 倍年低保标准（.*示例值 illustrative）\n {4}依据 citation: 示例值：演示用的默认值/);
    expect(r.out).not.toContain('POLICY.md');
  });

  it('exits 2 for a county outside Tieling, a YAML error, an unknown parameter and a month without parameters', async () => {
    const cases: [string, string][] = [
      [EXAMPLE.replace('"211221"', '"210102"'), 'county'],
      [`${EXAMPLE}  bad: [\n`, '(yaml)'],
      [`${EXAMPLE}parameters: { "dibao.standard.nowhere": 1 }\n`, 'parameters.dibao.standard.nowhere'],
      [`${EXAMPLE}parameters: { "dibao.standard.rural": [a] }\n`, 'parameters.dibao.standard.rural'],
      [EXAMPLE.replace('"2019-08"', '"2010-01"'), 'month'],
    ];
    for (const [text, field] of cases) {
      const r = await calc(['-'], text);
      expect([field, r.code]).toEqual([field, 2]);
      expect(r.err).toContain(`SITUATION_INVALID ${field}: `);
    }
  });

  it('exits 2 when the file cannot be read', async () => {
    const r = await calc([join(dir, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('(file)');
  });

  it('applies situation parameters and marks them as overrides', async () => {
    const r = await calc(['-', '--json'], `${EXAMPLE}parameters: { "dibao.standard.rural": 5000 }\n`);
    const j = JSON.parse(r.out);
    // (5000 × 3 − 6000) / 12 = 750
    expect(j.amount.fen).toBe(75000);
    expect(j.trace[0].params[0]).toMatchObject({ name: 'dibao.standard.rural', value: 5000, source: 'override' });
  });
});
