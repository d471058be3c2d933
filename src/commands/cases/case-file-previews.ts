import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { appendAudit } from '../../db/audit.ts';
import { CaseFileRepo } from '../../db/case-file-repo.ts';
import { scopeOf } from '../../db/scope.ts';
import { type PdfPreviewFailure, renderPdfPreview } from '../uploads/pdf-preview.ts';
import { auditActor, type CommandContext, nowIso, requireOperator } from '../context.ts';
import { storeOf } from './case-files.ts';

export interface PreviewsResult {
  /** PDFs waiting for a preview when the run began. */
  pending: number;
  rendered: number;
  failed: { countyCode: string; id: string; caseId: string | null; reason: PdfPreviewFailure | 'not_stored' }[];
}

const PAGE = 100;

/**
 * 补做预览 The PDFs uploaded before previews were rendered (`preview_pending = 1`, ADR 0049) get theirs (ADR 0050):
 * each PDF read from the store into a private temporary file, its first page rendered in the bounded worker, the
 * preview stored and the row settled with an audit event (`case_file.preview_render`, the preview's digest) in one
 * transaction; a PDF that cannot be rendered is marked failed, never retried by this command again. Resumable: an
 * interrupted run leaves the rest pending. The operator's (`doudi files previews`).
 */
export async function renderPendingPreviews(ctx: CommandContext, o: { onProgress?: (done: number, total: number) => void } = {}): Promise<PreviewsResult> {
  requireOperator(ctx.actor);
  const store = storeOf(ctx);
  const repo = new CaseFileRepo(ctx.db.kysely, scopeOf(ctx.actor.areaCode));
  const pending = await repo.countPendingPreviews();
  const result: PreviewsResult = { pending, rendered: 0, failed: [] };
  let done = 0;
  o.onProgress?.(0, pending);
  const dir = await mkdtemp(join(tmpdir(), 'doudi-previews-'));
  try {
    let after: { countyCode: string; id: string } | null = null;
    for (;;) {
      const rows = await repo.pendingPreviews(after, PAGE);
      if (rows.length === 0) break;
      for (const r of rows) {
        after = { countyCode: r.county_code, id: r.id };
        const pdf = join(dir, 'file.pdf');
        const jpg = join(dir, 'preview.jpg');
        let reason: PreviewsResult['failed'][number]['reason'] | null = null;
        let preview: { digest: string; keyId: string } | null = null;
        try {
          await pipeline(await store.get(r.digest), createWriteStream(pdf, { mode: 0o600 }));
          const out = await renderPdfPreview(pdf, jpg);
          if (out.ok) {
            const s = await store.put(createReadStream(jpg));
            preview = { digest: s.digest, keyId: s.keyId };
          } else reason = out.reason;
        } catch {
          // The stored file is missing or damaged: `doudi audit verify --deep` names it; its preview cannot be made.
          reason = 'not_stored';
        }
        const settled = await ctx.db.kysely.transaction().execute(async (trx) => {
          const ok = await new CaseFileRepo(trx, scopeOf(ctx.actor.areaCode)).settlePreview(r.county_code, r.id, preview);
          if (!ok) return false;
          await appendAudit(
            trx,
            auditActor(ctx.actor),
            {
              chain: r.county_code,
              action: 'case_file.preview_render',
              entityType: 'case_file',
              entityId: r.id,
              after: { previewDigest: preview?.digest ?? null, previewFailed: preview ? null : reason },
              detail: { case: r.case_id, digest: r.digest, previewDigest: preview?.digest ?? null, ...(reason ? { previewFailed: reason } : {}) },
            },
            nowIso(ctx),
          );
          return true;
        });
        if (settled) {
          if (preview) result.rendered++;
          else result.failed.push({ countyCode: r.county_code, id: r.id, caseId: r.case_id, reason: reason ?? 'unreadable' });
        }
        await rm(pdf, { force: true });
        await rm(jpg, { force: true });
        done++;
        o.onProgress?.(done, Math.max(pending, done));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}
