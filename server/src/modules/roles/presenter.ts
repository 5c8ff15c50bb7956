import type { AdminKind, DataScopeKind } from '../../../../common/permissions.js';
import type { RoleRow } from './repo.js';
import type { RoleAnswer } from './schema.js';

export function presentRole(row: RoleRow): RoleAnswer {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    adminKind: row.admin_kind as AdminKind | null,
    dataScope: row.data_scope as DataScopeKind,
    builtin: row.builtin === 1,
    description: row.description,
    permissions: row.permissions,
    unitIds: row.unitIds,
    userCount: row.userCount,
  };
}
