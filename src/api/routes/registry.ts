import { z } from 'zod';
import {
  ApiError,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdPage,
  HouseholdSearch,
  HouseholdUpdate,
  PersonInput,
  PersonLeave,
  PersonMove,
  PersonUpdate,
  RevealRequest,
  RevealResult,
} from '../../contracts/registry.ts';
import { addMember } from '../../commands/registry/add-member.ts';
import { createHousehold } from '../../commands/registry/create-household.ts';
import { getHousehold } from '../../commands/registry/load-household.ts';
import { movePerson } from '../../commands/registry/move-person.ts';
import { removeMember } from '../../commands/registry/remove-member.ts';
import { revealPersonalData } from '../../commands/registry/reveal-personal-data.ts';
import { searchHouseholds } from '../../commands/registry/search-households.ts';
import { updateHousehold } from '../../commands/registry/update-household.ts';
import { updatePerson } from '../../commands/registry/update-person.ts';
import type { RouteDeps, ZodApp } from '../route-deps.ts';

const Ref = z.object({ county: z.string().regex(/^\d{6}$/), id: z.string().min(1).max(64) });
const errors = { 400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 409: ApiError };
const tags = ['registry'];

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
}
