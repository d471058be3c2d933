import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { appendAudit } from '../../db/audit.ts';
import type { StoredEntry } from '../../db/file-store.ts';
import { AppError } from '../../kernel/errors.ts';
import { auditActor, type CommandContext, nowIso, requireOperator } from '../context.ts';

/**
 * 清理孤立文件 `doudi files gc [--older-than-hours 24] [--dry-run]` (ADR 0050): removes the stored files that no
 * `case_file` row names — neither as its content nor as its preview — and that are older than the bound: what an
 * aborted upload leaves (the bytes are stored before the record's transaction, ADR 0049; a refused or failed
 * transaction leaves them unnamed). The bound keeps an upload in flight safe (its file is stored seconds before its
 * row). A file named by any row — a deleted-marked one included — is never removed. On the disk store the temporary
 * directory's leftovers past the bound go too. The removal is audited (`files.gc`, the city's chain, the digests).
 */
export interface GcResult {
  dryRun: boolean;
  olderThanHours: number;
  scanned: number;
  /** Stored files younger than the bound: not looked at. */
  young: number;
  named: number;
  /** The orphans found (removed unless dry-run). */
  orphans: string[];
  removed: number;
  /** Disk store: temporary leftovers removed (or found, in a dry run). */
  tmpLeftovers: number;
}

const BATCH = 500;

export async function collectOrphanFiles(ctx: CommandContext, o: { olderThanHours?: number; dryRun?: boolean; onProgress?: (scanned: number) => void; now?: Date } = {}): Promise<GcResult> {
  requireOperator(ctx.actor);
  const store = ctx.db.files;
  if (!store) throw new AppError('FILE_STORE_MISSING', { zh: '未配置文件存储', en: 'No file store is configured' }, { status: 503 });
  const hours = o.olderThanHours ?? 24;
  if (!Number.isFinite(hours) || hours < 1) throw new AppError('GC_BOUND_INVALID', { zh: '--older-than-hours 至少为 1 小时（正在上传的文件须保留）', en: '--older-than-hours is at least 1 (files of uploads in flight must stay)' }, { field: 'older-than-hours' });
  // The stores' times are the wall clock's (never the training clock of a demo, ADR 0026); `now` is for tests.
  const cutoff = (o.now ?? new Date()).getTime() - hours * 3_600_000;
  const r: GcResult = { dryRun: o.dryRun === true, olderThanHours: hours, scanned: 0, young: 0, named: 0, orphans: [], removed: 0, tmpLeftovers: 0 };
  let batch: StoredEntry[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const digests = batch.map((e) => e.digest);
    // Named as content or as preview, by any row (deleted-marked ones included): read outside any area (ADR 0024).
    const rows = await sql<{ d: string }>`select digest as d from case_file where digest in (${sql.join(digests)}) union select preview_digest as d from case_file where preview_digest in (${sql.join(digests)})`.execute(ctx.db.kysely);
    const named = new Set(rows.rows.map((x) => x.d));
    for (const d of digests) {
      if (named.has(d)) r.named++;
      else r.orphans.push(d);
    }
    batch = [];
  };
  for await (const e of store.list()) {
    r.scanned++;
    if (e.modifiedAt.getTime() > cutoff) r.young++;
    else batch.push(e);
    if (batch.length >= BATCH) await flush();
    if (r.scanned % 100 === 0) o.onProgress?.(r.scanned);
  }
  await flush();
  o.onProgress?.(r.scanned);
  if (store.directory) {
    const tmp = join(store.directory, 'tmp');
    for (const name of await readdir(tmp).catch(() => [] as string[])) {
      const st = await stat(join(tmp, name)).catch(() => null);
      if (!st || st.mtime.getTime() > cutoff) continue;
      r.tmpLeftovers++;
      if (!r.dryRun) await rm(join(tmp, name), { recursive: true, force: true });
    }
  }
  if (r.dryRun || (r.orphans.length === 0 && r.tmpLeftovers === 0)) return r;
  // Each orphan checked again just before its removal: a row naming it may have arrived meanwhile (an old upload
  // content-addressed to the same digest, re-uploaded now).
  for (const d of r.orphans) {
    const again = await sql<{ n: number }>`select count(*) as n from case_file where digest = ${d} or preview_digest = ${d}`.execute(ctx.db.kysely);
    if (Number(again.rows[0]?.n ?? 0) > 0) continue;
    await store.delete(d);
    r.removed++;
  }
  await appendAudit(
    ctx.db.kysely,
    auditActor(ctx.actor),
    { chain: 'city', action: 'files.gc', entityType: 'file_store', entityId: store.kind, detail: { olderThanHours: hours, scanned: r.scanned, removed: r.removed, digests: r.orphans.slice(0, 1000), tmpLeftovers: r.tmpLeftovers } },
    nowIso(ctx),
  );
  return r;
}
