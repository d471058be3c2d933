import type { PersonAccess, PersonAccessQuery } from '../../contracts/audit.ts';
import { householdRecordIds, readsOfRecords, searchesMatching, searchTextsSince } from '../../db/access-trail.ts';
import { appendAudit } from '../../db/audit.ts';
import { idHashOf, openIdNumber } from '../../db/personal-data.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import type { HouseholdTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import { requireIdNumber } from '../../kernel/id-number.ts';
import { AppError } from '../../kernel/errors.ts';
import { auditMac, unseal } from '../../kernel/sealing.ts';
import type { CommandContext } from '../context.ts';
import { auditActor, nowIso, requirePermission } from '../context.ts';

/** How far back name searches are scanned (their texts are sealed: they are opened to compare). */
const NAME_SEARCH_DAYS = 366;
const MAX_EVENTS = 1_000;

/**
 * 谁查看了此人 For an auditor: who looked at a person, when, and what they searched for (issue 9 point 17). The person is
 * named by ID number (found by its keyed hash across the city) or by household. The answer lists, newest first:
 * - reads of the household and of its cases, enrollments and reviews (single records and reveals of full values);
 * - registry searches for the person's ID number (the search's lookup hash equals the person's);
 * - registry searches by name whose text begins the name of a member (within the last year), with the text searched;
 * - requests refused or not found on those records (attempts from outside the area).
 * The auditor's own question is audited too. Read-only over the whole city (`audit.persons`: the auditor alone).
 */
export async function personAccess(ctx: CommandContext, query: PersonAccessQuery): Promise<PersonAccess> {
  requirePermission(ctx.actor, 'audit.persons');
  const db = ctx.db.kysely;
  const keys = ctx.db.keys;
  const registry = new RegistryRepo(db, scopeOf(ctx.actor.areaCode));
  const household = await householdOf(ctx, registry, query);
  const ref = { county: household.county_code, household: household.id };
  const { members } = await registry.householdParts(household);
  const ids = [ref.household, ...(await householdRecordIds(db, ref.county, ref.household))];
  const chains = [ref.county, 'city'];

  const recordEvents = await readsOfRecords(db, ref.county, ids, MAX_EVENTS);
  const idSearches = await searchesMatching(db, { chains, needles: members.map((m) => `"idHash":"${m.id_hash}"`), limit: MAX_EVENTS });

  // Name searches: the texts of the period, opened and compared with the members' names; each kept text is checked
  // against the MAC its event carries, so a text changed beside the chain is not believed.
  const since = new Date(ctx.clock().getTime() - NAME_SEARCH_DAYS * 86_400_000).toISOString();
  const texts = await searchTextsSince(db, chains, since, 50_000);
  const matching = new Map<string, string>();
  for (const t of texts) {
    const text = unseal(keys, 'search', t.text_sealed);
    if (members.some((m) => m.name.startsWith(text))) matching.set(t.ref, text);
  }
  const nameSearches = await searchesMatching(db, { chains, needles: [...matching.keys()].map((r) => `"ref":"${r}"`), since, limit: MAX_EVENTS });

  const idText = new Map(members.map((m) => [m.id_hash, openIdNumber(keys, m)]));
  const seen = new Set<string>();
  const items = [...recordEvents, ...idSearches, ...nameSearches]
    .filter((e) => {
      const k = `${e.chain}:${e.seq}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((e) => {
      const detail = e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : {};
      const q = detail.query as { ref?: string; kind?: string; mac?: string; idHash?: string } | undefined;
      let searched: string | null = null;
      if (q?.idHash && idText.has(q.idHash)) searched = idText.get(q.idHash) ?? null;
      else if (q?.ref && matching.has(q.ref)) {
        const text = matching.get(q.ref) ?? '';
        searched = q.mac === auditMac(keys, `search\u0000${text}`) ? text : null;
      }
      return {
        at: e.at,
        chain: e.chain,
        seq: Number(e.seq),
        actor: e.actor_name,
        actorId: e.actor_id,
        action: e.action,
        entityType: e.entity_type,
        entityId: e.entity_id,
        searched,
        detail,
      };
    })
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq))
    .slice(0, MAX_EVENTS);

  await ctx.db.kysely.transaction().execute((trx) =>
    appendAudit(
      trx,
      auditActor(ctx.actor),
      { chain: ref.county, action: 'audit.person_access', entityType: 'household', entityId: ref.household, detail: { by: query.idNumber ? 'idNumber' : 'household', returned: items.length } },
      nowIso(ctx),
    ),
  );
  return { county: ref.county, householdId: ref.household, members: members.map((m) => ({ id: m.id, name: m.name })), items, truncated: items.length >= MAX_EVENTS };
}

/** The household asked about, found in the auditor's area (the city) by a member's ID number or by its key. */
export async function householdOf(ctx: CommandContext, registry: RegistryRepo, q: PersonAccessQuery): Promise<HouseholdTable> {
  if (q.idNumber) {
    const hash = idHashOf(ctx.db.keys, requireIdNumber(q.idNumber, { field: 'idNumber' }).id18);
    const hit = await registry.idNumberTaken(hash);
    const person = hit?.inArea ? await registry.getPerson(hit.countyCode, hit.personId) : undefined;
    const h = person ? await registry.getHousehold(person.county_code, person.household_id) : undefined;
    if (!h) throw notRegistered();
    return h;
  }
  const h = await registry.getHousehold(q.county ?? '', q.householdId ?? '');
  if (!h) throw notRegistered();
  return h;
}

function notRegistered(): AppError {
  return new AppError('PERSON_NOT_REGISTERED', { zh: '本市没有登记此人或此家庭', en: 'No such person or household is registered in the city' }, { status: 404 });
}
