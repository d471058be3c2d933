import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { plainDate } from '../kernel/plain-date.ts';
import { WorkingCalendar } from '../kernel/working-days.ts';
import { registerCalendarCommands } from './calendar.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function doudi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/node', ['bin/doudi.mjs', ...args], { cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const lastLine = (s: string) => s.trim().split('\n').at(-1);

describe('doudi calendar (the official calendar, spawned)', () => {
  it('add-working-days skips National Day 2019 and counts the make-up Saturday', async () => {
    const r = await doudi('calendar', 'add-working-days', '2019-09-30', '10');
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('2019-10-18');
  });

  it('add-working-days counts backwards for a negative n', async () => {
    const r = await doudi('calendar', 'add-working-days', '2019-02-11', '-1');
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('2019-02-03');
  });

  it('exits 2 with a clear message for a bad date or n', async () => {
    const badDate = await doudi('calendar', 'add-working-days', '2019-02-29', '10');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('CALENDAR_DATE');
    expect(badDate.stdout).toBe('');
    for (const n of ['ten', '1.5', '99999']) {
      const badN = await doudi('calendar', 'add-working-days', '2019-09-30', n);
      expect(badN.code, n).toBe(2);
      expect(badN.stderr, n).toContain('CALENDAR_WORKING_DAYS');
    }
  });

  it('warns on stderr when the range leaves the years with official data', async () => {
    const r = await doudi('calendar', 'add-working-days', '2040-01-01', '1');
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('2040-01-02');
    expect(r.stderr).toContain('2040');
  });

  it('show lists every day of the month with its kind', async () => {
    const r = await doudi('calendar', 'show', '2019-10');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(32);
    expect(lines[0]).toMatch(/^2019-10-01 .*holiday.*国庆节/);
    expect(lines[11]).toMatch(/^2019-10-12 .*makeup/);
    expect(lines[12]).toMatch(/^2019-10-13 .*weekend/);
    expect(lines[13]).toMatch(/^2019-10-14 .*workday/);
    expect(lines[31]).toContain('19');
  });

  it('show --json and a bad month', async () => {
    const r = await doudi('calendar', 'show', '2019-02', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.covered).toBe(true);
    expect(body.days).toHaveLength(28);
    expect(body.days[1]).toMatchObject({ date: '2019-02-02', kind: 'makeup', working: true });
    const bad = await doudi('calendar', 'show', '2019-13');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CALENDAR_MONTH');
  });
});

describe('registerCalendarCommands with an injected calendar', () => {
  afterEach(() => vi.restoreAllMocks());

  it('uses the calendar it is given (as the database-backed one will be)', async () => {
    // An administrator declared 2030-10-01…03 holidays and Saturday 2030-10-05 a make-up day.
    const custom = new WorkingCalendar(
      [
        ...['01', '02', '03'].map((d) => ({ date: plainDate(`2030-10-${d}`), kind: 'holiday' as const })),
        { date: plainDate('2030-10-05'), kind: 'workday' as const },
      ],
      [2030],
    );
    const loadCalendar = vi.fn(async () => custom);
    const program = new Command('doudi').exitOverride();
    registerCalendarCommands(program, { loadCalendar });
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    // Monday 2030-09-30 + 3: Friday 10-04, Saturday 10-05 (make-up), Monday 10-07.
    await program.parseAsync(['calendar', 'add-working-days', '2030-09-30', '3'], { from: 'user' });
    expect(loadCalendar).toHaveBeenCalledOnce();
    expect(out.join('').trim()).toBe('2030-10-07');
  });
});
