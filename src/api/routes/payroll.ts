import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ExportQuery,
  JobView,
  LinePage,
  LineQuery,
  RefreshResult,
  ReissuePage,
  ReissueQuery,
  ResultQuery,
  RollApprove,
  RollBuildRequest,
  RollPage,
  RollRef,
  RollRefresh,
  RollSearch,
  RollView,
} from '../../contracts/payroll.ts';
import { ApiError } from '../../contracts/registry.ts';
import { approveRoll } from '../../commands/payroll/approve-roll.ts';
import { streamExport } from '../../commands/payroll/export-thread.ts';
import { getRoll } from '../../commands/payroll/get-roll.ts';
import { getJob, startBuildJob, startImportJob } from '../../commands/payroll/jobs.ts';
import { listLines } from '../../commands/payroll/list-lines.ts';
import { listRolls } from '../../commands/payroll/list-rolls.ts';
import { prepareResultFile } from '../../commands/payroll/import-results.ts';
import { refreshRoll } from '../../commands/payroll/refresh-roll.ts';
import { reissueQueue } from '../../commands/payroll/reissue-queue.ts';
import { RESULT_FILE_LIMITS } from '../../commands/uploads/limits.ts';
import { AppError } from '../../kernel/errors.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';
import { saveUpload, UPLOAD_TYPES } from '../upload-body.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 413: ApiError, 429: ApiError };
const tags = ['payroll'];
/** The upload's size bound (ADR 0018); bodies declared up to 4× as large reach the reader, so the refusal names the bound. */
export const RESULT_FILE_LIMIT = RESULT_FILE_LIMITS.maxBytes;

/**
 * 发放 Payment rolls: validate → authorize (in the command) → command → present. Builds and result imports are jobs
 * (202 + a job to poll); the bank file streams out of the export thread (as `doudi payroll export`); the result file streams in (raw body, CSV or XLSX) to a temporary
 * file, is read there by the bounded reader (a worker with a heap limit: size, inflated size, rows, cells, shared strings,
 * columns) before any job is queued — a refused file is a 400/413 naming the bound — and the import job reads its rows.
 */
export function registerPayrollRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/payroll/rolls',
    { schema: { tags, summary: '花名册列表 Payment rolls of my area', querystring: RollSearch, response: { 200: RollPage, ...errors } } },
    async (req) => listRolls(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/payroll/rolls',
    { schema: { tags, summary: '生成花名册（后台任务）Build a roll (a job to poll)', body: RollBuildRequest, response: { 202: JobView, ...errors } } },
    async (req, reply) => reply.status(202).send(await startBuildJob(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/payroll/rolls/:county/:id',
    { schema: { tags, summary: '花名册 A roll with its control totals', params: RollRef, response: { 200: RollView, ...errors } } },
    async (req) => getRoll(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/payroll/rolls/:county/:id/lines',
    { schema: { tags, summary: '花名册明细 A page of the roll’s lines (accounts masked; audited)', params: RollRef, querystring: LineQuery, response: { 200: LinePage, ...errors } } },
    async (req) => listLines(deps.ctxOf(req), { ref: req.params, query: req.query }),
  );
  app.post(
    '/api/payroll/rolls/:county/:id/approve',
    { schema: { tags, summary: '审批花名册 Approve a roll (not by its maker)', params: RollRef, body: RollApprove, response: { 200: RollView, ...errors } } },
    async (req) => approveRoll(deps.ctxOf(req), { ref: req.params, input: req.body }),
  );
  app.post(
    '/api/payroll/rolls/:county/:id/refresh',
    {
      schema: {
        tags,
        summary: '刷新花名册 Refresh a roll awaiting approval with the enrollments as they are now; the difference comes back (audited; the refresher is a maker)',
        params: RollRef,
        body: RollRefresh,
        response: { 200: RefreshResult, ...errors },
      },
    },
    async (req) => refreshRoll(deps.ctxOf(req), { ref: req.params, input: req.body }),
  );
  app.get(
    '/api/payroll/rolls/:county/:id/export',
    { schema: { tags, summary: '导出代发文件 The bank file, CSV or XLSX, with control totals (audited)', params: RollRef, querystring: ExportQuery, response: errors } },
    async (req, reply) => {
      // From the export thread: its errors until the export is recorded come here as API errors; a client that goes
      // away destroys the stream (Fastify does), which terminates the thread.
      const file = await streamExport(deps.ctxOf(req), { ref: req.params, format: req.query.format });
      return (reply as FastifyReply)
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        // Personal data (full bank accounts): never kept by a browser or proxy cache.
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
  app.get(
    '/api/payroll/jobs/:county/:id',
    { schema: { tags, summary: '后台任务进度 A build or import job', params: RollRef, response: { 200: JobView, ...errors } } },
    async (req) => getJob(deps.ctxOf(req), req.params),
  );
  app.get(
    '/api/payroll/reissue-queue',
    { schema: { tags, summary: '待重发 Failed payments and payments held for a missing account, waiting to be paid', querystring: ReissueQuery, response: { 200: ReissuePage, ...errors } } },
    async (req) => reissueQueue(deps.ctxOf(req), req.query),
  );

  // The result upload takes a raw body: its own context, so no other route accepts these content types.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/payroll/rolls/:county/:id/results',
      {
        bodyLimit: 4 * RESULT_FILE_LIMIT,
        schema: { tags, summary: '导入银行回盘（后台任务）Import the bank’s result file (raw CSV or XLSX body; a job to poll)', params: RollRef, querystring: ResultQuery, response: { 202: JobView, ...errors } },
      },
      async (req, reply) => {
        // Saved and read (bounded) only after the command has checked the user, the roll and its state; the job gets the rows.
        const save = async () => {
          const upload = await saveUpload(req.body as Readable, {
            format: req.query.format,
            maxBytes: RESULT_FILE_LIMIT,
            prefix: 'doudi-results-',
            empty: () => new AppError('PAYROLL_RESULT_EMPTY', { zh: '请上传回盘文件', en: 'Upload the result file' }, { status: 400 }),
          });
          try {
            return (await prepareResultFile(upload, req.query.format)).path;
          } finally {
            await rm(dirname(upload), { recursive: true, force: true });
          }
        };
        return reply.status(202).send(await startImportJob(deps.ctxOf(req), { ref: req.params, file: { format: 'csv', save } }));
      },
    );
  });
}
