import { sql } from 'kysely';
import type { PersonAccess, PersonAccessQuery } from '../../contracts/audit.ts';
import { appendAudit } from '../../db/audit.ts';
import { idHashOf, openIdNumber } from '../../db/personal-data.ts';
import { requireIdNumber } from '../../kernel/id-number.ts';
import { AppError } from '../../kernel/errors.ts';
import { auditMac, unseal } from '../../kernel/sealing.ts';
import type { CommandContext } from '../context.ts';
import { nowIso, requirePermission } from '../context.ts';

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
  const ref = await householdOf(ctx, query);
  const members = await db
    .selectFrom('person')
    .select(['id', 'name', 'id_hash', 'id_number_sealed'])
    .where('county_code', '=', ref.county)
    .where('household_id', '=', ref.household)
    .execute();
  const ids = [ref.household, ...(await relatedIds(ctx, ref))];
  const chains = [ref.county, 'city'];

  const recordEvents = await db
    .selectFrom('audit_event')
    .select(['chain', 'seq', 'at', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'detail'])
    .where('chain', '=', ref.county)
    .where('entity_id', 'in', ids)
    .where((eb) => eb.or([eb('action', 'like', '%.read'), eb('action', 'like', '%.list'), eb('action', '=', 'registry.reveal'), eb('action', '=', 'access.refused')]))
    .orderBy('seq', 'desc')
    .limit(MAX_EVENTS)
    .execute();

  const hashes = members.map((m) => m.id_hash);
  const idSearches = hashes.length
    ? await db
        .selectFrom('audit_event')
        .select(['chain', 'seq', 'at', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'detail'])
        .where('chain', 'in', chains)
        .where('action', '=', 'registry.search')
        .where((eb) => eb.or(hashes.map((h) => eb('detail', 'like', `%"idHash":"${h}"%`))))
        .orderBy('seq', 'desc')
        .limit(MAX_EVENTS)
        .execute()
    : [];

  // Name searches: the texts of the period, opened and compared with the members' names; each kept text is checked
  // against the MAC its event carries, so a text changed beside the chain is not believed.
  const since = new Date(ctx.clock().getTime() - NAME_SEARCH_DAYS * 86_400_000).toISOString();
  const texts = await db.selectFrom('audit_search_text').selectAll().where('chain', 'in', chains).where('at', '>=', since).orderBy('at', 'desc').limit(50_000).execute();
  const matching = new Map<string, string>();
  for (const t of texts) {
    const text = unseal(keys, 'search', t.text_sealed);
    if (members.some((m) => m.name.startsWith(text))) matching.set(t.ref, text);
  }
  const nameSearches = matching.size
    ? await db
        .selectFrom('audit_event')
        .select(['chain', 'seq', 'at', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'detail'])
        .where('chain', 'in', chains)
        .where('action', '=', 'registry.search')
        .where('at', '>=', since)
        .where((eb) => eb.or([...matching.keys()].map((r) => eb('detail', 'like', `%"ref":"${r}"%`))))
        .orderBy('seq', 'desc')
        .limit(MAX_EVENTS)
        .execute()
    : [];

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
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: ref.county, action: 'audit.person_access', entityType: 'household', entityId: ref.household, detail: { by: query.idNumber ? 'idNumber' : 'household', returned: items.length } },
      nowIso(ctx),
    ),
  );
  return { county: ref.county, householdId: ref.household, members: members.map((m) => ({ id: m.id, name: m.name })), items, truncated: items.length >= MAX_EVENTS };
}

async function householdOf(ctx: CommandContext, q: PersonAccessQuery): Promise<{ county: string; household: string }> {
  const db = ctx.db.kysely;
  if (q.idNumber) {
    const hash = idHashOf(ctx.db.keys, requireIdNumber(q.idNumber, { field: 'idNumber' }).id18);
    const hit = await db
      .selectFrom('person_index as i')
      .innerJoin('person as p', (j) => j.onRef('p.county_code', '=', 'i.county_code').onRef('p.id', '=', 'i.person_id'))
      .select(['p.county_code', 'p.household_id'])
      .where('i.id_hash', '=', hash)
      .executeTakeFirst();
    if (!hit) throw notRegistered();
    return { county: hit.county_code, household: hit.household_id };
  }
  const h = await db.selectFrom('household').select(['county_code', 'id']).where('county_code', '=', q.county ?? '').where('id', '=', q.householdId ?? '').executeTakeFirst();
  if (!h) throw notRegistered();
  return { county: h.county_code, household: h.id };
}

/** The household's cases, enrollments, reviews and spot checks: their reads concern its members too. */
async function relatedIds(ctx: CommandContext, ref: { county: string; household: string }): Promise<string[]> {
  const db = ctx.db.kysely;
  const r = await sql<{ id: string }>`
    select id from assistance_case where county_code = ${ref.county} and household_id = ${ref.household}
    union select id from enrollment where county_code = ${ref.county} and household_id = ${ref.household}
    union select id from review_case where county_code = ${ref.county} and household_id = ${ref.household}`.execute(db);
  return r.rows.map((x) => x.id);
}

function notRegistered(): AppError {
  return new AppError('PERSON_NOT_REGISTERED', { zh: '本市没有登记此人或此家庭', en: 'No such person or household is registered in the city' }, { status: 404 });
}
