import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BilingualMessage } from '../../kernel/errors.ts';
import { shortVillageName } from '../shared/village-name.ts';

interface Division {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export type Resolved = { ok: true; county: string; township: string; village: string } | { ok: false; column: 'county' | 'township' | 'village'; code: string; message: BilingualMessage };

/** 开原市 → 开原, 中固镇 → 中固, 银州街道 → 银州: the part people leave out. */
const bare = (n: string) => n.replace(/\s+/g, '').replace(/(街道办事处|街道|镇|乡|市|县|区)$/, '');

/**
 * 区划名称解析 The county, township and village of a poverty-registry row, each given by its 12-digit code or its name
 * (名称 as written, or without 村民委员会 / 镇 / 市), the village within the township and the township within the county
 * named; every division of the city is loaded once (some 1,600 codes).
 */
export async function divisionResolver(db: Kysely<Database> | Transaction<Database>, cityCode: string) {
  const rows = await db
    .selectFrom('division')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', 'like', `${cityCode.slice(0, 4)}%`)
    .where('level', 'in', ['county', 'township', 'village'])
    .execute();
  const byCode = new Map<string, Division>();
  const children = new Map<string, Division[]>();
  for (const r of rows) {
    const d = { code: r.code, name: r.name, level: r.level, parent: r.parent_code };
    byCode.set(d.code, d);
    if (d.parent) children.set(d.parent, [...(children.get(d.parent) ?? []), d]);
  }
  const counties = rows.filter((r) => r.level === 'county').map((r) => byCode.get(r.code) as Division);
  const byName = (list: readonly Division[], text: string, village: boolean): Division[] => {
    const t = text.replace(/\s+/g, '');
    const exact = list.filter((d) => d.name === t || (village && shortVillageName(d.name) === shortVillageName(t)));
    if (exact.length) return exact;
    return list.filter((d) => bare(village ? shortVillageName(d.name) : d.name) === bare(village ? shortVillageName(t) : t));
  };
  const fail = (column: 'county' | 'township' | 'village', code: string, zh: string, en: string): Resolved => ({ ok: false, column, code, message: { zh, en } });
  const codeOf = (t: string) => (/^\d{12}$/.test(t) ? t : /^\d{6}$/.test(t) ? `${t}000000` : null);

  return (cells: { county?: string; township?: string; village?: string }): Resolved => {
    const vText = (cells.village ?? '').replace(/\s+/g, '');
    const tText = (cells.township ?? '').replace(/\s+/g, '');
    const cText = (cells.county ?? '').replace(/\s+/g, '');
    // The county.
    let county: Division | undefined;
    if (cText) {
      const code = codeOf(cText);
      county = code ? byCode.get(code) : undefined;
      if (!code) {
        const found = byName(counties, cText, false);
        if (found.length === 1) county = found[0];
      }
      if (county?.level !== 'county') return fail('county', 'POVERTY_IMPORT_DIVISION_UNKNOWN', `本市没有县（市、区）“${cText}”`, `No county “${cText}” in the city`);
    }
    // The township, within the county.
    let township: Division | undefined;
    if (tText) {
      const code = codeOf(tText);
      if (code) township = byCode.get(code);
      else {
        const found = byName(county ? (children.get(county.code) ?? []) : [], tText, false);
        if (found.length === 1) township = found[0];
        else if (found.length > 1) return fail('township', 'POVERTY_IMPORT_DIVISION_AMBIGUOUS', `有 ${found.length} 个乡镇（街道）名为“${tText}”，请填写 12 位区划代码`, `${found.length} townships are named “${tText}”: give the 12-digit code`);
        else if (!county) return fail('county', 'FIELD_REQUIRED', '请填写县（市、区）', 'Give the county');
      }
      if (township?.level !== 'township') return fail('township', 'POVERTY_IMPORT_DIVISION_UNKNOWN', `${county?.name ?? ''}没有乡镇（街道）“${tText}”`, `No township “${tText}”${county ? ` in ${county.code}` : ''}`);
      if (county && township.parent !== county.code) return fail('township', 'POVERTY_IMPORT_DIVISION_MISMATCH', `乡镇（街道）“${township.name}”不属于${county.name}`, `The township ${township.code} does not lie in the county ${county.code}`);
    }
    // The village, within the township.
    if (!vText) return fail('village', 'FIELD_REQUIRED', '请填写村（社区）', 'Give the village (community)');
    let village: Division | undefined;
    const code = codeOf(vText);
    if (code) {
      village = byCode.get(code);
      if (village?.level !== 'village') return fail('village', 'POVERTY_IMPORT_DIVISION_UNKNOWN', `区划代码 ${vText} 不是本市的村（社区）`, `${vText} is not a village (community) of the city`);
    } else {
      if (!township) return fail('township', 'FIELD_REQUIRED', '按名称填写村（社区）时，请填写所属乡镇（街道）', 'A village given by name needs its township');
      const found = byName(children.get(township.code) ?? [], vText, true);
      if (found.length > 1) return fail('village', 'POVERTY_IMPORT_DIVISION_AMBIGUOUS', `${township.name}有 ${found.length} 个名为“${vText}”的村（社区），请填写 12 位区划代码`, `${found.length} villages of the township are named “${vText}”: give the 12-digit code`);
      village = found[0];
      if (!village) return fail('village', 'POVERTY_IMPORT_DIVISION_UNKNOWN', `${township.name}没有名为“${vText}”的村（社区）`, `No village named “${vText}” in the township ${township.code}`);
    }
    if (township && village.parent !== township.code) return fail('village', 'POVERTY_IMPORT_DIVISION_MISMATCH', `村（社区）“${village.name}”不属于${township.name}`, `The village ${village.code} does not lie in the township ${township.code}`);
    const t = township ?? byCode.get(village.parent ?? '');
    const c = county ?? byCode.get(t?.parent ?? '');
    if (!t || !c) return fail('village', 'POVERTY_IMPORT_DIVISION_UNKNOWN', `区划代码 ${village.code} 的上级区划未载入`, `The divisions above ${village.code} are not loaded`);
    if (county && t.parent !== county.code) return fail('village', 'POVERTY_IMPORT_DIVISION_MISMATCH', `村（社区）“${village.name}”不属于${county.name}`, `The village ${village.code} does not lie in the county ${county.code}`);
    return { ok: true, county: c.code, township: t.code, village: village.code };
  };
}
