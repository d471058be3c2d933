import { withNormalisedRows } from '../uploads/normalised-upload.ts';
import { HouseholdCreate, type IncomeInput, type AssetInput, type PersonInput } from '../../contracts/registry.ts';
import type { RegistryImportKind, RegistryImportProblem, RegistryImportReport } from '../../contracts/registry-import.ts';
import { getDivision, villagesUnder } from '../../db/division-repo.ts';
import { inScope, outOfArea, scopeOf } from '../../db/scope.ts';
import { scopePrefix } from '../../kernel/division-code.ts';
import { AppError, type BilingualMessage } from '../../kernel/errors.ts';
import { textProblemMessage, textProblemOfCode } from '../../kernel/text.ts';
import { type CommandContext, auditActor, requirePermission } from '../context.ts';
import type { SheetFormat } from '../uploads/bounded-reader.ts';
import { REGISTRY_FILE_LIMITS } from '../uploads/limits.ts';
import { buildNewHousehold, type NewHousehold, writeNewHousehold } from './create-household.ts';
import {
  type ColumnKey,
  columnOf,
  IMPORT_COLUMNS,
  matchHeaders,
  type Read,
  readAmount,
  readDigits,
  readDisability,
  readGrade,
  readHukou,
  readLabor,
  readRelation,
  readSelfCare,
  readSupporter,
  readYesNo,
} from './import-columns.ts';
import { checkAndApplyHeating } from './import-heating.ts';
import { csvRows } from './import-rows.ts';
import { registryFor } from './load-household.ts';
import { shortVillageName } from '../shared/village-name.ts';
import { duplicateIdNumber } from './person-row.ts';

const MAX_LISTED = 500;
/** A household key beginning so is the template's example row: skipped. */
const EXAMPLE_PREFIX = '示例';
const HOUSEHOLD_KEYS: readonly ColumnKey[] = IMPORT_COLUMNS.filter((c) => c.household && c.key !== 'key').map((c) => c.key);

interface Row {
  row: number;
  cells: Map<ColumnKey, string>;
}

/** One household as the file gives it: its rows, the household's fields (and the row each came from). */
interface Group {
  key: string;
  rows: Row[];
  fields: Map<ColumnKey, { value: string; row: number }>;
}

const importError = (code: string, zh: string, en: string, status = 400, field = 'area') => new AppError(code, { zh, en }, { status, field });

/**
 * 户籍导入 Registers the households of a village or a township from the published template (one row per person, grouped
 * by 户编号): the file read by the bounded reader (ADR 0018), every household validated as the form validates it
 * (buildNewHousehold: ID numbers GB 11643, relations, one head, incomes, assets, account, phone), every village within
 * the importer's area and the area given, no ID number twice in the file nor already registered anywhere (another
 * county's registration said only as "registered elsewhere"). All or nothing: a file with any problem changes nothing
 * and comes back with every problem by row and column; otherwise every household is written, with its audit event, in
 * one transaction. With `kind: 'heating'` the file records the heating of households already registered instead
 * (import-heating.ts, ADR 0042): the same upload, area, bounds, report and all-or-nothing.
 */
export async function importHouseholds(
  ctx: CommandContext,
  o: { file: string | (() => Promise<{ path: string; cleanup: () => Promise<void> }>); format: SheetFormat; area: string; kind?: RegistryImportKind },
): Promise<RegistryImportReport> {
  requirePermission(ctx.actor, 'registry.write');
  const area = await requireImportArea(ctx, o.area);
  const kind = o.kind ?? 'households';
  // An upload is saved only now, once the user and the area are known to be right.
  return withNormalisedRows({ file: o.file, format: o.format, limits: REGISTRY_FILE_LIMITS, tmpPrefix: 'doudi-registry-import-' }, (out) =>
    kind === 'heating' ? checkAndApplyHeating(ctx, area, out) : checkAndApply(ctx, area, out),
  );
}

/** The area of an import: a village or a township within the importer's own area. */
export async function requireImportArea(ctx: CommandContext, code: string): Promise<string> {
  const area = code.trim();
  if (!/^\d{12}$/.test(area)) throw importError('DIVISION_CODE_FORMAT', '区划代码须为 12 位数字', 'A division code has 12 digits');
  const d = await getDivision(ctx.db.kysely, area);
  if (!d || (d.level !== 'village' && d.level !== 'township')) {
    throw importError('REGISTRY_IMPORT_AREA', '导入范围须为一个村（社区）或乡镇（街道）的区划代码', 'The import is for one village (community) or township (street): give its code');
  }
  if (!inScope(scopeOf(ctx.actor.areaCode), area)) throw outOfArea('area');
  return area;
}


