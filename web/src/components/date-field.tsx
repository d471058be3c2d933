import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/zh-cn';
import type { CSSProperties } from 'react';

dayjs.extend(customParseFormat);

const FORMATS = { date: 'YYYY-MM-DD', month: 'YYYY-MM' } as const;

export interface DateFieldProps {
  /** "YYYY-MM-DD" (or "YYYY-MM" for a month): the text the API takes, kept as text in the form. */
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  picker?: keyof typeof FORMATS;
  disabled?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/**
 * A date or month field on antd's picker, in the interface's language (zh-CN: 年/月/日, weeks from Monday) whatever
 * the browser's locale — a native `<input type="date">` showed "12/04/2026" to staff whose browser is in English.
 * The value stays the API's ISO text; typing the text works as well as picking (the test id lands on the input).
 */
export function DateField({ value, onChange, picker = 'date', style, ...rest }: DateFieldProps) {
  const format = FORMATS[picker];
  const parsed = value ? dayjs(value, format, true) : null;
  return (
    <DatePicker
      picker={picker}
      format={format}
      value={parsed?.isValid() ? parsed : null}
      onChange={(d) => onChange?.(d ? d.format(format) : undefined)}
      style={{ width: picker === 'month' ? 150 : 170, ...style }}
      {...rest}
    />
  );
}
