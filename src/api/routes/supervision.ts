import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deathTemplate, importDeaths } from '../../commands/supervision/import-deaths.ts';
import { REGISTRY_FILE_LIMITS } from '../../commands/uploads/limits.ts';
import { AppError } from '../../kernel/errors.ts';
import { saveUpload, UPLOAD_TYPES } from '../upload-body.ts';
import { ApiError } from '../../contracts/registry.ts';
import { DeathImportReport, FindingPage, FindingQuery, RunRequest, RunView } from '../../contracts/supervision.ts';
import { getRun, startRunJob } from '../../commands/supervision/jobs.ts';
import { listFindings } from '../../commands/supervision/list-findings.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 429: ApiError };

/** 监督检查 The anomaly rules' runs (a job, polled) and their findings: validate → authorize (in the command) → command → present. */
export function registerSupervisionRoutes(app: ZodApp, deps: RouteDeps): void {
  app.post(
    '/api/anomalies/runs',
    {
      schema: {
        tags: ['supervision'],
        summary: '运行异常规则（后台任务，返回进度）Run the anomaly rules as a job (answers with the run to poll)',
        body: RunRequest,
        response: { 202: RunView, ...errors },
      },
    },
    async (req, reply) => reply.code(202).send(await startRunJob(deps.ctxOf(req), { county: req.body.county, rules: req.body.rules })),
  );
  app.get(
    '/api/anomalies/runs/:id',
    {
      schema: {
        tags: ['supervision'],
        summary: '异常规则运行进度与结果 A run of the anomaly rules: progress and counts per rule',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: RunView, ...errors },
      },
    },
    async (req) => getRun(deps.ctxOf(req), req.params.id),
  );
  app.get(
    '/api/findings',
    {
      schema: {
        tags: ['supervision'],
        summary: '问题线索列表（按规则、状态、区域筛选，分页）Findings of the anomaly rules, by rule, status and area, a page at a time',
        querystring: FindingQuery,
        response: { 200: FindingPage, ...errors },
      },
    },
    async (req) => listFindings(deps.ctxOf(req), req.query),
  );
  app.get(
    '/api/deaths/import/template',
    { schema: { tags: ['supervision'], summary: '死亡信息导入模板（XLSX）The death-record import template (XLSX)', response: errors } },
    async (req, reply) => {
      const file = await deathTemplate(deps.ctxOf(req));
      return (reply as FastifyReply)
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="death-records-template.xlsx"')
        .send(file);
    },
  );
  // The import takes a raw body (XLSX or CSV): its own context, so no other route accepts these content types.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/deaths/import',
      {
        bodyLimit: 4 * REGISTRY_FILE_LIMITS.maxBytes,
        schema: {
          tags: ['supervision'],
          summary: '死亡信息导入（原始 XLSX 或 CSV）：全部导入，或附逐行问题清单拒绝 Import death records (raw XLSX or CSV body): applied whole, or refused with a row-by-row report',
          querystring: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx'), name: z.string().max(200).optional() }),
          response: { 200: DeathImportReport, ...errors },
        },
      },
      async (req) => {
        const save = async () => {
          const path = await saveUpload(req.body as Readable, {
            format: req.query.format,
            maxBytes: REGISTRY_FILE_LIMITS.maxBytes,
            prefix: 'doudi-deaths-upload-',
            empty: () => new AppError('UPLOAD_EMPTY', { zh: '请上传导入文件', en: 'Upload the import file' }, { status: 400, field: 'file' }),
          });
          return { path, cleanup: () => rm(dirname(path), { recursive: true, force: true }) };
        };
        return importDeaths(deps.ctxOf(req), { file: save, format: req.query.format, fileName: req.query.name ?? `deaths.${req.query.format}` });
      },
    );
  });
}