async function checkAndApply(ctx: CommandContext, area: string, rowsPath: string): Promise<RegistryImportReport> {
  const problems: RegistryImportProblem[] = [];
  let problemCount = 0;
  let headers = new Map<ColumnKey, { index: number; header: string }>();
  const columnName = (key: ColumnKey | null) => (key ? (headers.get(key)?.header ?? columnOf(key).header) : null);
  const add = (row: number, key: ColumnKey | null, code: string, message: BilingualMessage) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ row, column: columnName(key), code, message });
  };
  let rows = 0;
  const report = (applied: boolean, households = 0, persons = 0): RegistryImportReport => ({
    applied,
    area,
    rows,
    households,
    persons,
    problemCount,
    problems: [...problems].sort((a, b) => a.row - b.row),
  });

  // The file: its header, then its rows grouped into households.
  const groups = new Map<string, Group>();
  let headerRow: number | null = null;
  // The same ID number twice in the file, as written (the keyed hash below also catches a 15- and an 18-digit form).
  const idText = new Map<string, number>();
  const duplicateRows = new Set<number>();
  const duplicate = (row: number, first: number) => {
    duplicateRows.add(row);
    add(row, 'idNumber', 'REGISTRY_IMPORT_DUPLICATE_IN_FILE', { zh: `身份证号码与第 ${first} 行重复`, en: `The same ID number as row ${first}` });
  };
  for await (const [line, ...cells] of csvRows(rowsPath)) {
    const rowNo = Number(line);
    if (headerRow === null) {
      headerRow = rowNo;
      const m = matchHeaders(cells);
      headers = m.found;
      for (const c of m.missing) add(rowNo, c.key, 'REGISTRY_IMPORT_COLUMN_MISSING', { zh: `缺少“${c.header}”列（请使用导入模板）`, en: `The column “${c.header}” is missing (use the template)` });
      for (const r of m.repeated) add(rowNo, null, 'REGISTRY_IMPORT_COLUMN_REPEATED', { zh: `“${r.header}”列重复`, en: `The column “${r.header}” appears twice` });
      if (m.missing.length || m.repeated.length) return report(false);
      continue;
    }
    const row: Row = { row: rowNo, cells: new Map() };
    for (const [key, { index }] of headers) {
      const v = (cells[index] ?? '').trim();
      if (v !== '') row.cells.set(key, v);
    }
    const key = row.cells.get('key') ?? '';
    if (key.startsWith(EXAMPLE_PREFIX)) continue;
    if (row.cells.size === 0) continue;
    rows++;
    const id = readDigits(row.cells.get('idNumber') ?? '').toUpperCase();
    if (id) {
      const first = idText.get(id);
      if (first === undefined) idText.set(id, rowNo);
      else duplicate(rowNo, first);
    }
    if (!key) {
      add(rowNo, 'key', 'REGISTRY_IMPORT_KEY_MISSING', { zh: '请填写户编号（同一户的成员填写相同的户编号）', en: 'Give the household key (the same for every member of a household)' });
      continue;
    }
    const g: Group = groups.get(key) ?? { key, rows: [], fields: new Map() };
    groups.set(key, g);
    g.rows.push(row);
    for (const f of HOUSEHOLD_KEYS) {
      const v = row.cells.get(f);
      if (v === undefined) continue;
      const had = g.fields.get(f);
      if (!had) g.fields.set(f, { value: v, row: rowNo });
      else if (!sameValue(f, had.value, v)) {
        add(rowNo, f, 'REGISTRY_IMPORT_HOUSEHOLD_CONFLICT', {
          zh: `户编号 ${key} 的“${columnName(f)}”与第 ${had.row} 行不同（同一户只能填一个值）`,
          en: `Household ${key}: “${columnName(f)}” differs from row ${had.row} (one value per household)`,
        });
      }
    }
  }
  if (headerRow === null || groups.size === 0) {
    add(headerRow ?? 1, null, 'REGISTRY_IMPORT_EMPTY', { zh: '文件中没有要导入的家庭（示例行不导入）', en: 'The file holds no household to import (the example row is not imported)' });
    return report(false);
  }

  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = registryFor(ctx, trx);
    const villages = await villagesUnder(trx, scopePrefix(area));
    const byCode = new Map(villages.map((v) => [v.code, v]));
    const byName = new Map<string, string[]>();
    for (const v of villages) {
      // The official name (懿路村民委员会) and the one people write (懿路村) both find it.
      for (const n of new Set([v.name, shortVillageName(v.name)])) byName.set(n, [...(byName.get(n) ?? []), v.code]);
    }
    const now = ctx.clock();
    const built: { group: Group; nh: NewHousehold; memberRows: number[] }[] = [];
    const idRows = new Map<string, number>();

    for (const g of groups.values()) {
      const at = (f: ColumnKey) => g.fields.get(f);
      const village = at('village');
      let areaCode: string | null = null;
      if (!village) add(g.rows[0].row, 'village', 'FIELD_REQUIRED', { zh: '请填写所在村（社区）', en: 'Give the village (community)' });
      else areaCode = await villageOf(trx, village.value, { area, byCode, byName }, (code, zh, en) => add(village.row, 'village', code, { zh, en }));
      if (!at('address')) add(g.rows[0].row, 'address', 'FIELD_REQUIRED', { zh: '请填写家庭住址', en: 'Give the address' });

      // Cell by cell, into the form's input; a cell that cannot be read is named, the household goes no further.
      let readable = true;
      const cell = <T>(row: number, f: ColumnKey, r: Read<T>): T | undefined => {
        if (r.ok) return r.value;
        readable = false;
        add(row, f, 'REGISTRY_IMPORT_VALUE', r.message);
        return undefined;
      };
      const hukou = at('hukouType') ? cell(at('hukouType')!.row, 'hukouType', readHukou(at('hukouType')!.value)) : 'rural';
      const poor = at('registeredPoor') ? cell(at('registeredPoor')!.row, 'registeredPoor', readYesNo(at('registeredPoor')!.value)) : false;
      const members: PersonInput[] = [];
      const incomes: IncomeInput[] = [];
      const incomeAt: { row: number; key: ColumnKey }[] = [];
      for (const r of g.rows) {
        const v = (f: ColumnKey) => r.cells.get(f);
        const required = (f: ColumnKey, what: BilingualMessage): string | undefined => {
          const x = v(f);
          if (x === undefined) {
            readable = false;
            add(r.row, f, 'FIELD_REQUIRED', what);
          }
          return x;
        };
        const name = required('name', { zh: '请填写姓名', en: 'Give the name' });
        const idNumber = required('idNumber', { zh: '请填写身份证号码', en: 'Give the ID number' });
        const relation = v('relation') === undefined ? required('relation', { zh: '请填写与户主关系', en: 'Give the relation to the head' }) : cell(r.row, 'relation', readRelation(v('relation')!));
        const labor = v('laborCapacity') === undefined ? required('laborCapacity', { zh: '请填写劳动能力', en: 'Give the labour capacity' }) : cell(r.row, 'laborCapacity', readLabor(v('laborCapacity')!));
        const disabilityKind = v('disabilityKind') && !['无', '无残疾', '否'].includes(v('disabilityKind')!) ? cell(r.row, 'disabilityKind', readDisability(v('disabilityKind')!)) : null;
        const disabilityGrade = v('disabilityGrade') && !['无', '否'].includes(v('disabilityGrade')!) ? cell(r.row, 'disabilityGrade', readGrade(v('disabilityGrade')!)) : null;
        const person = {
          name: name ?? '',
          idNumber: readDigits(idNumber ?? ''),
          relation: relation as PersonInput['relation'],
          laborCapacity: labor as PersonInput['laborCapacity'],
          disabilityKind: disabilityKind ?? null,
          disabilityGrade: disabilityGrade ?? null,
          seriousIllness: v('seriousIllness') ? (cell(r.row, 'seriousIllness', readYesNo(v('seriousIllness')!)) ?? false) : false,
          inSchool: v('inSchool') ? (cell(r.row, 'inSchool', readYesNo(v('inSchool')!)) ?? false) : false,
          supporterStatus: v('supporterStatus') ? (cell(r.row, 'supporterStatus', readSupporter(v('supporterStatus')!)) ?? 'none') : 'none',
          selfCareFailed: v('selfCareFailed') && v('selfCareFailed') !== '无' ? (cell(r.row, 'selfCareFailed', readSelfCare(v('selfCareFailed')!)) ?? []) : [],
        } satisfies PersonInput;
        for (const c of IMPORT_COLUMNS) {
          if (!c.key.startsWith('income.') || v(c.key) === undefined) continue;
          const amount = cell(r.row, c.key, readAmount(v(c.key)!));
          if (amount === undefined) continue;
          incomes.push({ kind: c.key.slice('income.'.length) as IncomeInput['kind'], annualYuan: amount, personIndex: members.length });
          incomeAt.push({ row: r.row, key: c.key });
        }
        members.push(person);
      }
      const assets: AssetInput[] = [];
      const assetAt: { row: number; key: ColumnKey }[] = [];
      for (const c of IMPORT_COLUMNS) {
        const f = c.household && c.key.startsWith('asset.') ? at(c.key) : undefined;
        if (!f) continue;
        const amount = cell(f.row, c.key, readAmount(f.value));
        if (amount === undefined) continue;
        assets.push({ kind: c.key.slice('asset.'.length) as AssetInput['kind'], valueYuan: amount, quantity: 1 });
        assetAt.push({ row: f.row, key: c.key });
      }
      if (!readable || !areaCode || !at('address')) continue;

      // Where a problem of the form's validation lies in the file: its field → a row and a column.
      const placeOf = (field: string | undefined): { row: number; key: ColumnKey | null } => {
        const parts = (field ?? '').split('.');
        const [head, index, leaf] = [parts[0], Number(parts[1]), parts[2]];
        if (head === 'members' && Number.isInteger(index)) return { row: g.rows[index]?.row ?? g.rows[0].row, key: (leaf as ColumnKey) ?? null };
        if (head === 'members') return { row: g.rows[0].row, key: 'relation' };
        if (head === 'incomes' && incomeAt[index]) return incomeAt[index];
        if (head === 'assets' && assetAt[index]) return assetAt[index];
        const f = FIELD_COLUMNS[head];
        return { row: (f && at(f)?.row) ?? g.rows[0].row, key: f ?? null };
      };
      const input = {
        areaCode,
        address: at('address')!.value,
        hukouType: hukou as HouseholdCreate['hukouType'],
        registeredPoor: poor ?? false,
        bankName: at('bankName')?.value ?? null,
        bankAccount: at('bankAccount') ? readDigits(at('bankAccount')!.value) : null,
        phone: at('phone')?.value ?? null,
        incomes,
        assets,
        members,
      };
      const parsed = HouseholdCreate.safeParse(input);
      if (!parsed.success) {
        const seen = new Set<string>();
        for (const issue of parsed.error.issues) {
          const field = issue.path.join('.');
          const p = placeOf(field);
          const k = `${p.row}:${p.key}`;
          if (seen.has(k)) continue;
          seen.add(k);
          add(p.row, p.key, issueCode(issue.message), issueMessage(issue.message, field, p.key));
        }
        continue;
      }
      const nh = buildNewHousehold(ctx.db.keys, parsed.data, {
        now,
        problem: (e) => {
          const p = placeOf(e.field);
          // Twice in one household: a problem of the file, not a registration (the form's words would say "registered").
          if (e.code !== 'PERSON_DUPLICATE_ID') add(p.row, p.key, e.code, e.messages);
          else if (!duplicateRows.has(p.row)) duplicate(p.row, g.rows[0].row);
        },
      });
      if (!nh) continue;
      // The same person twice in the file (in two households, or twice in one — the latter buildNewHousehold names too).
      const memberRows = g.rows.map((r) => r.row);
      for (const [i, m] of nh.members.entries()) {
        const first = idRows.get(m.id_hash);
        if (first === undefined) idRows.set(m.id_hash, memberRows[i]);
        else if (!duplicateRows.has(memberRows[i])) duplicate(memberRows[i], first);
      }
      built.push({ group: g, nh, memberRows });
    }
    // Already registered anywhere in the city (person_index), looked up together; said as the form says it.
    const taken = await repo.idNumbersTaken(built.flatMap((b) => b.nh.members.map((m) => m.id_hash)));
    for (const b of built) {
      for (const [i, m] of b.nh.members.entries()) {
        const t = taken.get(m.id_hash);
        if (t) {
          const e = duplicateIdNumber(`members.${i}.idNumber`, t);
          add(b.memberRows[i], 'idNumber', e.code, e.messages);
        }
      }
    }
    if (problemCount > 0) return report(false);

    const actor = auditActor(ctx.actor);
    const at = now.toISOString();
    let persons = 0;
    for (const b of built) {
      await writeNewHousehold(trx, repo, actor, b.nh, at, { import: { area, key: b.group.key, rows: b.memberRows } });
      persons += b.nh.members.length;
    }
    return report(true, built.length, persons);
  });
}

