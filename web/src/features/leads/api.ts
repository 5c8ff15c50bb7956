import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface LeadSummary {
  id: number;
  code: string;
  title: string;
  enterpriseName: string;
  uscc: string | null;
  unitId: number;
  unitName: string;
  chainId: number | null;
  chainName: string | null;
  estimatedInvestmentWan: number | null;
  estimatedForeignUsdWan: number | null;
  source: string;
  firstContactDate: string;
  status: string;
  nextStep: string | null;
  nextStepDate: string | null;
  inConflict: boolean;
  nextDueKind: string | null;
  nextDueAt: string | null;
  overdue: boolean;
  projectId: number | null;
  version: number;
  updatedAt: string;
}

export interface Handoff {
  id: number;
  leadId: number;
  leadTitle: string;
  enterpriseName: string;
  fromUnitId: number;
  fromUnitName: string;
  toUnitId: number;
  toUnitName: string;
  reason: string;
  senderShare: number;
  state: 'pending' | 'accepted' | 'declined' | 'escalated';
  dueAt: string;
  createdAt: string;
  decisionReason: string | null;
  decidedAt: string | null;
}

export interface LeadDetail extends LeadSummary {
  enterpriseHome: string | null;
  enterpriseTags: string[];
  industry: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  statusReason: string | null;
  remarks: string | null;
  registeredUnitName: string;
  registeredAt: string;
  conflict: { ownerUnitName: string; registeredAt: string } | null;
  conflictWith: { leadId: number | null; projectId: number | null } | null;
  access: 'holder' | 'watcher' | 'receiver';
  deadlines: { kind: string; dueAt: string; doneAt: string | null; state: 'done' | 'due' | 'overdue' }[];
  credits: { unitId: number; unitName: string; share: number; basis: string }[];
  handoffs: Handoff[];
  timeline: { id: number; at: string; userName: string | null; unitName: string | null; kind: string; from: string | null; to: string | null; reason: string | null }[];
}

export interface Activity {
  id: number;
  leadId: number | null;
  projectId: number | null;
  subject: string | null;
  unitName: string;
  type: string;
  date: string;
  place: string | null;
  ourPeople: string | null;
  theirPeople: string | null;
  notes: string | null;
  createdBy: string | null;
  createdAt: string;
  attachments: { id: number; fileName: string; size: number; uploadedAt: string }[];
}

export function useHandoffTargets(enabled: boolean) {
  return useQuery({
    queryKey: ['lead-handoff-targets'],
    queryFn: () => api<{ items: { id: number; name: string; kind: string; parentName: string | null }[] }>('GET', '/api/leads/handoff-targets').then((r) => r.items),
    enabled,
    staleTime: 300_000,
  });
}

export const LEAD_STATUS_COLORS: Record<string, string> = {
  new: 'blue',
  following: 'cyan',
  negotiating: 'geekblue',
  signed: 'green',
  transferred: 'purple',
  abandoned: 'default',
  merged: 'default',
};
