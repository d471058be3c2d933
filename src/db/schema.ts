/**
 * Kysely table types. Portable column types: text, integer (0/1 for booleans), bigint (fen, sequence numbers);
 * timestamps are ISO-8601 UTC text, calendar days `YYYY-MM-DD` text. Case tables carry `county_code` first in
 * their keys (Citus-ready: distributed by county, see ARCHITECTURE.md).
 */
import type { Generated } from 'kysely';

export interface DivisionTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parent_code: string | null;
  county_code: string | null;
}

/** 工作日历 one day that departs from the Monday–Friday rule: a holiday or a make-up working day (调休). */
export interface CalendarDayTable {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: 'official' | 'admin';
  updated_by: string | null;
  updated_at: string;
}

export interface CalendarYearTable {
  year: number;
  source: 'official' | 'admin';
  updated_by: string | null;
  updated_at: string;
}

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  area_code: string;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

/** 家庭 household: the unit of dibao. */
export interface HouseholdTable {
  county_code: string;
  id: string;
  area_code: string;
  address: string;
  hukou_type: 'rural' | 'urban';
  registered_poor: number;
  bank_name: string | null;
  bank_account: string | null;
  phone: string | null;
  head_name: string;
  member_count: number;
  synthetic: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 家庭成员 person. Birth date and sex come from the ID number. */
export interface PersonTable {
  county_code: string;
  id: string;
  household_id: string;
  area_code: string;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  relation: string;
  hukou_type: 'rural' | 'urban';
  disability_kind: string | null;
  disability_grade: number | null;
  serious_illness: number;
  labor_capacity: 'full' | 'partial' | 'none';
  /** bit i set = self-care item i failed (eat, dress, bed, toilet, walk indoors, bathe). */
  self_care_mask: number;
  supporter_status: string;
  in_school: number;
  synthetic: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** City-wide index of ID numbers: answers cross-county questions and keeps a number unique in the city. */
export interface PersonIndexTable {
  id_number: string;
  county_code: string;
  person_id: string;
}

export interface IncomeItemTable {
  county_code: string;
  id: string;
  household_id: string;
  person_id: string | null;
  kind: string;
  annual_fen: number;
  note: string | null;
  created_at: string;
}

export interface AssetItemTable {
  county_code: string;
  id: string;
  household_id: string;
  kind: string;
  value_fen: number;
  quantity: number;
  note: string | null;
  created_at: string;
}

/** 审计日志 append-only, hash-chained per chain (a county, or `city` for reference data and users). */
export interface AuditEventTable {
  chain: string;
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  chain: string;
  seq: number;
  hash: string;
}

export interface PolicyOverrideTable {
  id: string;
  name: string;
  area: string;
  effective_from: string;
  value_json: string;
  citation: string;
  author: string;
  created_at: string;
}

export interface Database {
  division: DivisionTable;
  calendar_day: CalendarDayTable;
  calendar_year: CalendarYearTable;
  app_user: AppUserTable;
  session: SessionTable;
  household: HouseholdTable;
  person: PersonTable;
  person_index: PersonIndexTable;
  income_item: IncomeItemTable;
  asset_item: AssetItemTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  policy_override: PolicyOverrideTable;
  meta: { key: string; value: string };
  _unused?: Generated<number>;
}
