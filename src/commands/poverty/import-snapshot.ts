import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PovertyImportProblem, PovertyImportResult } from '../../contracts/poverty.ts';
import { appendAudit } from '../../db/audit.ts';
import { getDivision } from '../../db/division-repo.ts';
import { sealIdNumber } from '../../db/personal-data.ts';
import { PovertyRepo } from '../../db/poverty-repo.ts';
import type { PovertyHouseholdTable, PovertyPersonTable, PovertySnapshotChangeTable } from '../../db/schema.ts';
import { inScope, outOfArea, scopeOf } from '../../db/scope.ts';
import { divisionLevel } from '../../kernel/division-code.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import { parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';
import { lookupHash } from '../../kernel/sealing.ts';
import { actorName, auditActor, CITY_AREA, type CommandContext, nowIso, requirePermission, todayOf } from '../context.ts';
import { normaliseSheet, type SheetFormat } from '../uploads/bounded-reader.ts';
import { POVERTY_FILE_LIMITS } from '../uploads/limits.ts';
import { divisionResolver } from './division-names.ts';
import { matchSnapshot } from './match-snapshot.ts';
import { HOUSEHOLD_FIELDS, matchPovertyHeaders, type PovertyColumnKey, povertyColumn } from './poverty-columns.ts';
import { cellsOf, EXAMPLE_PREFIX, type HouseholdCells, normalisedRows, type PersonRow, readHouseholdCells, readPerson } from './read-poverty-rows.ts';
import { householdChanges, personChanges } from './snapshot-diff.ts';

const MAX_LISTED = 500;
const PERSON_BATCH = 400;
const CHANGE_PAGE = 1_000;

type Household = Omit<PovertyHouseholdTable, 'snapshot_id'>;

/** One household as the file gives it, while it is read: its fields as written (and the row of each), its members. */
interface Group {
  first: number;
  /** Each household field as first written (repeated values interned: one string per distinct value). */
  raw: (string | undefined)[];
  rows: Int32Array;
  members: number;
}

/**
 * The households of a file while it is read, stored flat (one array per attribute, not an object per household):
 * 200,000 rows hold some 80,000 households, and an object with two small arrays each would cost several times more.
 */
class GroupTable {
  private readonly width = HOUSEHOLD_FIELDS.length;
  readonly index = new Map<string, number>();
  private first = new Int32Array(1024);
  private members = new Int32Array(1024);
  private rows = new Int32Array(1024 * this.width);
  private raw: (string | undefined)[] = [];

  get size(): number {
    return this.index.size;
  }

  /** The household's slot, made at its first row. */
  slot(hhNo: string, row: number): number {
    let i = this.index.get(hhNo);
    if (i !== undefined) return i;
    i = this.index.size;
    if (i >= this.first.length) {
      const grow = <T extends Int32Array>(a: T, n: number) => {
        const b = new Int32Array(n);
        b.set(a);
        return b;
      };
      this.first = grow(this.first, this.first.length * 2);
      this.members = grow(this.members, this.members.length * 2);
      this.rows = grow(this.rows, this.rows.length * 2);
    }
    this.index.set(hhNo, i);
    this.first[i] = row;
    return i;
  }

  addMember(i: number): void {
    this.members[i]++;
  }

  value(i: number, f: number): string | undefined {
    return this.raw[i * this.width + f];
  }

  rowOf(i: number, f: number): number {
    return this.rows[i * this.width + f];
  }

  set(i: number, f: number, value: string, row: number): void {
    this.raw[i * this.width + f] = value;
    this.rows[i * this.width + f] = row;
  }

  /** One household as an object, for the moment it is read. */
  group(i: number): Group {
    const at = i * this.width;
    return { first: this.first[i], members: this.members[i], raw: this.raw.slice(at, at + this.width), rows: this.rows.slice(at, at + this.width) };
  }
}

interface Checked {
  /** The normalised rows (read again to write them). */
  path: string;
  problems: PovertyImportProblem[];
  problemCount: number;
  rows: number;
  headers: Map<PovertyColumnKey, { index: number; header: string }>;
  households: Map<string, Household>;
  persons: number;
  digest: string;
}

