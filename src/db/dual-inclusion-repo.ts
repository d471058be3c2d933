import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, PovertyExchangeFileTable, PovertyReferralTable, PovertyReplyImportTable } from './schema.ts';
import { type AreaScope, codeRange } from './scope.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The city's code: a snapshot of the whole city's registry covers every county (issue 12). */
const CITY_AREA_CODE = '211200000000';

/** The latest snapshot of the poverty registry for one county (issue 12: by imported_at, the city's file or the county's). */
export interface LatestSnapshot {
  countyCode: string;
  snapshotId: string;
  asOf: string;
  importedAt: string;
}

export type DualListName = 'covered' | 'uncovered' | 'referral' | 'discrepancies';

export interface AreaCounts {
  code: string;
  registeredPoor: number;
  covered: number;
  referral: number;
  discrepancies: number;
}

export interface RegistryHouseholdRecord {
  hh_no: string;
  village_code: string;
  head_name: string;
  head_id_sealed: string | null;
  member_count: number;
  attribute: 'general' | 'dibao' | 'tekun';
  status: 'poor' | 'out';
  exit_year: number | null;
  on_dibao: number;
  on_tekun: number;
}

export interface ReferralHouseholdRecord {
  county_code: string;
  household_id: string;
  area_code: string;
  head_name: string;
  head_id_sealed: string | null;
  member_count: number;
  on_dibao: number;
  on_tekun: number;
  referral_id: string | null;
  referral_status: 'open' | 'accepted' | 'refused' | null;
  referred_on: string | null;
  reply_reason: string | null;
  reply_on: string | null;
}

export interface DiscrepancyRecord {
  kind: 'attribute_without_enrollment' | 'enrolled_but_general' | 'id_number' | 'village' | 'unknown';
  hh_no: string;
  village_code: string;
  head_name: string;
  person_name: string | null;
  id_sealed: string | null;
  id_form: '18' | '15' | 'invalid' | null;
  attribute: 'general' | 'dibao' | 'tekun';
  on_dibao: number;
  on_tekun: number;
  doudi_village: string | null;
}

/** A member of a dibao/tekun household, for the file the poverty office receives (its template's layout). */
export interface ExchangeMemberRecord {
  county_code: string;
  household_id: string;
  area_code: string;
  head_name: string;
  person_id: string;
  name: string;
  id_number_sealed: string;
  relation: string;
  labor_capacity: string;
  disability_kind: string | null;
  disability_grade: number | null;
  serious_illness: number;
  on_dibao: number;
  on_tekun: number;
}

/**
 * 双纳入 The dual-inclusion reads (issue 12 point 3, ADR 0034), set-based and bound to an area scope: the latest poverty
 * snapshot of each county of the scope against doudi's enrollments in force in `month` (an enrollment whose term of
 * that month is not `ended`: active, gradual exit or suspended). A snapshot household is on dibao/tekun when any of its
 * persons matched by ID number or a confirmed suggestion belongs to a doudi household with such an enrollment. Snapshot
 * rows are scoped by their own county and village, doudi's households by theirs. Also the referrals' writes (the one
 * writer of `poverty_referral`, `poverty_exchange_file`, `poverty_reply_import`).
 */
export class DualInclusionRepo {
  readonly db: Q;
  readonly scope: AreaScope;
  readonly month: string;

  constructor(db: Q, scope: AreaScope, month: string) {
    this.db = db;
    this.scope = scope;
    this.month = month;
  }

  /** Counties of the scope (6 digits), from the division table. */
  async counties(): Promise<string[]> {
    if (this.scope.countyCode) return [this.scope.countyCode];
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    const rows = await this.db.selectFrom('division').select('code').where('level', '=', 'county').where('code', '>=', lo).where('code', '<=', hi).orderBy('code').execute();
    return rows.map((r) => r.code.slice(0, 6));
  }

