import { copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readdirSync, renameSync, rmSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type AuditProblem, verifyAudit } from '../../db/audit.ts';
import { type Checkpoint, headFileOf, readHeads, signCheckpoint, writeHeadFile } from '../../db/audit-checkpoint.ts';
import { type DeepReport, verifyDeep } from '../../db/audit-deep.ts';
import { backupKind, backupSqlite, copyFileStore, pgDumpTables, REQUIRED_TABLES, sqliteIntegrity, storeHolds } from '../../db/backup.ts';
import { assertKeysMatch, connect } from '../../db/connect.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, requireOperator } from '../context.ts';

/**
 * 备份与恢复 Backup and restore (ADR 0016). The key file is never inside a backup: a stolen backup alone opens no ID
 * number and cannot be re-chained; the keys are backed up apart (once, and after each rotation) and given back to
 * `restore` with `--key-file`.
 */
export interface BackupResult {
  file: string;
  bytes: number;
  check: BackupCheck;
  /** The disk file store copied beside the backup (`<FILE>.files`, ADR 0049); null when files live in an object store. */
  files: { dir: string; copied: number; bytes: number } | null;
}

/** Where a backup's files are: the directory beside it. */
export const filesOfBackup = (file: string): string => `${resolve(file)}.files`;

export interface BackupCheck {
  kind: 'sqlite' | 'pg_dump';
  ok: boolean;
  /** SQLite: PRAGMA integrity_check; pg_dump: the archive's table of contents. */
  integrity: string;
  /** SQLite: the audit chains verified with the key file (keys paired with the copy). */
  events: number | null;
  chains: number | null;
  firstProblem: AuditProblem | null;
  /** The copy's chain heads, signed: `audit verify --checkpoint` on a restored database. */
  checkpoint: Checkpoint | null;
  deep: DeepReport | null;
  /** pg_dump: required tables missing, or present without their data. */
  missing: string[];
  /**
   * SQLite: the files the copy's records name (case_file digests and previews) and how many of them the files beside
   * the backup lack (null: the backup has no files directory, e.g. files in an object store).
   */
  filesNamed?: number;
  filesMissing?: number | null;
}

const PG_DUMP_HINT = {
  zh: 'PostgreSQL 数据库请用 pg_dump 备份：pg_dump --format=custom --file=doudi.dump "$DATABASE_URL"（多套 doudi 共用一库时加 --schema=模式名），然后用 doudi backup --check doudi.dump 检查',
  en: 'Back up a PostgreSQL database with pg_dump: pg_dump --format=custom --file=doudi.dump "$DATABASE_URL" (add --schema=NAME when several doudi instances share one database), then check it with doudi backup --check doudi.dump',
};

/** `doudi backup --out FILE`: a consistent copy of the running SQLite database, 0600, checked before it is reported. */
export async function backupDatabase(ctx: CommandContext, o: { out: string }): Promise<BackupResult> {
  // The whole database, the server's own business: the operator's alone, outside any area.
  requireOperator(ctx.actor);
  const { db } = ctx;
  const { out } = o;
  if (db.dialect !== 'sqlite' || db.location === ':memory:') throw new AppError('BACKUP_USE_PG_DUMP', PG_DUMP_HINT, { status: 400 });
  const file = resolve(out);
  const { bytes } = await backupSqlite(db.location, file);
  // The files after the database: every file the copy names was stored before its record was written (ADR 0049).
  const dir = db.files?.directory ?? null;
  const files = dir ? { dir: filesOfBackup(file), ...renameCopied(copyFileStore(dir, filesOfBackup(file))) } : null;
  const check = await checkBackup(file, { keyFile: db.keyFile ?? undefined });
  if (!check.ok) {
    throw new AppError('BACKUP_CHECK_FAILED', { zh: `备份 ${file} 校验未通过：${check.integrity}`, en: `The backup ${file} did not pass its check: ${check.integrity}` }, { status: 500, details: check });
  }
  return { file, bytes, check, files };
}

