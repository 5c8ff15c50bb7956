/**
 * Characters that have no business in a name or a note and do harm there: C0 controls (NUL
 * truncates in C libraries and some exports) except tab and line breaks, DEL, zero-width
 * characters, and the bidirectional overrides and isolates (U+202E turns "exe.txt" into
 * "txt.exe" on screen). Stripped from every string of a JSON body and query before validation.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

export function stripUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, '');
}

/** Every string in a parsed JSON value (or query object), at any depth; other values as they are. */
export function stripUnsafeCharactersDeep<T>(value: T): T {
  if (typeof value === 'string') return stripUnsafeCharacters(value) as T;
  if (Array.isArray(value)) return value.map((item) => stripUnsafeCharactersDeep(item)) as T;
  // Parsed JSON holds plain objects; a parsed query is an object of a prototype-less class. Buffers
  // (uploads) and other instances are not text and stay as they are.
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    // fromEntries defines properties: a key named __proto__ stays a key and never sets a prototype.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripUnsafeCharactersDeep(item)])) as T;
  }
  return value;
}
