import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';
import type { Transaction } from 'kysely';
import { type Db, keysOf } from '../../db/connect.ts';
import { AccountRepo } from '../../db/account-repo.ts';
import { appendAudit } from '../../db/audit.ts';
import { endSessionsOf } from '../../db/session-repo.ts';
import { type BaseContext, type CommandContext, auditActor, requirePermission } from '../context.ts';
import type { AppUserTable, Database } from '../../db/schema.ts';
import type { EnrolmentStart, SecondFactorRequest, SessionInfo } from '../../contracts/session.ts';
import { AppError } from '../../kernel/errors.ts';
import { lookupHash, seal, unseal } from '../../kernel/sealing.ts';
import { advanceSession, type ResolvedSession, sessionInfo, stageAfterSecondFactor } from './sessions.ts';
import { countedCheck } from './counted-check.ts';
import { userByName } from './login.ts';

/**
 * 双因素认证 The second factor (ADR 0014): TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps) through `otpauth`,
 * accepting the step before and after the server's (clock drift). A code is accepted once: the step it belongs to is
 * recorded, and a code of that step or an earlier one is refused (RFC 6238 §5.2). The secret is sealed with the data
 * key ('totp' purpose); recovery codes are kept as keyed hashes (the lookup key), each usable once. Wrong codes count
 * with wrong passwords towards the lockout of the user name.
 */
export const TOTP_ISSUER = 'doudi 兜底';
const PERIOD = 30;
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

const totpOf = (secretBase32: string, label: string) => new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });

const stepAt = (now: Date) => Math.floor(now.getTime() / 1000 / PERIOD);

const invalidCode = () => new AppError('TOTP_INVALID', { zh: '验证码不正确或已过期', en: 'Wrong or expired code' }, { status: 401, field: 'code' });

function stepRefused(stage: string): AppError {
  return new AppError(
    'AUTH_STEP_INVALID',
    { zh: '当前登录步骤不需要此操作，请重新登录', en: 'This is not the step your login is at; sign in again' },
    { status: 409, details: { step: stage } },
  );
}

