import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FileStore } from '../../db/file-store.ts';
import type { Database } from '../../db/schema.ts';

/**
 * 材料文件核对 `doudi audit verify --deep`, the files (ADR 0050): every live `case_file` row's content read back through
 * the store (opened and authenticated chunk by chunk), its SHA-256 recomputed and compared with the row's digest and
 * with the digest its upload's audit event (`case_file.upload`) recorded. Problems by county, case and file:
 * `missing` (not in the store), `altered` (the stored bytes fail to open, or open to other content), `record_altered`
 * (the row's digest is not the one the upload's event recorded), `unaudited` (no upload event). Keyset pages: memory
 * stays flat; a file is streamed, never whole.
 */
export interface FileProblem {
  countyCode: string;
  caseId: string | null;
  fileId: string;
  ownerKind: string;
  problem: 'missing' | 'altered' | 'record_altered' | 'unaudited';
}

export interface FileCheckReport {
  ok: boolean;
  checked: number;
  bytes: number;
  problemCount: number;
  /** The first problems (at most 200). */
  problems: FileProblem[];
}

const PAGE = 200;
const MAX_LISTED = 200;

async function digestOf(store: FileStore, digest: string): Promise<{ sha: string; bytes: number } | 'missing' | 'altered'> {
  let stream: Awaited<ReturnType<FileStore['get']>>;
  try {
    stream = await store.get(digest);
  } catch (e) {
    return (e as { code?: string }).code === 'FILE_NOT_STORED' ? 'missing' : 'altered';
  }
  const h = createHash('sha256');
  let bytes = 0;
  try {
    for await (const c of stream) {
      h.update(c as Buffer);
      bytes += (c as Buffer).length;
    }
  } catch {
    return 'altered';
  }
  return { sha: h.digest('hex'), bytes };
}

/** Counts the live files (the progress bar's total). */
export async function countLiveFiles(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('case_file').select((eb) => eb.fn.countAll<number | string>().as('n')).where('deleted', '=', 0).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function verifyFiles(db: Kysely<Database>, store: FileStore, o: { onProgress?: (checked: number) => void } = {}): Promise<FileCheckReport> {
  const report: FileCheckReport = { ok: true, checked: 0, bytes: 0, problemCount: 0, problems: [] };
  const problem = (p: FileProblem) => {
    report.problemCount++;
    if (report.problems.length < MAX_LISTED) report.problems.push(p);
  };
  let after: { county: string; id: string } | null = null;
  for (;;) {
    let q = db.selectFrom('case_file').select(['county_code', 'id', 'case_id', 'owner_kind', 'digest']).where('deleted', '=', 0);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('county_code', '>', a.county), eb.and([eb('county_code', '=', a.county), eb('id', '>', a.id)])]));
    }
    const rows = await q.orderBy('county_code').orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    const last = rows[rows.length - 1] as (typeof rows)[number];
    after = { county: last.county_code, id: last.id };
    // The upload events of this page (through the audit_event entity index), by file id.
    const events = await db
      .selectFrom('audit_event')
      .select(['chain', 'entity_id', 'detail'])
      .where('entity_type', '=', 'case_file')
      .where('action', '=', 'case_file.upload')
      .where(
        'entity_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const recorded = new Map<string, string | null>();
    for (const e of events) {
      let d: string | null = null;
      try {
        d = (JSON.parse(e.detail ?? '{}') as { digest?: string }).digest ?? null;
      } catch {
        d = null;
      }
      if (e.entity_id) recorded.set(`${e.chain}/${e.entity_id}`, d);
    }
    for (const r of rows) {
      const at = { countyCode: r.county_code, caseId: r.case_id, fileId: r.id, ownerKind: r.owner_kind };
      const ev = recorded.get(`${r.county_code}/${r.id}`);
      if (ev === undefined) problem({ ...at, problem: 'unaudited' });
      else if (ev !== r.digest) problem({ ...at, problem: 'record_altered' });
      const got = await digestOf(store, r.digest);
      if (got === 'missing' || got === 'altered') problem({ ...at, problem: got });
      else {
        report.bytes += got.bytes;
        if (got.sha !== r.digest) problem({ ...at, problem: 'altered' });
      }
      report.checked++;
      o.onProgress?.(report.checked);
    }
  }
  report.ok = report.problemCount === 0;
  return report;
}