/**
 * 建档立卡数据导入 Imports the poverty office's registry file (the published template, XLSX or CSV, issue 12 point 1) as
 * a dated snapshot of the city's or one county's registry: read by the bounded reader (ADR 0018), every row validated
 * (columns, ID numbers 18 or 15 digits or none, duplicates, villages within the township and county named and within
 * the area, a household's fields the same on its rows); a file with any problem changes nothing and comes back with
 * every problem by row and column. An accepted file is written in batches, compared with the area's previous snapshot
 * (households and persons added, removed, changed, and which fields), its persons matched to doudi's registry, and
 * audited once — all in one transaction. The same content as the area's latest snapshot is a no-op (ADR 0032).
 */
export async function importPovertySnapshot(
  ctx: CommandContext,
  o: { file: string | (() => Promise<{ path: string; cleanup: () => Promise<void> }>); format: SheetFormat; county?: string; asOf?: string; fileName?: string },
): Promise<PovertyImportResult> {
  requirePermission(ctx.actor, 'poverty.import');
  const area = await importArea(ctx, o.county);
  const asOf = asOfOf(ctx, o.asOf);
  const file = typeof o.file === 'string' ? { path: o.file, cleanup: async () => {} } : await o.file();
  const fileName = (o.fileName ?? (typeof o.file === 'string' ? o.file.split(/[\\/]/).pop() : undefined) ?? `upload.${o.format}`).slice(0, 200);
  const dir = await mkdtemp(join(tmpdir(), 'doudi-poverty-import-'));
  try {
    const out = join(dir, 'rows.csv');
    try {
      await normaliseSheet({ path: file.path, format: o.format, limits: POVERTY_FILE_LIMITS, out, rowNumbers: true });
    } finally {
      await file.cleanup();
    }
    const checked = await checkFile(ctx, area, asOf, out);
    const base = { areaCode: area, asOf, rows: checked.rows, problemCount: checked.problemCount, problems: checked.problems };
    const zero = { households: 0, persons: 0 };
    if (checked.problemCount > 0) {
      return { ...base, outcome: 'refused', applied: false, snapshotId: null, households: 0, persons: 0, added: zero, removed: zero, changed: zero, previousId: null, match: null };
    }
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const repo = new PovertyRepo(trx, scopeOf(area));
      const latest = await repo.latestOfArea(area);
      if (latest?.content_digest === checked.digest) {
        return {
          ...base,
          outcome: 'unchanged' as const,
          applied: false,
          snapshotId: latest.id,
          asOf: latest.as_of,
          households: latest.households,
          persons: latest.persons,
          added: zero,
          removed: zero,
          changed: zero,
          previousId: latest.previous_id,
          match: null,
        };
      }
      if (latest && asOf < latest.as_of) {
        throw new AppError(
          'POVERTY_IMPORT_AS_OF_EARLIER',
          { zh: `该地区最近一次导入的数据日期为 ${latest.as_of}，不能导入更早日期（${asOf}）的数据`, en: `The area's latest snapshot stands for ${latest.as_of}: a file for an earlier day (${asOf}) cannot follow it` },
          { status: 409, field: 'asOf' },
        );
      }
      const id = randomUUID();
      const at = nowIso(ctx);
      await repo.insertSnapshot({
        id,
        area_code: area,
        as_of: asOf,
        content_digest: checked.digest,
        file_name: fileName,
        households: 0,
        persons: 0,
        added_households: 0,
        removed_households: 0,
        changed_households: 0,
        added_persons: 0,
        removed_persons: 0,
        changed_persons: 0,
        previous_id: latest?.id ?? null,
        imported_by_id: ctx.actor.userId,
        imported_by_name: actorName(ctx.actor),
        imported_at: at,
      });
      let batch: Household[] = [];
      for (const h of checked.households.values()) {
        batch.push(h);
        if (batch.length >= PERSON_BATCH) {
          await repo.insertHouseholds(batch.map((x) => ({ ...x, snapshot_id: id })));
          batch = [];
        }
      }
      await repo.insertHouseholds(batch.map((x) => ({ ...x, snapshot_id: id })));
      const persons = await writePersons(ctx, repo, id, checked);
      const diff = await writeDiff(repo, id, latest?.id ?? null);
      const counts = {
        households: checked.households.size,
        persons,
        added_households: diff.added.households,
        removed_households: diff.removed.households,
        changed_households: diff.changed.households,
        added_persons: diff.added.persons,
        removed_persons: diff.removed.persons,
        changed_persons: diff.changed.persons,
      };
      await repo.setCounts(id, counts);
      const match = { ...(await matchSnapshot(trx, id)) } as Record<string, number>;
      await appendAudit(
        trx,
        auditActor(ctx.actor),
        {
          chain: area === CITY_AREA ? 'city' : area.slice(0, 6),
          action: 'poverty.import',
          entityType: 'poverty_snapshot',
          entityId: id,
          after: { area, asOf, digest: checked.digest, ...counts },
          detail: { area, asOf, rows: checked.rows, previous: latest?.id ?? null, ...counts, match },
        },
        at,
      );
      return { ...base, outcome: 'accepted' as const, applied: true, snapshotId: id, households: counts.households, persons, ...diff, previousId: latest?.id ?? null, match };
    });
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/** The area of a snapshot: the city, or one county of it (`county`); within the importer's own area. */
async function importArea(ctx: CommandContext, county: string | undefined): Promise<string> {
  const text = county?.trim();
  let area: string;
  if (!text) {
    const own = ctx.actor.areaCode;
    const level = divisionLevel(own);
    if (level !== 'city' && level !== 'county') throw areaError();
    area = own;
  } else {
    if (!/^\d{6}(\d{6})?$/.test(text)) throw new AppError('DIVISION_CODE_FORMAT', { zh: '区划代码须为 6 位或 12 位数字', en: 'A division code has 6 or 12 digits' }, { field: 'county' });
    area = text.length === 6 ? `${text}000000` : text;
    const d = await getDivision(ctx.db.kysely, area);
    if (d?.level !== 'county' || !area.startsWith(CITY_AREA.slice(0, 4))) throw areaError();
  }
  if (!inScope(scopeOf(ctx.actor.areaCode), area)) throw outOfArea('county');
  return area;
}

