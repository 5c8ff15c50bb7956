import { maskIdNumber, maskPhone, type FieldCipher } from '../../platform/crypto.js';
import type { UserListRow } from './repo.js';
import type { UserAnswer } from './schema.js';

/** The one place a user row becomes an API answer: secrets masked, flags as booleans. */
export function presentUser(row: UserListRow, cipher: FieldCipher, now: Date): UserAnswer {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    phone: maskPhone(cipher.decryptOptional(row.phone_enc)),
    idNumber: maskIdNumber(cipher.decryptOptional(row.id_number_enc)),
    email: row.email,
    disabled: row.disabled === 1,
    locked: !!row.locked_until && new Date(row.locked_until) > now,
    mustChangePassword: row.must_change_password === 1,
    totpEnabled: row.totp_enabled === 1,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    roles: row.roles,
  };
}

export function presentDirectoryUser(row: UserListRow) {
  return { id: row.id, username: row.username, displayName: row.display_name, unitId: row.unit_id, unitName: row.unit_name };
}

export function presentSensitive(row: UserListRow, cipher: FieldCipher) {
  return { phone: cipher.decryptOptional(row.phone_enc), idNumber: cipher.decryptOptional(row.id_number_enc) };
}
