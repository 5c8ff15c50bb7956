import type { AdminKind, Permission } from '../../../common/permissions.js';
import type { Lang } from './i18n/index.js';
import type { DataScope } from './scope.js';

export interface ActorRole {
  id: number;
  code: string;
  name: string;
  /** The role's name on English pages. */
  nameEn: string;
  adminKind: AdminKind | null;
}

/** The logged-in user as every rule sees it; built once per request from the session. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  unitPath: string;
  /** The unit's kind (district, department, bank, enterprise…): what kind of desk the user sits at. */
  unitKind: string;
  roles: ActorRole[];
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
  adminKind: AdminKind | null;
  sessionId: number;
  csrfToken: string;
  mustChangePassword: boolean;
  mustEnrolMfa: boolean;
  totpEnabled: boolean;
}

/** Who is asking, from where, in which language: what audit and messages need. */
export interface RequestContext {
  actor: Actor | null;
  ip: string;
  requestId: string;
  lang: Lang;
  userAgent: string | null;
  /**
   * Set only by the console and the demo seed, which act for the operator of the machine rather
   * than for a user: policies let them through; no request from the web can carry it.
   */
  system?: true;
}

/** The context of the console or the seed: no user, recorded under `operator` in the audit trail. */
export function systemContext(operator: string, lang: Lang = 'zh-CN'): RequestContext {
  return { actor: null, ip: 'console', requestId: `${operator}-${Date.now()}`, lang, userAgent: null, system: true };
}

export function can(actor: Actor | null, permission: Permission): boolean {
  return !!actor && actor.permissions.has(permission);
}
