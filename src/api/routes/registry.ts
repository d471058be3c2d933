import { z } from 'zod';
import {
  ApiError,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdPage,
  HouseholdSearch,
  HouseholdUpdate,
  HeatingMissingPage,
  HeatingMissingQuery,
  PersonInput,
  PersonLeave,
  PersonMove,
  PersonUpdate,
  RevealRequest,
  RevealResult,
} from '../../contracts/registry.ts';
import { addMember } from '../../commands/registry/add-member.ts';
import { createHousehold } from '../../commands/registry/create-household.ts';
import { listHeatingMissing } from '../../commands/registry/heating-missing.ts';
import { getHousehold } from '../../commands/registry/load-household.ts';
import { movePerson } from '../../commands/registry/move-person.ts';
import { removeMember } from '../../commands/registry/remove-member.ts';
import { revealPersonalData } from '../../commands/registry/reveal-personal-data.ts';
import { searchHouseholds } from '../../commands/registry/search-households.ts';
import { updateHousehold } from '../../commands/registry/update-household.ts';
import { updatePerson } from '../../commands/registry/update-person.ts';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { REGISTRY_IMPORT_KINDS, RegistryImportQuery, RegistryImportReport } from '../../contracts/registry-import.ts';
import { importHouseholds } from '../../commands/registry/import-households.ts';
import { HEATING_TEMPLATE_FILENAME, registryImportReportFile, registryImportTemplate, TEMPLATE_CONTENT_TYPE, TEMPLATE_FILENAME } from '../../commands/registry/import-template.ts';
import { REGISTRY_FILE_LIMITS } from '../../commands/uploads/limits.ts';
import { AppError } from '../../kernel/errors.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';
import { saveUpload, UPLOAD_TYPES } from '../upload-body.ts';

const Ref = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError, 413: ApiError };
const tags = ['registry'];
const TemplateQuery = z.object({ kind: z.enum(REGISTRY_IMPORT_KINDS).default('households') });

/** Registry routes: validate → authorize (in the command) → command → present. No logic here. */
export function registerRegistryRoutes(app: ZodApp, deps: RouteDeps): void {
  app.get(
    '/api/households',
    { schema: { tags, summary: '检索家庭 Search households', querystring: HouseholdSearch, response: { 200: HouseholdPage, ...errors } } },
    async (req) => searchHouseholds(deps.ctxOf(req), req.query),
  );
  app.post(
    '/api/households',
    { schema: { tags, summary: '新建家庭 Register a household', body: HouseholdCreate, response: { 201: HouseholdDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await createHousehold(deps.ctxOf(req), req.body)),
  );
  app.get(
    '/api/households/:county/:id',
    { schema: { tags, summary: '家庭详情 Household detail', params: Ref, response: { 200: HouseholdDetail, ...errors } } },
    async (req) => getHousehold(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id }),
  );
  app.put(
    '/api/households/:county/:id',
    { schema: { tags, summary: '修改家庭 Edit a household', params: Ref, body: HouseholdUpdate, response: { 200: HouseholdDetail, ...errors } } },
    async (req) => updateHousehold(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/households/:county/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看完整信息 Reveal a full ID number, bank account or phone (audited)',
        params: Ref,
        body: RevealRequest,
        response: { 200: RevealResult, ...errors },
      },
    },
    async (req) => revealPersonalData(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, request: req.body }),
  );
  app.post(
    '/api/households/:county/:id/members',
    { schema: { tags, summary: '增加成员 Add a member', params: Ref, body: PersonInput, response: { 201: HouseholdDetail, ...errors } } },
    async (req, reply) =>
      reply.status(201).send(await addMember(deps.ctxOf(req), { countyCode: req.params.county, householdId: req.params.id, input: req.body })),
  );
  app.put(
    '/api/persons/:county/:id',
    { schema: { tags, summary: '修改成员 Edit a person', params: Ref, body: PersonUpdate, response: { 200: HouseholdDetail, ...errors } } },
    async (req) => updatePerson(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/persons/:county/:id/move',
    { schema: { tags, summary: '成员迁移 Move a person to another household', params: Ref, body: PersonMove, response: { 200: HouseholdDetail, ...errors } } },
    async (req) => movePerson(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, input: req.body }),
  );
  app.post(
    '/api/persons/:county/:id/leave',
    { schema: { tags, summary: '成员减少 A member leaves the household (death, marriage out, moved away)', params: Ref, body: PersonLeave, response: { 200: HouseholdDetail, ...errors } } },
    async (req) => removeMember(deps.ctxOf(req), { countyCode: req.params.county, id: req.params.id, input: req.body }),
  );
  app.get(
    '/api/registry/heating/missing',
    {
      schema: {
        tags,
        summary: '取暖信息缺失名单 Enrolled households (dibao, tekun) whose heating mode, or central heating’s area, is not recorded',
        querystring: HeatingMissingQuery,
        response: { 200: HeatingMissingPage, ...errors },
      },
    },
    async (req) => listHeatingMissing(deps.ctxOf(req), req.query),
  );

  app.get(
    '/api/registry/import/template',
    { schema: { tags, summary: '户籍导入模板 The registry import template (XLSX): households, or heating (取暖信息)', querystring: TemplateQuery, response: errors } },
    async (req, reply) => {
      const file = await registryImportTemplate(deps.ctxOf(req), req.query.kind);
      const name = req.query.kind === 'heating' ? HEATING_TEMPLATE_FILENAME : TEMPLATE_FILENAME;
      return (reply as FastifyReply).header('content-type', TEMPLATE_CONTENT_TYPE).header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );
  app.post(
    '/api/registry/import/report',
    { schema: { tags, summary: '导入问题清单 A refused import’s report as XLSX (the report as sent back)', body: RegistryImportReport, response: errors } },
    async (req, reply) => {
      const file = await registryImportReportFile(deps.ctxOf(req), req.body);
      return (reply as FastifyReply).header('content-type', TEMPLATE_CONTENT_TYPE).header('content-disposition', 'attachment; filename="registry-import-problems.xlsx"').send(file);
    },
  );
  // The import takes a raw body (XLSX or CSV): its own context, so no other route accepts these content types.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(UPLOAD_TYPES, (_req, payload, done) => done(null, payload));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/registry/import',
      {
        bodyLimit: 4 * REGISTRY_FILE_LIMITS.maxBytes,
        schema: {
          tags,
          summary: '户籍导入 Import households (kind=households) or their heating (kind=heating) from the template (raw XLSX or CSV body): applied whole, or refused with a row-by-row report',
          querystring: RegistryImportQuery,
          response: { 200: RegistryImportReport, ...errors },
        },
      },
      async (req) => {
        const save = async () => {
          const path = await saveUpload(req.body as Readable, {
            format: req.query.format,
            maxBytes: REGISTRY_FILE_LIMITS.maxBytes,
            prefix: 'doudi-registry-upload-',
            empty: () => new AppError('UPLOAD_EMPTY', { zh: '请上传导入文件', en: 'Upload the import file' }, { status: 400, field: 'file' }),
          });
          return { path, cleanup: () => rm(dirname(path), { recursive: true, force: true }) };
        };
        return importHouseholds(deps.ctxOf(req), { file: save, format: req.query.format, area: req.query.area, kind: req.query.kind });
      },
    );
  });
}
