import type { LedgerLayout } from './ledger.js';

/**
 * The fields an import file carries — those its columns are mapped to, after the user's mapping
 * corrections — and the rule every ledger importer follows when a row updates a stored record: a
 * field the file does not carry keeps what is stored. A sheet of only some of the columns (the
 * screen's export, an office's shorter ledger), imported again, must not blank the others.
 */
export interface CarriedFields<F extends string> {
  /** Whether the file has a column for `field`. */
  has: (field: F) => boolean;
  /** The value read from the file where it carries `field`, else the stored value. */
  orStored: <T>(field: F, read: T, stored: T) => T;
  /**
   * `values` without the entries whose field the file does not carry, so that an update written
   * from them leaves those stored; an entry `fieldOf` names no field for is always kept.
   */
  onlyCarried: <T extends object>(values: T, fieldOf: Partial<Record<keyof T, F>>) => Partial<T>;
}

/** The fields the layout's columns carry; read once, so take it after the mapping is corrected. */
export function carriedFields<F extends string>(layout: Pick<LedgerLayout<F>, 'columns'>): CarriedFields<F> {
  const carried = new Set(layout.columns.map((c) => c.field).filter((f): f is F => f !== null));
  const has = (field: F) => carried.has(field);
  return {
    has,
    orStored: (field, read, stored) => (has(field) ? read : stored),
    onlyCarried: (values, fieldOf) =>
      Object.fromEntries(
        Object.entries(values).filter(([key]) => {
          const field = fieldOf[key as keyof typeof values];
          return field === undefined || has(field);
        }),
      ) as Partial<typeof values>,
  };
}