/** Starts (or restarts) setting up an authenticator app: a new secret, pending until a first code confirms it. */
export async function startEnrolment(ctx: BaseContext, o: { session: ResolvedSession }): Promise<EnrolmentStart> {
  const { db } = ctx;
  const s = o.session;
  const now = ctx.clock();
  if (s.stage !== 'enrol' && s.stage !== 'full') throw stepRefused(s.stage);
  const secret = new Secret({ size: 20 }).base32;
  const uri = totpOf(secret, s.user.username).toString();
  await db.kysely.transaction().execute(async (trx) => {
    await new AccountRepo(trx, null).setSecondFactor(s.user.id, { totp_pending: seal(keysOf(trx), 'totp', secret), updated_at: now.toISOString() });
    await appendAudit(trx, { userId: s.user.id, username: s.user.username }, { chain: 'city', action: 'auth.second_factor_enrolment_started', entityType: 'user', entityId: s.user.id }, now.toISOString());
  });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri, { border: 2, pixelSize: 6 })).toString('base64')}` };
}

export interface StepResult {
  info: SessionInfo;
  /** The session's new cookie token when the step moved the session on (the old one is dead). */
  token: string | null;
}

/**
 * Confirms the pending secret with a first code: it becomes the account's second factor (replacing any earlier one),
 * and RECOVERY_CODE_COUNT new recovery codes are made, returned here once and stored only hashed.
 */
/** `codeTime`: the real time the code is checked against (the phone's), where `now` may be a test's business clock. */
export async function confirmEnrolment(ctx: BaseContext, o: { session: ResolvedSession; code: string; codeTime?: Date }): Promise<StepResult & { recoveryCodes: string[] }> {
  const { db } = ctx;
  const { session: s, code } = o;
  const now = ctx.clock();
  const codeTime = o.codeTime ?? now;
  if (s.stage !== 'enrol' && s.stage !== 'full') throw stepRefused(s.stage);
  if (!s.user.totp_pending) {
    throw new AppError('TOTP_NOT_STARTED', { zh: '请先生成二维码，再输入验证码', en: 'Start the set-up (QR code) before entering a code' }, { status: 409 });
  }
  const pending = s.user.totp_pending;
  const secret = unseal(db.keys, 'totp', pending);
  const step = await countedCheck(db, s, now, () => matchStep(secret, s.user.username, code, codeTime));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const at = now.toISOString();
  const result = await db.kysely.transaction().execute(async (trx) => {
    const accounts = new AccountRepo(trx, null);
    if (!(await accounts.confirmSecondFactor(s.user.id, pending, { totp_secret: pending, totp_pending: null, totp_enrolled_at: at, totp_last_step: step, updated_at: at }))) throw invalidCode();
    await accounts.replaceRecoveryCodes(
      s.user.id,
      codes.map((c) => ({ user_id: s.user.id, code_hash: recoveryHash(trx, s.user.id, c), created_at: at, used_at: null })),
    );
    await appendAudit(trx, { userId: s.user.id, username: s.user.username }, { chain: 'city', action: 'auth.second_factor_enrolled', entityType: 'user', entityId: s.user.id, detail: { recoveryCodes: codes.length } }, at);
    return moveOn(trx, s, at);
  });
  const user = { ...s.user, totp_secret: pending, totp_pending: null, totp_enrolled_at: at, totp_last_step: step };
  return { recoveryCodes: codes, token: result.token, info: await sessionInfo(ctx, { user, csrfToken: result.csrf, stage: result.stage }) };
}

/** The login's second step: a code from the authenticator app, or a recovery code (each usable once). */
export async function verifySecondFactor(ctx: BaseContext, o: { session: ResolvedSession; input: SecondFactorRequest; codeTime?: Date }): Promise<StepResult> {
  const { db } = ctx;
  const { session: s, input: req } = o;
  const now = ctx.clock();
  const codeTime = o.codeTime ?? now;
  if (s.stage !== 'totp' || !s.user.totp_secret) throw stepRefused(s.stage);
  const at = now.toISOString();
  const secret = unseal(db.keys, 'totp', s.user.totp_secret);
  let left: number | null = null;
  const accounts = new AccountRepo(db.kysely, null);
  await countedCheck(db, s, now, async () => {
    if (req.code !== undefined) {
      const step = matchStep(secret, s.user.username, req.code, codeTime);
      if (!(await accounts.useTotpStep(s.user.id, step))) {
        throw new AppError('TOTP_REPLAYED', { zh: '此验证码已使用过，请等待验证器显示新的验证码', en: 'This code was used already; wait for the app to show a new one' }, { status: 401, field: 'code' });
      }
      return step;
    }
    const hash = recoveryHash(db.kysely, s.user.id, normaliseRecovery(req.recoveryCode ?? ''));
    if (!(await accounts.useRecoveryCode(s.user.id, hash, at))) throw new AppError('RECOVERY_CODE_INVALID', { zh: '恢复码不正确或已用过', en: 'Wrong or already used recovery code' }, { status: 401, field: 'recoveryCode' });
    left = await accounts.recoveryCodesLeft(s.user.id);
    return 0;
  });
  const result = await db.kysely.transaction().execute(async (trx) => {
    await appendAudit(
      trx,
      { userId: s.user.id, username: s.user.username },
      { chain: 'city', action: 'auth.login', entityType: 'user', entityId: s.user.id, detail: { secondFactor: req.code !== undefined ? 'totp' : 'recovery_code', ...(left === null ? {} : { recoveryCodesLeft: left }) } },
      at,
    );
    return moveOn(trx, s, at);
  });
  return { token: result.token, info: await sessionInfo(ctx, { user: s.user, csrfToken: result.csrf, stage: result.stage }) };
}

async function moveOn(trx: Transaction<Database>, s: ResolvedSession, at: string) {
  if (s.stage === 'full') return { token: null, csrf: s.csrfToken, stage: s.stage };
  const stage = stageAfterSecondFactor(s.user);
  const next = await advanceSession(trx, s.tokenHash, stage, at);
  return { token: next.token, csrf: next.csrf, stage };
}

/** The time step a code belongs to (the server's step ± WINDOW), or TOTP_INVALID. */
function matchStep(secret: string, label: string, code: string, now: Date): number {
  const delta = totpOf(secret, label).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) throw invalidCode();
  return stepAt(now) + delta;
}

const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `XXXXX-XXXXX` from a 32-letter alphabet without look-alikes (50 bits). */
function newRecoveryCode(): string {
  const c = () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${Array.from({ length: 5 }, c).join('')}-${Array.from({ length: 5 }, c).join('')}`;
}