const areaError = () =>
  new AppError('POVERTY_IMPORT_AREA', { zh: '建档立卡数据按全市或一个县（市、区）导入：请填写县（市、区）的区划代码，或不填（全市）', en: 'A poverty-registry file covers the city or one county: give the county’s code, or none for the city' }, { field: 'county' });

function asOfOf(ctx: CommandContext, text: string | undefined): PlainDate {
  if (!text) return todayOf(ctx);
  const t = parsePlainDate(text.trim());
  if (!t) throw new AppError('DATE_FORMAT', { zh: '数据日期须为 YYYY-MM-DD 格式的真实日期', en: 'The as-of date is a real date written YYYY-MM-DD' }, { field: 'asOf' });
  if (t > todayOf(ctx)) throw new AppError('POVERTY_IMPORT_AS_OF_FUTURE', { zh: '数据日期不能晚于今天', en: 'The as-of date cannot be after today' }, { field: 'asOf' });
  return t;
}

/**
 * An order-independent digest of a set of distinct items (the file's persons, its households): the sum, lane by lane
 * modulo 2^64, of their SHA-256 digests. The same rows in any order give the same value; nothing is kept per item.
 */
class SetDigest {
  private lanes = [0n, 0n, 0n, 0n];
  count = 0;
  add(item: string): void {
    const d = createHash('sha256').update(item).digest();
    for (let i = 0; i < 4; i++) this.lanes[i] = BigInt.asUintN(64, this.lanes[i] + d.readBigUInt64BE(i * 8));
    this.count++;
  }
  value(): string {
    return `${this.count}:${this.lanes.map((l) => l.toString(16).padStart(16, '0')).join('')}`;
  }
}

/** An 18-digit ID number as a number (region · birth day · sequence; the check digit follows from them). */
function idNumberKey(id18: string): number {
  const day = Date.UTC(Number(id18.slice(6, 10)), Number(id18.slice(10, 12)) - 1, Number(id18.slice(12, 14))) / 86_400_000 + 40_000;
  return (Number(id18.slice(0, 6)) * 100_000 + day) * 1000 + Number(id18.slice(14, 17));
}

/**
 * The first pass over the file: header, then every row checked; households assembled (their fields compared across
 * their rows, their villages resolved) and the content digested. What is kept is small: a household's fields, the ID
 * numbers seen (for duplicates) and a short digest per person — never the rows themselves.
 */
