import { execFile } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backup as sqliteBackup, DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { AppError } from '../kernel/errors.ts';
import { openSqliteReadOnly } from './sqlite-dialect.ts';

/**
 * 备份 The database's side of backup and restore (ADR 0016). SQLite: the online backup API copies the pages of one
 * consistent read transaction (all pages in one step, so that writers — which WAL mode lets go on — never make it
 * start over) into a new file, which is then made self-contained (rollback journal, no WAL) and checked. PostgreSQL:
 * pg_dump does the copy; here its archive's table of contents is checked.
 */

/** Tables without which a copy is no doudi database. */
export const REQUIRED_TABLES = ['meta', 'audit_event', 'audit_head', 'app_user', 'household', 'person', 'enrollment', 'enrollment_term', 'payroll_roll', 'payroll_line', 'kysely_migration'] as const;

export type BackupKind = 'sqlite' | 'pg_dump' | 'unknown';

/** What kind of file this is, by its first bytes. */
export function backupKind(path: string): BackupKind {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n >= 16 && head.toString('latin1', 0, 16) === 'SQLite format 3\u0000') return 'sqlite';
    if (n >= 5 && head.toString('latin1', 0, 5) === 'PGDMP') return 'pg_dump';
    return 'unknown';
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the SQLite database at `source` into `out` (which must not exist), consistent while the server writes, mode
 * 0600, written under a temporary name and renamed once complete and synced: an interrupted backup leaves no file that
 * looks whole.
 */
export async function backupSqlite(source: string, out: string): Promise<{ pages: number; bytes: number }> {
  if (existsSync(out)) {
    throw new AppError('BACKUP_EXISTS', { zh: `备份文件 ${out} 已存在，不会覆盖；请换一个文件名`, en: `The backup file ${out} exists and is not overwritten; choose another name` }, { field: 'out' });
  }
  const tmp = `${out}.partial-${process.pid}`;
  const src = openSqliteReadOnly(source);
  try {
    // One step for all pages: a write by another connection between steps would restart the copy.
    const pages = await sqliteBackup(src.db, tmp, { rate: 2_147_483_647 });
    chmodSync(tmp, 0o600);
    const copy = new DatabaseSync(tmp);
    try {
      // Self-contained: one file, no -wal beside it, readable on a read-only medium.
      copy.exec('PRAGMA journal_mode = DELETE');
      const ok = copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
      if (ok.integrity_check !== 'ok') throw new Error(`integrity_check: ${ok.integrity_check}`);
    } finally {
      copy.close();
    }
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
    return { pages, bytes: statSync(out).size };
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    throw e;
  } finally {
    src.db.close();
    src.cleanup();
  }
}

/** SQLite's own check of a file (pages, indexes), read-only. */
export function sqliteIntegrity(path: string): string {
  const ro = openSqliteReadOnly(path);
  try {
    return (ro.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
  } finally {
    ro.db.close();
    ro.cleanup();
  }
}

/** The tables of a pg_dump archive (custom or directory format) and whether each carries its data. */
export async function pgDumpTables(path: string): Promise<Map<string, { data: boolean }>> {
  let out: string;
  try {
    out = (await promisify(execFile)('pg_restore', ['--list', path], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new AppError('PG_RESTORE_MISSING', { zh: '找不到 pg_restore（PostgreSQL 客户端工具），无法检查备份', en: 'pg_restore (the PostgreSQL client tools) is not installed: the dump cannot be checked' }, { status: 500 });
    throw new AppError('PG_DUMP_UNREADABLE', { zh: `pg_restore 读不了这个备份：${err.stderr?.trim() ?? err.message}`, en: `pg_restore cannot read this dump: ${err.stderr?.trim() ?? err.message}` }, { status: 400 });
  }
  const tables = new Map<string, { data: boolean }>();
  for (const line of out.split('\n')) {
    // e.g. "215; 1259 16390 TABLE t_abc household doudi" / "3380; 0 16390 TABLE DATA t_abc household doudi"
    const m = /^\d+; \d+ \d+ (TABLE DATA|TABLE) \S+ (\S+) /.exec(line);
    if (!m) continue;
    const t = tables.get(m[2]) ?? { data: false };
    if (m[1] === 'TABLE DATA') t.data = true;
    tables.set(m[2], t);
  }
  return tables;
}

/**
 * 材料文件 The disk file store's files (ADR 0049) copied beside a backup, as they are stored — sealed, content-addressed,
 * never changed once written (each is renamed into place whole), so a copy taken after the database's copy holds
 * every file the database copy names. Files already in `dest` with the same size are kept. The store's `tmp` is not
 * copied. Returns how many files and bytes were copied in all.
 */
export function copyFileStore(source: string, dest: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  if (!existsSync(source)) return { files, bytes };
  mkdirSync(dest, { recursive: true, mode: 0o700 });
  for (const a of readdirSync(source)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of readdirSync(join(source, a))) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      for (const name of readdirSync(join(source, a, b))) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const from = join(source, a, b, name);
        const dir = join(dest, a, b);
        const to = join(dir, name);
        const size = statSync(from).size;
        if (existsSync(to) && statSync(to).size === size) continue;
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${to}.partial`;
        copyFileSync(from, tmp);
        chmodSync(tmp, 0o600);
        renameSync(tmp, to);
        files++;
        bytes += size;
      }
    }
  }
  return { files, bytes };
}

/** Whether a disk store directory holds a digest's file. */
export function storeHolds(dir: string, digest: string): boolean {
  return existsSync(join(dir, digest.slice(0, 2), digest.slice(2, 4), digest));
}
