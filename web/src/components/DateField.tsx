import { DatePicker, type DatePickerProps, type GetRef } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef } from 'react';
import { PICKER_DATE_FORMATS, SHOWN_DATE, parseTypedDate, toApiDate } from './dates';

export type DateFieldProps = Omit<DatePickerProps, 'value' | 'onChange' | 'format' | 'picker'> & {
  /** The day as the API has it: YYYY-MM-DD. */
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  'data-testid'?: string;
};

/**
 * Every date of a form: a calendar in the user's language that also takes a typed date —
 * 2026-11-20, 2026/11/20, 2026.11.20 or 2026年11月20日, 2026/3/5, full-width digits — and gives
 * the form YYYY-MM-DD, so the page and the API never see another form. Inside a Form.Item it is
 * the field's control: the item passes value and onChange.
 */
export function DateField({ value, onChange, onBlur, onKeyDown, style, ...rest }: DateFieldProps) {
  const day = value ? dayjs(value, SHOWN_DATE, true) : null;
  const root = useRef<GetRef<typeof DatePicker>>(null);
  // What was typed since the last change (null: nothing). The calendar reads the zero-padded forms
  // itself as they are typed; the rest (2026/3/5, full-width digits) is read here when the field is
  // left or Enter is pressed — by then the calendar has put its own text back into the input. An
  // input emptied, or left with what is no day (2026-02-30), empties the field rather than quietly
  // bringing the old day back: a required field then says so in the page's language.
  const typed = useRef<string | null>(null);
  useEffect(() => {
    const element = root.current?.nativeElement;
    if (!element) return;
    const onInput = (e: Event) => {
      if (e.target instanceof HTMLInputElement) typed.current = e.target.value;
    };
    element.addEventListener('input', onInput);
    return () => element.removeEventListener('input', onInput);
  }, []);
  const commitTyped = () => {
    const text = typed.current?.trim();
    typed.current = null;
    if (text === undefined) return;
    const parsed = text ? parseTypedDate(text) : null;
    const day = parsed && !rest.disabledDate?.(parsed, { type: 'date' }) ? toApiDate(parsed) : null;
    if (day) {
      if (day !== value) onChange?.(day);
    } else if (value && rest.allowClear !== false) onChange?.(undefined);
  };
  return (
    <DatePicker
      {...rest}
      ref={root}
      style={{ width: '100%', ...style }}
      value={day && day.isValid() ? day : null}
      format={PICKER_DATE_FORMATS}
      onChange={(d) => {
        typed.current = null;
        onChange?.(toApiDate(Array.isArray(d) ? d[0] : d) ?? undefined);
      }}
      onKeyDown={(e, preventDefault) => {
        if (e.key === 'Enter') commitTyped();
        onKeyDown?.(e, preventDefault);
      }}
      onBlur={(e, info) => {
        commitTyped();
        onBlur?.(e, info);
      }}
    />
  );
}