async function checkFile(ctx: CommandContext, area: string, asOf: PlainDate, rowsPath: string): Promise<Checked> {
  const problems: PovertyImportProblem[] = [];
  let problemCount = 0;
  let headers = new Map<PovertyColumnKey, { index: number; header: string }>();
  const columnName = (key: PovertyColumnKey | null) => (key ? (headers.get(key)?.header ?? povertyColumn(key).header) : null);
  const add = (row: number, key: PovertyColumnKey | null, code: string, message: BilingualMessage) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ row, column: columnName(key), code, message });
  };
  const today = todayOf(ctx);
  const asOfYear = Number(asOf.slice(0, 4));
  const groups = new GroupTable();
  // ID numbers seen, as numbers (region, birth day, sequence: 46 bits), with their row: a fraction of the strings' size.
  const ids = new Map<number, number>();
  const nameKeys = new Map<string, number>();
  const personDigest = new SetDigest();
  const interned = new Map<string, string>();
  const intern = (v: string) => {
    const had = interned.get(v);
    if (had !== undefined) return had;
    if (interned.size < 50_000) interned.set(v, v);
    return v;
  };
  let rows = 0;
  let headerRow: number | null = null;
  const done = (): Checked => ({ path: rowsPath, problems: problems.sort((a, b) => a.row - b.row), problemCount, rows, headers, households: new Map(), persons: 0, digest: '' });

  for await (const { row, cells } of normalisedRows(rowsPath)) {
    if (headerRow === null) {
      headerRow = row;
      const m = matchPovertyHeaders(cells);
      headers = m.found;
      for (const c of m.missing) add(row, c.key, 'POVERTY_IMPORT_COLUMN_MISSING', { zh: `缺少“${c.header}”列（请使用建档立卡数据导入模板）`, en: `The column “${c.header}” is missing (use the poverty-registry template)` });
      for (const r of m.repeated) add(row, null, 'POVERTY_IMPORT_COLUMN_REPEATED', { zh: `“${r.header}”列重复`, en: `The column “${r.header}” appears twice` });
      if (m.missing.length || m.repeated.length) return done();
      continue;
    }
    const c = cellsOf(cells, headers);
    const hhNo = c.get('hhNo') ?? '';
    if (hhNo.startsWith(EXAMPLE_PREFIX) || c.size === 0) continue;
    rows++;
    if (!hhNo) {
      add(row, 'hhNo', 'POVERTY_IMPORT_KEY_MISSING', { zh: '请填写户编号（同一户的成员填写相同的户编号）', en: 'Give the household number (the same for every member of a household)' });
      continue;
    }
    if (hhNo.length > 40) {
      add(row, 'hhNo', 'POVERTY_IMPORT_VALUE', { zh: '户编号过长（最多 40 个字符）', en: 'The household number is too long (40 characters at most)' });
      continue;
    }
    const { person, problems: own } = readPerson(row, hhNo, c, today);
    for (const p of own) add(row, p.key, p.code, p.message);
    if (person) {
      if (person.id18) {
        const n = idNumberKey(person.id18);
        const first = ids.get(n);
        if (first === undefined) ids.set(n, row);
        else add(row, 'idNumber', 'POVERTY_IMPORT_DUPLICATE_ID', { zh: `身份证号码与第 ${first} 行重复`, en: `The same ID number as row ${first}` });
      } else {
        const k = `${hhNo}|${person.name}`;
        const first = nameKeys.get(k);
        if (first === undefined) nameKeys.set(k, row);
        else add(row, 'name', 'POVERTY_IMPORT_DUPLICATE_ROW', { zh: `与第 ${first} 行是同一户的同名成员且都没有身份证号码（重复行？）`, en: `The same household and name as row ${first}, both without an ID number (a duplicate row?)` });
      }
      personDigest.add(JSON.stringify(personDigestOf(person)));
    }
    const g = groups.slot(hhNo, row);
    groups.addMember(g);
    HOUSEHOLD_FIELDS.forEach((f, i) => {
      const v = c.get(f);
      if (v === undefined) return;
      const had = groups.value(g, i);
      if (had === undefined) {
        groups.set(g, i, f === 'headName' ? v : intern(v), row);
      } else if (had.replace(/\s+/g, '') !== v.replace(/\s+/g, '')) {
        add(row, f, 'POVERTY_IMPORT_HOUSEHOLD_CONFLICT', {
          zh: `户编号 ${hhNo} 的“${columnName(f)}”与第 ${groups.rowOf(g, i)} 行不同（同一户只能填一个值）`,
          en: `Household ${hhNo}: “${columnName(f)}” differs from row ${groups.rowOf(g, i)} (one value per household)`,
        });
      }
    });
  }
  if (headerRow === null || groups.size === 0) {
    add(headerRow ?? 1, null, 'POVERTY_IMPORT_EMPTY', { zh: '文件中没有要导入的数据（示例行不导入）', en: 'The file holds no rows to import (the example row is not imported)' });
    return done();
  }

  // Each household: its fields read, its village resolved and within the area.
  const resolve = await divisionResolver(ctx.db.kysely, CITY_AREA);
  const households = new Map<string, Household>();
  const householdDigest = new SetDigest();
  for (const [hhNo, slot] of groups.index) {
    const g = groups.group(slot);
    const raw = new Map<PovertyColumnKey, string>();
    HOUSEHOLD_FIELDS.forEach((f, i) => {
      if (g.raw[i] !== undefined) raw.set(f, g.raw[i] as string);
    });
    const rowOf = (f: PovertyColumnKey) => g.rows[HOUSEHOLD_FIELDS.indexOf(f)] || g.first;
    const { cells, problems: own } = readHouseholdCells(raw, asOfYear);
    for (const p of own) add(p.key ? rowOf(p.key) : g.first, p.key, p.code, p.message);
    const where = resolve({ county: cells.county, township: cells.township, village: cells.village });
    if (!where.ok) {
      add(rowOf(where.column), where.column, where.code, where.message);
      continue;
    }
    if (!where.village.startsWith(scopeOf(area).prefix)) {
      add(rowOf('village'), 'village', 'POVERTY_IMPORT_OUT_OF_AREA', { zh: `该户所在村（社区）不在本次导入范围（${area}）内`, en: `The household's village lies outside the area of this import (${area})` });
      continue;
    }
    if (!householdComplete(cells, g, rowOf, add)) continue;
    const h: Household = {
      hh_no: hhNo,
      county_code: where.county.slice(0, 6),
      township_code: where.township,
      village_code: where.village,
      head_name: cells.headName as string,
      attribute: cells.attribute as Household['attribute'],
      poverty_cause: cells.cause ?? '',
      status: cells.status as Household['status'],
      exit_year: cells.status === 'out' ? (cells.exitYear ?? null) : null,
      member_count: g.members,
    };
    households.set(hhNo, h);
    householdDigest.add(JSON.stringify([h.hh_no, h.village_code, h.head_name, h.attribute, h.poverty_cause, h.status, h.exit_year, h.member_count]));
  }
  if (problemCount > 0) return done();
  const digest = createHash('sha256').update(`${area}\n${householdDigest.value()}\n${personDigest.value()}`).digest('hex');
  return { path: rowsPath, problems: [], problemCount: 0, rows, headers, households, persons: personDigest.count, digest };
}

