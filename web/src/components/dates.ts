import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

/** How a date is shown, and how the API takes it. */
export const SHOWN_DATE = 'YYYY-MM-DD';

/**
 * The ways people type a date here: 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, with or
 * without leading zeros, and 20261120. The first is how it is shown.
 */
export const TYPED_DATE_FORMATS = [
  SHOWN_DATE,
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'YYYY年MM月DD日',
  'YYYY-M-D',
  'YYYY/M/D',
  'YYYY.M.D',
  'YYYY年M月D日',
  'YYYYMMDD',
];

/**
 * The forms the calendar itself reads while a date is typed: only whole, zero-padded ones, or it
 * would take 2026/11/2 for a date and rewrite the input before the 0 of 20 arrives.
 */
export const PICKER_DATE_FORMATS = [SHOWN_DATE, 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYY年MM月DD日'];

/** Full-width digits and separators (a Chinese input method's) as their ASCII selves. */
function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3002/g, '.').replace(/\s+/g, '');
}

/** A typed date in any of the accepted ways, as a day; null when it is none of them or no real day. */
export function parseTypedDate(text: string): Dayjs | null {
  const clean = halfWidth(text.trim());
  for (const format of TYPED_DATE_FORMATS) {
    const d = dayjs(clean, format, true);
    if (d.isValid()) return d;
  }
  return null;
}

/** The API's form of a day (YYYY-MM-DD), or null. */
export function toApiDate(d: Dayjs | null | undefined): string | null {
  return d && d.isValid() ? d.format(SHOWN_DATE) : null;
}

/** A month as a month picker reads it typed (zero-padded, as for days): 2026-11, 2026/11, 2026.11, 2026年11月. */
export const PICKER_MONTH_FORMATS = ['YYYY-MM', 'YYYY/MM', 'YYYY.MM', 'YYYY年MM月'];
