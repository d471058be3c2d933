import { HeatingInput } from '../../contracts/registry.ts';
import { HEATING_MESSAGES } from '../../contracts/registry.ts';
import type { RegistryImportProblem, RegistryImportReport } from '../../contracts/registry-import.ts';
import { appendAuditBatch } from '../../db/audit.ts';
import { statesOf } from '../../db/audit-state.ts';
import { idHashOf } from '../../db/personal-data.ts';
import { RegistryRepo } from '../../db/registry-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import type { HouseholdTable } from '../../db/schema.ts';
import { parseIdNumber } from '../../kernel/id-number.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import { auditActor, type CommandContext, staleVersion } from '../context.ts';
import { headerMatcher } from '../uploads/header-match.ts';
import { heatingColumns, presentHeating } from './heating.ts';
import { HEATING_IMPORT_COLUMNS, type HeatingColumnKey, type HeatingImportColumn, readDigits, readHeatedArea, readHeatingMode } from './import-columns.ts';
import { csvRows } from './import-rows.ts';
import { HOUSEHOLD } from './load-household.ts';

const MAX_LISTED = 500;
const EXAMPLE_PREFIX = '示例';
/** Rows looked at for the header (a workbook exported with a heading has it on row 7 or so). */
const HEADER_SEARCH_ROWS = 12;
const matchHeaders = headerMatcher<HeatingColumnKey, HeatingImportColumn>(HEATING_IMPORT_COLUMNS);
const columnOf = (key: HeatingColumnKey) => HEATING_IMPORT_COLUMNS.find((c) => c.key === key) as HeatingImportColumn;

interface HeatingRow {
  row: number;
  householdId?: string;
  idHash?: string;
  headName?: string;
  input: HeatingInput;
}

/**
 * 取暖信息导入 Records the heating of the households of a village or township from the heating template (ADR 0042): one
 * row per household, found by its 户编号 or a member's ID number within the import's area (the importer's area narrowed
 * to it: a household elsewhere is "not found in this area", never where it is); the mode and area checked as the form
 * checks them (`HeatingInput`); the same household twice in the file refused. All or nothing in one transaction: with
 * any problem nothing is written and every problem is reported by row and column; otherwise each household whose
 * heating changes is written with a `household.heating` audit event (its state as the after-digest, the import named),
 * and those already as given are counted unchanged.
 */