/** A household's required fields: head, attribute, status, and the year for a household out of poverty. */
function householdComplete(cells: HouseholdCells, g: Group, rowOf: (f: PovertyColumnKey) => number, add: (row: number, key: PovertyColumnKey | null, code: string, m: BilingualMessage) => void): boolean {
  let ok = true;
  const need = (f: PovertyColumnKey, v: unknown, zh: string, en: string) => {
    if (v !== undefined) return;
    ok = false;
    if (g.raw[HOUSEHOLD_FIELDS.indexOf(f)] === undefined) add(g.first, f, 'FIELD_REQUIRED', { zh, en });
  };
  need('headName', cells.headName, '请填写户主姓名', 'Give the head’s name');
  need('attribute', cells.attribute, '请填写户属性', 'Give the household attribute');
  need('status', cells.status, '请填写脱贫状态', 'Give the poverty status');
  if (cells.status === 'out' && cells.exitYear === undefined && g.raw[HOUSEHOLD_FIELDS.indexOf('exitYear')] === undefined) {
    ok = false;
    add(rowOf('status'), 'exitYear', 'FIELD_REQUIRED', { zh: '已脱贫的户请填写脱贫年度', en: 'Give the year a household came out of poverty' });
  }
  if (cells.status === 'poor' && cells.exitYear !== undefined) {
    ok = false;
    add(rowOf('exitYear'), 'exitYear', 'POVERTY_IMPORT_EXIT_YEAR', { zh: '未脱贫的户不填脱贫年度', en: 'A household still poor has no year out of poverty' });
  }
  return ok;
}

