import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { idHashOf, openIdNumber } from '../../db/personal-data.ts';
import { checkDigit } from '../../kernel/id-number.ts';
import { type CommandContext, requirePermission, todayOf } from '../context.ts';
import { POVERTY_COLUMNS, type PovertyColumnKey } from '../poverty/poverty-columns.ts';
import { randomGivenName, randomSurname } from './names.ts';
import { createRng, type Rng } from './prng.ts';

/** The faults a real exchange file has (issue 12 point 8), counted in what the generator reports. */
export const POVERTY_FILE_FAULTS = ['id15', 'noId', 'nameTypo', 'moved', 'unknownPerson', 'unknownHousehold', 'dibaoWithoutEnrollment', 'enrolledButGeneral'] as const;
export type PovertyFileFault = (typeof POVERTY_FILE_FAULTS)[number];

export interface DemoPovertyFileResult {
  households: number;
  persons: number;
  /** Registered-poor households of the demo registry in the file. */
  known: number;
  faults: Record<PovertyFileFault, number>;
}

type Row = Partial<Record<PovertyColumnKey, string>>;

/** Common homophones and look-alikes a clerk types for one another. */
const HOMOPHONES: Record<string, string> = {
  张: '章', 章: '张', 王: '汪', 汪: '王', 李: '黎', 刘: '柳', 杨: '阳', 林: '琳', 华: '桦', 明: '铭', 丽: '莉', 伟: '玮', 军: '君', 英: '瑛', 红: '宏', 芳: '方', 秀: '绣', 玉: '钰',
  建: '健', 志: '智', 国: '帼', 文: '雯', 静: '婧', 杰: '洁', 强: '蔷', 平: '萍', 霞: '侠', 金: '锦', 成: '诚', 海: '晦', 德: '得', 庆: '青', 荣: '蓉', 兰: '岚', 凤: '风',
};
const RELATION: Record<string, (sex: string) => string> = {
  head: () => '户主', spouse: () => '配偶', child: (s) => (s === 'M' ? '之子' : '之女'), parent: (s) => (s === 'M' ? '之父' : '之母'),
  grandchild: (s) => (s === 'M' ? '之孙子' : '之孙女'), grandparent: () => '之祖父母', sibling: () => '之兄弟姐妹', other: () => '其他',
};
const GRADE = ['', '一级', '二级', '三级', '四级'];

/** A name with one typo: a homophone, two characters swapped, or one character changed. */
function typo(rng: Rng, name: string): string {
  const chars = [...name];
  const given = chars.slice(1);
  const k = rng.int(0, 2);
  if (k === 0) {
    const i = chars.findIndex((c) => HOMOPHONES[c]);
    if (i >= 0) return chars.map((c, j) => (j === i ? HOMOPHONES[c] : c)).join('');
  }
  if (k <= 1 && given.length >= 2) return chars[0] + [given[1], given[0], ...given.slice(2)].join('');
  const i = chars.length - 1;
  const other = randomGivenName(rng, 'F', 1970).slice(-1);
  return chars.slice(0, i).join('') + (other === chars[i] ? '华' : other);
}

/**
 * 演示建档立卡文件 A synthetic poverty-registry file consistent with the demo population (issue 12 point 8): the
 * registered-poor households of the demo registry (only rows flagged synthetic), their attribute as their enrollment
 * says (低保 → 低保贫困户, 特困 → 特困供养贫困户), with the faults a real exchange has — legacy 15-digit numbers, rows
 * without a number, typed names (homophones, swapped or changed characters), households that moved to another village,
 * members and households unknown to doudi (the registry's share of registered poor is a few percent of rural
 * households: when the demo has fewer, households unknown to doudi fill it up), and attributes that disagree with
 * enrollment. The same database and seed give the same file.
 */
export async function writeDemoPovertyFile(ctx: CommandContext, o: { seed: string; out: string; format: 'csv' | 'xlsx' }): Promise<DemoPovertyFileResult> {
  requirePermission(ctx.actor, 'registry.read');
  const rows = await demoPovertyRows(ctx, o.seed);
  await writeRows(o.out, o.format, rows.rows);
  return rows.result;
}