export async function checkAndApplyHeating(ctx: CommandContext, area: string, rowsPath: string): Promise<RegistryImportReport> {
  const problems: RegistryImportProblem[] = [];
  let problemCount = 0;
  let headers = new Map<HeatingColumnKey, { index: number; header: string }>();
  const columnName = (key: HeatingColumnKey | null) => (key ? (headers.get(key)?.header ?? columnOf(key).header) : null);
  const add = (row: number, key: HeatingColumnKey | null, code: string, message: BilingualMessage) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push({ row, column: columnName(key), code, message });
  };
  let rows = 0;
  const report = (applied: boolean, households = 0, unchanged = 0): RegistryImportReport => ({
    kind: 'heating',
    applied,
    area,
    rows,
    households,
    persons: 0,
    unchanged,
    problemCount,
    problems: [...problems].sort((a, b) => a.row - b.row),
  });

  const read: HeatingRow[] = [];
  let headerRow: number | null = null;
  let skipped = 0;
  let firstRow: { rowNo: number; cells: string[] } | undefined;
  const headerProblems = (rowNo: number, m: ReturnType<typeof matchHeaders>) => {
    headers = m.found;
    for (const c of m.missing) add(rowNo, c.key, 'REGISTRY_IMPORT_COLUMN_MISSING', { zh: `缺少“${c.header}”列（请使用取暖信息导入模板）`, en: `The column “${c.header}” is missing (use the heating template)` });
    return report(false);
  };
  for await (const [line, ...cells] of csvRows(rowsPath)) {
    const rowNo = Number(line);
    if (headerRow === null) {
      // The header is the first row naming 取暖方式 within the first rows: the missing-heating list's workbook, with its
      // heading above the table, is filled in and imported as it is.
      const m = matchHeaders(cells);
      if (!m.found.has('heatingMode') && ++skipped < HEADER_SEARCH_ROWS) {
        firstRow ??= { rowNo, cells };
        continue;
      }
      if (!m.found.has('heatingMode') && firstRow) return headerProblems(firstRow.rowNo, matchHeaders(firstRow.cells));
      headerRow = rowNo;
      headers = m.found;
      for (const c of m.missing) add(rowNo, c.key, 'REGISTRY_IMPORT_COLUMN_MISSING', { zh: `缺少“${c.header}”列（请使用取暖信息导入模板）`, en: `The column “${c.header}” is missing (use the heating template)` });
      if (!m.found.has('householdId') && !m.found.has('idNumber')) {
        add(rowNo, null, 'REGISTRY_IMPORT_COLUMN_MISSING', { zh: '须有“户编号”或“户主身份证号码”列，用于找到家庭', en: 'The file needs a “户编号” or a “户主身份证号码” column to find each household' });
      }
      for (const r of m.repeated) add(rowNo, null, 'REGISTRY_IMPORT_COLUMN_REPEATED', { zh: `“${r.header}”列重复`, en: `The column “${r.header}” appears twice` });
      if (problemCount > 0) return report(false);
      continue;
    }
    const cell = (k: HeatingColumnKey) => {
      const h = headers.get(k);
      const v = h ? (cells[h.index] ?? '').trim() : '';
      return v === '' ? undefined : v;
    };
    const key = cell('householdId');
    if (key?.startsWith(EXAMPLE_PREFIX)) continue;
    const id = cell('idNumber');
    const modeText = cell('heatingMode');
    const areaText = cell('heatedArea');
    const name = cell('headName');
    if (key === undefined && id === undefined && modeText === undefined && areaText === undefined && name === undefined) continue;
    rows++;
    let readable = true;
    const r: HeatingRow = { row: rowNo, input: {} };
    if (key === undefined && id === undefined) {
      readable = false;
      add(rowNo, headers.has('householdId') ? 'householdId' : 'idNumber', 'FIELD_REQUIRED', { zh: '请填写户编号或户主身份证号码', en: 'Give the household number or the head’s ID number' });
    }
    if (key !== undefined) r.householdId = key;
    else if (id !== undefined) {
      const parsedId = parseIdNumber(readDigits(id));
      if (!parsedId.ok) {
        readable = false;
        add(rowNo, 'idNumber', parsedId.error.code, parsedId.error.message);
      } else r.idHash = idHashOf(ctx.db.keys, parsedId.value.id18);
    }
    if (name !== undefined) r.headName = name;
    let mode: HeatingInput['heatingMode'];
    if (modeText === undefined) {
      readable = false;
      add(rowNo, 'heatingMode', 'FIELD_REQUIRED', { zh: `请填写取暖方式（${['集中供暖', '分散取暖', '无'].join('、')}）`, en: 'Give the heating mode (集中供暖 central, 分散取暖 dispersed, 无 none)' });
    } else {
      const m = readHeatingMode(modeText);
      if (m.ok) mode = m.value;
      else {
        readable = false;
        add(rowNo, 'heatingMode', 'REGISTRY_IMPORT_VALUE', m.message);
      }
    }
    let areaM2: number | null = null;
    if (areaText !== undefined && !['无', '0', '-', '—'].includes(areaText)) {
      const a = readHeatedArea(areaText);
      if (a.ok) areaM2 = a.value;
      else {
        readable = false;
        add(rowNo, 'heatedArea', 'HEATED_AREA_RANGE', a.message);
      }
    }
    if (!readable) continue;
    // The form's own check of the pair (central needs an area, the others take none).
    const parsed = HeatingInput.safeParse({ heatingMode: mode, heatedAreaM2: areaM2 });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const code = HEATING_MESSAGES[issue.message] ? issue.message : 'FIELD_FORMAT';
        add(rowNo, code === 'HEATING_MODE_REQUIRED' ? 'heatingMode' : 'heatedArea', code, HEATING_MESSAGES[code] ?? { zh: '取暖信息不正确', en: 'The heating is not acceptable' });
      }
      continue;
    }
    r.input = parsed.data;
    read.push(r);
  }
  if (headerRow === null && firstRow) return headerProblems(firstRow.rowNo, matchHeaders(firstRow.cells));
  if (headerRow === null || rows === 0) {
    add(headerRow ?? 1, null, 'REGISTRY_IMPORT_EMPTY', { zh: '文件中没有要导入的取暖信息（示例行不导入）', en: 'The file holds no heating to import (the example row is not imported)' });
    return report(false);
  }

  return ctx.db.kysely.transaction().execute(async (trx) => {
    // The importer's area narrowed to the import's: a household outside it is not found, whatever the importer may see.
    const repo = new RegistryRepo(trx, narrowScope(scopeOf(ctx.actor.areaCode), area));
    const byId = await repo.householdsByIds(read.flatMap((r) => (r.householdId ? [r.householdId] : [])));
    const byMember = await repo.householdsByMemberHashes(read.flatMap((r) => (r.idHash ? [r.idHash] : [])));
    const firstRow = new Map<string, number>();
    const toWrite: { row: HeatingRow; household: HouseholdTable }[] = [];
    for (const r of read) {
      let household: HouseholdTable | undefined;
      if (r.householdId !== undefined) {
        household = byId.get(r.householdId);
        if (!household) {
          add(r.row, 'householdId', 'REGISTRY_IMPORT_HOUSEHOLD_UNKNOWN', { zh: `本次导入范围（${area}）内没有户编号为“${r.householdId}”的家庭`, en: `No household numbered “${r.householdId}” in the area of this import (${area})` });
          continue;
        }
      } else {
        const found = byMember.get(r.idHash as string);
        if (!found) {
          add(r.row, 'idNumber', 'REGISTRY_IMPORT_HOUSEHOLD_UNKNOWN', { zh: `本次导入范围（${area}）内没有登记此身份证号码的家庭`, en: `No household in the area of this import (${area}) has a member with this ID number` });
          continue;
        }
        if (r.headName !== undefined && r.headName.replace(/\s+/g, '') !== found.name) {
          add(r.row, 'headName', 'REGISTRY_IMPORT_NAME_MISMATCH', { zh: '姓名与该身份证号码登记的姓名不一致，请核对', en: 'The name is not the one registered under this ID number; check both' });
          continue;
        }
        household = found.household;
      }
      if (r.householdId !== undefined && r.headName !== undefined && r.headName.replace(/\s+/g, '') !== household.head_name) {
        add(r.row, 'headName', 'REGISTRY_IMPORT_NAME_MISMATCH', { zh: `户主姓名与户编号“${r.householdId}”登记的户主不一致，请核对`, en: `The head’s name is not the one registered for household “${r.householdId}”; check both` });
        continue;
      }
      const k = `${household.county_code}/${household.id}`;
      const first = firstRow.get(k);
      if (first !== undefined) {
        add(r.row, r.householdId !== undefined ? 'householdId' : 'idNumber', 'REGISTRY_IMPORT_DUPLICATE_IN_FILE', { zh: `与第 ${first} 行是同一户（每户只填一行）`, en: `The same household as row ${first} (one row per household)` });
        continue;
      }
      firstRow.set(k, r.row);
      toWrite.push({ row: r, household });
    }
    if (problemCount > 0) return report(false);

    const at = ctx.clock().toISOString();
    const actor = auditActor(ctx.actor);
    const written: { row: HeatingRow; household: HouseholdTable; cols: ReturnType<typeof heatingColumns> }[] = [];
    let unchanged = 0;
    for (const w of toWrite) {
      const cols = heatingColumns(w.row.input);
      const h = w.household;
      if ((h.heating_mode ?? null) === (cols.heating_mode ?? null) && (h.heated_area_dm2 == null ? null : Number(h.heated_area_dm2)) === (cols.heated_area_dm2 ?? null)) {
        unchanged++;
        continue;
      }
      if (!(await repo.updateHousehold(h.county_code, h.id, Number(h.version), { ...cols, updated_at: at }))) throw staleVersion(HOUSEHOLD);
      written.push({ ...w, cols });
    }
    // One audit event per household written, its state read after the writes (a few statements per county).
    const byCounty = new Map<string, typeof written>();
    for (const w of written) byCounty.set(w.household.county_code, [...(byCounty.get(w.household.county_code) ?? []), w]);
    for (const [county, list] of byCounty) {
      for (let i = 0; i < list.length; i += 500) {
        const chunk = list.slice(i, i + 500);
        const states = await statesOf(trx, 'household', county, chunk.map((w) => w.household.id));
        await appendAuditBatch(
          trx,
          chunk.map((w) => ({
            actor,
            at,
            input: {
              chain: county,
              action: 'household.heating',
              entityType: 'household',
              entityId: w.household.id,
              before: presentHeating(w.household),
              after: states.get(w.household.id),
              detail: { heating: presentHeating(w.cols), import: { area, row: w.row.row } },
            },
          })),
        );
      }
    }
    return report(true, written.length, unchanged);
  });
}
