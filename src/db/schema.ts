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
  /** 1: the next login must set a new password (an account made or reset by an administrator). */
  must_change_password: number;
  /** 0: the account's role awaits a second administrator's confirmation (ADR 0013); it cannot sign in until then. */
  role_confirmed: number;
  /** The administrator who created the account (null: the operator's CLI, seeding). */
  created_by: string | null;
  password_changed_at: string | null;
  /** The TOTP secret, sealed ('totp'); null until enrolled. */
  totp_secret: string | null;
  /** A secret being enrolled (sealed), until its first code confirms it. */
  totp_pending: string | null;
  totp_enrolled_at: string | null;
  /** The last accepted TOTP time step: a code of this step or an earlier one is refused (replay). */
  totp_last_step: number | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** How far the login has come: 'totp' / 'enrol' (second factor), 'password' (forced change), 'full'. */
  stage: string;
}

/** Failed logins per normalised user name, whether an account has that name or not. */
export interface LoginAttemptTable {
  name_key: string;
  failed: number;
  locked_until: string | null;
  last_at: string;
}

/** A role granted by an administrator, pending a second administrator's confirmation (ADR 0013). */
export interface RoleGrantTable {
  id: string;
  user_id: string;
  kind: 'create' | 'change';
  role: string;
  area_code: string;
  from_role: string | null;
  from_area_code: string | null;
  state: 'pending' | 'confirmed' | 'refused' | 'withdrawn';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** One-time recovery codes of the second factor, stored as hashes. */
export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
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
  /** Sealed (AES-256-GCM, ADR 0012); `bank_account_hash` is its keyed hash (normal form: digits and letters). */
  bank_account_sealed: string | null;
  bank_account_hash: string | null;
  /** Sealed. */
  phone_sealed: string | null;
  head_name: string;
  member_count: number;
  synthetic: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** 取暖方式 (migration 0028, ADR 0042): null = not recorded. */
  heating_mode?: 'central' | 'dispersed' | 'none' | null;
  /** The heated floor area in hundredths of a m² (integer, as money in fen); only for central heating, > 0. */
  heated_area_dm2?: number | null;
}

