import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { parseIdNumber } from '../../kernel/id-number.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';
import { readDigits } from '../uploads/header-match.ts';
import {
  type Attribute,
  type Health,
  type PovertyColumnKey,
  type PovertyStatus,
  type Read,
  readAttribute,
  readCause,
  readExitYear,
  readGrade,
  readHealth,
  readLabor,
  readName,
  readRelation,
  readStatus,
} from './poverty-columns.ts';

/** A household key beginning so is the template's example row: skipped. */
export const EXAMPLE_PREFIX = '示例';

/** One person's row as read: the cells of its own columns, each read, or the problems found in it. */
export interface PersonRow {
  row: number;
  hhNo: string;
  name: string;
  /** The 18-digit number (15-digit ones converted); null when the cell is empty. */
  id18: string | null;
  idForm: '18' | '15' | 'invalid';
  birthDate: PlainDate | null;
  sex: 'M' | 'F' | null;
  relation: string;
  labor: string;
  health: Health;
  disabilityGrade: number | null;
}

export interface HouseholdCells {
  county?: string;
  township?: string;
  village?: string;
  headName?: string;
  attribute?: Attribute;
  cause?: string;
  status?: PovertyStatus;
  exitYear?: number;
}

export interface RowProblem {
  key: PovertyColumnKey | null;
  code: string;
  message: { zh: string; en: string };
}

/** The rows of the normalised file (the bounded reader's CSV, each row's source number first). */
export async function* normalisedRows(path: string): AsyncGenerator<{ row: number; cells: string[] }> {
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true, skip_empty_lines: true }));
  for await (const rec of parser as AsyncIterable<unknown[]>) {
    const [line, ...cells] = rec.map((c) => String(c ?? ''));
    yield { row: Number(line), cells };
  }
}

/** A row's cells by column key (trimmed; empty cells left out). */
export function cellsOf(cells: readonly string[], headers: ReadonlyMap<PovertyColumnKey, { index: number }>): Map<PovertyColumnKey, string> {
  const out = new Map<PovertyColumnKey, string>();
  for (const [key, { index }] of headers) {
    const v = (cells[index] ?? '').trim();
    if (v !== '') out.set(key, v);
  }
  return out;
}

/**
 * A person's own cells read (name, ID number 18 or 15 digits or empty, relation, labour, health, grade): the person,
 * or every problem of the row. A malformed number refuses the row; an empty one is allowed (the person is matched by
 * name, birth date and village instead).
 */
export function readPerson(row: number, hhNo: string, c: ReadonlyMap<PovertyColumnKey, string>, today: PlainDate): { person: PersonRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const need = <T>(key: PovertyColumnKey, what: { zh: string; en: string }, read: (v: string) => Read<T>): T | undefined => {
    const v = c.get(key);
    if (v === undefined) {
      problems.push({ key, code: 'FIELD_REQUIRED', message: what });
      return undefined;
    }
    const r = read(v);
    if (r.ok) return r.value;
    problems.push({ key, code: 'POVERTY_IMPORT_VALUE', message: r.message });
    return undefined;
  };
  const name = need('name', { zh: '请填写成员姓名', en: 'Give the member’s name' }, readName);
  const relation = need('relation', { zh: '请填写与户主关系', en: 'Give the relation to the head' }, readRelation);
  const labor = need('labor', { zh: '请填写劳动能力', en: 'Give the labour capacity' }, readLabor);
  const health = need('health', { zh: '请填写健康状况', en: 'Give the health' }, readHealth);
  let grade: number | null = null;
  const g = c.get('disabilityGrade');
  if (g !== undefined && !['无', '否', '/'].includes(g)) {
    const r = readGrade(g);
    if (r.ok) grade = r.value;
    else problems.push({ key: 'disabilityGrade', code: 'POVERTY_IMPORT_VALUE', message: r.message });
  } else if (health === 'disabled') {
    problems.push({ key: 'disabilityGrade', code: 'FIELD_REQUIRED', message: { zh: '健康状况为“残疾”时请填写残疾等级', en: 'Give the disability grade of a disabled person' } });
  }
  let id18: string | null = null;
  let idForm: PersonRow['idForm'] = 'invalid';
  let birthDate: PlainDate | null = null;
  let sex: PersonRow['sex'] = null;
  const idText = readDigits(c.get('idNumber') ?? '').toUpperCase();
  if (idText) {
    const p = parseIdNumber(idText, { today });
    if (p.ok) {
      id18 = p.value.id18;
      idForm = p.value.converted15 ? '15' : '18';
      birthDate = p.value.birthDate;
      sex = p.value.sex;
    } else problems.push({ key: 'idNumber', code: p.error.code, message: p.error.message });
  }
  if (problems.length || name === undefined || relation === undefined || labor === undefined || health === undefined) return { person: null, problems };
  return { person: { row, hhNo, name, id18, idForm, birthDate, sex, relation, labor, health, disabilityGrade: grade }, problems };
}

/** A household's own cells on one row, each read; unreadable ones named. */
export function readHouseholdCells(c: ReadonlyMap<PovertyColumnKey, string>, asOfYear: number): { cells: HouseholdCells; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const cells: HouseholdCells = { county: c.get('county'), township: c.get('township'), village: c.get('village') };
  const read = <T>(key: PovertyColumnKey, r: (v: string) => Read<T>): T | undefined => {
    const v = c.get(key);
    if (v === undefined) return undefined;
    const x = r(v);
    if (x.ok) return x.value;
    problems.push({ key, code: 'POVERTY_IMPORT_VALUE', message: x.message });
    return undefined;
  };
  cells.headName = read('headName', readName);
  cells.attribute = read('attribute', readAttribute);
  cells.cause = read('cause', readCause);
  cells.status = read('status', readStatus);
  cells.exitYear = read('exitYear', (v) => readExitYear(v, asOfYear));
  return { cells, problems };
}
