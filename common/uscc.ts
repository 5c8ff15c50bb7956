/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 31 symbols (no I, O, S, V, Z) — the
 * registration authority, the kind of organisation, a 6-digit region, the 9-character organisation
 * code, and a check character computed over the first 17. Shared by the server's validation and
 * the web forms so both say the same thing about the same code.
 */
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const SYMBOLS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character the standard gives the first 17 characters of a code. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += SYMBOLS.indexOf(first17[i]!) * WEIGHTS[i]!;
  return SYMBOLS[(31 - (sum % 31)) % 31]!;
}

/** Completes 17 characters into a valid code (test fixtures, demo data). */
export function withUsccCheck(first17: string): string {
  return first17 + usccCheckCharacter(first17);
}

/**
 * What is wrong with a code, if anything: `format` (length or symbols) or `check` (a typo: the
 * 18th character does not match the first 17 — the registry would not find this company).
 */
export function usccProblem(code: string): 'format' | 'check' | null {
  if (!USCC_PATTERN.test(code)) return 'format';
  return code[17] === usccCheckCharacter(code) ? null : 'check';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
