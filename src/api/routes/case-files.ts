import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseFileList, CaseFileUploadQuery, CaseFileView, HouseholdArchive, OwnerFileUploadQuery } from '../../contracts/case-files.ts';
import { listHouseholdFiles, uploadHouseholdFile } from '../../commands/cases/household-files.ts';
import { listFindingFiles, uploadFindingFile } from '../../commands/rectification/finding-files.ts';
import { listRowFiles, uploadRowFile } from '../../commands/screening/row-files.ts';
import { householdArchive } from '../../commands/cases/household-archive.ts';
import { householdArchivePdf } from '../../commands/documents/archive-pdf.ts';
import { ApiError } from '../../contracts/registry.ts';
import { listCaseFiles, openCaseFile, uploadCaseFile } from '../../commands/cases/case-files.ts';
import { EVIDENCE_MAX_BYTES } from '../../commands/uploads/evidence-file.ts';
import { AppError } from '../../kernel/errors.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';
import { EVIDENCE_UPLOAD_TYPES, saveUpload } from '../upload-body.ts';

const CaseRef = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const FileRef = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const RowRef = z.object({ county: z.string().regex(/^\d{6}$/), campaignId: z.string().min(1).max(64), rowCounty: z.string().regex(/^\d{6}$/), hhNo: z.string().min(1).max(64) });
const rowRef = (p: z.infer<typeof RowRef>) => ({ campaignId: p.campaignId, countyCode: p.rowCounty, hhNo: p.hhNo });
const ROW_FILES = '/api/screening/campaigns/:county/:campaignId/rows/:rowCounty/:hhNo/files';

/** The upload's body saved to a private temporary file, cut at the size bound (ADR 0049). */
function saver(body: unknown) {
  return async () => {
    const path = await saveUpload(body as Readable, {
      format: 'bin',
      maxBytes: EVIDENCE_MAX_BYTES,
      prefix: 'doudi-evidence-',
      empty: () => new AppError('UPLOAD_EMPTY', { zh: '请上传材料文件', en: 'Upload the file' }, { status: 400, field: 'file' }),
    });
    return { path, dir: dirname(path), cleanup: () => rm(dirname(path), { recursive: true, force: true }) };
  };
}
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 413: ApiError, 415: ApiError, 422: ApiError, 503: ApiError };
const tags = ['case-files'];

/** `content-disposition` with the name as given: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * 档案材料 The case archive's files (issue 17, ADR 0049): upload a scan, photo or PDF for a step of a case (the raw file
 * as the body; the step, document type and name in the query), list a case's files with the required documents still
 * missing, download a file or its preview (each download audited).
 */
