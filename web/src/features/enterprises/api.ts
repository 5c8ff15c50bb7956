import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** An enterprise a unit serves, as GET /api/enterprises lists it. */
export interface ServedEnterprise {
  id: number;
  uscc: string;
  name: string;
  servingUnitId: number;
  servingUnitName: string;
  /** How many contacts' accounts it has. */
  contacts: number;
}

export interface Contact {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  lastLoginAt: string | null;
}

export interface RegisterInput {
  uscc: string;
  name: string;
  industry?: string | null;
  servingUnitId?: number;
}

export interface ContactInput {
  username: string;
  displayName: string;
  phone: string;
}

/** What the server accepts as a contact's username and phone (a mobile or a landline with its area code). */
export const USERNAME = /^[A-Za-z0-9_.-]{3,64}$/;
export const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

export function useEnterprises(q: string | undefined, page: number, pageSize: number) {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q) params.set('q', q);
  return useQuery({
    queryKey: ['enterprises', params.toString()],
    queryFn: () => api<{ items: ServedEnterprise[]; total: number }>('GET', `/api/enterprises?${params}`),
    placeholderData: (prev) => prev,
  });
}

export function useContacts(enterpriseId: number | undefined) {
  return useQuery({
    queryKey: ['enterprises', enterpriseId, 'contacts'],
    queryFn: () => api<{ items: Contact[] }>('GET', `/api/enterprises/${enterpriseId}/contacts`).then((r) => r.items),
    enabled: enterpriseId !== undefined,
  });
}

export const enterpriseApi = {
  register: (body: RegisterInput) => api<{ id: number }>('POST', '/api/enterprises', body),
  /** Answers the one-time password: the caller shows it once and keeps it nowhere. */
  openAccount: (enterpriseId: number, body: ContactInput) => api<{ id: number; username: string; initialPassword: string }>('POST', `/api/enterprises/${enterpriseId}/contacts`, body),
};

/** An enterprise of the city's registry (企业库), as GET /api/enterprise-registry lists it. */
export interface RegistryItem {
  id: number;
  uscc: string;
  name: string;
  industry: string | null;
  servingUnitName: string;
}

export interface RegistryTag {
  id: number;
  tag: string;
  source: string;
  validFrom: string;
  validTo: string | null;
  retiredAt: string | null;
  retiredBy: string | null;
  retireReason: string | null;
}

export interface RegistryRecord extends RegistryItem {
  formerNames: { name: string; since: string }[];
  /** Every tag recorded; a withdrawn one keeps who withdrew it, when and why. */
  tags: RegistryTag[];
  /** Whether I keep this record (its serving unit or a chain bureau): industry and tags. */
  canEdit: boolean;
  lists: { year: number; chainId: number; chainName: string; segment: string | null; role: string | null }[];
  projects: { items: { id: number; code: string; name: string; stage: string; hostUnitName: string }[]; hidden: number };
  leads: { items: { id: number; code: string; title: string; status: string; unitName: string }[]; hidden: number };
  problems: { items: { id: number; code: string; title: string; category: string; status: string }[]; hidden: number };
  /** For readers of the 金链行动's figures only; null for the rest. */
  credit: { id: number; bankName: string; chainName: string; amountWan: number; grantedOn: string; outstandingWan: number }[] | null;
}

export function useRegistry(q: string | undefined, tag: string | undefined, page: number, pageSize: number) {
  const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (q) params.set('q', q);
  if (tag) params.set('tag', tag);
  return useQuery({ queryKey: ['enterprise-registry', q, tag, page, pageSize], queryFn: () => api<{ items: RegistryItem[]; total: number }>('GET', `/api/enterprise-registry?${params}`), placeholderData: (prev) => prev });
}

export function useRegistryRecord(id: number | null) {
  return useQuery({ queryKey: ['enterprise-registry', 'record', id], queryFn: () => api<RegistryRecord>('GET', `/api/enterprise-registry/${id}`), enabled: id !== null });
}

/** Keeping a registry record: its industry and its tags (each audited on the server). */
export const registryApi = {
  setIndustry: (id: number, industry: string | null) => api<void>('PUT', `/api/enterprise-registry/${id}/industry`, { industry }),
  addTag: (id: number, body: { tag: string; source: string; validFrom: string; validTo?: string | null }) => api<{ id: number }>('POST', `/api/enterprise-registry/${id}/tags`, body),
  retireTag: (id: number, tagId: number, body: { reason: string; lastDay: string }) => api<void>('POST', `/api/enterprise-registry/${id}/tags/${tagId}/retire`, body),
};