const normaliseRecovery = (code: string) => {
  const s = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
};

/** Keyed with the lookup key (outside the database): a copy of the database alone does not let anyone try codes offline. */
const recoveryHash = (q: Parameters<typeof keysOf>[0], userId: string, code: string) => lookupHash(keysOf(q), 'totp', `recovery\u0000${userId}\u0000${code}`);

/**
 * Operator (CLI): forgets a user's second factor and recovery codes and ends their sessions; the user sets up a new
 * authenticator at the next login (a lost phone without recovery codes).
 */
export async function resetSecondFactor(ctx: CommandContext, o: { username: string }): Promise<void> {
  requirePermission(ctx.actor, 'users.manage');
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  const u = await requireUser(db, o.username);
  const at = ctx.clock().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    const accounts = new AccountRepo(trx, null);
    await accounts.setSecondFactor(u.id, { totp_secret: null, totp_pending: null, totp_enrolled_at: null, totp_last_step: null, updated_at: at });
    await accounts.replaceRecoveryCodes(u.id, []);
    await endSessionsOf(trx, u.id);
    await appendAudit(trx, actor, { chain: 'city', action: 'user.second_factor_reset', entityType: 'user', entityId: u.id }, at);
  });
}

/**
 * Operator (CLI): sets a user's TOTP secret given in base32 — a hardware token delivered with its seed, or an
 * automated client (the benchmark, the browser tests). Recovery codes are not made: the user makes them by enrolling
 * an app later, or keeps the token.
 */
export async function provisionSecondFactor(ctx: CommandContext, props: { username: string; secret: string }): Promise<void> {
  requirePermission(ctx.actor, 'users.manage');
  const { db } = ctx;
  const actor = auditActor(ctx.actor);
  const u = await requireUser(db, props.username);
  let secret: string;
  try {
    secret = Secret.fromBase32(props.secret.replace(/\s+/g, '').toUpperCase()).base32;
  } catch {
    throw new AppError('TOTP_SECRET_FORMAT', { zh: '密钥须为 Base32 编码', en: 'The secret must be base32' }, { field: 'secret' });
  }
  if (Buffer.from(Secret.fromBase32(secret).buffer).length < 16) throw new AppError('TOTP_SECRET_SHORT', { zh: '密钥至少 128 位', en: 'The secret needs at least 128 bits' }, { field: 'secret' });
  const at = ctx.clock().toISOString();
  await db.kysely.transaction().execute(async (trx) => {
    await new AccountRepo(trx, null).setSecondFactor(u.id, { totp_secret: seal(keysOf(trx), 'totp', secret), totp_pending: null, totp_enrolled_at: at, totp_last_step: null, updated_at: at });
    await appendAudit(trx, actor, { chain: 'city', action: 'user.second_factor_provisioned', entityType: 'user', entityId: u.id }, at);
  });
}

async function requireUser(db: Db, username: string): Promise<AppUserTable> {
  const u = await userByName(db, username);
  if (!u) throw new AppError('USER_UNKNOWN', { zh: `没有名为 ${username} 的账号`, en: `No user named ${username}` }, { status: 404, field: 'username' });
  return u;
}
