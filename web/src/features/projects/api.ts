import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface ProjectSummary {
  id: number;
  code: string;
  name: string;
  investorName: string | null;
  hostUnitId: number;
  hostUnitName: string;
  chainId: number | null;
  chainName: string | null;
  chainRole: string | null;
  stage: string;
  status: 'normal' | 'suspended' | 'terminated';
  totalInvestmentWan: number;
  foreignInvestmentUsdWan: number | null;
  above100m: boolean;
  signedDate: string | null;
  startedDate: string | null;
  leaderName: string | null;
  officerUserId: number | null;
  tags: string[];
  version: number;
  updatedAt: string;
}

export interface ProjectDetail extends ProjectSummary {
  investorUscc: string | null;
  investorRegion: string | null;
  investorTags: string[];
  deptUnitId: number | null;
  nature: string | null;
  category: string | null;
  fixedAssetWan: number | null;
  registeredCapitalWan: number | null;
  landMu: string | null;
  expectedOutputWan: number | null;
  expectedTaxWan: number | null;
  expectedJobs: number | null;
  sourceChannel: string | null;
  progressText: string | null;
  remarks: string | null;
  statusReason: string | null;
  leadId: number | null;
  stages: { stage: string; plannedDate: string | null; actualDate: string | null; actualUnknown: boolean; late: boolean }[];
  timeline: { id: number; at: string; userName: string | null; kind: string; from: string | null; to: string | null; reason: string | null }[];
}

export interface Chain {
  id: number;
  code: string;
  name: string;
  cluster: string;
  validFrom: string;
  validTo: string | null;
  sortOrder: number;
  projects: number;
}

/** Chains a new record may use today: retired ones stay on the records that have them. */
export function activeChains(chains: Chain[] | undefined, keep?: number | null): Chain[] {
  const today = new Date().toISOString().slice(0, 10);
  return (chains ?? []).filter((c) => c.id === keep || (c.validFrom <= today && (!c.validTo || c.validTo >= today)));
}

export function useChains() {
  return useQuery({ queryKey: ['chains'], queryFn: () => api<{ items: Chain[] }>('GET', '/api/chains').then((r) => r.items), staleTime: 300_000 });
}

export const STAGE_COLORS: Record<string, string> = {
  lead: 'default',
  negotiating: 'default',
  signed: 'blue',
  registered: 'blue',
  land: 'geekblue',
  started: 'orange',
  statistics: 'orange',
  completed: 'green',
  producing: 'green',
  capacity: 'cyan',
  returns: 'cyan',
};
