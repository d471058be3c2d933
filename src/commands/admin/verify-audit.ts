import { existsSync, renameSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { type AuditProblem, type AuditVerifyResult, verifyAudit } from '../../db/audit.ts';
import { type CheckpointProblem, compareWithCheckpoint, headFileOf, parseCheckpoint, readHeadFile, readHeads, signCheckpoint, type Checkpoint, writeHeadFile } from '../../db/audit-checkpoint.ts';
import { type DeepReport, verifyDeep } from '../../db/audit-deep.ts';
import { countLiveFiles, type FileCheckReport, verifyFiles } from './verify-files.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import type { CommandContext } from '../context.ts';
import { requireOperator, requirePermission } from '../context.ts';

/**
 * 校验审计链 For auditors in the UI: the chains, then the server's head file (a truncation or a deleted chain shows
 * as the first problem too); the CLI runs the full verification with the operator's rights on the server.
 */
export async function verifyAuditTrail(ctx: CommandContext): Promise<{ ok: boolean; chains: number; events: number; firstProblem: { chain: string; seq: number; problem: string } | null }> {
  requirePermission(ctx.actor, 'audit.read');
  const chain = await verifyAudit(ctx.db.kysely);
  if (!chain.ok) return chain;
  const head = headFileOf(ctx.db);
  const cp = head ? readHeadFile(head) : null;
  const problem = cp ? (await compareWithCheckpoint(ctx.db.kysely, ctx.db.keys, cp))[0] : undefined;
  return problem ? { ...chain, ok: false, firstProblem: problem } : chain;
}

export interface VerifyOptions {
  /** Checkpoints an operator kept (`doudi audit checkpoint`), each with where it came from. */
  checkpoints?: { source: string; text: string }[];
  /** Compare with the head file beside the key file too (default true). */
  headFile?: boolean;
  /** Check the business rows against the after-digests of their latest events. */
  deep?: boolean;
  onDeepProgress?: (entityType: string, checked: number) => void;
  /** With `deep`: the stored files' content against their records and upload events (ADR 0050), with their progress. */
  onFilesProgress?: (checked: number, total: number) => void;
}

export interface VerifyReport extends Omit<AuditVerifyResult, 'firstProblem'> {
  /** The first problem of any kind: in a chain, against a checkpoint, or (deep) in the business rows. */
  firstProblem: (AuditProblem | CheckpointProblem | { chain: string; seq: number; problem: string }) | null;
  /** False for a database not yet migrated to the keyed chain (verified with plain sha256). */
  keyed: boolean;
  checkpoints: { source: string; at: string | null; problems: CheckpointProblem[] }[];
  warnings: { code: string; message: BilingualMessage }[];
  deep: DeepReport | null;
  /** With `deep` and a file store: every live file read back and its digest checked (ADR 0050). */
  files: FileCheckReport | null;
}

/**
 * `doudi audit verify`: the chains (keyed hashes, links, heads), then every checkpoint — the head file and those given
 * — then, with `deep`, the business rows. Reads only: the database may be read-only.
 */
export async function verifyAuditInFull(ctx: CommandContext, o: VerifyOptions = {}): Promise<VerifyReport> {
  requirePermission(ctx.actor, 'audit.read');
  const { db } = ctx;
  const keyed = await migrated(db, '0011-ops-hardening');
  const warnings: VerifyReport['warnings'] = [];
  if (!keyed) {
    warnings.push({
      code: 'AUDIT_NOT_KEYED',
      message: { zh: '该数据库尚未迁移到带密钥的审计链（迁移 0011）：已按旧的 sha256 校验；请运行 doudi db migrate', en: 'This database is not yet migrated to the keyed audit chain (migration 0011): verified with plain sha256; run doudi db migrate' },
    });
  }
  const chain = await verifyAudit(db.kysely, { legacy: !keyed });
  const checkpoints: VerifyReport['checkpoints'] = [];
  const sources: { source: string; cp: Checkpoint }[] = [];
  const head = o.headFile === false ? null : headFileOf(db);
  if (head) {
    const cp = readHeadFile(head);
    if (cp) sources.push({ source: head, cp });
    else if (chain.events > 0) {
      warnings.push({
        code: 'CHECKPOINT_NONE',
        message: { zh: `没有审计检查点文件 ${head}：无法排除最新事件被删除的可能`, en: `No audit checkpoint file ${head}: the deletion of the newest events cannot be ruled out` },
      });
    }
  }
  for (const c of o.checkpoints ?? []) sources.push({ source: c.source, cp: parseCheckpoint(c.text, c.source) });
  for (const { source, cp } of sources) {
    checkpoints.push({ source, at: cp.at ?? null, problems: keyed ? await compareWithCheckpoint(db.kysely, db.keys, cp) : [] });
  }
  const deep = o.deep ? await verifyDeep(db.kysely, { onProgress: o.onDeepProgress }) : null;
  let files: FileCheckReport | null = null;
  if (o.deep && db.files) {
    const total = await countLiveFiles(db.kysely);
    o.onFilesProgress?.(0, total);
    files = await verifyFiles(db.kysely, db.files, { onProgress: (n) => o.onFilesProgress?.(n, Math.max(total, n)) });
  }
  const fp = files?.problems[0];
  const firstProblem =
    chain.firstProblem ??
    checkpoints.flatMap((c) => c.problems)[0] ??
    (deep?.firstProblem ? { chain: deep.firstProblem.chain, seq: 0, problem: `deep:${deep.firstProblem.problem}` } : null) ??
    (fp ? { chain: fp.countyCode, seq: 0, problem: `files:${fp.problem}:${fp.caseId ?? fp.ownerKind}/${fp.fileId}` } : null);
  return { ok: firstProblem === null, chains: chain.chains, events: chain.events, firstProblem, keyed, checkpoints, warnings, deep, files };
}

/**
 * `doudi audit checkpoint`: the heads now, signed, for the operator to keep; the head file is brought up to date too.
 * `reset` (after a deliberate restore of an older copy, e.g. pg_restore) sets the old head file aside
 * (`.superseded-<time>`) and starts a new one from the database as it is: without it the head file would rightly report
 * the restored database as truncated.
 */
export async function auditCheckpoint(ctx: CommandContext, o: { reset?: boolean } = {}): Promise<{ checkpoint: Checkpoint; headFile: string | null; headFileError: string | null; superseded: string | null }> {
  requireOperator(ctx.actor);
  const { db } = ctx;
  const checkpoint = signCheckpoint(db.keys, await readHeads(db.kysely));
  const headFile = headFileOf(db);
  let headFileError: string | null = null;
  let superseded: string | null = null;
  try {
    if (o.reset && headFile && existsSync(headFile)) {
      superseded = `${headFile}.superseded-${ctx.clock().toISOString().replace(/[:.]/g, '')}`;
      renameSync(headFile, superseded);
    }
    await writeHeadFile(db);
  } catch (e) {
    headFileError = (e as Error).message;
  }
  return { checkpoint, headFile, headFileError, superseded };
}

/** Audit verification reads the migration table of the database itself: outside any area (ADR 0024). */
async function migrated(db: Db, name: string): Promise<boolean> {
  try {
    const r = await sql<{ name: string }>`select name from kysely_migration where name = ${name}`.execute(db.kysely);
    return r.rows.length > 0;
  } catch {
    return false;
  }
}
