import { sql } from 'kysely';
import { connect, type Db, migrateToLatest, resolveConnectOptions } from '../db/connect.ts';
import { assertKeysMatch } from '../db/connect.ts';
import { checkpointOnClose } from '../db/audit-checkpoint.ts';
import { prepareDatabase } from '../commands/admin/bootstrap.ts';
import { AppError, isAppError } from '../kernel/errors.ts';

/** The CLI's composition root: opens the configured database (DATABASE_URL or ./data), migrated and seeded. */
export async function openRuntimeDb(opts: { quiet?: boolean } = {}): Promise<Db> {
  let db: Db | undefined;
  try {
    db = await connect(resolveConnectOptions());
    await prepareDatabase(db, new Date(), opts.quiet ? () => {} : (m) => process.stderr.write(`${m}\n`));
    // A database migrated and seeded long ago needs no write to open: find out now, not at the first login, whether it
    // can be written at all (a read-only role or transaction setting, a read-only file).
    await sql`update meta set value = value where key = 'keys.check'`.execute(db.kysely);
    return db;
  } catch (e) {
    await db?.close().catch(() => {});
    throw whyNotWritable(e, db?.location ?? resolveConnectOptions().dataDir ?? '');
  }
}

/** Runs `fn` on the migrated database; events it appended are checkpointed in the head file before it closes. */
export async function withDb<T>(fn: (db: Db) => Promise<T>, opts: { quiet?: boolean } = {}): Promise<T> {
  const db = await openRuntimeDb(opts);
  const checkpoint = checkpointOnClose(db);
  try {
    return await fn(db);
  } finally {
    await checkpoint().catch((e) => process.stderr.write(`审计检查点未能写入 audit checkpoint not written: ${(e as Error).message}\n`));
    await db.close();
  }
}

/**
 * Opens a database that must already exist, creating nothing and migrating nothing (audit verify, checkpoint, backup):
 * a missing or mistyped data directory, schema or key file is an error, never a new empty database. `readOnly` opens
 * it for reading only — on a read-only file system or copy, or as a read-only PostgreSQL role.
 */
export async function withExistingDb<T>(fn: (db: Db) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
  const db = await connect({ ...resolveConnectOptions(), mustExist: true, readOnly: opts.readOnly ?? false });
  try {
    try {
      await sql`select value from meta where key = 'keys.check'`.execute(db.kysely);
    } catch {
      throw new AppError('DATABASE_NOT_DOUDI', { zh: `${db.location} 不是 doudi 数据库，未做任何更改`, en: `${db.location} is not a doudi database; nothing was changed` }, { status: 500 });
    }
    await assertKeysMatch(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `doudi db migrate`: the schema only, no seeding. */
export async function migrateOnly(): Promise<{ applied: string[]; dialect: string }> {
  const db = await connect(resolveConnectOptions());
  try {
    return { applied: await migrateToLatest(db), dialect: db.dialect };
  } finally {
    await db.close();
  }
}

/**
 * A database the server or a CLI command cannot write to — a read-only file, directory or file system, or a read-only
 * PostgreSQL role or transaction setting — is said so plainly (the server needs to write: sessions, the audit trail),
 * with what can still be done (audit verify), instead of a driver's stack trace.
 */
export function whyNotWritable(e: unknown, where: string): unknown {
  if (isAppError(e)) return e;
  const err = e as { code?: string; errcode?: number; message?: string };
  const sqliteReadOnly = typeof err.errcode === 'number' && (err.errcode & 0xff) === 8;
  const fsReadOnly = err.code === 'EROFS' || err.code === 'EACCES' || err.code === 'EPERM';
  const pgReadOnly = err.code === '25006' || err.code === '42501';
  if (!sqliteReadOnly && !fsReadOnly && !pgReadOnly && !/readonly database|read-only/i.test(err.message ?? '')) return e;
  return new AppError(
    'DATABASE_READ_ONLY',
    {
      zh: `无法启动：数据库 ${where} 是只读的（只读文件、目录或文件系统，或 PostgreSQL 只读角色/只读事务设置）。服务需要写入数据库（登录会话、审计日志）。请改用可写的数据库；只读时仍可运行 doudi audit verify 校验审计链。原因：${err.message ?? err.code}`,
      en: `Cannot start: the database ${where} is read-only (a read-only file, directory or file system, or a read-only PostgreSQL role or transaction setting). The server must write to it (sessions, the audit trail). Use a writable database; doudi audit verify still works read-only. Cause: ${err.message ?? err.code}`,
    },
    { status: 500 },
  );
}
