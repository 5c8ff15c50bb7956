import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { AppError } from './errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
// 2 is Algorithm.Argon2id: the package declares it as a const enum, which isolated modules cannot read.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the username does not exist so that the
 * answer takes as long as for a real account (no user enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export function timingDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** The strength policy; throws the first rule the password breaks, in words the user understands. */
export function checkPasswordStrength(password: string, username: string): void {
  if (password.length < PASSWORD_MIN) throw new AppError(400, 'PASSWORD_TOO_SHORT', { min: PASSWORD_MIN });
  if (password.length > PASSWORD_MAX) throw new AppError(400, 'PASSWORD_TOO_LONG', { max: PASSWORD_MAX });
  if (characterClasses(password) < 3) throw new AppError(400, 'PASSWORD_TOO_SIMPLE');
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) throw new AppError(400, 'PASSWORD_CONTAINS_USERNAME');
  // Common passwords dressed up with a capital, a year or a symbol are still common.
  const stripped = lower.replace(/[^a-z0-9]/g, '');
  const core = stripped.replace(/\d+$/, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stripped) || (core.length >= 4 && COMMON_PASSWORDS.has(core))) {
    throw new AppError(400, 'PASSWORD_COMMON');
  }
}
