import { ABOVE_100M_YUAN, ABOVE_10M_USD, PROJECT_STATUSES, STAGES, type Stage } from '../../../../common/projects.js';
import type { ProjectAttachment, ProjectDetail, ProjectSummary } from '../../../../common/projects-api.js';
import type { ProjectsTable, ProjectStagesTable } from '../../db/schema.js';
import { unitsToWan } from '../../platform/money.js';

/** The one place a project row becomes what the API answers. */

const isAbove = (yuan: number, usd: number | null) => yuan >= ABOVE_100M_YUAN || (usd ?? 0) >= ABOVE_10M_USD;

export interface SummaryRow {
  id: number;
  code: string;
  name: string;
  investor_name: string | null;
  host_unit_id: number;
  host_unit_name: string;
  chain_id: number | null;
  chain_name: string | null;
  chain_role: string | null;
  stage: string;
  status: string;
  total_investment_yuan: number;
  foreign_investment_usd: number | null;
  signed_date: string | null;
  started_date: string | null;
  leader_name: string | null;
  officer_user_id: number | null;
  tags: string;
  version: number;
  updated_at: string;
}

export function presentSummary(row: SummaryRow): ProjectSummary {
  const yuan = Number(row.total_investment_yuan);
  const usd = row.foreign_investment_usd === null ? null : Number(row.foreign_investment_usd);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    investorName: row.investor_name,
    hostUnitId: row.host_unit_id,
    hostUnitName: row.host_unit_name,
    chainId: row.chain_id,
    chainName: row.chain_name,
    chainRole: row.chain_role,
    stage: row.stage as Stage,
    status: row.status as (typeof PROJECT_STATUSES)[number],
    totalInvestmentWan: unitsToWan(yuan) ?? 0,
    foreignInvestmentUsdWan: unitsToWan(usd),
    above100m: isAbove(yuan, usd),
    signedDate: row.signed_date,
    startedDate: row.started_date,
    leaderName: row.leader_name,
    officerUserId: row.officer_user_id,
    tags: JSON.parse(row.tags),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

type DetailRow = Omit<ProjectsTable, 'id'> & { id: number; host_unit_name: string; chain_name: string | null };
type StageRow = Omit<ProjectStagesTable, 'id'>;
interface EventRow {
  id: number;
  at: string;
  display_name: string | null;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
}

export function presentDetail(row: DetailRow, stages: StageRow[], events: EventRow[], today: string): ProjectDetail {
  const reached = STAGES.indexOf(row.stage as Stage);
  return {
    ...presentSummary(row as unknown as SummaryRow),
    investorUscc: row.investor_uscc,
    investorRegion: row.investor_region,
    investorTags: JSON.parse(row.investor_tags),
    deptUnitId: row.dept_unit_id,
    nature: row.nature,
    category: row.category,
    fixedAssetWan: unitsToWan(row.fixed_asset_yuan),
    registeredCapitalWan: unitsToWan(row.registered_capital_yuan),
    landMu: row.land_mu,
    expectedOutputWan: unitsToWan(row.expected_output_yuan),
    expectedTaxWan: unitsToWan(row.expected_tax_yuan),
    expectedJobs: row.expected_jobs,
    sourceChannel: row.source_channel,
    progressText: row.progress_text,
    remarks: row.remarks,
    statusReason: row.status_reason,
    leadId: row.lead_id,
    stages: STAGES.map((stage, i) => {
      const s = stages.find((x) => x.stage === stage);
      const planned = s?.planned_date ?? null;
      const actual = s?.actual_date ?? null;
      // Late: planned date passed and the stage not reached, or reached after its plan.
      const late = !!planned && ((i > reached && planned < today) || (!!actual && actual > planned));
      return { stage, plannedDate: planned, actualDate: actual, actualUnknown: s?.actual_unknown === 1, late };
    }),
    timeline: events.map((e) => ({ id: e.id, at: e.at, userName: e.display_name, kind: e.kind, from: e.from_value, to: e.to_value, reason: e.reason })),
  };
}

export function presentAttachment(r: { id: number; file_name: string; mime: string; size: number; sha256: string; display_name: string | null; uploaded_at: string }): ProjectAttachment {
  return { id: r.id, fileName: r.file_name, mime: r.mime, size: r.size, sha256: r.sha256, uploadedBy: r.display_name, uploadedAt: r.uploaded_at };
}
