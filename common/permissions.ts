/**
 * Permission codes (`module:entity:action`, as in ruoyi-vue-pro). Server routes, role editing and
 * the web menu all read this one catalog, so a code cannot exist in one place and not another.
 */
export const PERMISSION_GROUPS = {
  system: [
    'system:unit:write',
    'system:user:read',
    'system:user:write',
    'system:user:unmask',
    'system:setting:write',
  ],
  security: ['security:role:read', 'security:role:write', 'security:user-role:write', 'security:policy:write'],
  audit: ['audit:read', 'audit:export'],
  org: ['org:read'],
  business: [
    'project:read',
    'project:write',
    'project:import',
    'project:export',
    'chain:write',
    'lead:read',
    'lead:write',
    'lead:arbitrate',
    'dispatch:read',
    'dispatch:write',
    'dispatch:manage',
    'problem:read',
    'problem:write',
    'problem:handle',
    'problem:assign',
    'enterprise:write',
    'keylist:write',
    'target:read',
    'target:write',
    'dashboard:read',
    'finance:read',
    'finance:write',
    'finance:manage',
  ],
} as const;

export type PermissionGroup = keyof typeof PERMISSION_GROUPS;
export type Permission = (typeof PERMISSION_GROUPS)[PermissionGroup][number];
export const ALL_PERMISSIONS: readonly Permission[] = Object.values(PERMISSION_GROUPS).flat();

export function isPermission(code: string): code is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(code);
}

/** The three separated administrators (三权分立). A user may hold at most one kind. */
export const ADMIN_KINDS = ['system', 'security', 'audit'] as const;
export type AdminKind = (typeof ADMIN_KINDS)[number];

/** Which permission groups a role of each admin kind may carry; business roles carry no admin group. */
export const ADMIN_KIND_GROUPS: Record<AdminKind, PermissionGroup[]> = {
  system: ['system', 'org'],
  security: ['security', 'org'],
  audit: ['audit'],
};

export const DATA_SCOPES = ['all', 'unit_and_below', 'unit', 'self', 'custom'] as const;
export type DataScopeKind = (typeof DATA_SCOPES)[number];

export const UNIT_KINDS = [
  'city',
  'department',
  'resident_office',
  'district',
  'zone',
  'park',
  'street',
  'bank',
  'enterprise',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
