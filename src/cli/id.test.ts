import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDigit } from '../kernel/id-number.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the real `doudi` bin on the project's Node 24, as a user would. */
function doudi(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/node', ['bin/doudi.mjs', ...args], { cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('doudi id check', () => {
  it('exits 0 and describes a valid number', async () => {
    const r = await doudi('id', 'check', '211221196001010017');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('有效 valid: 211221196001010017 出生 1960-01-01 男/M');
  });

  it('exits 1 with the reason code and both messages for a wrong check digit', async () => {
    const r = await doudi('id', 'check', '211221196001010018');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ID_CHECK_DIGIT');
    expect(r.stdout).toContain('应为 7');
    expect(r.stdout).toContain('expected 7');
  });

  it('prints JSON for machines, valid and invalid', async () => {
    const female = `21122119991231002${checkDigit('21122119991231002')}`;
    const ok = await doudi('id', 'check', female, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      valid: true,
      id18: female,
      birthDate: '1999-12-31',
      sex: 'F',
      regionCode: '211221',
      converted15: false,
    });
    const bad = await doudi('id', 'check', '2112211960010100', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, error: { code: 'ID_LENGTH' } });
    expect(JSON.parse(bad.stdout).error.message.zh).toBeTruthy();
  });

  it('converts a legacy 15-digit number', async () => {
    const r = await doudi('id', 'check', '211221600101001', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, id18: '211221196001010017', converted15: true });
  });

  it('rejects a birth date after today (the real clock)', async () => {
    const r = await doudi('id', 'check', `21122121990101001${checkDigit('21122121990101001')}`, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('ID_BIRTH_DATE_FUTURE');
  });

  it('exits 2 on a missing argument', async () => {
    const r = await doudi('id', 'check');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing required argument');
  });
});
