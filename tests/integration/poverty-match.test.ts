import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, CommandContext } from '../../src/commands/context.ts';
import { decideMatch } from '../../src/commands/poverty/decide-match.ts';
import { listMatchQueue } from '../../src/commands/poverty/list-match-queue.ts';
import { matchSnapshot } from '../../src/commands/poverty/match-snapshot.ts';
import { idHashOf, sealIdNumber } from '../../src/db/personal-data.ts';
import { PovertyMatchRepo } from '../../src/db/poverty-match-repo.ts';
import { convert15to18 } from '../../src/kernel/id-number.ts';
import { loginAs, testServer } from '../factories/api.ts';
import { runDoudi } from '../factories/cli.ts';
import { validId } from '../factories/ids.ts';
import { insertPovertySnapshot, type PovertyHouseholdInput } from '../factories/poverty.ts';
import { createTestDb, TEST_DIALECT, type TestDb } from '../factories/test-db.ts';
import { AREAS, makeUser } from '../factories/users.ts';

const COUNTY = '211221';
const AT = '2026-01-05T00:00:00.000Z';

/** A registry household written straight into household, person and person_index (as tests/factories/bulk-households.ts does). */
async function registryHousehold(db: TestDb, id: string, village: string, members: { name: string; idNumber: string; sex: 'M' | 'F' }[]) {
  const county = village.slice(0, 6);
  await db.kysely
    .insertInto('household')
    .values({
      county_code: county, id, area_code: village, address: '测试地址', hukou_type: 'rural', registered_poor: 0, bank_name: null,
      bank_account_sealed: null, bank_account_hash: null, phone_sealed: null, head_name: members[0].name, member_count: members.length,
      synthetic: 0, version: 1, created_at: AT, updated_at: AT,
    })
    .execute();
  for (const [k, m] of members.entries()) {
    const sealed = sealIdNumber(db.keys, m.idNumber);
    const birth = `${m.idNumber.slice(6, 10)}-${m.idNumber.slice(10, 12)}-${m.idNumber.slice(12, 14)}`;
    await db.kysely
      .insertInto('person')
      .values({
        county_code: county, id: `${id}-p${k + 1}`, household_id: id, area_code: village, ...sealed, name: m.name, sex: m.sex, birth_date: birth,
        relation: k === 0 ? 'head' : 'spouse', hukou_type: 'rural', disability_kind: null, disability_grade: null, serious_illness: 0,
        labor_capacity: 'full', self_care_mask: 0, supporter_status: 'none', in_school: 0, synthetic: 0, version: 1, created_at: AT, updated_at: AT,
      })
      .execute();
    await db.kysely.insertInto('person_index').values({ id_hash: sealed.id_hash, county_code: county, person_id: `${id}-p${k + 1}` }).execute();
  }
}

const ID = {
  zhang: validId(COUNTY, '19580307', 12),
  wang: validId(COUNTY, '19600510', 22),
  liu15: '211221500102011',
  li: validId(COUNTY, '19550909', 32),
  sun: validId(COUNTY, '19650404', 13),
  zhao: validId(COUNTY, '19620808', 15),
};
/** 王秀英's number with a wrong check digit: invalid, so the file's birth date is what the matcher has. */
const wangTypo = `${ID.wang.slice(0, 17)}${ID.wang[17] === '1' ? '2' : '1'}`;

/** The office's file: ID numbers (one 15-digit), a typo'd number and swapped name, a homophone, a typo, a moved person, an unknown. */
const OFFICE: PovertyHouseholdInput[] = [
  {
    hhNo: 'P001',
    villageCode: AREAS.village,
    attribute: 'dibao',
    status: 'poor',
    persons: [
      { name: '张淑兰', idNumber: ID.zhang },
      { name: '王英秀', idNumber: wangTypo, birthDate: '1960-05-10' },
      { name: '刘德福', idNumber: ID.liu15 },
    ],
  },
  {
    hhNo: 'P002',
    villageCode: AREAS.village,
    persons: [
      { name: '李贵芝', birthDate: '1955-09-09' },
      { name: '孙立年', birthDate: '1965-04-04' },
      { name: '赵国庆', birthDate: '1962-08-08' },
      { name: '周无名', birthDate: '1980-01-01' },
    ],
  },
];