/** The household fields of the form, by the template's column. */
const FIELD_COLUMNS: Record<string, ColumnKey> = { areaCode: 'village', address: 'address', hukouType: 'hukouType', registeredPoor: 'registeredPoor', bankName: 'bankName', bankAccount: 'bankAccount', phone: 'phone' };

/** Two cells of one household's field agree: amounts by value, the rest as written (spaces aside). */
function sameValue(f: ColumnKey, a: string, b: string): boolean {
  if (f.startsWith('asset.')) {
    const x = readAmount(a);
    const y = readAmount(b);
    if (x.ok && y.ok) return Number(x.value) === Number(y.value);
  }
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
}

export { shortVillageName };

/** A row's village: a 12-digit code or a name, within the area of the import. */
async function villageOf(
  db: Parameters<typeof getDivision>[0],
  text: string,
  o: { area: string; byCode: Map<string, { code: string; name: string }>; byName: Map<string, string[]> },
  problem: (code: string, zh: string, en: string) => void,
): Promise<string | null> {
  const v = text.replace(/\s+/g, '');
  if (/^\d{12}$/.test(v)) {
    if (o.byCode.has(v)) return v;
    const d = await getDivision(db, v);
    if (d?.level === 'village') {
      problem('REGISTRY_IMPORT_OUT_OF_AREA', `村（社区）${v} 不在本次导入范围（${o.area}）内`, `The village ${v} lies outside the area of this import (${o.area})`);
    } else problem('DIVISION_UNKNOWN', '区划代码不存在或不是村（社区）级', 'Unknown division code, or not a village/community');
    return null;
  }
  const codes = o.byName.get(v) ?? o.byName.get(shortVillageName(v)) ?? [];
  if (codes.length === 1) return codes[0];
  if (codes.length > 1) {
    problem('REGISTRY_IMPORT_VILLAGE_AMBIGUOUS', `导入范围内有 ${codes.length} 个名为“${v}”的村（社区），请填写 12 位区划代码`, `${codes.length} villages in the area are named “${v}”: give the 12-digit code`);
    return null;
  }
  problem('REGISTRY_IMPORT_OUT_OF_AREA', `本次导入范围（${o.area}）内没有名为“${v}”的村（社区）`, `No village named “${v}” in the area of this import (${o.area})`);
  return null;
}

