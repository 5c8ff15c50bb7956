import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

// The API's own response schemas decide these types: the page cannot drift from the server.
export type { ProjectDetail, ProjectSummary } from '../../../../common/projects-api';

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
