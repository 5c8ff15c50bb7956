import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

// The API's own response schemas decide these types: the pages cannot drift from the server.
export type { Activity, Handoff, LeadDetail, LeadSummary } from '../../../../common/leads-api';

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
