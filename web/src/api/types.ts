export interface Me {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  /** The kind of the user's unit ('enterprise', 'bank', 'department' …); absent from an older server. */
  unitKind?: string;
  roles: { id: number; code: string; name: string; nameEn: string; adminKind: string | null }[];
  permissions: string[];
  adminKind: string | null;
  mustChangePassword: boolean;
  mustEnrolMfa: boolean;
  totpEnabled: boolean;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  path: string;
  sortOrder: number;
  disabled: boolean;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
  phone: string | null;
  idNumber: string | null;
  email: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  roles: { id: number; code: string; name: string; nameEn: string; adminKind: string | null }[];
}

export interface Role {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  adminKind: 'system' | 'security' | 'audit' | null;
  dataScope: 'all' | 'unit_and_below' | 'unit' | 'self' | 'custom';
  builtin: boolean;
  description: string | null;
  permissions: string[];
  unitIds: number[];
  userCount: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  unitId: number | null;
  unitName: string | null;
  roles: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  /** What objectId names (for a refused request, what its route's id names). */
  objectKind: string | null;
  objectName: string | null;
  result: 'success' | 'failure';
  detail: unknown;
  requestId: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface PublicInfo {
  platformName: string;
  demo: boolean;
  demoAccounts: { username: string; displayName: string; roleName: string; roleNameEn: string; unitName: string }[];
  demoPassword: string | null;
}
