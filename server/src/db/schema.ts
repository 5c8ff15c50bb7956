import type { Generated } from 'kysely';

/** Timestamps cross the database boundary as ISO-8601 strings on both dialects (see portable.ts). */
type Timestamp = string;
/** Booleans are 0/1 on both dialects. */
type Flag = number;

export interface UnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  /** Materialised path of ids, `/1/4/9/`: subtree reads are one prefix match. */
  path: string;
  sort_order: number;
  disabled: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  unit_id: number;
  password_hash: string;
  password_changed_at: Timestamp;
  must_change_password: Flag;
  phone_enc: string | null;
  id_number_enc: string | null;
  email: string | null;
  disabled: Flag;
  failed_count: number;
  locked_until: Timestamp | null;
  totp_secret_enc: string | null;
  totp_enabled: Flag;
  totp_last_step: number | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: Timestamp;
}

export interface RolesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string;
  admin_kind: string | null;
  data_scope: string;
  builtin: Flag;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RolePermissionsTable {
  role_id: number;
  permission: string;
}

export interface RoleUnitsTable {
  role_id: number;
  unit_id: number;
}

export interface UserRolesTable {
  user_id: number;
  role_id: number;
}

export interface SessionsTable {
  id: Generated<number>;
  /** Public handle shown in "my sessions"; the token itself is only ever stored hashed. */
  public_id: string;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface MfaTicketsTable {
  id: Generated<number>;
  ticket_hash: string;
  user_id: number;
  expires_at: Timestamp;
  used: Flag;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  ip: string;
  username: string;
  at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  username: string | null;
  unit_id: number | null;
  roles: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: string;
  detail: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** One row: the head of the audit chain, locked while a record is appended. */
export interface AuditHeadTable {
  id: number;
  last_id: number;
  last_hash: string;
  /** After a retention purge: the first kept row and the hash it chains from. */
  anchor_id: number | null;
  anchor_prev_hash: string | null;
}

export interface ChainsTable {
  id: Generated<number>;
  code: string;
  name: string;
  cluster: string;
  valid_from: string;
  valid_to: string | null;
  sort_order: number;
}

export interface ProjectsTable {
  id: Generated<number>;
  code: string;
  name: string;
  investor_name: string | null;
  investor_uscc: string | null;
  investor_region: string | null;
  investor_tags: string;
  host_unit_id: number;
  dept_unit_id: number | null;
  leader_name: string | null;
  officer_user_id: number | null;
  chain_id: number | null;
  chain_role: string | null;
  nature: string | null;
  category: string | null;
  /** Integer yuan; bigint on PostgreSQL (read back as a number). */
  total_investment_yuan: number;
  fixed_asset_yuan: number | null;
  foreign_investment_usd: number | null;
  registered_capital_yuan: number | null;
  land_mu: string | null;
  expected_output_yuan: number | null;
  expected_tax_yuan: number | null;
  expected_jobs: number | null;
  source_channel: string | null;
  tags: string;
  progress_text: string | null;
  remarks: string | null;
  stage: string;
  status: string;
  status_reason: string | null;
  signed_date: string | null;
  started_date: string | null;
  search_initials: string;
  /** The investor's normalised name (leads/names.ts), for duplicate detection across the city. */
  investor_key: string | null;
  investor_region_key: string | null;
  lead_id: number | null;
  version: number;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One row per bigram of a project's name and investor: the substring-search index. */
export interface ProjectGramsTable {
  gram: string;
  project_id: number;
}

export interface ProjectStagesTable {
  project_id: number;
  stage: string;
  planned_date: string | null;
  actual_date: string | null;
  actual_unknown: Flag;
}

export interface ProjectEventsTable {
  id: Generated<number>;
  project_id: number;
  at: Timestamp;
  user_id: number | null;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
  detail: string | null;
}

export interface ProjectAttachmentsTable {
  id: Generated<number>;
  project_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

export interface SavedFiltersTable {
  id: Generated<number>;
  user_id: number;
  page: string;
  name: string;
  query: string;
  created_at: Timestamp;
}

export interface LeadsTable {
  id: Generated<number>;
  code: string;
  title: string;
  enterprise_name: string;
  enterprise_key: string;
  enterprise_region_key: string | null;
  enterprise_uscc: string | null;
  enterprise_home: string | null;
  enterprise_tags: string;
  chain_id: number | null;
  industry: string | null;
  estimated_investment_yuan: number | null;
  estimated_foreign_usd: number | null;
  source: string;
  first_contact_date: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  /** The unit holding the lead now (changes on an accepted hand-off or a transfer). */
  unit_id: number;
  registered_unit_id: number;
  registered_by: number | null;
  status: string;
  status_reason: string | null;
  next_step: string | null;
  next_step_date: string | null;
  remarks: string | null;
  /** 'open' while waiting for arbitration, 'resolved' after; null when never in conflict. */
  conflict_state: string | null;
  conflict_lead_id: number | null;
  conflict_project_id: number | null;
  conflict_owner_unit_id: number | null;
  conflict_registered_on: string | null;
  project_id: number | null;
  search_initials: string;
  clock_start_at: Timestamp;
  responded_at: Timestamp | null;
  assessed_at: Timestamp | null;
  fed_back_at: Timestamp | null;
  last_progress_at: Timestamp | null;
  next_due_kind: string | null;
  next_due_at: Timestamp | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LeadEventsTable {
  id: Generated<number>;
  lead_id: number;
  at: Timestamp;
  user_id: number | null;
  unit_id: number | null;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
  detail: string | null;
}

export interface CreditsTable {
  object_type: 'lead' | 'project';
  object_id: number;
  unit_id: number;
  share: number;
  basis: string;
  decided_at: Timestamp;
}

export interface LeadWatchersTable {
  lead_id: number;
  unit_id: number;
  reason: string;
}

export interface LeadHandoffsTable {
  id: Generated<number>;
  lead_id: number;
  from_unit_id: number;
  to_unit_id: number;
  reason: string;
  sender_share: number;
  state: string;
  due_at: Timestamp;
  created_by: number | null;
  created_at: Timestamp;
  escalated_at: Timestamp | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}

export interface ActivitiesTable {
  id: Generated<number>;
  lead_id: number | null;
  project_id: number | null;
  unit_id: number;
  type: string;
  date: string;
  place: string | null;
  our_people: string | null;
  their_people: string | null;
  notes: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ActivityAttachmentsTable {
  id: Generated<number>;
  activity_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

export interface JobLeasesTable {
  name: string;
  holder: string | null;
  lease_until: Timestamp | null;
  last_run_at: Timestamp | null;
  last_result: string | null;
}

/** One row per schedule slot taken (migration 0013): a slot runs once across instances. */
export interface JobRunsTable {
  name: string;
  /** The tick the run belongs to: its minute, ISO-8601 (text on both databases, compared as such). */
  slot: string;
  holder: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  result: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

/** The last number handed out per code prefix (XM2026, XS2026): codes without races. */
export interface CodeCountersTable {
  prefix: string;
  value: number;
}

/** Requests counted per key and time window, for rate limits shared by every instance. */
export interface RateCountersTable {
  key: string;
  window_start: number;
  count: number;
}

/** A project on a year's key-project list at one level (省重大 / 市重点 / 区重点). */
export interface KeyProjectsTable {
  project_id: number;
  year: number;
  level: string;
  owner_unit_id: number;
  added_by: number | null;
  added_at: Timestamp;
}

/** 年度计划投资: a project's planned investment for one year, integer yuan. */
export interface ProjectYearPlansTable {
  project_id: number;
  year: number;
  plan_yuan: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface DispatchPeriodsTable {
  id: Generated<number>;
  period: string;
  year: number;
  month: number;
  deadline: string;
  locked_at: Timestamp | null;
  opened_by: number | null;
  opened_at: Timestamp;
  reminded_at: Timestamp | null;
}

/** One version of a project's monthly report; `is_current` marks the one that counts. */
export interface DispatchReportsTable {
  id: Generated<number>;
  project_id: number;
  period_id: number;
  unit_id: number;
  version: number;
  is_current: Flag;
  month_yuan: number;
  cumulative_yuan: number;
  progress_text: string | null;
  next_steps: string | null;
  problems: string | null;
  late: Flag;
  correction_reason: string | null;
  source: string;
  filed_by: number | null;
  filed_at: Timestamp;
}

/** Each project's newest current report of a year, kept by the filing service (migration 0017). */
export interface DispatchLatestTable {
  project_id: number;
  year: number;
  period: string;
  cumulative_yuan: number;
}

/** Investment completed per reporting unit and period: the current reports' month figures summed, kept by triggers (migration 0023). */
export interface DispatchUnitMonthsTable {
  period_id: number;
  unit_id: number;
  month_yuan: number;
  reports: number;
}

/** Every version of a project's quarterly figures (tax, output), written by triggers (migration 0024); null: removed. */
export interface ReturnsHistoryTable {
  id: Generated<number>;
  project_id: number;
  period: string;
  tax_yuan: number | null;
  output_yuan: number | null;
}

/** Every version of a project's committed land (hundredths of a 亩), written by triggers (migration 0024). */
export interface LandHistoryTable {
  id: Generated<number>;
  project_id: number;
  land_centimu: number | null;
}

export interface DispatchPhotosTable {
  id: Generated<number>;
  project_id: number;
  period_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

/** 补报: a unit's request to file after the lock, and the period owner's decision. */
export interface DispatchLateGrantsTable {
  id: Generated<number>;
  period_id: number;
  unit_id: number;
  reason: string;
  state: string;
  requested_by: number | null;
  requested_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  until: string | null;
}

export interface WarningRulesTable {
  id: Generated<number>;
  version: number;
  effective_from: string;
  definition: string;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** A computed light (green ones too: the two-yellows rule and the history need them). */
export interface ProjectLightsTable {
  project_id: number;
  period_id: number;
  kind: string;
  level: string;
  raw_level: string;
  /** 0 green, 1 yellow, 2 red. */
  severity: number;
  unit_id: number;
  deviation_centi: number | null;
  months_late: number | null;
  rule_version: number;
  computed_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  params: string;
  link: string | null;
  dedup_key: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** What indicators count of a project, one row per change (written by triggers, migration 0014). */
export interface ProjectHistoryTable {
  id: Generated<number>;
  project_id: number;
  host_unit_id: number;
  status: string;
  total_investment_yuan: number;
  foreign_investment_usd: number | null;
  chain_id: number | null;
  signed_date: string | null;
  started_date: string | null;
}

export interface ProjectStageHistoryTable {
  id: Generated<number>;
  project_id: number;
  stage: string;
  actual_date: string | null;
}

/** A project's credit shares over time; share null = removed. */
export interface CreditHistoryTable {
  id: Generated<number>;
  project_id: number;
  unit_id: number;
  share: number | null;
}

export interface CountingRulesTable {
  version: number;
  valid_from: string;
  definition: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface IndicatorsTable {
  code: string;
  version: number;
  name: string;
  name_en: string;
  unit: string;
  definition: string;
  rule_version: number;
  builtin: Generated<Flag>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface TargetVersionsTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  indicator_code: string;
  value: string | null;
  source: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface ScoringSchemesTable {
  id: Generated<number>;
  code: string;
  version: number;
  name: string;
  name_en: string;
  definition: string;
  valid_from: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface PublishedRankingsTable {
  id: Generated<number>;
  year: number;
  period: string;
  as_of: string;
  version: number;
  scheme_id: number;
  rule_version: number;
  indicator_versions: string;
  watermark: string;
  items: string;
  published_by: number | null;
  published_at: Timestamp;
}

export interface BriefingsTable {
  id: Generated<number>;
  period: string;
  version: number;
  file_name: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface DB {
  units: UnitsTable;
  users: UsersTable;
  password_history: PasswordHistoryTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  role_units: RoleUnitsTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  mfa_tickets: MfaTicketsTable;
  login_failures: LoginFailuresTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  chains: ChainsTable;
  projects: ProjectsTable;
  project_stages: ProjectStagesTable;
  project_grams: ProjectGramsTable;
  project_events: ProjectEventsTable;
  project_attachments: ProjectAttachmentsTable;
  saved_filters: SavedFiltersTable;
  leads: LeadsTable;
  lead_events: LeadEventsTable;
  credits: CreditsTable;
  lead_watchers: LeadWatchersTable;
  lead_handoffs: LeadHandoffsTable;
  activities: ActivitiesTable;
  activity_attachments: ActivityAttachmentsTable;
  code_counters: CodeCountersTable;
  rate_counters: RateCountersTable;
  key_projects: KeyProjectsTable;
  project_year_plans: ProjectYearPlansTable;
  dispatch_periods: DispatchPeriodsTable;
  dispatch_reports: DispatchReportsTable;
  dispatch_latest: DispatchLatestTable;
  dispatch_unit_months: DispatchUnitMonthsTable;
  returns_history: ReturnsHistoryTable;
  land_history: LandHistoryTable;
  dispatch_photos: DispatchPhotosTable;
  dispatch_late_grants: DispatchLateGrantsTable;
  warning_rules: WarningRulesTable;
  project_commitments: ProjectCommitmentsTable;
  project_returns: ProjectReturnsTable;
  returns_rules: ReturnsRulesTable;
  returns_proposals: ReturnsProposalsTable;
  project_lights: ProjectLightsTable;
  notifications: NotificationsTable;
  project_history: ProjectHistoryTable;
  project_stage_history: ProjectStageHistoryTable;
  credit_history: CreditHistoryTable;
  counting_rules: CountingRulesTable;
  indicators: IndicatorsTable;
  target_versions: TargetVersionsTable;
  scoring_schemes: ScoringSchemesTable;
  published_rankings: PublishedRankingsTable;
  briefings: BriefingsTable;
  enterprises: EnterprisesTable;
  problems: ProblemsTable;
  problem_handlers: ProblemHandlersTable;
  problem_events: ProblemEventsTable;
  problem_attachments: ProblemAttachmentsTable;
  milestone_evidence: MilestoneEvidenceTable;
  enterprise_names: EnterpriseNamesTable;
  enterprise_tags: EnterpriseTagsTable;
  key_lists: KeyListsTable;
  key_list_items: KeyListItemsTable;
  bank_chains: BankChainsTable;
  credit_lines: CreditLinesTable;
  credit_moves: CreditMovesTable;
  bank_plans: BankPlansTable;
  loan_institutions: LoanInstitutionsTable;
  loan_sheets: LoanSheetsTable;
  loan_rows: LoanRowsTable;
  chain_gaps: ChainGapsTable;
  chain_gap_targets: ChainGapTargetsTable;
  schema_migrations: SchemaMigrationsTable;
}

/** An enterprise keyed by its 统一社会信用代码; its contacts are users of `unit_id` (migration 0018). */
export interface EnterprisesTable {
  id: Generated<number>;
  uscc: string;
  name: string;
  /** The normalised name (platform/company-names), for the lead matcher's dedup (migration 0019). */
  name_key: string | null;
  industry: string | null;
  /** Lower-case pinyin initials of the name (platform/search), for the registry's search. */
  search_initials: string | null;
  unit_id: number | null;
  serving_unit_id: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProblemsTable {
  id: Generated<number>;
  code: string;
  title: string;
  category: string;
  description: string;
  project_id: number | null;
  enterprise_id: number | null;
  /** The raising side's answerable unit: the project's host, else the raiser's unit or the enterprise's serving unit. */
  unit_id: number;
  raised_by: number;
  raiser_unit_id: number;
  status: string;
  lead_unit_id: number | null;
  due_date: string | null;
  assigned_at: Timestamp | null;
  answered_at: Timestamp | null;
  closed_at: Timestamp | null;
  rating: number | null;
  returned_count: Generated<number>;
  /** The due date a reminder was last sent for (a new deadline reminds again). */
  reminded_for: string | null;
  escalated_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProblemHandlersTable {
  problem_id: number;
  unit_id: number;
  role: string;
}

export interface ProblemEventsTable {
  id: Generated<number>;
  problem_id: number;
  kind: string;
  actor_id: number | null;
  actor_unit_id: number | null;
  holder_unit_id: number | null;
  text: string | null;
  detail: string | null;
  at: Timestamp;
}

export interface ProblemAttachmentsTable {
  id: Generated<number>;
  problem_id: number;
  event_id: number | null;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

/** A milestone's evidence from the enterprise portal, confirmed or rejected by the project's unit (migration 0018). */
export interface MilestoneEvidenceTable {
  id: Generated<number>;
  project_id: number;
  enterprise_id: number;
  stage: string;
  reached_on: string;
  kind: string;
  note: string | null;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  status: string;
  submitted_by: number;
  submitted_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}

/** The names an enterprise was known by (migration 0019). */
export interface EnterpriseNamesTable {
  id: Generated<number>;
  enterprise_id: number;
  name: string;
  source: string;
  recorded_at: Timestamp;
}

export interface EnterpriseTagsTable {
  id: Generated<number>;
  enterprise_id: number;
  tag: string;
  /** Who said so: the list or document (e.g. 2023年8条产业链重点企业清单). */
  source: string;
  valid_from: string;
  valid_to: string | null;
  recorded_by: number | null;
  recorded_at: Timestamp;
  /** Withdrawn by hand (migration 0020): when, by whom and why; valid_to is then the last valid day. */
  retired_at: Timestamp | null;
  retired_by: number | null;
  retire_reason: string | null;
}

/** A version of one chain's key-enterprise list of a year; the newest is in force. */
export interface KeyListsTable {
  id: Generated<number>;
  chain_id: number;
  year: number;
  version: number;
  source: string;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface KeyListItemsTable {
  list_id: number;
  enterprise_id: number;
  /** 上游 / 中游 / 下游. */
  segment: string | null;
  /** 强链 / 延链 / 补链. */
  role: string | null;
  financing_need: string | null;
  sort_order: number;
}

export interface BankChainsTable {
  bank_unit_id: number;
  chain_id: number;
  year: number;
}

export interface CreditLinesTable {
  id: Generated<number>;
  bank_unit_id: number;
  enterprise_id: number;
  chain_id: number;
  amount_yuan: number;
  granted_on: string;
  term_months: number | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CreditMovesTable {
  id: Generated<number>;
  credit_line_id: number;
  kind: string;
  amount_yuan: number;
  on_date: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface BankPlansTable {
  id: Generated<number>;
  bank_unit_id: number;
  chain_id: number;
  year: number;
  enterprise_id: number | null;
  text: string;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** A lending institution of the regulator's loan sheet, by its normalised name (migration 0019). */
export interface LoanInstitutionsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  bank_unit_id: number | null;
  sort_order: number;
  created_at: Timestamp;
}

/** One month's loan sheet (a version of it), with the city total as the sheet states it. */
export interface LoanSheetsTable {
  id: Generated<number>;
  period: string;
  version: number;
  balance_yuan: number;
  ytd_change_yuan: number;
  yoy_percent: string | null;
  mfg_balance_yuan: number | null;
  mfg_ytd_change_yuan: number | null;
  file_sha256: string;
  imported_by: number | null;
  imported_at: Timestamp;
}

export interface LoanRowsTable {
  sheet_id: number;
  institution_id: number;
  name_as_written: string;
  balance_yuan: number;
  ytd_change_yuan: number;
  yoy_percent: string | null;
  mfg_balance_yuan: number | null;
  mfg_ytd_change_yuan: number | null;
}

/** A gap on a chain the city wants filled (补链), by segment (migration 0019). */
export interface ChainGapsTable {
  id: Generated<number>;
  chain_id: number;
  segment: string;
  name: string;
  note: string | null;
  sort_order: number;
  created_by: number | null;
  created_at: Timestamp;
}

/** A firm the city courts to fill a gap; `name_key` matches leads' `enterprise_key`. */
export interface ChainGapTargetsTable {
  id: Generated<number>;
  gap_id: number;
  enterprise_name: string;
  name_key: string;
}

/** A project's commitments from its contract (migration 0021): amounts in yuan, land in 1/100 亩. */
export interface ProjectCommitmentsTable {
  project_id: number;
  design_output_yuan: number | null;
  capacity_year: number | null;
  capacity_output_yuan: number | null;
  capacity_tax_yuan: number | null;
  returns_year: number | null;
  returns_output_yuan: number | null;
  returns_tax_yuan: number | null;
  jobs: number | null;
  land_centimu: number | null;
  version: number;
  updated_by: number | null;
  updated_at: Timestamp;
}

/** A producing project's figures of one quarter (YYYY-Qn), filed or imported (migration 0021). */
export interface ProjectReturnsTable {
  id: Generated<number>;
  project_id: number;
  period: string;
  output_yuan: number;
  tax_yuan: number;
  jobs: number | null;
  source: string;
  version: number;
  filed_by: number | null;
  filed_at: Timestamp;
}

/** The 达产/达效/亩均 rules, one row per version (migration 0021). */
export interface ReturnsRulesTable {
  id: Generated<number>;
  version: number;
  effective_from: string;
  definition: string;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** A stage the figures propose (达产 / 达效), until the unit confirms or dismisses it (migration 0021). */
export interface ReturnsProposalsTable {
  id: Generated<number>;
  project_id: number;
  stage: string;
  period: string;
  evidence: string;
  rule_version: number;
  state: string;
  proposed_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}
