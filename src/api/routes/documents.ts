import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { PublicNoticeQuery } from '../../contracts/cases.ts';
import { BLANK_FORMS, CASE_DOCUMENT_KINDS, DocumentFormats, DocumentQuery } from '../../contracts/documents.ts';
import { ApiError } from '../../contracts/registry.ts';
import { blankFormDocument, caseDocument, familyNoticeDocument, publicNoticeDocument, type RenderedDocument } from '../../commands/documents/render-document.ts';
import { pdfAvailable } from '../../commands/documents/render-pdf.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const DocRef = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64), kind: z.enum(CASE_DOCUMENT_KINDS) });
const NoticeRef = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64), noticeId: z.string().min(1).max(64) });
const FormRef = z.object({ form: z.enum(BLANK_FORMS) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 503: ApiError };
const tags = ['documents'];

function send(reply: FastifyReply, d: RenderedDocument, download: boolean | undefined) {
  return reply
    .header('content-type', d.contentType)
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${d.filename}"`)
    // Personal data: never kept by a browser or proxy cache.
    .header('cache-control', 'no-store')
    .send(d.body);
}

/**
 * Printed documents (受理通知书, 一次性告知书, 不予批准通知书, 批准通知书, 审核审批表, 公示名单, 终止/暂停/变更救助通知书,
 * 入户调查表 and 村民主评议记录, blank or pre-filled) as PDF or as an HTML print view (`?format=html`);
 * `?download=true` sends them as attachments.
 */
export function registerDocumentRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/documents/formats',
    { schema: { tags, summary: '可用的文书格式 Document formats this server can make', response: { 200: DocumentFormats, 401: ApiError } } },
    async () => ({ pdf: pdfAvailable(), html: true as const }),
  );
  app.get(
    '/api/cases/:county/:id/documents/:kind',
    { schema: { tags, summary: '案件文书 A case document (PDF or HTML print view)', params: DocRef, querystring: DocumentQuery, response: errors } },
    async (req, reply) => {
      const d = await caseDocument(deps.ctxOf(req), { ref: { countyCode: req.params.county, id: req.params.id }, kind: req.params.kind, format: req.query.format });
      return send(reply, d, req.query.download);
    },
  );
  app.get(
    '/api/enrollments/:county/:id/notices/:noticeId',
    { schema: { tags, summary: '终止/暂停/变更救助通知书 A notice of an enrollment change (PDF or HTML print view)', params: NoticeRef, querystring: DocumentQuery, response: errors } },
    async (req, reply) => {
      const d = await familyNoticeDocument(deps.ctxOf(req), { ref: { countyCode: req.params.county, id: req.params.id }, noticeId: req.params.noticeId, format: req.query.format });
      return send(reply, d, req.query.download);
    },
  );
  app.get(
    '/api/documents/forms/:form',
    { schema: { tags, summary: '空白表格 A blank form (入户调查表, 村民主评议记录)', params: FormRef, querystring: DocumentQuery, response: errors } },
    async (req, reply) => {
      const d = await blankFormDocument(deps.ctxOf(req), { form: req.params.form, format: req.query.format });
      return send(reply, d, req.query.download);
    },
  );
  app.get(
    '/api/public-notices/document',
    { schema: { tags, summary: '公示名单文书 The public notice list for the notice board (masked)', querystring: PublicNoticeQuery.extend(DocumentQuery.shape), response: errors } },
    async (req, reply) => {
      const d = await publicNoticeDocument(deps.ctxOf(req), { level: req.query.level, area: req.query.area, format: req.query.format });
      return send(reply, d, req.query.download);
    },
  );
}
