import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Grade, ProposalState, ReturnStage } from '../../../../common/returns';

/** 投产达效与亩均效益: the API's answers as the pages use them (server/src/modules/returns/schema.ts). */
export interface ReturnsItem {
  projectId: number;
  projectCode: string;
  projectName: string;
  hostUnitName: string;
  stage: string;
  /** The quarter's figures; a monthly filer's months summed, `months` of them in (3 when whole, 0 when none). */
  outputWan: number | null;
  months: number;
  taxWan: number | null;
  jobs: number | null;
  landMu: number | null;
  taxPerMuWan: number | null;
  outputPerMuWan: number | null;
  grade: Grade | null;
  committedTaxWan: number | null;
  designOutputWan: number | null;
  proposal: ReturnStage | null;
}
export interface ReturnsList {
  period: string;
  ruleVersion: number;
  rule: { capacityShare: number; capacityQuarters: number; gradeTaxPerMuWan: { A: number; B: number; C: number }; graceMonths: number; redMonths: number };
  items: ReturnsItem[];
  total: number;
}

export interface Commitments {
  designOutputWan: number | null;
  capacityYear: number | null;
  capacityOutputWan: number | null;
  capacityTaxWan: number | null;
  returnsYear: number | null;
  returnsOutputWan: number | null;
  returnsTaxWan: number | null;
  jobs: number | null;
  landMu: number | null;
  version: number;
}
export interface QuarterFigures {
  period: string;
  outputWan: number;
  taxWan: number;
  jobs: number | null;
  version: number;
  source: string;
}
/** What a proposal rests on: the quarters judged for 达产, the year's tax for 达效. */
export interface CapacityEvidence {
  reached: boolean;
  /** `months`: of the quarter filed (3 when whole; absent in evidence from before monthly filing). */
  quarters: { period: string; outputYuan: number | null; months?: number; thresholdYuan: number }[];
}
export interface ReturnsEvidence {
  reached: boolean;
  year: number;
  taxYuan: number;
  committedTaxYuan: number;
  periods: string[];
}
export interface Proposal {
  id: number;
  stage: ReturnStage;
  period: string;
  state: ProposalState;
  evidence: unknown;
  ruleVersion: number;
  proposedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
}
export interface ProjectReturns {
  project: { id: number; code: string; name: string; stage: string; version: number; hostUnitName: string; canCommit: boolean; canFile: boolean };
  commitments: Commitments | null;
  ledger: { outputWan: number | null; taxWan: number | null; jobs: number | null; landMu: number | null };
  quarters: QuarterFigures[];
  proposals: Proposal[];
}
export interface ParkItem {
  unitId: number;
  unitName: string;
  projects: number;
  landMu: number;
  taxWan: number;
  outputWan: number;
  taxPerMuWan: number | null;
  outputPerMuWan: number | null;
  grade: Grade | null;
  rank: number | null;
  trend: { period: string; taxPerMuWan: number | null }[];
}
export interface GapItem {
  projectId: number;
  projectCode: string;
  projectName: string;
  hostUnitName: string;
  stage: string;
  kind: ReturnStage;
  level: 'yellow' | 'red';
  monthsLate: number;
  due: string;
}
export interface ReturnsImportReport {
  rows: number;
  matched: number;
  committed: boolean;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows left blank (the form lists every producing project): not filed. */
  skipped: number;
  errors: { row: number; column: string; value: string; message: string }[];
  outcomes: { row: number; projectId: number; projectCode: string; projectName: string; matchedBy: 'uscc' | 'code' | 'name'; outputWan: number; taxWan: number; jobs: number | null; outcome: 'created' | 'updated' | 'unchanged' | null }[];
}

/** A for the best, D for the worst: green to red wherever a grade shows. */
export const GRADE_TAG_COLORS: Record<Grade, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };
export const GRADE_COLORS: Record<Grade, string> = { A: '#52c41a', B: '#1677ff', C: '#fa8c16', D: '#f5222d' };
export const NO_GRADE_COLOR = '#bfbfbf';

export function useProjectReturns(id: number) {
  return useQuery({ queryKey: ['returns', 'project', id], queryFn: () => api<ProjectReturns>('GET', `/api/returns/projects/${id}`), enabled: id > 0 });
}

export function useParks(period: string) {
  return useQuery({ queryKey: ['returns', 'parks', period], queryFn: () => api<{ period: string; items: ParkItem[] }>('GET', `/api/returns/parks?period=${period}`) });
}

/** A page of the gap list (paged in the database), with how many are behind in all and how many red. */
export function useGaps(page: number, pageSize: number) {
  return useQuery({ queryKey: ['returns', 'gaps', page, pageSize], queryFn: () => api<{ items: GapItem[]; total: number; red: number }>('GET', `/api/returns/gaps?page=${page}&pageSize=${pageSize}`), placeholderData: (prev) => prev });
}