const FORMAT_MESSAGES: Record<string, BilingualMessage> = {
  BANK_ACCOUNT_FORMAT: { zh: '银行账号须为 8–30 位数字', en: 'A bank account number has 8–30 digits' },
  PHONE_FORMAT: { zh: '电话号码格式不正确', en: 'Malformed phone number' },
  AMOUNT_FORMAT: { zh: '金额须为不小于 0 的数字，最多两位小数', en: 'An amount must be a number ≥ 0 with at most two decimals' },
  DIVISION_CODE_FORMAT: { zh: '区划代码须为 12 位数字', en: 'A division code has 12 digits' },
};

function issueCode(message: string): string {
  if (FORMAT_MESSAGES[message] || textProblemOfCode(message)) return message;
  return 'FIELD_FORMAT';
}

/** What the contract refused, in words: the cell's column names the field, so the message does not repeat a path. */
function issueMessage(message: string, field: string, key: ColumnKey | null): BilingualMessage {
  if (FORMAT_MESSAGES[message]) return FORMAT_MESSAGES[message];
  const text = textProblemOfCode(message);
  if (text) return textProblemMessage(text, field, false);
  const label = key ? columnOf(key).header : '此项';
  return { zh: `“${label}”的内容不符合要求（过长、过短或格式不正确）`, en: `“${label}” is not acceptable (too long, too short or malformed): ${field}` };
}
