import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importPovertySnapshot } from '../../commands/poverty/import-snapshot.ts';
import { listPovertySnapshots, povertySnapshotChanges } from '../../commands/poverty/list-snapshots.ts';
import { POVERTY_TEMPLATE_FILENAME, povertyImportReportFile, povertyImportTemplate, XLSX_CONTENT_TYPE } from '../../commands/poverty/poverty-template.ts';
import { POVERTY_FILE_LIMITS } from '../../commands/uploads/limits.ts';
import { PovertyChangePage, PovertyChangeQuery, PovertyImportQuery, PovertyImportReport, PovertyImportResult, PovertySnapshotList } from '../../contracts/poverty.ts';
import { ApiError } from '../../contracts/registry.ts';
import { AppError } from '../../kernel/errors.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';
import { saveUpload, UPLOAD_TYPES } from '../upload-body.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 413: ApiError };
const tags = ['poverty'];

/** The poverty-registry import (issue 12 points 1 and 9): template, upload, report, snapshots. Validate → authorize (in the command) → command → present. */
export function registerPovertyImportRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/poverty/import/template',
    { schema: { tags, summary: '建档立卡数据导入模板 The poverty-registry template (XLSX)', response: errors } },
    async (req, reply) => {
      const file = await povertyImportTemplate(deps.ctxOf(req));
      return (reply as FastifyReply).header('content-type', XLSX_CONTENT_TYPE).header('content-disposition', `attachment; filename="${POVERTY_TEMPLATE_FILENAME}"`).send(file);
    },
  );
  app.post(
    '/api/poverty/import/report',
    { schema: { tags, summary: '导入问题清单 A refused import’s report as XLSX (the report as sent back)', body: PovertyImportReport, response: errors } },
    async (req, reply) => {
      const file = await povertyImportReportFile(deps.ctxOf(req), req.body);
      return (reply as FastifyReply).header('content-type', XLSX_CONTENT_TYPE).header('content-disposition', 'attachment; filename="poverty-import-problems.xlsx"').send(file);
    },
  );
  app.get(
    '/api/poverty/snapshots',
    { schema: { tags, summary: '建档立卡数据快照 The snapshots the user’s area sees', response: { 200: PovertySnapshotList, ...errors } } },
    async (req) => listPovertySnapshots(deps.ctxOf(req)),
  );
  app.get(
    '/api/poverty/snapshots/:id/changes',
    {
      schema: {
        tags,
        summary: '快照变化 A snapshot’s changes from the previous one (ID numbers masked)',
        params: z.object({ id: z.string().min(1).max(64) }),
        querystring: PovertyChangeQuery,
        response: { 200: PovertyChangePage, ...errors },
      },
    },
    async (req) => povertySnapshotChanges(deps.ctxOf(req), { snapshotId: req.params.id, query: req.query }),
  );
  // The import takes a raw body (XLSX or CSV): its own context, so no other route accepts these content types.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/poverty/import',
      {
        bodyLimit: 2 * POVERTY_FILE_LIMITS.maxBytes,
        schema: {
          tags,
          summary: '建档立卡数据导入 Import the poverty registry (raw XLSX or CSV body): a snapshot, the same content a no-op, or refused with a row report',
          querystring: PovertyImportQuery,
          response: { 200: PovertyImportResult, ...errors },
        },
      },
      async (req) => {
        const save = async () => {
          const path = await saveUpload(req.body as Readable, {
            format: req.query.format,
            maxBytes: POVERTY_FILE_LIMITS.maxBytes,
            prefix: 'doudi-poverty-upload-',
            empty: () => new AppError('UPLOAD_EMPTY', { zh: '请上传导入文件', en: 'Upload the import file' }, { status: 400, field: 'file' }),
          });
          return { path, cleanup: () => rm(dirname(path), { recursive: true, force: true }) };
        };
        const q = req.query;
        return importPovertySnapshot(deps.ctxOf(req), { file: save, format: q.format, county: q.county, asOf: q.asOf, fileName: q.fileName });
      },
    );
  });
}
