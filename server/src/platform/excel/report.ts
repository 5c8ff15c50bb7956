import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { chinaDay } from '../china-time.js';
import type { Lang } from '../i18n/index.js';
import { defuse } from './values.js';

/**
 * A ledger as an office sends it upward (报表): a merged title, a line naming the exporting unit,
 * the date and 单位：万元, the header, the rows, a 合计 row; frozen under the header, printed
 * landscape one page wide with the header on every page. Written as a stream, a row at a time,
 * so an export of 100k rows keeps memory flat. The project and the lead exports share it.
 */
export interface ReportColumn<R> {
  key: string;
  header: string;
  width: number;
  /** Text, a date string or a plain number. */
  value?: (row: R) => string | number | null;
  /**
   * Money as stored (integer 元 or US$): written in 万 as a number shown with thousands
   * separators and two decimals, and summed exactly (integers) for the 合计 row.
   */
  money?: (row: R) => number | string | null;
}

/** Words in both languages: a column's header, a dictionary value. */
export interface Words {
  zh: string;
  en: string;
}

/**
 * A column a ledger can export, named in both languages as the list names it (`screen`: the web's
 * i18n key of the same words, which a test holds equal).
 */
export interface ExportColumn<R> extends Words {
  key: string;
  screen?: string;
  width: number;
  value?: (row: R, lang: Lang) => string | number | null;
  money?: (row: R) => number | string | null;
}

/** A dictionary code in the reader's language; a code the dictionary lacks as it is. */
export function wordFor(dictionary: Record<string, Words>, code: string | null, lang: Lang): string | null {
  return code === null ? null : (dictionary[code]?.[lang === 'en-US' ? 'en' : 'zh'] ?? code);
}

/** The chosen columns (every one when none is), in the ledger's order, as the report writes them in `lang`. */
export function columnsIn<R>(columns: ExportColumn<R>[], chosen: readonly string[] | undefined, lang: Lang): ReportColumn<R>[] {
  const en = lang === 'en-US';
  return columns
    .filter((c) => !chosen?.length || chosen.includes(c.key))
    .map((c) => ({ key: c.key, header: en ? c.en : c.zh, width: c.width, money: c.money, value: c.value && ((r: R) => c.value!(r, lang)) }));
}

export interface ReportHeading {
  sheetName: string;
  /** The title row, e.g. 镇江新区 重点项目台账. */
  title: string;
  /** The unit that exports (the reader's own). */
  exportedBy: string;
  at: Date | string;
  lang: Lang;
  /** The 合计 row's label for `count` rows, e.g. 合计（39个项目）. */
  totalLabel: (count: number) => string;
}

const MONEY_FORMAT = '#,##0.00';
const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFDDEBF7' } };
/** Rows above the data: title, the exporting unit and date, the header. */
export const REPORT_HEADER_ROWS = 3;

function dateLine(at: Date | string, lang: Lang): string {
  const day = chinaDay(at);
  if (lang === 'en-US') return day;
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export function openReport<R>(out: Writable, columns: ReportColumn<R>[], heading: ReportHeading) {
  const en = heading.lang === 'en-US';
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(heading.sheetName, {
    views: [{ state: 'frozen', ySplit: REPORT_HEADER_ROWS }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${REPORT_HEADER_ROWS}:${REPORT_HEADER_ROWS}`, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: en ? 'Page &P of &N' : '第 &P 页，共 &N 页' },
  });
  const n = columns.length;
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));

  const title = sheet.getRow(1);
  title.getCell(1).value = heading.title;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  if (n > 1) sheet.mergeCells(1, 1, 1, n);
  title.commit();

  const by = en ? `Exported by: ${heading.exportedBy}    Date: ${dateLine(heading.at, heading.lang)}` : `导出单位：${heading.exportedBy}\u3000\u3000导出日期：${dateLine(heading.at, heading.lang)}`;
  const unit = en ? 'Unit: 10k CNY (万元)' : '单位：万元';
  const sub = sheet.getRow(2);
  if (n > 1) {
    sub.getCell(1).value = by;
    sub.getCell(n).value = unit;
    sub.getCell(n).alignment = { horizontal: 'right' };
    if (n > 2) sheet.mergeCells(2, 1, 2, n - 1);
  } else sub.getCell(1).value = `${by}    ${unit}`;
  sub.commit();

  const header = sheet.getRow(REPORT_HEADER_ROWS);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  header.commit();

  const sums = columns.map(() => 0);
  let count = 0;
  return {
    add(row: R) {
      const values = columns.map((c, i) => {
        if (!c.money) return defuse(c.value?.(row) ?? null);
        const units = c.money(row);
        if (units === null || units === undefined) return null;
        sums[i]! += Number(units);
        return Number(units) / 10_000;
      });
      const written = sheet.addRow(values);
      columns.forEach((c, i) => {
        const cell = written.getCell(i + 1);
        cell.border = BORDER;
        if (c.money) cell.numFmt = MONEY_FORMAT;
      });
      written.commit();
      count++;
    },
    /** The 合计 row (count and the money columns' sums), then the workbook is closed. Answers the data rows written. */
    async finish(): Promise<number> {
      const labelAt = Math.max(0, columns.findIndex((c) => !c.money));
      const total = sheet.addRow(columns.map((c, i) => (c.money ? sums[i]! / 10_000 : i === labelAt ? heading.totalLabel(count) : null)));
      columns.forEach((c, i) => {
        const cell = total.getCell(i + 1);
        cell.font = { bold: true };
        cell.border = BORDER;
        if (c.money) cell.numFmt = MONEY_FORMAT;
      });
      total.commit();
      sheet.commit();
      await workbook.commit();
      return count;
    },
  };
}