  /** The latest snapshot for each county of the scope that has one. */
  async latestSnapshots(): Promise<LatestSnapshot[]> {
    const counties = await this.counties();
    if (counties.length === 0) return [];
    const snaps = await this.db
      .selectFrom('poverty_snapshot')
      .select(['id', 'area_code', 'as_of', 'imported_at'])
      .where('area_code', 'in', [CITY_AREA_CODE, ...counties.map((c) => `${c}000000`)])
      .orderBy('imported_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const out: LatestSnapshot[] = [];
    for (const c of counties) {
      const s = snaps.find((x) => x.area_code === CITY_AREA_CODE || x.area_code === `${c}000000`);
      if (s) out.push({ countyCode: c, snapshotId: s.id, asOf: s.as_of, importedAt: s.imported_at });
    }
    return out;
  }

  /**
   * The common table expressions every read starts from: `latest` (snapshot, county), `in_force` (a doudi household's
   * programmes in force), `hh` (the scope's snapshot households with their programmes in force).
   */
  private ctes(latest: readonly LatestSnapshot[]): RawBuilder<unknown> {
    const pairs = sql.join(
      latest.map((l) => sql`select cast(${l.snapshotId} as text) as snapshot_id, cast(${l.countyCode} as text) as county_code`),
      sql` union all `,
    );
    return sql`with latest as (${pairs}),
      in_force as (
        select distinct e.county_code, e.household_id, e.program
        from enrollment e
        join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
          and t.from_month = (select max(t2.from_month) from enrollment_term t2
                              where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${this.month})
        where e.county_code in (select county_code from latest) and t.status <> 'ended'
      ),
      hh as (
        select h.snapshot_id, h.hh_no, h.county_code, h.village_code, h.head_name, h.attribute, h.status, h.exit_year, h.member_count,
          max(case when f.program = 'dibao' then 1 else 0 end) as on_dibao,
          max(case when f.program = 'tekun' then 1 else 0 end) as on_tekun
        from poverty_household h
        join latest l on l.snapshot_id = h.snapshot_id and l.county_code = h.county_code
        left join poverty_person p on p.snapshot_id = h.snapshot_id and p.hh_no = h.hh_no and p.match_method in ('id', 'confirmed')
        left join person dp on dp.county_code = p.match_county and dp.id = p.match_person_id
        left join in_force f on f.county_code = dp.county_code and f.household_id = dp.household_id
        where ${this.villageRange('h.village_code')}
        group by h.snapshot_id, h.hh_no, h.county_code, h.village_code, h.head_name, h.attribute, h.status, h.exit_year, h.member_count
      ),
      ref as (
        select hd.county_code, hd.id as household_id, hd.area_code, hd.head_name, hd.member_count,
          max(case when f.program = 'dibao' then 1 else 0 end) as on_dibao,
          max(case when f.program = 'tekun' then 1 else 0 end) as on_tekun
        from in_force f
        join household hd on hd.county_code = f.county_code and hd.id = f.household_id
        where ${this.villageRange('hd.area_code')}
          and not exists (
            select 1 from person dp
            join poverty_person p on p.match_county = dp.county_code and p.match_person_id = dp.id and p.match_method in ('id', 'confirmed')
            where dp.county_code = hd.county_code and dp.household_id = hd.id and p.snapshot_id in (select snapshot_id from latest))
        group by hd.county_code, hd.id, hd.area_code, hd.head_name, hd.member_count
      ),
      disc as (
        select 'attribute_without_enrollment' as kind, hh.snapshot_id, hh.hh_no, hh.village_code, cast(null as text) as person_key, cast(null as text) as doudi_village
          from hh where (hh.attribute = 'dibao' and hh.on_dibao = 0) or (hh.attribute = 'tekun' and hh.on_tekun = 0)
        union all
        select 'enrolled_but_general', hh.snapshot_id, hh.hh_no, hh.village_code, null, null
          from hh where hh.attribute = 'general' and (hh.on_dibao = 1 or hh.on_tekun = 1)
        union all
        select 'id_number', p.snapshot_id, p.hh_no, hh.village_code, p.person_key, null
          from hh join poverty_person p on p.snapshot_id = hh.snapshot_id and p.hh_no = hh.hh_no where p.id_form in ('15', 'invalid')
        union all
        select 'village', p.snapshot_id, p.hh_no, hh.village_code, p.person_key, dp.area_code
          from hh join poverty_person p on p.snapshot_id = hh.snapshot_id and p.hh_no = hh.hh_no
          join person dp on dp.county_code = p.match_county and dp.id = p.match_person_id
          where p.match_method in ('id', 'confirmed') and dp.area_code <> p.village_code
        union all
        select 'unknown', p.snapshot_id, p.hh_no, hh.village_code, p.person_key, null
          from hh join poverty_person p on p.snapshot_id = hh.snapshot_id and p.hh_no = hh.hh_no
          where p.match_method is null or p.match_method = 'suggested'
      )`;
  }

  /** A 12-digit code column within the scope (the county part is held by `latest`). */
  private villageRange(column: string): RawBuilder<unknown> {
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    return sql`${sql.ref(column)} >= ${lo} and ${sql.ref(column)} <= ${hi}`;
  }

  /**
   * The figures of the scope grouped by the first `prefixLength` digits of the village code (6: per county, 9: per
   * township, 12: per village), each code padded to 12 digits; `prefixLength` 0 gives one row for the whole scope.
   */
  async figures(latest: readonly LatestSnapshot[], prefixLength: number): Promise<AreaCounts[]> {
    if (latest.length === 0) return [];
    const key = (col: string) => sql`substr(${sql.ref(col)}, 1, ${sql.lit(prefixLength)})`;
    const r = await sql<{ code: string; registered: number | string; covered: number | string; referral: number | string; discrepancies: number | string }>`
      ${this.ctes(latest)}
      select code, sum(registered) as registered, sum(covered) as covered, sum(referral) as referral, sum(discrepancies) as discrepancies from (
        select ${key('hh.village_code')} as code, count(*) as registered,
          sum(case when hh.on_dibao = 1 or hh.on_tekun = 1 then 1 else 0 end) as covered, 0 as referral, 0 as discrepancies
        from hh group by 1
        union all
        select ${key('ref.area_code')}, 0, 0, count(*), 0 from ref group by 1
        union all
        select ${key('disc.village_code')}, 0, 0, 0, count(*) from disc group by 1
      ) x group by code order by code`.execute(this.db);
    return r.rows.map((x) => ({
      code: prefixLength === 0 ? 'all' : String(x.code).padEnd(12, '0'),
      registeredPoor: Number(x.registered),
      covered: Number(x.covered),
      referral: Number(x.referral),
      discrepancies: Number(x.discrepancies),
    }));
  }

  /** How many rows a list holds (discrepancies: of one kind, or all). */
  async count(latest: readonly LatestSnapshot[], list: DualListName, kind?: DiscrepancyRecord['kind']): Promise<number> {
    if (latest.length === 0) return 0;
    const from =
      list === 'covered'
        ? sql`hh where hh.on_dibao = 1 or hh.on_tekun = 1`
        : list === 'uncovered'
          ? sql`hh where hh.on_dibao = 0 and hh.on_tekun = 0`
          : list === 'referral'
            ? sql`ref`
            : kind
              ? sql`disc where disc.kind = ${kind}`
              : sql`disc`;
    const r = await sql<{ n: number | string }>`${this.ctes(latest)} select count(*) as n from ${from}`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** One page of the snapshot households on (or not on) dibao/tekun, by village and household number. */
  async registryHouseholds(latest: readonly LatestSnapshot[], covered: boolean, o: { offset: number; limit: number }): Promise<RegistryHouseholdRecord[]> {
    if (latest.length === 0) return [];
    const where = covered ? sql`hh.on_dibao = 1 or hh.on_tekun = 1` : sql`hh.on_dibao = 0 and hh.on_tekun = 0`;
    const r = await sql<RegistryHouseholdRecord>`${this.ctes(latest)}
      select hh.hh_no, hh.village_code, hh.head_name, hh.member_count, hh.attribute, hh.status, hh.exit_year, hh.on_dibao, hh.on_tekun,
        (select min(p.id_number_sealed) from poverty_person p where p.snapshot_id = hh.snapshot_id and p.hh_no = hh.hh_no and p.relation = '户主') as head_id_sealed
      from hh where ${where}
      order by hh.village_code, hh.hh_no limit ${o.limit} offset ${o.offset}`.execute(this.db);
    return r.rows.map(numbers);
  }

  /** One page of doudi's dibao/tekun households not in the poverty registry, with each one's latest referral. */
  async referralHouseholds(latest: readonly LatestSnapshot[], o: { offset: number; limit: number }): Promise<ReferralHouseholdRecord[]> {
    if (latest.length === 0) return [];
    const r = await sql<ReferralHouseholdRecord>`${this.ctes(latest)}
      select ref.county_code, ref.household_id, ref.area_code, ref.head_name, ref.member_count, ref.on_dibao, ref.on_tekun,
        (select min(pp.id_number_sealed) from person pp where pp.county_code = ref.county_code and pp.household_id = ref.household_id and pp.relation = 'head') as head_id_sealed,
        r.id as referral_id, r.status as referral_status, r.referred_on, r.reply_reason, r.reply_on
      from ref
      left join poverty_referral r on r.county_code = ref.county_code and r.id = (
        select r2.id from poverty_referral r2 where r2.county_code = ref.county_code and r2.household_id = ref.household_id
        order by r2.created_at desc, r2.id desc limit 1)
      order by ref.area_code, ref.county_code, ref.household_id limit ${o.limit} offset ${o.offset}`.execute(this.db);
    return r.rows.map(numbers);
  }

  /** One page of the discrepancies (of one kind, or all), by kind, village, household and person. */
  async discrepancies(latest: readonly LatestSnapshot[], o: { kind?: DiscrepancyRecord['kind']; offset: number; limit: number }): Promise<DiscrepancyRecord[]> {
    if (latest.length === 0) return [];
    const r = await sql<DiscrepancyRecord>`${this.ctes(latest)}
      select disc.kind, disc.hh_no, disc.village_code, hh.head_name, p.name as person_name, p.id_number_sealed as id_sealed, p.id_form,
        hh.attribute, hh.on_dibao, hh.on_tekun, disc.doudi_village
      from disc
      join hh on hh.snapshot_id = disc.snapshot_id and hh.hh_no = disc.hh_no
      left join poverty_person p on p.snapshot_id = disc.snapshot_id and p.person_key = disc.person_key
      ${o.kind ? sql`where disc.kind = ${o.kind}` : sql``}
      order by disc.kind, disc.village_code, disc.hh_no, p.row_no limit ${o.limit} offset ${o.offset}`.execute(this.db);
    return r.rows.map(numbers);
  }

  /**
   * The next batch (after a household, by county and id) of the members of doudi's households with dibao or tekun in
   * force in the scope: what the poverty office receives in its own template's layout.
   */
  async exchangeMembers(o: { after: { county: string; household: string } | null; limitHouseholds: number }): Promise<ExchangeMemberRecord[]> {
    const counties = await this.counties();
    if (counties.length === 0) return [];
    const a = o.after;
    const r = await sql<ExchangeMemberRecord>`
      with in_force as (
        select e.county_code, e.household_id,
          max(case when e.program = 'dibao' then 1 else 0 end) as on_dibao, max(case when e.program = 'tekun' then 1 else 0 end) as on_tekun
        from enrollment e
        join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
          and t.from_month = (select max(t2.from_month) from enrollment_term t2
                              where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${this.month})
        where e.county_code in (${sql.join(counties)}) and t.status <> 'ended'
        group by e.county_code, e.household_id
      ),
      page as (
        select f.county_code, f.household_id, f.on_dibao, f.on_tekun, hd.area_code, hd.head_name
        from in_force f join household hd on hd.county_code = f.county_code and hd.id = f.household_id
        where ${this.villageRange('hd.area_code')}
          ${a ? sql`and (f.county_code > ${a.county} or (f.county_code = ${a.county} and f.household_id > ${a.household}))` : sql``}
        order by f.county_code, f.household_id limit ${o.limitHouseholds}
      )
      select page.county_code, page.household_id, page.area_code, page.head_name, page.on_dibao, page.on_tekun,
        p.id as person_id, p.name, p.id_number_sealed, p.relation, p.labor_capacity, p.disability_kind, p.disability_grade, p.serious_illness
      from page join person p on p.county_code = page.county_code and p.household_id = page.household_id
      order by page.county_code, page.household_id, case when p.relation = 'head' then 0 else 1 end, p.birth_date, p.id`.execute(this.db);
    return r.rows.map(numbers);
  }

  /** Members and households with dibao or tekun in force in the scope (the exchange file's size). */
  async exchangeSize(): Promise<{ households: number; members: number }> {
    const counties = await this.counties();
    if (counties.length === 0) return { households: 0, members: 0 };
    const r = await sql<{ households: number | string; members: number | string }>`
      with f as (
        select distinct e.county_code, e.household_id from enrollment e
        join enrollment_term t on t.county_code = e.county_code and t.enrollment_id = e.id
          and t.from_month = (select max(t2.from_month) from enrollment_term t2
                              where t2.county_code = e.county_code and t2.enrollment_id = e.id and t2.from_month <= ${this.month})
        where e.county_code in (${sql.join(counties)}) and t.status <> 'ended'
      )
      select count(distinct f.county_code || '/' || f.household_id) as households, count(p.id) as members
      from f join household hd on hd.county_code = f.county_code and hd.id = f.household_id
      join person p on p.county_code = f.county_code and p.household_id = f.household_id
      where ${this.villageRange('hd.area_code')}`.execute(this.db);
    return { households: Number(r.rows[0]?.households ?? 0), members: Number(r.rows[0]?.members ?? 0) };
  }

  // ——— referrals ———

  async insertFile(row: PovertyExchangeFileTable): Promise<void> {
    await this.db.insertInto('poverty_exchange_file').values(row).execute();
  }

  /** Households (county, id) among `keys` that already have an open referral. */
  async openReferrals(keys: readonly { county: string; household: string }[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += 400) {
      const part = keys.slice(i, i + 400);
      const rows = await this.db
        .selectFrom('poverty_referral')
        .select(['county_code', 'household_id'])
        .where('status', '=', 'open')
        .where((eb) => eb.or(part.map((k) => eb.and([eb('county_code', '=', k.county), eb('household_id', '=', k.household)]))))
        .execute();
      for (const r of rows) out.add(`${r.county_code}/${r.household_id}`);
    }
    return out;
  }

  async insertReferrals(rows: readonly PovertyReferralTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) await this.db.insertInto('poverty_referral').values(rows.slice(i, i + 200)).execute();
  }

  /** The open referral of a household of the scope, if any. */
  async openReferralOf(county: string, householdId: string): Promise<PovertyReferralTable | undefined> {
    const [lo, hi] = codeRange(this.scope.prefix, 12);
    return this.db
      .selectFrom('poverty_referral')
      .selectAll()
      .where('county_code', '=', county)
      .where('open_household', '=', householdId)
      .where('area_code', '>=', lo)
      .where('area_code', '<=', hi)
      .executeTakeFirst();
  }

  /** The household of a person of doudi's registry (by the ID number's keyed hash), city-wide: the scope is checked on its referral. */
  async householdOfIdHash(idHash: string): Promise<{ county_code: string; household_id: string } | undefined> {
    return this.db
      .selectFrom('person_index as pi')
      .innerJoin('person as p', (j) => j.onRef('p.county_code', '=', 'pi.county_code').onRef('p.id', '=', 'pi.person_id'))
      .select(['p.county_code', 'p.household_id'])
      .where('pi.id_hash', '=', idHash)
      .executeTakeFirst();
  }

  /** The office's answer to an open referral (only an open one: a reply applies once). */
  async answerReferral(county: string, id: string, patch: { status: 'accepted' | 'refused'; reason: string | null; on: string; importId: string; at: string }): Promise<boolean> {
    const r = await this.db
      .updateTable('poverty_referral')
      .set({ status: patch.status, reply_reason: patch.reason, reply_on: patch.on, reply_import_id: patch.importId, open_household: null, updated_at: patch.at })
      .where('county_code', '=', county)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertReplyImport(row: PovertyReplyImportTable): Promise<void> {
    await this.db.insertInto('poverty_reply_import').values(row).execute();
  }
}

/** Counts and flags come back as strings from some drivers (PostgreSQL's bigint). */
function numbers<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const k of ['member_count', 'on_dibao', 'on_tekun', 'exit_year', 'disability_grade', 'serious_illness']) {
    if (k in out && out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]);
  }
  return out as T;
}
