import { useQuery } from '@tanstack/react-query';
import { api, uploadFile } from '../../api/client';
import type { Me } from '../../api/types';
import type { AgendaItem, Portal, ProblemDetail, ProblemSummary, ScorecardRow } from '../../../../common/problems-api';
import type { ProblemCategory, ProblemStatus } from '../../../../common/problems';

// The API's own response schemas decide these types: the pages cannot drift from the server.
export type { AgendaItem, Portal, ProblemDetail, ProblemSummary, ScorecardRow } from '../../../../common/problems-api';

export const PROBLEM_STATUS_COLORS: Record<ProblemStatus, string> = { raised: 'gold', assigned: 'blue', answered: 'cyan', returned: 'volcano', closed: 'green' };
export const PROBLEM_CATEGORY_COLORS: Record<ProblemCategory, string> = { land: 'orange', labour: 'purple', permit: 'geekblue', finance: 'gold', power: 'magenta', environment: 'green', other: 'default' };

/** What photos and documents the pages offer to attach: a phone opens its camera for `image/*`. */
export const ATTACHMENT_ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx';

/**
 * An enterprise contact (一门帮办): may raise problems but sees no project ledger. /api/me says the
 * kind of the user's unit; an older server that does not is read from the permissions.
 */
export function isEnterpriseContact(me: Pick<Me, 'permissions' | 'unitKind'> | null): boolean {
  if (!me) return false;
  if (me.unitKind !== undefined) return me.unitKind === 'enterprise';
  return me.permissions.includes('problem:write') && !me.permissions.includes('project:read');
}

export interface ProblemFilter {
  status?: ProblemStatus;
  category?: ProblemCategory;
  overdue?: 'true';
  handling?: 'mine';
  q?: string;
}

export function useProblems(filter: ProblemFilter, page: number, pageSize: number) {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  return useQuery({
    queryKey: ['problems', params.toString()],
    queryFn: () => api<{ items: ProblemSummary[]; total: number }>('GET', `/api/problems?${params}`),
    placeholderData: (prev) => prev,
  });
}

export function useProblem(id: string | undefined) {
  return useQuery({ queryKey: ['problem', id], queryFn: () => api<ProblemDetail>('GET', `/api/problems/${id}`), enabled: !!id });
}

export function useAgenda() {
  return useQuery({ queryKey: ['problems', 'agenda'], queryFn: () => api<{ items: AgendaItem[] }>('GET', '/api/problems/agenda').then((r) => r.items) });
}

export function useScorecard(year: number) {
  return useQuery({ queryKey: ['problems', 'scorecard', year], queryFn: () => api<{ items: ScorecardRow[]; totals: ScorecardRow[] }>('GET', `/api/problems/scorecard?year=${year}`), placeholderData: (prev) => prev });
}

export function usePortal(enabled = true) {
  return useQuery({ queryKey: ['portal'], queryFn: () => api<Portal>('GET', '/api/portal'), enabled, staleTime: 60_000 });
}

/** Projects an officer may raise a problem about, searched as typed. */
export function useProjectChoices(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['problems', 'project-choices', q],
    queryFn: () => api<{ items: { id: number; code: string; name: string }[] }>('GET', `/api/projects?pageSize=20${q ? `&q=${encodeURIComponent(q)}` : ''}`).then((r) => r.items),
    enabled,
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
}

export interface RaiseInput {
  title: string;
  category: ProblemCategory;
  description: string;
  projectId?: number | null;
}
export interface AssignInput {
  unitId: number;
  coUnitIds?: number[];
  dueDate?: string;
  note?: string;
  /** The version the page showed: a step someone else took first answers 409. */
  version?: number;
}
export interface ConfirmInput {
  satisfied: boolean;
  rating?: number;
  reason?: string;
  comment?: string;
  version?: number;
}

export const problemApi = {
  raise: (body: RaiseInput) => api<{ id: number; code: string }>('POST', '/api/problems', body),
  assign: (id: number, body: AssignInput) => api<ProblemDetail>('POST', `/api/problems/${id}/assign`, body),
  answer: (id: number, body: { text: string; version?: number }) => api<ProblemDetail>('POST', `/api/problems/${id}/answer`, body),
  confirm: (id: number, body: ConfirmInput) => api<ProblemDetail>('POST', `/api/problems/${id}/confirm`, body),
  decide: (id: number, body: { text: string; meetingDate?: string }) => api<ProblemDetail>('POST', `/api/problems/${id}/decisions`, body),
  attach: (id: number, file: File) => uploadFile(`/api/problems/${id}/attachments?name=${encodeURIComponent(file.name)}`, file),
  attachmentUrl: (id: number, attachmentId: number) => `/api/problems/${id}/attachments/${attachmentId}`,
};