export function registerCaseFileRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/cases/:county/:id/files',
    { schema: { tags, summary: '案件材料 A case’s files, and the required documents still missing per step', params: CaseRef, response: { 200: CaseFileList, ...errors } } },
    async (req) => listCaseFiles(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
  app.get(
    '/api/households/:county/:id/archive',
    { schema: { tags, summary: '电子档案 A household’s electronic case file: every case, decision, document, file and payment in order (audited)', params: CaseRef, response: { 200: HouseholdArchive, ...errors } } },
    async (req) => householdArchive(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
  const ArchivePdfQuery = z.object({ case: z.string().min(1).max(64).optional() });
  app.get(
    '/api/households/:county/:id/archive.pdf',
    {
      schema: {
        tags,
        summary: '电子档案装订本 The household’s bound case file: cover, contents, the listing, every document (audited; ?case= one case; 413 when the documents exceed the bound)',
        params: CaseRef,
        querystring: ArchivePdfQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const pdf = await householdArchivePdf(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, ...(req.query.case ? { caseId: req.query.case } : {}) });
      return (reply as FastifyReply)
        .header('content-type', 'application/pdf')
        .header('content-disposition', disposition('attachment', `${pdf.filename}.pdf`))
        .header('x-archive-pages', String(pdf.pages))
        .header('x-archive-documents', String(pdf.documents))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
    },
  );
  const download = (preview: boolean) => async (req: { params: { county: string; id: string }; query: { download?: boolean } }, reply: FastifyReply, ctx: ReturnType<RouteDeps['ctxOf']>) => {
    const f = await openCaseFile(ctx, { countyCode: req.params.county, id: req.params.id, preview });
    return reply
      .header('content-type', f.mediaType)
      .header('content-disposition', disposition(req.query.download ? 'attachment' : 'inline', preview ? `preview-${f.file.fileName}.jpg` : f.file.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.stream);
  };
  const DownloadQuery = z.object({ download: z.enum(['true', 'false']).optional().transform((v) => v === 'true') });
  app.get(
    '/api/files/:county/:id',
    { schema: { tags, summary: '下载材料 A file’s content (audited), typed by its detected content', params: FileRef, querystring: DownloadQuery, response: errors } },
    async (req, reply) => download(false)(req, reply as FastifyReply, deps.ctxOf(req)),
  );
  app.get(
    '/api/files/:county/:id/preview',
    { schema: { tags, summary: '材料预览 A file’s preview (JPEG, audited)', params: FileRef, querystring: DownloadQuery, response: errors } },
    async (req, reply) => download(true)(req, reply as FastifyReply, deps.ctxOf(req)),
  );
  // The upload takes a raw body (the file itself): its own context, so no other route accepts these content types.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(EVIDENCE_UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/cases/:county/:id/files',
      {
        bodyLimit: EVIDENCE_MAX_BYTES + 64 * 1024,
        schema: {
          tags,
          summary: '上传材料 Upload a file for a step of a case (raw body: JPEG, PNG, WebP, HEIC or PDF, judged by content; at most 20 MB)',
          params: CaseRef,
          querystring: CaseFileUploadQuery,
          response: { 200: CaseFileView, ...errors },
        },
      },
      async (req) =>
        uploadCaseFile(deps.ctxOf(req), {
          ref: { countyCode: req.params.county, id: req.params.id },
          query: req.query,
          save: saver(req.body),
        }),
    );
    const upload = (summary: string) => ({ bodyLimit: EVIDENCE_MAX_BYTES + 64 * 1024, summary });
    const h = upload('上传家庭材料 Upload a file against a household (raw body; registry.write; at most 20 MB)');
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/households/:county/:id/files',
      { bodyLimit: h.bodyLimit, schema: { tags, summary: h.summary, params: FileRef, querystring: OwnerFileUploadQuery, response: { 200: CaseFileView, ...errors } } },
      async (req) => uploadHouseholdFile(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, query: req.query, save: saver(req.body) }),
    );
    const r = upload('上传台账材料 Upload a file against a screening ledger row (raw body; screening.fill; while the row is open)');
    scoped.withTypeProvider<ZodTypeProvider>().post(
      ROW_FILES,
      { bodyLimit: r.bodyLimit, schema: { tags, summary: r.summary, params: RowRef, querystring: OwnerFileUploadQuery, response: { 200: CaseFileView, ...errors } } },
      async (req) => uploadRowFile(deps.ctxOf(req), { ref: rowRef(req.params), query: req.query, save: saver(req.body) }),
    );
    const f = upload('上传整改佐证材料 Upload evidence against a finding (raw body; findings.answer; while the finding is open)');
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/findings/:county/:id/files',
      { bodyLimit: f.bodyLimit, schema: { tags, summary: f.summary, params: FileRef, querystring: OwnerFileUploadQuery, response: { 200: CaseFileView, ...errors } } },
      async (req) => uploadFindingFile(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, query: req.query, save: saver(req.body) }),
    );
  });
  app.get(
    '/api/households/:county/:id/files',
    { schema: { tags, summary: '家庭材料 A household’s own files (registry.read)', params: FileRef, response: { 200: CaseFileList, ...errors } } },
    async (req) => listHouseholdFiles(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
  app.get(ROW_FILES, { schema: { tags, summary: '台账材料 A ledger row’s files (screening.read)', params: RowRef, response: { 200: CaseFileList, ...errors } } }, async (req) =>
    listRowFiles(deps.ctxOf(req), rowRef(req.params)),
  );
  app.get(
    '/api/findings/:county/:id/files',
    { schema: { tags, summary: '整改佐证材料 A finding’s files (findings.read)', params: FileRef, response: { 200: CaseFileList, ...errors } } },
    async (req) => listFindingFiles(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
}
