import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './demo-password.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password policy (issue 9 point 14)', () => {
  it.each([
    ['Password123', /12/],
    ['Password1234', /common/],
    ['Password123!', /common/],
    ['P@ssw0rd2024!', /common/],
    ['qwertyuiop12', /common/],
    ['Tieling-2019!!', /common/],
    ['aaaaaaaaaaaaaaaa', /different characters/],
    [DEMO_PASSWORD, /demo password/],
  ])('refuses %s', (password, why) => {
    expect(passwordProblem(password)?.en).toMatch(why);
  });

  it('accepts long uncommon passwords and passphrases, with no rule on character classes', () => {
    for (const p of ['Quiet-harbor-lantern-7', 'correct horse battery staple', 'willowbudsinmarch', '三月的柳树发了芽小河流水响']) expect(passwordProblem(p)).toBeNull();
  });

  it('refuses the user name or display name inside the password', () => {
    expect(passwordProblem('zhangwei-Lantern-7', { username: 'zhangwei' })?.en).toMatch(/user name/);
    expect(passwordProblem('张伟的长长的密码啊再长一点', { displayName: '张伟' })?.en).toMatch(/name/);
  });

  it('accepts the demo password for demo seeding only', () => {
    expect(passwordProblem(DEMO_PASSWORD, { allowDemoPassword: true })).toBeNull();
    expect(passwordProblem(DEMO_PASSWORD, { allowDemoPassword: false })).not.toBeNull();
  });

  it('the dummy hash for unknown users has the parameters of a real hash', async () => {
    const real = await hashPassword('Quiet-harbor-lantern-7');
    const dummy = await dummyHash();
    expect(dummy.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(await verifyPassword('Quiet-harbor-lantern-7', dummy)).toBe(false);
  });
});