describe(`poverty matching and its review queue (${TEST_DIALECT})`, () => {
  let db: TestDb;
  let app: FastifyInstance;
  let cw1: Actor;
  let cw2: Actor;
  const ctx = (actor: Actor): CommandContext => ({ db, actor, clock: () => new Date(AT) });
  let first: { snapshotId: string; personKeys: string[][] };
  let later: { snapshotId: string; personKeys: string[][] };

  beforeAll(async () => {
    db = await createTestDb();
    cw1 = await makeUser(db, 'pm_cw1', 'township_caseworker', AREAS.township);
    cw2 = await makeUser(db, 'pm_cw2', 'township_caseworker', AREAS.siblingTownship);
    await makeUser(db, 'pm_va', 'village_assistant', AREAS.village);
    await makeUser(db, 'pm_ca', 'county_admin', AREAS.county);
    await registryHousehold(db, 'R1', AREAS.village, [
      { name: '张淑兰', idNumber: ID.zhang, sex: 'F' },
      { name: '王秀英', idNumber: ID.wang, sex: 'F' },
    ]);
    await registryHousehold(db, 'R2', AREAS.village, [{ name: '刘德福', idNumber: convert15to18(ID.liu15), sex: 'M' }]);
    await registryHousehold(db, 'R3', AREAS.village, [
      { name: '李桂芝', idNumber: ID.li, sex: 'F' },
      { name: '孙立军', idNumber: ID.sun, sex: 'M' },
    ]);
    // 赵国庆 lives in the sibling township now: a moved person, in another caseworker's area.
    await registryHousehold(db, 'R4', AREAS.siblingVillage, [{ name: '赵国庆', idNumber: ID.zhao, sex: 'M' }]);
    // Someone else of the village born the same day as 周无名's file entry, of another name: not a match.
    await registryHousehold(db, 'R5', AREAS.village, [{ name: '韩明亮', idNumber: validId(COUNTY, '19800101', 17), sex: 'M' }]);
    first = await insertPovertySnapshot(db, { households: OFFICE, importedAt: '2026-01-05T01:00:00.000Z' });
    app = await testServer(db, () => new Date(AT));
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  const rowOf = (snapshotId: string, name: string) =>
    db.kysely.selectFrom('poverty_person').selectAll().where('snapshot_id', '=', snapshotId).where('name', '=', name).executeTakeFirstOrThrow();

  it('matches by ID number (15 digits converted), then suggests the fuzzy cases and leaves the unknown', async () => {
    const summary = await db.kysely.transaction().execute((trx) => matchSnapshot(trx, first.snapshotId));
    expect(summary).toEqual({ byId: 2, confirmed: 0, suggested: 4, unknown: 1 });
    expect(await rowOf(first.snapshotId, '张淑兰')).toMatchObject({ match_method: 'id', match_county: COUNTY, match_person_id: 'R1-p1', match_confidence: 100 });
    expect(await rowOf(first.snapshotId, '刘德福')).toMatchObject({ match_method: 'id', match_person_id: 'R2-p1' });
    const suggested = {
      王英秀: 'R1-p2', // swapped characters, a typo'd ID number
      李贵芝: 'R3-p1', // homophone
      孙立年: 'R3-p2', // typo
      赵国庆: 'R4-p1', // moved to another township of the county
    };
    for (const [name, id] of Object.entries(suggested)) {
      const r = await rowOf(first.snapshotId, name);
      expect(r, name).toMatchObject({ match_method: 'suggested', match_county: COUNTY, match_person_id: id });
      expect(Number(r.match_confidence), name).toBeGreaterThanOrEqual(70);
      expect(Number(r.match_confidence), name).toBeLessThan(100);
    }
    expect(Number((await rowOf(first.snapshotId, '赵国庆')).match_confidence)).toBeLessThan(Number((await rowOf(first.snapshotId, '李贵芝')).match_confidence));
    expect(await rowOf(first.snapshotId, '周无名')).toMatchObject({ match_method: null, match_person_id: null });
  });

  it('looks ID numbers up for an import that matches while it writes (idMatches), and the ID pass leaves such rows alone', async () => {
    const repo = new PovertyMatchRepo(db.kysely);
    const found = await repo.idMatches([idHashOf(db.keys, ID.zhang), idHashOf(db.keys, convert15to18(ID.liu15)), idHashOf(db.keys, validId(COUNTY, '19990101', 999))]);
    expect([...found.values()].map((v) => v.personId).sort()).toEqual(['R1-p1', 'R2-p1']);
    expect(await repo.matchById(first.snapshotId)).toBe(0);
  });

  it('shows each caseworker the suggestions that point into their area, both sides masked, with reasons', async () => {
    const mine = await listMatchQueue(ctx(cw1), { page: 1, pageSize: 20 });
    expect(mine.items.map((i) => i.snapshot.name).sort()).toEqual(['孙立年', '李贵芝', '王英秀'].sort());
    expect(mine.total).toBe(3);
    const wang = mine.items.find((i) => i.snapshot.name === '王英秀')!;
    expect(wang.registry).toMatchObject({ name: '王秀英', personId: 'R1-p2', householdId: 'R1', headName: '张淑兰', birthDate: '1960-05-10' });
    expect(wang.registry.idNumber).toMatch(/^211221\*{8}\d{3}[\dX]$/);
    expect(wang.snapshot).toMatchObject({ idForm: 'invalid', idNumber: '', attribute: 'dibao', status: 'poor', birthDate: '1960-05-10' });
    expect(wang.reasons.map((r) => r.code)).toEqual(['name_transposed', 'birth_equal', 'village_same', 'sex_unknown']);
    expect(wang.reasons.reduce((s, r) => s + r.points, 0)).toBe(wang.confidence);
    expect(mine.items.find((i) => i.snapshot.name === '李贵芝')?.reasons[0].code).toBe('name_homophone');
    const theirs = await listMatchQueue(ctx(cw2), { page: 1, pageSize: 20 });
    expect(theirs.items.map((i) => i.snapshot.name)).toEqual(['赵国庆']);
    expect(theirs.items[0].reasons.map((r) => r.code)).toContain('county_moved');
    const events = await db.kysely.selectFrom('audit_event').select('actor_name').where('action', '=', 'poverty.match.queue').execute();
    expect(events.map((e) => e.actor_name)).toEqual(expect.arrayContaining(['pm_cw1', 'pm_cw2']));
  });

  it('refuses the roles without poverty.match, another area, and a decision already taken', async () => {
    const va = await loginAs(app, 'pm_va');
    expect((await va.call('GET', '/api/poverty/matches')).status).toBe(403);
    const [keysP1, keysP2] = first.personKeys;
    const wang = { snapshotId: first.snapshotId, personKey: keysP1[1], countyCode: COUNTY, personId: 'R1-p2' };
    expect((await va.call('POST', '/api/poverty/matches/decisions', { ...wang, decision: 'confirmed' })).status).toBe(403);
    // The sibling township's caseworker cannot decide on a person of the first township: not found in their area.
    await expect(decideMatch(ctx(cw2), { ...wang, decision: 'confirmed' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Bad input: a pair that was never suggested.
    await expect(decideMatch(ctx(cw1), { ...wang, personId: 'R1-p1', decision: 'confirmed' })).rejects.toMatchObject({ code: 'MATCH_ALREADY_DECIDED' });
    const bad = await (await loginAs(app, 'pm_cw1')).call('POST', '/api/poverty/matches/decisions', { ...wang, countyCode: '21', decision: 'confirmed' });
    expect(bad.status).toBe(400);
    expect(await rowOf(first.snapshotId, '王英秀')).toMatchObject({ match_method: 'suggested' });
    expect(keysP2).toHaveLength(4);
  });

  it('confirms one and rejects one (audited, the row updated), and a decision once taken is refused again', async () => {
    const [keysP1, keysP2] = first.personKeys;
    const cw = await loginAs(app, 'pm_cw1');
    const wang = { snapshotId: first.snapshotId, personKey: keysP1[1], countyCode: COUNTY, personId: 'R1-p2' };
    const confirmed = await cw.call('POST', '/api/poverty/matches/decisions', { ...wang, decision: 'confirmed' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ decision: 'confirmed', matchMethod: 'confirmed' });
    expect((await cw.call('POST', '/api/poverty/matches/decisions', { ...wang, decision: 'rejected' })).status).toBe(409);
    const sun = { snapshotId: first.snapshotId, personKey: keysP2[1], countyCode: COUNTY, personId: 'R3-p2' };
    await decideMatch(ctx(cw1), { ...sun, decision: 'rejected' });
    expect(await rowOf(first.snapshotId, '王英秀')).toMatchObject({ match_method: 'confirmed', match_person_id: 'R1-p2', match_confidence: 100 });
    expect(await rowOf(first.snapshotId, '孙立年')).toMatchObject({ match_method: null, match_person_id: null, match_confidence: null });
    const decisions = await db.kysely.selectFrom('poverty_match_decision').select(['person_id', 'decision', 'decided_by_name']).orderBy('person_id').execute();
    expect(decisions).toEqual([
      { person_id: 'R1-p2', decision: 'confirmed', decided_by_name: 'pm_cw1' },
      { person_id: 'R3-p2', decision: 'rejected', decided_by_name: 'pm_cw1' },
    ]);
    const events = await db.kysely
      .selectFrom('audit_event')
      .select(['chain', 'action', 'entity_type', 'actor_name'])
      .where('action', 'in', ['poverty.match.confirm', 'poverty.match.reject'])
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { chain: COUNTY, action: 'poverty.match.confirm', entity_type: 'poverty_person', actor_name: 'pm_cw1' },
      { chain: COUNTY, action: 'poverty.match.reject', entity_type: 'poverty_person', actor_name: 'pm_cw1' },
    ]);
    expect((await listMatchQueue(ctx(cw1), { page: 1, pageSize: 20 })).items.map((i) => i.snapshot.name)).toEqual(['李贵芝']);
  });

  it('keeps the decisions on a later snapshot: the confirmed person matched, the rejected pair never suggested again', async () => {
    later = await insertPovertySnapshot(db, { households: OFFICE, importedAt: '2026-02-05T01:00:00.000Z' });
    const summary = await db.kysely.transaction().execute((trx) => matchSnapshot(trx, later.snapshotId));
    expect(summary).toEqual({ byId: 2, confirmed: 1, suggested: 2, unknown: 2 });
    expect(await rowOf(later.snapshotId, '王英秀')).toMatchObject({ match_method: 'confirmed', match_person_id: 'R1-p2' });
    expect(await rowOf(later.snapshotId, '孙立年')).toMatchObject({ match_method: null });
    // The queue shows the latest snapshot's suggestions only (the earlier ones are history).
    const queue = await listMatchQueue(ctx(cw1), { page: 1, pageSize: 20 });
    expect(queue.items.map((i) => [i.snapshot.name, i.snapshotId])).toEqual([['李贵芝', later.snapshotId]]);
  });

  it('lists and decides from the command line, as a named user', async () => {
    const list = await runDoudi(db, ['poverty', 'matches', '--as', 'pm_cw1', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const page = JSON.parse(list.stdout);
    expect(page.items.map((i: { snapshot: { name: string } }) => i.snapshot.name)).toEqual(['李贵芝']);
    const key = later.personKeys[1][0];
    const bad = await runDoudi(db, ['poverty', 'match', 'maybe', later.snapshotId, key, '--person', `${COUNTY}/R3-p1`, '--as', 'pm_cw1', '--json']);
    expect(bad.code).toBe(2);
    const ok = await runDoudi(db, ['poverty', 'match', 'confirm', later.snapshotId, key, '--person', `${COUNTY}/R3-p1`, '--as', 'pm_cw1', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ decision: 'confirmed', matchMethod: 'confirmed' });
    expect(await rowOf(later.snapshotId, '李贵芝')).toMatchObject({ match_method: 'confirmed', match_person_id: 'R3-p1' });
    const again = await runDoudi(db, ['poverty', 'match', 'reject', later.snapshotId, key, '--person', `${COUNTY}/R3-p1`, '--as', 'pm_cw1', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('MATCH_ALREADY_DECIDED');
  });
});
