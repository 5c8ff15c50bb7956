import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { PICKER_DATE_FORMATS, parseTypedDate, toApiDate } from './dates';

describe('typed dates', () => {
  it('reads a date however it is typed here', () => {
    for (const typed of ['2026-11-20', '2026/11/20', '2026.11.20', '2026年11月20日', '20261120', ' 2026/11/20 ', '２０２６年１１月２０日', '２０２６／１１／２０']) {
      expect(toApiDate(parseTypedDate(typed)), typed).toBe('2026-11-20');
    }
    expect(toApiDate(parseTypedDate('2026/3/5'))).toBe('2026-03-05');
    expect(toApiDate(parseTypedDate('2026年3月5日'))).toBe('2026-03-05');
  });

  it('refuses what is not a real day', () => {
    for (const typed of ['2026-02-30', '2026/13/01', '20.11.2026', '11/20/2026', 'tomorrow', '']) expect(parseTypedDate(typed), typed).toBeNull();
  });
});

describe('what the calendar reads while a date is typed', () => {
  it('never takes the start of a longer date for a whole one', () => {
    for (const typed of ['2026-11-20', '2026/11/20', '2026.11.20', '2026年11月20日', '2026/3/5', '2026年3月15日']) {
      for (let end = 1; end < typed.length; end++) {
        const prefix = typed.slice(0, end);
        expect(PICKER_DATE_FORMATS.some((f) => dayjs(prefix, f, true).isValid()), prefix).toBe(false);
      }
    }
  });
});
