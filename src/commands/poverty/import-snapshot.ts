import { randomUUID } from 'node:crypto';
import type { PovertyImportResult } from '../../contracts/poverty.ts';
import { appendAudit } from '../../db/audit.ts';
import { reopenOptions } from '../../db/connect.ts';
import { getDivision } from '../../db/division-repo.ts';
import { sealIdNumber } from '../../db/personal-data.ts';
import { PovertyRepo } from '../../db/poverty-repo.ts';
import type { PovertyPersonTable, PovertySnapshotChangeTable } from '../../db/schema.ts';
import { inScope, outOfArea, scopeOf } from '../../db/scope.ts';
import { divisionLevel } from '../../kernel/division-code.ts';
import { AppError } from '../../kernel/errors.ts';
import { parsePlainDate, type PlainDate } from '../../kernel/plain-date.ts';
import { lookupHash } from '../../kernel/sealing.ts';
import { actorName, auditActor, CITY_AREA, type CommandContext, nowIso, requirePermission, todayOf } from '../context.ts';
import type { SheetFormat } from '../uploads/bounded-reader.ts';
import { POVERTY_FILE_LIMITS } from '../uploads/limits.ts';
import { withNormalisedRows } from '../uploads/normalised-upload.ts';
import { reserveImportThread, runImportThread } from './import-thread.ts';
import { matchSnapshot } from './match-snapshot.ts';
import { cellsOf, EXAMPLE_PREFIX, normalisedRows, readPerson } from './read-poverty-rows.ts';
import { householdChanges, personChanges } from './snapshot-diff.ts';
import { type Checked, checkPovertyFile, type Household } from './check-poverty-file.ts';

const PERSON_BATCH = 400;

/** The phases of an import, in order. */
export type ImportPhase = 'reading' | 'checking' | 'writing' | 'comparing' | 'matching';
const CHANGE_PAGE = 1_000;

/**
 * 建档立卡数据导入 Imports the poverty office's registry file (the published template, XLSX or CSV, issue 12 point 1) as
 * a dated snapshot of the city's or one county's registry: read by the bounded reader (ADR 0018), every row validated
 * (columns, ID numbers 18 or 15 digits or none, duplicates, villages within the township and county named and within
 * the area, a household's fields the same on its rows); a file with any problem changes nothing and comes back with
 * every problem by row and column. An accepted file is written in batches, compared with the area's previous snapshot
 * (households and persons added, removed, changed, and which fields), its persons matched to doudi's registry, and
 * audited once — all in one transaction. The same content as the area's latest snapshot is a no-op (ADR 0032).
 * It runs in an import thread of its own (import-thread.ts): a worker with a small young generation and a connection of
 * its own, so the garbage of 200,000 rows is collected young and never piles up in the caller's heap (issue 12 point 10).
 */
export async function importPovertySnapshot(ctx: CommandContext, o: ImportRequest): Promise<PovertyImportResult> {
  requirePermission(ctx.actor, 'poverty.import');
  const options = reopenOptions(ctx.db);
  if (!options) return importInThisThread(ctx, o);
  const release = reserveImportThread();
  let file: { path: string; cleanup: () => Promise<void> } | undefined;
  try {
    file = typeof o.file === 'string' ? { path: o.file, cleanup: async () => {} } : await o.file();
    return await runImportThread({
      // One connection is all an import uses.
      connect: { ...options, pgPoolSize: 1 },
      actor: ctx.actor,
      at: ctx.clock().toISOString(),
      path: file.path,
      format: o.format,
      county: o.county,
      asOf: o.asOf,
      fileName: fileNameOf(o),
      onPhase: o.onPhase,
    });
  } finally {
    release();
    await file?.cleanup();
  }
}

/** What an import is asked to do. */
export interface ImportRequest {
  file: string | (() => Promise<{ path: string; cleanup: () => Promise<void> }>);
  format: SheetFormat;
  county?: string;
  asOf?: string;
  fileName?: string;
  /** Told as each phase starts (the bench attributes its peak memory by phase). */
  onPhase?: (phase: ImportPhase) => void;
}

const fileNameOf = (o: ImportRequest) => (o.fileName ?? (typeof o.file === 'string' ? o.file.split(/[\\/]/).pop() : undefined) ?? `upload.${o.format}`).slice(0, 200);

/**
 * The import itself, on this thread: what `importPovertySnapshot` runs in the import thread (import-worker.ts), and
 * here for an in-memory database, which no other thread can open.
 */
export async function importInThisThread(ctx: CommandContext, o: ImportRequest): Promise<PovertyImportResult> {
  requirePermission(ctx.actor, 'poverty.import');
  const area = await importArea(ctx, o.county);
  const asOf = asOfOf(ctx, o.asOf);
  const fileName = fileNameOf(o);
  return withNormalisedRows({ file: o.file, format: o.format, limits: POVERTY_FILE_LIMITS, tmpPrefix: 'doudi-poverty-import-', onReading: () => o.onPhase?.('reading') }, async (out) => {
    o.onPhase?.('checking');
    const checked = await checkPovertyFile(ctx, area, asOf, out);
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
      o.onPhase?.('writing');
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
      o.onPhase?.('comparing');
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
      o.onPhase?.('matching');
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
  });
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
 * The second pass: the rows read again and staged in batches, ID numbers sealed (ADR 0012), matched by ID number on
 * the stage in one statement (`matchStagedById`, ADR 0033), then written to the snapshot in one more: each row is written
 * once, already matched (an UPDATE of the written rows cost 10–30× the join). Returns the count.
 */
async function writePersons(ctx: CommandContext, repo: PovertyRepo, snapshotId: string, checked: Checked): Promise<number> {
  const keys = ctx.db.keys;
  await repo.openPersonStage();
  const today = todayOf(ctx);
  let batch: PovertyPersonTable[] = [];
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
      await repo.stagePersons(batch);
      batch = [];
    }
  }
  await repo.stagePersons(batch);
  await repo.matchStagedById();
  return repo.writeStagedPersons();
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
