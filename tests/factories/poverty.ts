import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/connect.ts';
import { idHashOf } from '../../src/db/personal-data.ts';
import { parseIdNumber } from '../../src/kernel/id-number.ts';
import { lookupHash, seal } from '../../src/kernel/sealing.ts';

/** A person of a poverty-registry snapshot, as a test writes it. */
export interface PovertyPersonInput {
  name: string;
  /** 18 or 15 digits, or anything (an invalid number); absent = none given. */
  idNumber?: string;
  relation?: string;
  health?: 'healthy' | 'chronic' | 'serious' | 'disabled';
  disabilityGrade?: number | null;
  laborCapacity?: string;
  /** Without a valid ID number, the birth date the matcher may use (YYYY-MM-DD). */
  birthDate?: string | null;
}

export interface PovertyHouseholdInput {
  hhNo: string;
  villageCode: string;
  attribute?: 'general' | 'dibao' | 'tekun';
  status?: 'poor' | 'out';
  exitYear?: number | null;
  povertyCause?: string;
  persons: PovertyPersonInput[];
}

/**
 * Writes a poverty-registry snapshot straight into the tables of migration 0019 (no import, no matching): for tests of
 * what reads snapshots (matching, dual-inclusion lists, screening). The person key follows the import's rule: `i:` +
 * the keyed ID-number hash, or `n:` + a keyed hash of 户编号 and name.
 */
export async function insertPovertySnapshot(
  db: Db,
  opts: { areaCode?: string; asOf?: string; households: PovertyHouseholdInput[]; importedAt?: string },
): Promise<{ snapshotId: string; personKeys: string[][] }> {
  const snapshotId = randomUUID();
  const personKeys: string[][] = [];
  const households = [];
  const persons = [];
  let rowNo = 2;
  for (const h of opts.households) {
    const keys: string[] = [];
    households.push({
      snapshot_id: snapshotId,
      hh_no: h.hhNo,
      county_code: h.villageCode.slice(0, 6),
      township_code: `${h.villageCode.slice(0, 9)}000`,
      village_code: h.villageCode,
      head_name: h.persons[0]?.name ?? '',
      attribute: h.attribute ?? 'general',
      poverty_cause: h.povertyCause ?? '因病',
      status: h.status ?? 'out',
      exit_year: h.status === 'poor' ? null : (h.exitYear ?? 2019),
      member_count: h.persons.length,
    });
    for (const p of h.persons) {
      const parsed = parseIdNumber(p.idNumber ?? '');
      const info = parsed.ok ? parsed.value : null;
      const id18 = info?.id18 ?? null;
      const form = !info ? 'invalid' : info.converted15 ? '15' : '18';
      const key = id18 ? `i:${idHashOf(db.keys, id18)}` : `n:${lookupHash(db.keys, 'id_number', `${h.hhNo}|${p.name}`)}`;
      keys.push(key);
      persons.push({
        snapshot_id: snapshotId,
        person_key: key,
        hh_no: h.hhNo,
        row_no: rowNo++,
        name: p.name,
        relation: p.relation ?? (keys.length === 1 ? '户主' : '子女'),
        id_number_sealed: id18 ? seal(db.keys, 'id_number', id18) : null,
        id_hash: id18 ? idHashOf(db.keys, id18) : null,
        id_form: form as '18' | '15' | 'invalid',
        birth_date: info ? (info.birthDate as string) : (p.birthDate ?? null),
        sex: info ? info.sex : null,
        labor_capacity: p.laborCapacity ?? '无劳动力',
        health: p.health ?? 'healthy',
        disability_grade: p.disabilityGrade ?? null,
        county_code: h.villageCode.slice(0, 6),
        village_code: h.villageCode,
        match_county: null,
        match_person_id: null,
        match_method: null,
        match_confidence: null,
      });
    }
    personKeys.push(keys);
  }
  const k = db.kysely;
  await k
    .insertInto('poverty_snapshot')
    .values({
      id: snapshotId,
      area_code: opts.areaCode ?? '211200000000',
      as_of: opts.asOf ?? '2026-01-05',
      content_digest: createHash('sha256').update(snapshotId).digest('hex'),
      file_name: 'test.xlsx',
      households: households.length,
      persons: persons.length,
      added_households: households.length,
      removed_households: 0,
      changed_households: 0,
      added_persons: persons.length,
      removed_persons: 0,
      changed_persons: 0,
      previous_id: null,
      imported_by_id: 'test',
      imported_by_name: '测试',
      imported_at: opts.importedAt ?? new Date().toISOString(),
    })
    .execute();
  for (let i = 0; i < households.length; i += 200) await k.insertInto('poverty_household').values(households.slice(i, i + 200)).execute();
  for (let i = 0; i < persons.length; i += 100) await k.insertInto('poverty_person').values(persons.slice(i, i + 100)).execute();
  return { snapshotId, personKeys };
}
