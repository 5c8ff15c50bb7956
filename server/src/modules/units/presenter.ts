import type { UNIT_KINDS } from '../../../../common/permissions.js';
import type { UnitRow } from './repo.js';
import type { UnitAnswer } from './schema.js';

export function presentUnit(row: UnitRow): UnitAnswer {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind as (typeof UNIT_KINDS)[number], parentId: row.parent_id, path: row.path, sortOrder: row.sort_order, disabled: row.disabled === 1 };
}