export async function demoPovertyRows(ctx: CommandContext, seed: string): Promise<{ rows: Row[]; result: DemoPovertyFileResult }> {
  const db = ctx.db;
  const k = db.kysely;
  const rng = createRng(`doudi-poverty-file:${seed}`);
  const asOfYear = Number(todayOf(ctx).slice(0, 4));
  const households = await k
    .selectFrom('household')
    .select(['county_code', 'id', 'area_code'])
    .where('registered_poor', '=', 1)
    .where('synthetic', '=', 1)
    .orderBy('county_code')
    .orderBy('id')
    .execute();
  const rural = Number((await k.selectFrom('household').select((eb) => eb.fn.countAll().as('n')).where('synthetic', '=', 1).where('hukou_type', '=', 'rural').executeTakeFirstOrThrow()).n);
  const enrolled = new Map<string, 'dibao' | 'tekun'>();
  for (const e of await k.selectFrom('enrollment').select(['household_id', 'program']).where('status', '!=', 'ended').execute()) {
    if (e.program === 'tekun' || !enrolled.has(e.household_id)) enrolled.set(e.household_id, e.program);
  }
  const villages = await k.selectFrom('division').select(['code', 'parent_code']).where('level', '=', 'village').where('code', 'like', '2112%').orderBy('code').execute();
  const byTownship = new Map<string, string[]>();
  for (const v of villages) byTownship.set(v.parent_code ?? '', [...(byTownship.get(v.parent_code ?? '') ?? []), v.code]);

  const faults = Object.fromEntries(POVERTY_FILE_FAULTS.map((f) => [f, 0])) as Record<PovertyFileFault, number>;
  // The first candidate of each fault gets it, so even a small demo shows every kind; the rest by chance.
  const fault = (f: PovertyFileFault, p: number) => rng.chance(p) || faults[f] === 0;
  const out: Row[] = [];
  const serial = new Map<string, number>();
  const hhNoOf = (village: string) => {
    const n = (serial.get(village) ?? 0) + 1;
    serial.set(village, n);
    return `${village}${String(n).padStart(4, '0')}`;
  };
  const used = new Set<string>();
  const freshId = async (county: string, birthYear: number, sex: 'M' | 'F'): Promise<string> => {
    for (;;) {
      const m = rng.int(1, 12);
      const d = rng.int(1, 28);
      let seq = rng.int(450, 499) * 2 + (sex === 'M' ? 1 : 0);
      if (seq === 0) seq = 2;
      const first17 = `${county}${birthYear}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
      const id = first17 + checkDigit(first17);
      if (used.has(id)) continue;
      used.add(id);
      const taken = await k.selectFrom('person_index').select('id_hash').where('id_hash', '=', idHashOf(db.keys, id)).executeTakeFirst();
      if (!taken) return id;
    }
  };
  const householdCells = (village: string, head: string, attribute: string, cause: string): Row => {
    const out = rng.chance(0.85);
    return {
      hhNo: hhNoOf(village),
      county: `${village.slice(0, 6)}000000`,
      township: `${village.slice(0, 9)}000`,
      village,
      headName: head,
      attribute,
      cause,
      status: out ? '已脱贫' : '未脱贫',
      exitYear: out ? String(rng.int(2016, Math.min(2019, asOfYear))) : '',
    };
  };

  for (const h of households) {
    const persons = await k
      .selectFrom('person')
      .select(['id_number_sealed', 'name', 'sex', 'birth_date', 'relation', 'disability_kind', 'disability_grade', 'serious_illness', 'labor_capacity', 'in_school'])
      .where('county_code', '=', h.county_code)
      .where('household_id', '=', h.id)
      .orderBy('id')
      .execute();
    if (persons.length === 0) continue;
    persons.sort((a, b) => (a.relation === 'head' ? -1 : b.relation === 'head' ? 1 : 0));
    const program = enrolled.get(h.id);
    let attribute = program === 'tekun' ? '特困供养贫困户' : program === 'dibao' ? '低保贫困户' : '一般贫困户';
    if (program === 'dibao' && fault('enrolledButGeneral', 0.12)) {
      attribute = '一般贫困户';
      faults.enrolledButGeneral++;
    } else if (!program && fault('dibaoWithoutEnrollment', 0.06)) {
      attribute = '低保贫困户';
      faults.dibaoWithoutEnrollment++;
    }
    let village = h.area_code;
    if (fault('moved', 0.04)) {
      const others = (byTownship.get(`${village.slice(0, 9)}000`) ?? []).filter((v) => v !== village);
      if (others.length) {
        village = others[rng.int(0, others.length - 1)];
        faults.moved++;
      }
    }
    const cause = persons.some((p) => p.disability_kind) ? '因残' : persons.some((p) => p.serious_illness) ? '因病' : persons.some((p) => p.in_school) ? '因学' : ['缺劳力', '缺技术', '缺资金', '因灾', '因病'][rng.int(0, 4)];
    const headName = persons[0].name;
    const hh = householdCells(village, headName, attribute, cause);
    for (const p of persons) {
      const id18 = openIdNumber(db.keys, p as { id_number_sealed: string });
      let idNumber = id18;
      if (p.relation !== 'head' && fault('noId', 0.03)) {
        idNumber = '';
        faults.noId++;
      } else if (id18.slice(6, 8) === '19' && fault('id15', 0.1)) {
        idNumber = id18.slice(0, 6) + id18.slice(8, 17);
        faults.id15++;
      }
      let name = p.name;
      if (fault('nameTypo', 0.05)) {
        name = typo(rng, p.name);
        if (name !== p.name) faults.nameTypo++;
      }
      const age = asOfYear - Number(p.birth_date.slice(0, 4));
      out.push({
        ...hh,
        headName: hh.headName,
        name: p.relation === 'head' ? (name === p.name ? headName : name) : name,
        idNumber,
        relation: (RELATION[p.relation] ?? RELATION.other)(p.sex),
        labor: laborOf(rng, p.labor_capacity, age),
        health: p.disability_kind ? '残疾' : Number(p.serious_illness) ? '患有大病' : age > 50 && rng.chance(0.2) ? '长期慢性病' : '健康',
        disabilityGrade: p.disability_kind ? (GRADE[p.disability_grade ?? 4] ?? '四级') : '',
      });
      if (p.relation === 'head' && name !== p.name) out[out.length - 1].headName = name;
    }
    // A member the poverty office knows and doudi does not (a newborn, a daughter-in-law).
    if (fault('unknownPerson', 0.05)) {
      const sex = rng.chance(0.5) ? 'M' : 'F';
      const born = rng.chance(0.5) ? asOfYear - rng.int(0, 3) : asOfYear - rng.int(22, 35);
      const surname = [...headName][0];
      out.push({ ...hh, headName: out[out.length - 1].headName, name: surname + randomGivenName(rng, sex, born), idNumber: await freshId(h.county_code, born, sex), relation: born > asOfYear - 5 ? (sex === 'M' ? '之孙子' : '之孙女') : '之儿媳', labor: born > asOfYear - 16 ? '无劳动力' : '普通劳动力', health: '健康', disabilityGrade: '' });
      faults.unknownPerson++;
    }
    // The head's name on every row of the household as the (possibly mistyped) head row has it.
    const head = out.filter((r) => r.hhNo === hh.hhNo).find((r) => r.relation === '户主')?.name ?? headName;
    for (const r of out) if (r.hhNo === hh.hhNo) r.headName = head;
  }

  // Registered-poor households doudi does not know: at least a tenth of the file, more when the demo has few.
  const wanted = Math.max(Math.ceil(households.length / 10), Math.round(rural * 0.03) - households.length, 2);
  const places = households.length ? households.map((h) => h.area_code) : villages.slice(0, 50).map((v) => v.code);
  for (let i = 0; i < wanted && places.length; i++) {
    const village = places[rng.int(0, places.length - 1)];
    const members = rng.int(1, 3);
    const surname = randomSurname(rng);
    const heads: Row[] = [];
    let hh: Row | null = null;
    for (let m = 0; m < members; m++) {
      const sex: 'M' | 'F' = m === 1 ? 'F' : rng.chance(0.6) ? 'M' : 'F';
      const born = m === 2 ? asOfYear - rng.int(5, 20) : asOfYear - rng.int(45, 80);
      const name = (m === 1 ? randomSurname(rng) : surname) + randomGivenName(rng, sex, born);
      if (!hh) hh = householdCells(village, name, rng.chance(0.3) ? '低保贫困户' : '一般贫困户', ['因病', '因残', '缺劳力', '缺技术'][rng.int(0, 3)]);
      const health = rng.chance(0.15) ? '残疾' : rng.chance(0.15) ? '患有大病' : '健康';
      heads.push({
        ...hh,
        name,
        idNumber: await freshId(village.slice(0, 6), born, sex),
        relation: m === 0 ? '户主' : m === 1 ? '配偶' : sex === 'M' ? '之子' : '之女',
        labor: born < asOfYear - 65 ? '丧失劳动力' : born > asOfYear - 16 ? '无劳动力' : '弱劳动力或半劳动力',
        health,
        disabilityGrade: health === '残疾' ? GRADE[rng.int(1, 4)] : '',
      });
    }
    out.push(...heads);
    faults.unknownHousehold++;
  }
  const hhCount = new Set(out.map((r) => r.hhNo)).size;
  return { rows: out, result: { households: hhCount, persons: out.length, known: households.length, faults } };
}

function laborOf(rng: Rng, labor: string, age: number): string {
  if (age < 16) return '无劳动力';
  if (labor === 'none') return age >= 65 ? '无劳动力' : '丧失劳动力';
  if (labor === 'partial') return '弱劳动力或半劳动力';
  return rng.chance(0.1) ? '技能劳动力' : '普通劳动力';
}

/** The rows in the template's layout: CSV, or an XLSX written by ExcelJS's streaming writer. */
async function writeRows(path: string, format: 'csv' | 'xlsx', rows: readonly Row[]): Promise<void> {
  const header = POVERTY_COLUMNS.map((c) => c.header);
  const line = (r: Row) => POVERTY_COLUMNS.map((c) => r[c.key] ?? '');
  if (format === 'csv') {
    const out = createWriteStream(path);
    out.write(`\uFEFF${stringify([header])}`);
    for (let i = 0; i < rows.length; i += 1000) if (!out.write(stringify(rows.slice(i, i + 1000).map(line)))) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    return;
  }
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const ws = wb.addWorksheet('建档立卡人口');
  ws.addRow(header).commit();
  for (const r of rows) ws.addRow(line(r)).commit();
  ws.commit();
  await wb.commit();
}
