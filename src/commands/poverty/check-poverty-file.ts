import { createHash, hash } from 'node:crypto';
import type { PovertyImportProblem } from '../../contracts/poverty.ts';
import type { PovertyHouseholdTable } from '../../db/schema.ts';
import { scopeOf } from '../../db/scope.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { CITY_AREA, type CommandContext, todayOf } from '../context.ts';
import { divisionResolver } from './division-names.ts';
import { HOUSEHOLD_FIELDS, matchPovertyHeaders, type PovertyColumnKey, povertyColumn } from './poverty-columns.ts';
import { cellsOf, EXAMPLE_PREFIX, type HouseholdCells, normalisedRows, type PersonRow, readHouseholdCells, readPerson } from './read-poverty-rows.ts';

const MAX_LISTED = 500;

export type Household = Omit<PovertyHouseholdTable, 'snapshot_id'>;

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

export interface Checked {
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
 * An order-independent digest of a set of distinct items (the file's persons, its households): the sum, lane by lane
 * modulo 2^64, of their SHA-256 digests. The same rows in any order give the same value; nothing is kept per item.
 */
class SetDigest {
  private lanes = [0n, 0n, 0n, 0n];
  count = 0;
  add(item: string): void {
    // One-shot: no Hash object per row (each one native, freed only by a finaliser — old-space garbage at 200,000 rows).
    const d = hash('sha256', item, 'buffer');
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
 * their rows, their villages resolved) and the content digested. What is kept is small — the households stored flat,
 * the ID numbers seen (as numbers, for duplicates), a running digest — never the rows themselves (ADR 0032).
 */
export async function checkPovertyFile(ctx: CommandContext, area: string, asOf: PlainDate, rowsPath: string): Promise<Checked> {
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