/** 家庭成员 person. Birth date and sex come from the ID number. */
export interface PersonTable {
  county_code: string;
  id: string;
  household_id: string;
  area_code: string;
  /** The ID number, sealed (ADR 0012); `id_hash` is its keyed hash, for exact search and uniqueness. */
  id_number_sealed: string;
  id_hash: string;
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
  /** The keyed hash of the ID number (the number itself is sealed in `person`). */
  id_hash: string;
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

export type OverrideStatus = 'pending' | 'confirmed' | 'withdrawn';

/**
 * 参数调整 A dated value of a parameter for the city or one county, proposed by an administrator and in force only once a
 * city supervisor other than its author confirms it (ADR 0017); withdrawn while pending (or confirmed but not yet in
 * effect). `author` is the proposer's user name (`cli:<user>` from the command line).
 */
export interface PolicyOverrideTable {
  id: string;
  name: string;
  area: string;
  effective_from: string;
  value_json: string;
  citation: string;
  author: string;
  created_at: string;
  status: OverrideStatus;
  author_id: string | null;
  author_name: string | null;
  /** 1: proposed with back-pay, i.e. dated before a roll already approved for an affected county. */
  back_pay: number;
  confirmed_by: string | null;
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  withdrawn_by: string | null;
  withdrawn_by_name: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  version: number;
}

/**
 * 案件 A dibao or tekun application and where it stands (issue 4). `version` is the optimistic lock: every step
 * bumps it and writes the case_event with `seq` = the new version. `due_date` is '9999-12-31' when the step
 * waited for has no statutory deadline (so keyset ordering by due date needs no NULL handling).
 * `open_program` is the program while the case is open and NULL once closed: unique per household, so a household
 * never has two open cases of one program.
 */
export interface AssistanceCaseTable {
  county_code: string;
  id: string;
  kind: 'dibao_household' | 'dibao_individual' | 'tekun' | 'temporary_emergency' | 'temporary_expenditure';
  program: 'dibao' | 'tekun' | 'temporary';
  state: string;
  version: number;
  household_id: string;
  applicant_person_id: string;
  area_code: string;
  staff_relative: number;
  staff_relative_note: string | null;
  contested: number;
  on_behalf: number;
  signed_declaration: number;
  data_check_authorised: number;
  filed_by: string;
  rule_set: string;
  applied_on: string;
  accepted_on: string | null;
  state_since: string;
  due_date: string;
  notice_ends_on: string | null;
  county_review_since: string | null;
  county_objection_on: string | null;
  spot_check: 'not_sampled' | 'sampled' | 'visited' | null;
  spot_check_id: string | null;
  proposed_amount_fen: number | null;
  decision_id: string | null;
  open_program: string | null;
  /**
   * Where the case came from: null = an application; 'screening' = a ledger row of the concentrated screening (issue 12);
   * 'outreach' = a row of the 应保尽保 list (issue 16 point 5, ADR 0047).
   */
  origin: 'screening' | 'outreach' | null;
  created_at: string;
  updated_at: string;
}

/** 案件时间线 one step of a case: who, when, what (payload holds ids, codes and dates only), attachments. */
export interface CaseEventTable {
  county_code: string;
  case_id: string;
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  step: string;
  from_state: string | null;
  to_state: string;
  payload: string;
  attachments: string;
}

/** 家庭经济状况调查记录 */
export interface CaseInvestigationTable {
  county_code: string;
  id: string;
  case_id: string;
  investigated_on: string;
  investigators: string;
  home_visit_on: string | null;
  neighbour_visits: number;
  written_evidence: string;
  data_check_result: 'eligible' | 'ineligible';
  data_check_on: string;
  data_check_reasons: string;
  findings: string;
  recorded_by: string;
  /** When it arrived (for a visit synced from a phone: the sync's time, ADR 0051). */
  created_at: string;
  /** 离线入户 The client-generated id of a visit recorded on a phone (migration 0036): the sync's idempotency key. */
  visit_id?: string | null;
  /** When the visit was recorded in the home, by the device's clock (null for one typed at the office). */
  recorded_at?: string | null;
}

/** 民主评议 / 两委联席评议记录: the table itself refuses fewer than 2/3 villager representatives. */
export interface CaseDeliberationTable {
  county_code: string;
  id: string;
  case_id: string;
  held_on: string;
  participants: string;
  total: number;
  representatives: number;
  conclusion: 'agree' | 'disagree';
  conclusion_text: string;
  signed: number;
  recorded_by: string;
  created_at: string;
}

/** 审核/审批意见: township review (or its return for investigation) and county opinion. */
export interface CaseOpinionTable {
  county_code: string;
  id: string;
  case_id: string;
  level: 'township' | 'county';
  kind: 'recommend' | 'return' | 'approve_proposed';
  text: string;
  by_id: string;
  by_name: string;
  on_date: string;
  created_at: string;
}

/** 公示 a village or county notice of one case. */
export interface CaseNoticeTable {
  county_code: string;
  id: string;
  case_id: string;
  level: 'village' | 'county';
  posted_on: string;
  ends_on: string;
  closed_on: string | null;
  outcome: 'no_objection' | 'objection' | 'superseded' | null;
  posted_by: string;
}

/** 公示异议 */
export interface CaseObjectionTable {
  county_code: string;
  id: string;
  case_id: string;
  notice_id: string;
  received_on: string;
  summary: string;
  lodged_by: 'villager' | 'anonymous' | 'other';
  recorded_by: string;
  created_at: string;
}

/** 县级入户抽查批次: the seed makes the draw reproducible. */
export interface SpotCheckTable {
  county_code: string;
  id: string;
  area_code: string;
  drawn_at: string;
  drawn_by: string;
  seed: number;
  rate: string;
  batch_size: number;
  minimum: number;
}

export interface SpotCheckItemTable {
  county_code: string;
  spot_check_id: string;
  case_id: string;
  sampled: number;
  reason: 'staff_relative' | 'contested' | 'random' | null;
  visited_on: string | null;
  visitors: string | null;
  finding: 'consistent' | 'inconsistent' | null;
  note: string | null;
  visited_by: string | null;
  /** 离线走访 The client-generated id of a visit recorded on a phone (migration 0037, ADR 0051): the sync's idempotency key. */
  visit_id?: string | null;
  /** When the visit was recorded in the home, by the device's clock (null for what was typed at the office). */
  recorded_at?: string | null;
}

/** 审批决定: names its decider; approval freezes the engine's result and trace. One per case. */
export interface CaseDecisionTable {
  county_code: string;
  id: string;
  case_id: string;
  outcome: 'approved' | 'refused';
  decided_on: string;
  decided_at: string;
  decider_id: string;
  decider_name: string;
  decider_role: string;
  reasons: string;
  amount_fen: number | null;
  benefit_from: string | null;
  rule_set: string;
  determination: string | null;
}

/** 保障对象 who receives a benefit from which month; issue 5 extends it (reviews, changes, exit). */
export interface EnrollmentTable {
  county_code: string;
  id: string;
  program: 'dibao' | 'tekun';
  unit: 'household' | 'individual';
  household_id: string;
  person_id: string | null;
  decision_id: string;
  monthly_amount_fen: number;
  start_month: string;
  end_month: string | null;
  status: 'active' | 'suspended' | 'ended';
  version: number;
  created_at: string;
  updated_at: string;
}

/** 待遇期间 One dated term of an enrollment: from `from_month` on, this status and monthly amount (issue 5). */
export interface EnrollmentTermTable {
  county_code: string;
  enrollment_id: string;
  from_month: string;
  status: 'active' | 'gradual_exit' | 'suspended' | 'ended';
  amount_fen: number;
  /** decision | recalculation | increase | reduce | suspend | resume | stop | gradual_exit | review … */
  basis: string;
  /** JSON list of reason codes / written reasons. */
  reasons: string | null;
  /** JSON of the engine's determination (result and trace) when the amount was computed. */
  determination: string | null;
  actor_id: string | null;
  actor_name: string;
  created_at: string;
}

/** 检索记录 The text of a registry search, sealed (ADR 0012); its audit event holds `ref` and the text's keyed MAC. */
export interface AuditSearchTextTable {
  ref: string;
  chain: string;
  at: string;
  text_sealed: string;
}

/** 临时救助 The aid of one temporary-aid case (migration 0025, ADR 0037). Amounts in fen. */
export interface TemporaryAidTable {
  county_code: string;
  case_id: string;
  category: string;
  event_date: string;
  event_note: string;
  need_fen: number;
  registered_poor: number;
  approval_level: 'township' | 'county' | 'collective' | null;
  proposed_fen: number | null;
  maximum_fen: number | null;
  assisted_first: number;
  paid_first_fen: number;
  paid_first_on: string | null;
  paid_first_by: string | null;
  paid_first_by_name: string | null;
  paid_first_reason: string | null;
  township_code: string;
  paperwork_due: string | null;
  paperwork_done_on: string | null;
  new_event_reason: string | null;
  new_event_by_name: string | null;
  approved_fen: number | null;
  recovery_fen: number;
  outcome: 'approved' | 'refused' | 'ineligible' | 'withdrawn' | null;
  created_at: string;
  updated_at: string;
}

/** 一事一议 A collective decision on a temporary-aid amount above the normal maximum. */
export interface TemporaryCollectiveDecisionTable {
  county_code: string;
  case_id: string;
  seq: number;
  decided_on: string;
  /** JSON: the participants' names and posts. */
  participants: string;
  members: number;
  present: number;
  in_favour: number;
  decision: string;
  amount_fen: number;
  maximum_fen: number;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: string;
}

/** A county approver's reason why a household's event is a new one (one event, one aid). */
export interface TemporaryNewEventTable {
  county_code: string;
  id: string;
  household_id: string;
  category: string;
  event_date: string;
  reason: string;
  decided_by: string;
  decided_by_name: string;
  decided_at: string;
  used_by_case: string | null;
}

/** 转介 A referral of a temporary-aid household to other help, with its outcome. */
export interface TemporaryReferralTable {
  county_code: string;
  case_id: string;
  seq: number;
  target: 'medical_aid' | 'education_aid' | 'charity' | 'welfare' | 'elderly_care' | 'employment' | 'other';
  note: string;
  referred_on: string;
  referred_by: string;
  referred_by_name: string;
  outcome: 'pending' | 'helped' | 'declined' | 'not_eligible';
  outcome_note: string | null;
  outcome_on: string | null;
  outcome_by_name: string | null;
}

/** 分次发放 One stage of an approved temporary aid. */
export interface TemporaryStageTable {
  county_code: string;
  case_id: string;
  n: number;
  pay_on: string;
  amount_fen: number;
  /** `held`: in a batch but out of its bank file (no account); `in_batch`, `paid`, `failed`: as the bank says. */
  status: 'planned' | 'paid_first' | 'in_batch' | 'held' | 'paid' | 'failed';
  /** The disbursement batch (payment roll) that pays it last. */
  roll_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  audit_search_text: AuditSearchTextTable;
  division: DivisionTable;
  calendar_day: CalendarDayTable;
  calendar_year: CalendarYearTable;
  app_user: AppUserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  role_grant: RoleGrantTable;
  recovery_code: RecoveryCodeTable;
  household: HouseholdTable;
  person: PersonTable;
  person_index: PersonIndexTable;
  income_item: IncomeItemTable;
  asset_item: AssetItemTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  policy_override: PolicyOverrideTable;
  assistance_case: AssistanceCaseTable;
  temporary_aid: TemporaryAidTable;
  temporary_collective_decision: TemporaryCollectiveDecisionTable;
  temporary_stage: TemporaryStageTable;
  temporary_new_event: TemporaryNewEventTable;
  temporary_referral: TemporaryReferralTable;
  case_event: CaseEventTable;
  case_investigation: CaseInvestigationTable;
  case_deliberation: CaseDeliberationTable;
  case_opinion: CaseOpinionTable;
  case_notice: CaseNoticeTable;
  case_objection: CaseObjectionTable;
  spot_check: SpotCheckTable;
  spot_check_item: SpotCheckItemTable;
  case_decision: CaseDecisionTable;
  enrollment: EnrollmentTable;
  enrollment_term: EnrollmentTermTable;
  payroll_roll: PayrollRollTable;
  payroll_line: PayrollLineTable;
  heating_season: HeatingSeasonTable;
  payroll_horizon: PayrollHorizonTable;
  payroll_change: PayrollChangeTable;
  payroll_job: PayrollJobTable;
  meta: { key: string; value: string };
  _unused?: Generated<number>;
}

/* ── Issue 5: reviews, exits and recalculation (migration 0004-reviews). Declaration merging keeps these additions append-only. ── */

/** The enrollment's amounts were recalculated under this parameter fingerprint for every change month from `from_month` on. */
export interface EnrollmentRecalcTable {
  county_code: string;
  enrollment_id: string;
  fingerprint: string;
  from_month: string;
  checked_at: string;
}

/** 动态管理 when an enrollment is next due for review, by household type (annual, semi-annual, quarterly). */
export interface ReviewScheduleTable {
  county_code: string;
  enrollment_id: string;
  review_class: 'fixed' | 'stable' | 'irregular';
  interval_months: number;
  /** The day the interval counts from: the benefit's first day, or the last review's decision. */
  counted_from: string;
  next_due: string;
  last_review_id: string | null;
  updated_at: string;
}

/** 复核 A review of an enrollment: investigation → township review → county decision. `version` is the optimistic lock. */
export interface ReviewCaseTable {
  county_code: string;
  id: string;
  enrollment_id: string;
  household_id: string;
  program: 'dibao' | 'tekun';
  trigger: 'scheduled' | 'reported_change';
  reported_change: string | null;
  state: string;
  version: number;
  opened_on: string;
  state_since: string;
  /** '9999-12-31' once decided or cancelled (no deadline). */
  due_date: string;
  /** The enrollment id while the review is open, NULL once closed: one open review per enrollment. */
  open_enrollment: string | null;
  outcome: string | null;
  decided_on: string | null;
  decider_id: string | null;
  decider_name: string | null;
  decision_reasons: string | null;
  amount_fen: number | null;
  effective_month: string | null;
  gradual_months: number | null;
  opened_by: string;
  created_at: string;
  updated_at: string;
}

/** A step of a review: who, when, what; `record` holds the step's record (JSON). `seq` = the review version it produced. */
export interface ReviewEventTable {
  county_code: string;
  review_id: string;
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  step: string;
  from_state: string | null;
  to_state: string;
  record: string;
  /** 离线走访 The client-generated id of a visit recorded on a phone (migration 0037, ADR 0051): the sync's idempotency key. */
  visit_id?: string | null;
  /** When the visit was recorded in the home, by the device's clock (null for what was typed at the office). */
  recorded_at?: string | null;
}

/** 特困终止告知 the 7-day notice before tekun support stops (POLICY.md §4). */
export interface TerminationNoticeTable {
  county_code: string;
  id: string;
  enrollment_id: string;
  ground: string;
  reasons: string;
  notified_on: string;
  ends_on: string;
  state: 'running' | 'confirmed' | 'withdrawn';
  notified_by_id: string | null;
  notified_by_name: string;
  closed_on: string | null;
  closed_by_id: string | null;
  closed_by_name: string | null;
  close_reasons: string | null;
  effective_month: string | null;
  open_enrollment: string | null;
  created_at: string;
}

/** 退出后跟进 After an exit from dibao or tekun: check the household for other assistance (dibao, temporary aid…). */
export interface FollowUpTaskTable {
  county_code: string;
  id: string;
  enrollment_id: string;
  household_id: string;
  person_id: string | null;
  program: string;
  exit_basis: string;
  /** First month without the benefit. */
  exit_month: string;
  created_on: string;
  state: 'open' | 'done';
  outcome: string | null;
  note: string | null;
  done_on: string | null;
  done_by_id: string | null;
  done_by_name: string | null;
  created_at: string;
}

export interface Database {
  enrollment_recalc: EnrollmentRecalcTable;
  review_schedule: ReviewScheduleTable;
  review_case: ReviewCaseTable;
  review_event: ReviewEventTable;
  termination_notice: TerminationNoticeTable;
  follow_up_task: FollowUpTaskTable;
}

/**
 * 发放花名册 A monthly payment roll of one county and program (issue 5). `regular` rolls are unique per (county,
 * program, month); `status` only moves forward (building → built → approved → closed) and a closed roll is frozen by
 * database triggers. While `building`, `cursor` is the last enrollment id whose regular line is written (the build
 * resumes after it); the totals are the control totals written when the build completes. `built_by` and
 * `approved_by` are user ids (or `cli:<user>`) and the table refuses them equal (maker ≠ checker).
 */
export interface PayrollRollTable {
  county_code: string;
  id: string;
  /** `temporary`: a temporary-aid disbursement batch (临时救助发放批次, ADR 0040); `heating`: a heating season's roll (ADR 0043). */
  program: 'dibao' | 'tekun' | 'temporary' | 'heating';
  /** The month paid; a heating roll's is its season's first month. */
  month: string;
  /**
   * `disbursement`: a temporary-aid batch built on demand; `round` numbers a county's batches of the month.
   * `season`: a heating season's roll — round 0 the season roll, 1, 2 … its supplementary rolls (补充发放).
   */
  kind: 'regular' | 'reissue' | 'disbursement' | 'season';
  round: number;
  status: 'building' | 'built' | 'approved' | 'closed';
  phase: 'regular' | 'adjust' | 'done';
  cursor: string | null;
  line_count: number;
  pay_line_count: number;
  person_count: number;
  total_fen: number;
  regular_fen: number;
  backpay_fen: number;
  reissue_fen: number;
  recovery_fen: number;
  gradual_exit_count: number;
  skipped_count: number;
  built_by: string;
  built_by_name: string;
  build_started_at: string;
  built_at: string | null;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: string | null;
  export_count: number;
  exported_at: string | null;
  exported_by_name: string | null;
  closed_at: string | null;
  closed_by_name: string | null;
  paid_count: number;
  paid_fen: number;
  failed_count: number;
  failed_fen: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** Lines held out of the bank file (no account) and their sum: roll total = bank file + held (null: built before 0016, nothing held). */
  held_count: number | null;
  held_fen: number | null;
  /** Who last refreshed the roll before approval (a maker too: not its checker), and when. */
  refreshed_by: string | null;
  refreshed_by_name: string | null;
  refreshed_at: string | null;
}

/**
 * One line of a roll: what WAS paid (terms say what should be). `kind` regular = the month's benefit; backpay 补发 /
 * recovery 追缴 = the difference for an earlier `benefit_month` after a retroactive change (recovery negative);
 * reissue = a failed line paid again (`reissue_of_*`). `payee_id` is the household for household units, the person
 * for 单人保; a unique index lets one payee have one regular line per program and month, across rolls. Bank name,
 * account and payee name are copied at build time (the roll stays what was sent) and are personal data.
 */
export interface PayrollLineTable {
  county_code: string;
  roll_id: string;
  seq: number;
  /** `stage`: one stage (分次发放) of an approved temporary-aid case (`case_id`, `stage_n`). */
  kind: 'regular' | 'backpay' | 'recovery' | 'reissue' | 'stage';
  program: 'dibao' | 'tekun' | 'temporary' | 'heating';
  benefit_month: string;
  /** The enrollment paid; null for a temporary-aid stage (and its re-issue). */
  enrollment_id: string | null;
  unit: 'household' | 'individual';
  payee_id: string;
  household_id: string;
  person_id: string | null;
  area_code: string;
  payee_name: string;
  bank_name: string | null;
  /** The account as sent, sealed, and its keyed hash (the frozen-roll guard compares the hash). */
  bank_account_sealed: string | null;
  bank_account_hash: string | null;
  person_count: number;
  amount_fen: number;
  term_status: 'active' | 'gradual_exit' | 'suspended' | 'ended';
  reissue_of_roll: string | null;
  reissue_of_seq: number | null;
  bank_status: 'paid' | 'failed' | null;
  bank_reason: string | null;
  bank_at: string | null;
  /**
   * 暂缓发放 Why the payment is kept out of the bank file (`no_account`: the household had no bank account when the line
   * was written); null: sent to the bank. A held line of an approved roll is paid by a later roll (a re-issue line)
   * once the household has an account.
   */
  hold_reason: 'no_account' | null;
  /** The temporary-aid case and stage a `stage` line (or its re-issue) pays; null otherwise (migration 0027). */
  case_id?: string | null;
  stage_n?: number | null;
  /**
   * A heating line's basis (migration 0029): the household's heating mode and heated area (dm²) when the roll was built,
   * and the months of the season paid when a supplementary line is pro-rated (null: the whole season).
   */
  heating_mode?: 'central' | 'dispersed' | null;
  heated_area_dm2?: number | null;
  heating_months?: number | null;
}

/**
 * 采暖季 A county's heating season (issue 14, migration 0029, ADR 0043): `id` names it ('2019-2020'); who is enrolled on
 * `reference_day` is eligible; `params` (JSON, HeatingSeasonParams) fixes the parameters in force that day.
 */
export interface HeatingSeasonTable {
  county_code: string;
  id: string;
  first_month: string;
  last_month: string;
  reference_day: string;
  status: 'open' | 'closed';
  params: string;
  opened_by: string | null;
  opened_by_name: string;
  opened_at: string;
  closed_by_name: string | null;
  closed_at: string | null;
  version: number;
}

/** The months a county's regular rolls of a program cover: terms changed for a month up to `last_month` are marked. */
export interface PayrollHorizonTable {
  county_code: string;
  program: 'dibao' | 'tekun';
  first_month: string;
  last_month: string;
}

/**
 * An enrollment whose terms changed (by trigger) for a month some roll may already have paid: the next build compares
 * what was paid from `from_month` on with what the terms now say, and writes back-pay or recovery lines.
 */
export interface PayrollChangeTable {
  county_code: string;
  enrollment_id: string;
  from_month: string;
}

/** A payroll job started from the UI (a build or a bank-result import), run off the request loop; polled for progress. */
export interface PayrollJobTable {
  county_code: string;
  id: string;
  kind: 'build' | 'import';
  status: 'running' | 'done' | 'failed';
  roll_id: string | null;
  params: string;
  done: number;
  total: number;
  result: string | null;
  error: string | null;
  created_by: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  /** Who runs it: host|pid|process start|thread (commands/payroll/job-owner.ts; migration 0011). */
  owner: string | null;
  /** Last sign of life of its worker. */
  heartbeat_at: string | null;
}

/* ── Issue 11 point 9: official document numbers (migration 0018-document-numbers, ADR 0030). ── */

/** The last number given in a county's register of one document kind and year. */
export interface DocumentCounterTable {
  county_code: string;
  kind: string;
  year: number;
  last_seq: number;
}

/** 文号 A number given to a document when the event that issues it happened; printing again shows it. */
export interface IssuedDocumentTable {
  county_code: string;
  id: string;
  /** kernel/document-number.ts NUMBERED_KINDS */
  kind: string;
  year: number;
  seq: number;
  /** The printed form, e.g. 铁县民批〔2019〕15号. */
  number: string;
  case_id: string | null;
  enrollment_id: string | null;
  issuer_level: 'county' | 'township';
  issued_on: string;
  issued_at: string;
  issued_by_id: string;
  issued_by_name: string;
  /** The enrollment notices: what the notice states (JSON, commands/shared/issue-document.ts NoticeContent). */
  content: string | null;
}

/* ── Issue 11 point 7: tekun placement and care level (migration 0017-tekun-placement, ADR 0027). ── */

/** 供养服务机构 A county's institution where 集中供养 places a person. */
export interface TekunInstitutionTable {
  county_code: string;
  id: string;
  name: string;
  address: string;
  /** 1: the demo county's labelled demo row. */
  synthetic: number;
  active: number;
  created_at: string;
}

/**
 * 供养方式与护理等级 The placement and the care assessment of a tekun case (`owner` case: what the investigation
 * recorded) or enrollment (`owner` enrollment: in force from `from_month` until the next row).
 */
export interface TekunCareTable {
  county_code: string;
  owner: 'case' | 'enrollment';
  owner_id: string;
  from_month: string;
  placement: 'home' | 'institution';
  institution_id: string | null;
  /** The six self-care items failed, bits 0–5 (eat, dress, bed, toilet, walk, bathe), as person.self_care_mask. */
  self_care_mask: number;
  assessed_on: string;
  level_override: 'selfCare' | 'partial' | 'full' | null;
  override_reason: string | null;
  /** JSON array of the written reasons of the record or change. */
  reasons: string;
  actor_id: string | null;
  actor_name: string;
  created_at: string;
}

export interface Database {
  document_counter: DocumentCounterTable;
  issued_document: IssuedDocumentTable;
  tekun_institution: TekunInstitutionTable;
  tekun_care: TekunCareTable;
}

/** 建档立卡 snapshot: one accepted import of the poverty office's registry (issue 12, ADR 0032). */
export interface PovertySnapshotTable {
  id: string;
  /** The 12-digit code of the area the file covers (the city, or a county). */
  area_code: string;
  /** The day the office's file stands for. */
  as_of: string;
  /** sha256 of the normalised rows: the same content imported again is a no-op. */
  content_digest: string;
  file_name: string;
  households: number;
  persons: number;
  added_households: number;
  removed_households: number;
  changed_households: number;
  added_persons: number;
  removed_persons: number;
  changed_persons: number;
  previous_id: string | null;
  imported_by_id: string;
  imported_by_name: string;
  imported_at: string;
}

/** A registered-poor household of a snapshot. 户属性 一般贫困户 general / 低保贫困户 dibao / 特困供养贫困户 tekun. */
export interface PovertyHouseholdTable {
  snapshot_id: string;
  /** 户编号 as the office numbers it. */
  hh_no: string;
  county_code: string;
  township_code: string;
  village_code: string;
  head_name: string;
  attribute: 'general' | 'dibao' | 'tekun';
  poverty_cause: string;
  /** 未脱贫 poor / 已脱贫 out (with `exit_year`). */
  status: 'poor' | 'out';
  exit_year: number | null;
  member_count: number;
}

/** A person of a snapshot, with their match to doudi's registry. */
export interface PovertyPersonTable {
  snapshot_id: string;
  /** Stable across snapshots: the keyed ID-number hash (`i:` + hash), or without a valid number `n:` + keyed hash of 户编号 and name. */
  person_key: string;
  hh_no: string;
  row_no: number;
  name: string;
  relation: string;
  /** The 18-digit number (15-digit ones converted), sealed; null when the file's number is not valid. */
  id_number_sealed: string | null;
  id_hash: string | null;
  id_form: '18' | '15' | 'invalid';
  birth_date: string | null;
  sex: 'M' | 'F' | null;
  labor_capacity: string;
  health: 'healthy' | 'chronic' | 'serious' | 'disabled';
  disability_grade: number | null;
  county_code: string;
  village_code: string;
  match_county: string | null;
  match_person_id: string | null;
  /** id: same ID number; confirmed: a suggestion a caseworker confirmed; suggested: waiting in the review queue. */
  match_method: 'id' | 'confirmed' | 'suggested' | null;
  /** 0–100. */
  match_confidence: number | null;
}

export interface PovertySnapshotChangeTable {
  snapshot_id: string;
  kind: 'household' | 'person';
  key: string;
  change: 'added' | 'removed' | 'changed';
  county_code: string;
  label: string;
  fields: string | null;
}

export interface PovertyMatchDecisionTable {
  person_key: string;
  county_code: string;
  person_id: string;
  decision: 'confirmed' | 'rejected';
  snapshot_id: string;
  decided_by_id: string;
  decided_by_name: string;
  decided_at: string;
}

export interface Database {
  poverty_snapshot: PovertySnapshotTable;
  poverty_household: PovertyHouseholdTable;
  poverty_person: PovertyPersonTable;
  poverty_snapshot_change: PovertySnapshotChangeTable;
  poverty_match_decision: PovertyMatchDecisionTable;
}

/** 四议两公开: one of the four deliberation stages of a case (migration 0022, ADR 0036); the latest row of a stage counts. */
export interface CaseDeliberationStageTable {
  county_code: string;
  id: string;
  case_id: string;
  /** 1, 2, … per case: the latest record of a stage is its highest seq. */
  seq: number;
  stage: 'proposal' | 'consultation' | 'party_meeting' | 'resolution';
  meeting: 'representatives' | 'villagers' | 'household_delegates' | null;
  held_on: string;
  present: number;
  entitled: number;
  in_favour: number | null;
  outcome: 'agreed' | 'not_agreed';
  /** The share rule codes applied (kernel/share.ts); the pass rule as "<rule>/<of_present|of_entitled>". */
  quorum_rule: string;
  pass_rule: string | null;
  note: string;
  recorded_by: string;
  recorded_by_name: string;
  created_at: string;
}

/** 四议两公开: 决议公开 (resolution) and 实施结果公开 (result), with the day posted and where. */
export interface CaseDisclosureTable {
  county_code: string;
  id: string;
  case_id: string;
  seq: number;
  kind: 'resolution' | 'result';
  posted_on: string;
  place: string;
  note: string;
  recorded_by: string;
  recorded_by_name: string;
  created_at: string;
}

export interface Database {
  case_deliberation_stage: CaseDeliberationStageTable;
  case_disclosure: CaseDisclosureTable;
}

/** 集中排查 A screening campaign (issue 12 point 5, ADR 0035): a county's (or the city's) for one year. */
export interface ScreeningCampaignTable {
  id: string;
  /** The 12-digit code of the scope: a county, or the city for every county. */
  area_code: string;
  year: number;
  /** JSON `[{ county, snapshotId }]`: the latest poverty-registry snapshot of each county in scope when it opened. */
  snapshots: string;
  /** 完成时限: a working day on the calendar. */
  deadline: string;
  state: 'open' | 'closed';
  row_count: number;
  opened_by_id: string;
  opened_by_name: string;
  opened_at: string;
  closed_by_id: string | null;
  closed_by_name: string | null;
  closed_at: string | null;
  version: number;
}

/** 核查台账 One registered-poor household's ledger row in a campaign. */
export interface ScreeningRowTable {
  campaign_id: string;
  county_code: string;
  hh_no: string;
  /** 序号 in the ledger (village, then household number). */
  seq: number;
  snapshot_id: string;
  township_code: string;
  /** The household's village (12 digits): the row's area. */
  area_code: string;
  head_name: string;
  attribute: 'general' | 'dibao' | 'tekun';
  status: 'poor' | 'out';
  exit_year: number | null;
  member_count: number;
  /** doudi's household the office's household is matched to (in the row's county), when one is. */
  matched_household_id: string | null;
  /** JSON array of the programs in force for the matched household when the campaign opened (dibao, tekun). */
  covered_at_open: string;
  /** JSON `[{ method, date, staff: string[] }]`. */
  methods: string;
  /** JSON: what was found (income, assets, members' labour capacity, disability, illness), or null. */
  findings: string | null;
  /** JSON: the engine's assessment of the found situation (options with amounts), or null. */
  assessment: string | null;
  conclusion: 'covered' | 'eligible' | 'single_person' | 'not_eligible' | 'referred' | null;
  /** JSON: the conclusion's particulars (case kind and person, reason, referral kinds). */
  conclusion_detail: string | null;
  concluded_on: string | null;
  case_county: string | null;
  case_id: string | null;
  version: number;
  updated_by_id: string | null;
  updated_by_name: string | null;
  updated_at: string;
  /** 离线走访 The client-generated id of a visit recorded on a phone (migration 0037, ADR 0051): the sync's idempotency key. */
  visit_id?: string | null;
  /** When the visit was recorded in the home, by the device's clock (null for what was typed at the office). */
  recorded_at?: string | null;
}

export interface Database {
  screening_campaign: ScreeningCampaignTable;
  screening_row: ScreeningRowTable;
}

/** 交换文件 A file doudi sent the poverty office: the referral list or its dibao/tekun households (ADR 0034). */
export interface PovertyExchangeFileTable {
  id: string;
  kind: 'referrals' | 'rolls';
  area_code: string;
  rows: number;
  households: number;
  made_by_id: string | null;
  made_by_name: string;
  made_at: string;
}

/** 转介 A dibao/tekun household not in the poverty registry, referred to the poverty office, and the office's reply. */
export interface PovertyReferralTable {
  county_code: string;
  id: string;
  household_id: string;
  area_code: string;
  program: 'dibao' | 'tekun';
  file_id: string;
  referred_on: string;
  status: 'open' | 'accepted' | 'refused';
  /** The household id while open, null once replied: one open referral per household. */
  open_household: string | null;
  reply_reason: string | null;
  reply_on: string | null;
  reply_import_id: string | null;
  created_at: string;
  updated_at: string;
}

/** 回复导入 One accepted import of the poverty office's reply to referrals. */
export interface PovertyReplyImportTable {
  id: string;
  area_code: string;
  file_name: string;
  rows: number;
  accepted: number;
  refused: number;
  imported_by_id: string | null;
  imported_by_name: string;
  imported_at: string;
}

export interface Database {
  poverty_exchange_file: PovertyExchangeFileTable;
  poverty_referral: PovertyReferralTable;
  poverty_reply_import: PovertyReplyImportTable;
}

/** 乡镇临时救助备用金 A township's reserve for assist-first temporary aid (ADR 0039): its balance, never below zero. */
export interface TownshipReserveTable {
  county_code: string;
  /** The township's 12-digit division code. */
  township_code: string;
  balance_fen: number;
  /** Raised by every movement: the `seq` of the ledger entry that movement wrote. */
  version: number;
  updated_at: string;
}

export type ReserveEntryKind = 'top_up' | 'payment' | 'refund' | 'adjustment';

/** 备用金台账 One movement of a township's reserve: top-up and refund > 0, payment < 0, with the balance after it. */
export interface TownshipReserveEntryTable {
  county_code: string;
  township_code: string;
  seq: number;
  at: string;
  kind: ReserveEntryKind;
  amount_fen: number;
  balance_after_fen: number;
  case_id: string | null;
  payee_name: string | null;
  note: string;
  actor_id: string | null;
  actor_name: string;
}

export interface Database {
  township_reserve: TownshipReserveTable;
  township_reserve_entry: TownshipReserveEntryTable;
}

/* ── Issue 15 points 2–3: quarterly reports, corrections and the city's bulletin (migration 0030-quarterly-reports, ADR 0045). ── */

/**
 * 季度报告 A county's report of a quarter ('2019Q3'): the county's text while `draft`; on submit the figures computed
 * then are frozen in `figures` (JSON) with their digest, and nothing but the city's receipt changes afterwards.
 */
export interface QuarterlyReportTable {
  county_code: string;
  quarter: string;
  status: 'draft' | 'submitted';
  /** 工作进展 */
  progress_text: string;
  /** 存在问题 */
  problems_text: string;
  /** 下步打算 */
  next_steps_text: string;
  drafted_by_name: string;
  created_at: string;
  updated_at: string;
  figures: string | null;
  figures_digest: string | null;
  submitted_by: string | null;
  submitted_by_name: string | null;
  submitted_at: string | null;
  received_by: string | null;
  received_by_name: string | null;
  received_at: string | null;
  version: number;
}

/** 更正 A figure of an earlier submitted quarter (`of_quarter`) that differs when recomputed, shown in `quarter`'s report. */
export interface ReportCorrectionTable {
  county_code: string;
  quarter: string;
  of_quarter: string;
  program: string;
  figure: string;
  /** The frozen value and the value recomputed, as JSON texts (a number, or null for "not available"). */
  was_value: string;
  now_value: string;
  reason: string;
  created_at: string;
}

/** 通报 The city's bulletin of a quarter: its text, then issued with the counties' comparison frozen in `snapshot`. */
export interface ReportBulletinTable {
  city_code: string;
  quarter: string;
  status: 'draft' | 'issued';
  title: string;
  body: string;
  drafted_by_name: string;
  created_at: string;
  updated_at: string;
  snapshot: string | null;
  snapshot_digest: string | null;
  issued_by: string | null;
  issued_by_name: string | null;
  issued_at: string | null;
  version: number;
}

export interface Database {
  quarterly_report: QuarterlyReportTable;
  report_correction: ReportCorrectionTable;
  report_bulletin: ReportBulletinTable;
}

/* ── Issue 17: the case archive's files (migration 0034-case-files, ADR 0049). ── */

/** 档案材料 One uploaded piece of evidence: its owner, document type, detected media type, content digest, uploader. */
export interface CaseFileTable {
  county_code: string;
  id: string;
  owner_kind: 'case' | 'household' | 'ledger_row' | 'finding';
  owner_id: string;
  case_id: string | null;
  step: string | null;
  household_id: string | null;
  area_code: string;
  document_type: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  digest: string;
  key_id: string;
  preview_digest: string | null;
  preview_key_id: string | null;
  preview_pending: number;
  /** A PDF whose first-page preview could not be rendered (0035): the file is stored, the web app shows an icon. */
  preview_failed: number;
  kept_location: number;
  uploaded_by: string | null;
  uploaded_by_name: string;
  uploaded_at: string;
  deleted: number;
  deleted_by_name: string | null;
  deleted_at: string | null;
  /** The device's own id of a file it may send twice (a field visit's photo or signature; 0038), unique per county. */
  client_key: string | null;
}

/* ── Issue 16 points 1, 2, 6: supervision — anomaly rules, findings, campaigns, accountability (migration 0031-supervision, ADR 0046). ── */

/** 死亡信息 One row of an imported death-record file: the ID number's keyed hash (the number sealed) and the date of death. */
export interface DeathRecordTable {
  id_hash: string;
  id_number_sealed: string;
  died_on: string;
  import_id: string;
  imported_at: string;
  imported_by_name: string;
}

/** 规则运行 A run of the anomaly rules over the city or a county: a job (owner and heartbeat as payroll's), resumable by county. */
export interface SupervisionRunTable {
  id: string;
  area_code: string;
  trigger: 'manual' | 'nightly';
  /** JSON list of rule codes. */
  rules: string;
  /** JSON list of the county codes the run covers, in order; `counties_done` the ones merged (the resume point). */
  counties: string;
  counties_done: string;
  run_day: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: string | null;
  error: string | null;
  created_by: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  owner: string | null;
  heartbeat_at: string | null;
}

/** What a run's rule found in a county, staged until the county's merge. */
export interface FindingCandidateTable {
  run_id: string;
  county_code: string;
  rule: string;
  fingerprint: string;
  area_code: string;
  household_id: string | null;
  person_id: string | null;
  enrollment_id: string | null;
  case_id: string | null;
  roll_id: string | null;
  line_seq: number | null;
  facts: string;
}

/** 问题线索 A likely error found by a rule, tracked to its rectification (整改). */
export interface FindingTable {
  county_code: string;
  id: string;
  rule: string;
  fingerprint: string;
  area_code: string;
  township_code: string | null;
  village_code: string | null;
  household_id: string | null;
  person_id: string | null;
  enrollment_id: string | null;
  case_id: string | null;
  roll_id: string | null;
  line_seq: number | null;
  /** JSON: what was seen (masked personal data only). */
  facts: string;
  status: 'open' | 'answered' | 'closed';
  first_found_at: string;
  last_found_at: string;
  last_run_id: string;
  /** 1 when the run that last ran the finding's rule in its county found it; 0: not seen in the latest run (a person closes it). */
  seen_in_last_run: number;
  reopened_count: number;
  /** The rectification deadline (working days from when found or reopened). */
  due_on: string;
  campaign_id: string | null;
  answer_action: string | null;
  answer_evidence: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
  answered_at: string | null;
  sent_back_count: number;
  closed_by: string | null;
  closed_by_name: string | null;
  closed_at: string | null;
  close_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface FindingHistoryTable {
  county_code: string;
  finding_id: string;
  seq: number;
  at: string;
  event: 'found' | 'reopened' | 'answered' | 'sent_back' | 'closed' | 'campaign';
  run_id: string | null;
  actor_id: string | null;
  actor_name: string;
  record: string;
}

/** 专项治理 A campaign grouping findings (e.g. 2019 农村低保专项治理). */
export interface SupervisionCampaignTable {
  id: string;
  area_code: string;
  year: number;
  title: string;
  rules: string;
  starts_on: string;
  ends_on: string;
  status: 'open' | 'closed';
  created_by: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** 责任追究 An accountability record of a finding: the responsible users (JSON), what failed, the measure, who decided. */
export interface AccountabilityRecordTable {
  county_code: string;
  id: string;
  finding_id: string;
  responsible: string;
  failure: string;
  measure: 'interview' | 'criticism' | 'admonition' | 'discipline_referral' | 'other';
  measure_note: string | null;
  decided_on: string;
  decided_by_name: string;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: string;
}

export interface Database {
  case_file: CaseFileTable;
  death_record: DeathRecordTable;
  supervision_run: SupervisionRunTable;
  finding_candidate: FindingCandidateTable;
  finding: FindingTable;
  finding_history: FindingHistoryTable;
  supervision_campaign: SupervisionCampaignTable;
  accountability_record: AccountabilityRecordTable;
}