const personDigestOf = (p: PersonRow) => [p.hhNo, p.name, p.id18 ?? '', p.relation, p.labor, p.health, p.disabilityGrade];

/** The second pass: the rows read again and written in batches, ID numbers sealed (ADR 0012). Returns the count. */
async function writePersons(ctx: CommandContext, repo: PovertyRepo, snapshotId: string, checked: Checked): Promise<number> {
  const keys = ctx.db.keys;
  const today = todayOf(ctx);
  let batch: PovertyPersonTable[] = [];
  let n = 0;
  let header = true;
  for await (const { row, cells } of normalisedRows(checked.path)) {
    if (header) {
      header = false;
      continue;
    }
    const c = cellsOf(cells, checked.headers);
    const hhNo = c.get('hhNo') ?? '';
    if (hhNo.startsWith(EXAMPLE_PREFIX) || c.size === 0) continue;
    const { person: p } = readPerson(row, hhNo, c, today);
    const h = checked.households.get(hhNo);
    if (!p || !h) throw new Error(`row ${row} changed between the two passes`);
    const sealed = p.id18 ? sealIdNumber(keys, p.id18) : null;
    batch.push({
      snapshot_id: snapshotId,
      person_key: sealed ? `i:${sealed.id_hash}` : `n:${lookupHash(keys, 'id_number', `${hhNo}|${p.name}`)}`,
      hh_no: hhNo,
      row_no: row,
      name: p.name,
      relation: p.relation,
      id_number_sealed: sealed?.id_number_sealed ?? null,
      id_hash: sealed?.id_hash ?? null,
      id_form: p.idForm,
      birth_date: p.birthDate,
      sex: p.sex,
      labor_capacity: p.labor,
      health: p.health,
      disability_grade: p.disabilityGrade,
      county_code: h.county_code,
      village_code: h.village_code,
      match_county: null,
      match_person_id: null,
      match_method: null,
      match_confidence: null,
    });
    if (batch.length >= PERSON_BATCH) {
      await repo.insertPersons(batch);
      n += batch.length;
      batch = [];
    }
  }
  await repo.insertPersons(batch);
  return n + batch.length;
}


/**
 * The difference from the previous snapshot of the area, written as changes: households (by 户编号) and persons (by
 * key) added and removed in one statement each, the changed ones a page at a time with the fields that changed.
 */
async function writeDiff(repo: PovertyRepo, id: string, prev: string | null) {
  const ar = await repo.writeAddedRemoved(id, prev);
  let changedHouseholds = 0;
  let changedPersons = 0;
  if (prev) {
    for (let after = ''; ; ) {
      const pairs = await repo.changedHouseholds(id, prev, after, CHANGE_PAGE);
      if (pairs.length === 0) break;
      const rows: PovertySnapshotChangeTable[] = pairs.map((p) => ({ snapshot_id: id, kind: 'household', key: p.key, change: 'changed', county_code: p.county_code, label: p.label, fields: JSON.stringify(householdChanges(p.before, p.after)) }));
      await repo.insertChanges(rows);
      changedHouseholds += rows.length;
      after = pairs[pairs.length - 1].key;
    }
    for (let after = ''; ; ) {
      const pairs = await repo.changedPersons(id, prev, after, CHANGE_PAGE);
      if (pairs.length === 0) break;
      const rows: PovertySnapshotChangeTable[] = pairs.map((p) => ({ snapshot_id: id, kind: 'person', key: p.key, change: 'changed', county_code: p.county_code, label: p.label, fields: JSON.stringify(personChanges(p.before, p.after)) }));
      await repo.insertChanges(rows);
      changedPersons += rows.length;
      after = pairs[pairs.length - 1].key;
    }
  }
  return {
    added: { households: ar.addedHouseholds, persons: ar.addedPersons },
    removed: { households: ar.removedHouseholds, persons: ar.removedPersons },
    changed: { households: changedHouseholds, persons: changedPersons },
  };
}