const renameCopied = (c: { files: number; bytes: number }) => ({ copied: c.files, bytes: c.bytes });

/** The digests a database's file records name (none before migration 0034). */
async function namedDigests(kysely: import('kysely').Kysely<import('../../db/schema.ts').Database>): Promise<string[]> {
  try {
    const rows = await kysely.selectFrom('case_file').select(['digest', 'preview_digest']).execute();
    return [...new Set(rows.flatMap((r) => [r.digest, r.preview_digest]).filter((d): d is string => d !== null))];
  } catch {
    return [];
  }
}

/**
 * `doudi backup --check FILE`: a SQLite backup is checked page by page, paired with the key file and its audit chains
 * verified (with `deep`, its business rows against them too); a pg_dump archive must list every doudi table with
 * its data (restore it into a scratch database and run `audit verify --deep` there for the full check).
 */
export async function checkBackup(file: string, o: { keyFile?: string; deep?: boolean } = {}): Promise<BackupCheck> {
  if (!existsSync(file)) throw new AppError('BACKUP_NOT_FOUND', { zh: `找不到备份文件 ${file}`, en: `No backup file ${file}` }, { field: 'file' });
  const kind = backupKind(file);
  if (kind === 'pg_dump') {
    const tables = await pgDumpTables(file);
    const missing = REQUIRED_TABLES.filter((t) => !tables.get(t)?.data);
    return { kind, ok: missing.length === 0, integrity: `${tables.size} tables`, events: null, chains: null, firstProblem: null, checkpoint: null, deep: null, missing: [...missing] };
  }
  if (kind !== 'sqlite') {
    throw new AppError('BACKUP_UNKNOWN_FORMAT', { zh: `${file} 既不是 doudi 的 SQLite 备份，也不是 pg_dump 归档`, en: `${file} is neither a doudi SQLite backup nor a pg_dump archive` }, { field: 'file' });
  }
  const integrity = sqliteIntegrity(file);
  if (integrity !== 'ok') return { kind, ok: false, integrity, events: null, chains: null, firstProblem: null, checkpoint: null, deep: null, missing: [] };
  const copy = await connect({ databaseUrl: `sqlite:${resolve(file)}`, keyFile: o.keyFile, mustExist: true, readOnly: true });
  try {
    await assertKeysMatch(copy);
    const chain = await verifyAudit(copy.kysely);
    const deep = o.deep ? await verifyDeep(copy.kysely) : null;
    const checkpoint = signCheckpoint(copy.keys, await readHeads(copy.kysely));
    const named = await namedDigests(copy.kysely);
    const filesDir = filesOfBackup(file);
    const filesMissing = existsSync(filesDir) ? named.filter((d) => !storeHolds(filesDir, d)).length : null;
    const ok = chain.ok && (deep?.ok ?? true) && !filesMissing;
    return { kind, ok, integrity, events: chain.events, chains: chain.chains, firstProblem: chain.firstProblem, checkpoint, deep, missing: [], filesNamed: named.length, filesMissing };
  } finally {
    await copy.close();
  }
}

export interface RestoreResult {
  dataDir: string;
  database: string;
  keyFile: string;
  /** The key file was copied into the data directory (from --key-file), or is used where it is (DOUDI_KEY_FILE). */
  keyCopied: boolean;
  events: number;
  chains: number;
  /** A head file left by the database this one replaces, set aside. */
  supersededHeadFile: string | null;
  /** Files of the disk store restored from beside the backup into `<dataDir>/files` (ADR 0049). */
  files: number;
}

/**
 * `doudi restore FILE [--key-file KEYS]` into an empty data directory: the backup is checked first (pages, key
 * pairing, audit chains) and copied into place whole (a temporary name, synced, renamed); the key file comes from
 * `--key-file` (copied beside it, 0600) or from DOUDI_KEY_FILE (used where it is); a new checkpoint head file starts
 * from the restored chains, and any older one beside the key file is set aside, not silently overwritten.
 */
