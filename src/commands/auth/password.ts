import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { dictionary } from '@zxcvbn-ts/language-common';
import { DEMO_PASSWORD } from './demo-password.ts';

const argon2Async = promisify(argon2);

/**
 * argon2id (node:crypto), stored in PHC string form so that parameters can be raised later without
 * invalidating old hashes. Defaults follow OWASP's minimum (19 MiB, 2 passes, 1 lane);
 * `DOUDI_ARGON2_MEMORY_KIB` lowers the cost for test runs only.
 */
function params() {
  const memory = Number(process.env.DOUDI_ARGON2_MEMORY_KIB) || 19_456;
  return { memory, passes: 2, parallelism: 1, tagLength: 32 };
}

export async function hashPassword(password: string): Promise<string> {
  const p = params();
  const nonce = randomBytes(16);
  const tag = await argon2Async('argon2id', { message: password, nonce, ...p });
  return `$argon2id$v=19$m=${p.memory},t=${p.passes},p=${p.parallelism}$${nonce.toString('base64url')}$${Buffer.from(tag).toString('base64url')}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(phc);
  if (!m) return false;
  const expected = Buffer.from(m[5], 'base64url');
  const tag = await argon2Async('argon2id', {
    message: password,
    nonce: Buffer.from(m[4], 'base64url'),
    memory: Number(m[1]),
    passes: Number(m[2]),
    parallelism: Number(m[3]),
    tagLength: expected.length,
  });
  return timingSafeEqual(Buffer.from(tag), expected);
}

const dummies = new Map<string, Promise<string>>();

/**
 * A real hash, made with the parameters new passwords get, of a random password nobody knows: a login for an unknown
 * user name verifies against it, so it costs what a known user's login costs (issue 9 point 6: a dummy of weaker
 * parameters answered in 4 ms where a real check took 31). Made once per parameter set, at the first login after start.
 */
export function dummyHash(): Promise<string> {
  const p = params();
  const key = `${p.memory}/${p.passes}/${p.parallelism}`;
  let h = dummies.get(key);
  if (!h) {
    h = hashPassword(randomBytes(24).toString('base64url'));
    dummies.set(key, h);
  }
  return h;
}

export const PASSWORD_MIN_LENGTH = 12;

let common: Set<string> | undefined;
/** The common-password list shipped with the project (@zxcvbn-ts/language-common, ~49,000 passwords; offline). */
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/**
 * What a password is "made of" for the list check: the lower-cased password, the same with leet substitutions undone,
 * and its letters alone (`Password-2024!` → `password`), each looked up in the list. Project words and the published
 * demo password are on the list too.
 */
function forms(password: string): string[] {
  const lower = password.toLowerCase();
  const unleet = [...lower].map((c) => LEET[c] ?? c).join('');
  return [lower, unleet, lower.replace(/[^a-z]/g, ''), unleet.replace(/[^a-z]/g, '')];
}

const PROJECT_WORDS = ['doudi', 'tieling', 'dibao', 'tekun', 'demodoudi'];

/**
 * A password good enough for an account that sees personal data (ASVS V2.1): at least 12 characters, not on the list
 * of common passwords (nor made of a listed password and digits or symbols), not the published demo password, not the
 * user's name, and more than a few distinct characters. No rule on character classes (ASVS 2.1.9): length and the
 * list do what they were meant to.
 */
export function passwordProblem(password: string, context: { username?: string; displayName?: string; allowDemoPassword?: boolean } = {}): { zh: string; en: string } | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return { zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位`, en: `A password needs at least ${PASSWORD_MIN_LENGTH} characters` };
  if (password.toLowerCase() === DEMO_PASSWORD.toLowerCase()) {
    return context.allowDemoPassword ? null : { zh: '不能使用公开的演示密码', en: 'The published demo password cannot be used' };
  }
  if (new Set(password.toLowerCase()).size < 5) return { zh: '密码重复字符过多，请换一个', en: 'Too few different characters: choose another password' };
  const list = commonPasswords();
  const made = forms(password);
  if (made.some((f) => f.length >= 3 && (list.has(f) || PROJECT_WORDS.includes(f)))) {
    return { zh: '这是常见密码（或由常见密码加数字、符号组成），容易被猜中，请换一个', en: 'This is a common password (or one with digits or symbols added): easy to guess, choose another' };
  }
  const name = context.username?.toLowerCase();
  if (name && name.length >= 3 && password.toLowerCase().includes(name)) {
    return { zh: '密码不能包含用户名', en: 'A password must not contain the user name' };
  }
  const display = context.displayName?.toLowerCase().replace(/\s+/g, '');
  if (display && display.length >= 2 && password.toLowerCase().includes(display)) {
    return { zh: '密码不能包含姓名', en: 'A password must not contain the name' };
  }
  return null;
}
