import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

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

/** A password good enough for an account that sees personal data. */
export function passwordProblem(password: string): { zh: string; en: string } | null {
  if (password.length < 10) return { zh: '密码至少 10 位', en: 'A password needs at least 10 characters' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return { zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类', en: 'Use at least three of: upper case, lower case, digits, symbols' };
  return null;
}