export async function restoreDatabase(file: string, o: { dataDir: string; keyFile?: string; configuredKeyFile?: string }): Promise<RestoreResult> {
  const source = resolve(file);
  if (!existsSync(source)) throw new AppError('BACKUP_NOT_FOUND', { zh: `找不到备份文件 ${source}`, en: `No backup file ${source}` }, { field: 'file' });
  if (backupKind(source) === 'pg_dump') {
    throw new AppError(
      'RESTORE_USE_PG_RESTORE',
      {
        zh: 'pg_dump 归档请用 pg_restore 恢复到空数据库：pg_restore --dbname="$DATABASE_URL" --no-owner doudi.dump；然后运行 doudi audit checkpoint --reset 与 doudi audit verify --deep',
        en: 'Restore a pg_dump archive with pg_restore into an empty database: pg_restore --dbname="$DATABASE_URL" --no-owner doudi.dump; then run doudi audit checkpoint --reset and doudi audit verify --deep',
      },
      { status: 400 },
    );
  }
  const dataDir = resolve(o.dataDir);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new AppError(
      'RESTORE_TARGET_NOT_EMPTY',
      { zh: `数据目录 ${dataDir} 不是空的：恢复只写入空目录（不会覆盖现有数据）。请指定一个新目录（DOUDI_DATA_DIR）`, en: `The data directory ${dataDir} is not empty: a restore only writes into an empty one (it never overwrites data). Point DOUDI_DATA_DIR at a new directory` },
      { field: 'dataDir', status: 409 },
    );
  }
  const given = o.keyFile ? resolve(o.keyFile) : null;
  const keySource = given ?? (o.configuredKeyFile && existsSync(o.configuredKeyFile) ? resolve(o.configuredKeyFile) : null);
  if (!keySource) {
    throw new AppError(
      'KEY_FILE_REQUIRED',
      { zh: '备份中不含密钥文件：请用 --key-file 指明另行备份的 doudi.keys（或用 DOUDI_KEY_FILE 指向它）', en: 'The backup holds no key file: give the separately kept doudi.keys with --key-file (or point DOUDI_KEY_FILE at it)' },
      { field: 'keyFile' },
    );
  }
  const check = await checkBackup(source, { keyFile: keySource });
  if (!check.ok) {
    throw new AppError(
      'RESTORE_BACKUP_INVALID',
      { zh: `备份校验未通过，未恢复任何内容：${check.integrity !== 'ok' ? check.integrity : `审计链 ${check.firstProblem?.chain} #${check.firstProblem?.seq} ${check.firstProblem?.problem}`}`, en: `The backup did not pass its check; nothing was restored: ${check.integrity !== 'ok' ? check.integrity : `audit chain ${check.firstProblem?.chain} #${check.firstProblem?.seq} ${check.firstProblem?.problem}`}` },
      { status: 409, details: check },
    );
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = join(dataDir, 'doudi.sqlite');
  const tmp = `${database}.partial`;
  try {
    copyFileSync(source, tmp);
    chmodSync(tmp, 0o600);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, database);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const filesDir = filesOfBackup(source);
  const files = existsSync(filesDir) ? copyFileStore(filesDir, join(dataDir, 'files')).files : 0;
  let keyFile = keySource;
  if (given) {
    keyFile = join(dataDir, 'doudi.keys');
    copyFileSync(given, keyFile);
    chmodSync(keyFile, 0o600);
  }
  const db = await connect({ dataDir, keyFile, mustExist: true });
  try {
    const head = headFileOf(db) as string;
    let supersededHeadFile: string | null = null;
    if (existsSync(head)) {
      supersededHeadFile = `${head}.superseded-${new Date().toISOString().replace(/[:.]/g, '')}`;
      renameSync(head, supersededHeadFile);
    }
    await writeHeadFile(db);
    return { dataDir, database, keyFile, keyCopied: given !== null, events: check.events ?? 0, chains: check.chains ?? 0, supersededHeadFile, files };
  } finally {
    await db.close();
  }
}
