import { AppError, type BilingualMessage } from './errors.ts';

/**
 * Names and addresses as people typed them: normalised to NFC (one code point sequence per glyph, so that "é" typed two
 * ways compares equal) and refused when they hold characters that change how text is shown without being seen — bidi
 * controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F: "张三\u202E" renders reversed in a bank file or a notice),
 * zero-width characters (U+200B–U+200D, U+2060, U+FEFF: two names that look the same but differ), unpaired UTF-16
 * surrogates (not text at all: they break UTF-8 files and databases) and C0/C1 control characters (tabs and line
 * breaks split a CSV row; none belongs in a name). One definition for the contracts (API and web forms), the
 * commands and the bank file.
 */
export type TextProblem = 'bidi' | 'zero_width' | 'surrogate' | 'control';

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what this removes.
const ALL_UNSAFE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u200B-\u200D\u2060\uFEFF\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The first kind of unsafe character in `s`, or null when it has none. */
export function textProblem(s: string): TextProblem | null {
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  if (BIDI.test(s)) return 'bidi';
  if (ZERO_WIDTH.test(s)) return 'zero_width';
  if (CONTROL.test(s)) return 'control';
  return null;
}

/** The zod message codes of the contracts' text refinement, one per problem (src/api/errors.ts words them). */
export const TEXT_CODES: Record<TextProblem, string> = {
  bidi: 'TEXT_BIDI_CONTROL',
  zero_width: 'TEXT_ZERO_WIDTH',
  surrogate: 'TEXT_LONE_SURROGATE',
  control: 'TEXT_CONTROL_CHAR',
};

const PROBLEMS: Record<TextProblem, BilingualMessage> = {
  bidi: { zh: '含有改变文字方向的控制字符（如 U+202E），请删除后重新输入', en: 'holds a bidirectional control character (such as U+202E); remove it and type the text again' },
  zero_width: { zh: '含有看不见的零宽字符（如 U+200B），请删除后重新输入', en: 'holds an invisible zero-width character (such as U+200B); remove it and type the text again' },
  surrogate: { zh: '含有无效的字符编码（孤立的代理项），请重新输入', en: 'holds an invalid character (an unpaired surrogate); type the text again' },
  control: { zh: '含有控制字符（如换行、制表符），请删除后重新输入', en: 'holds a control character (such as a line break or tab); remove it and type the text again' },
};

/** Readable names of the fields that take names and addresses (the last segment of a field path). */
const FIELD_LABELS: Record<string, BilingualMessage> = {
  name: { zh: '姓名', en: 'The name' },
  payeeName: { zh: '收款人姓名', en: 'The payee name' },
  headName: { zh: '户主姓名', en: 'The head of household’s name' },
  displayName: { zh: '显示名', en: 'The display name' },
  address: { zh: '地址', en: 'The address' },
  bankName: { zh: '开户银行', en: 'The bank name' },
};

/**
 * The error message for a problem in a field (`members.0.name` → "姓名（members.0.name）含有…"); a form that shows it under
 * the field itself leaves the path out (`withPath: false`).
 */
export function textProblemMessage(problem: TextProblem, field?: string, withPath = true): BilingualMessage {
  const last = field?.split('.').at(-1) ?? '';
  const label = FIELD_LABELS[last] ?? { zh: '文本', en: 'The text' };
  const where = field && withPath ? `（${field}）` : '';
  const whereEn = field && withPath ? ` (${field})` : '';
  return { zh: `${label.zh}${where}${PROBLEMS[problem].zh}`, en: `${label.en}${whereEn} ${PROBLEMS[problem].en}` };
}

/** The problem a contract's message code stands for (`TEXT_BIDI_CONTROL` → 'bidi'), or null for any other code. */
export function textProblemOfCode(code: string): TextProblem | null {
  const hit = (Object.entries(TEXT_CODES) as [TextProblem, string][]).find(([, c]) => c === code);
  return hit ? hit[0] : null;
}

/** NFC-normalised `s`, or an AppError `TEXT_…` naming the field when it holds an unsafe character. */
export function cleanText(s: string, field: string): string {
  const problem = textProblem(s);
  if (problem) throw new AppError(TEXT_CODES[problem], textProblemMessage(problem, field), { field, status: 400 });
  return s.normalize('NFC');
}

/**
 * `s` with every unsafe character removed and NFC-normalised: for output that must never carry them (the bank file)
 * whatever was stored before input was checked.
 */
export function stripUnsafeText(s: string): string {
  return s.replace(ALL_UNSAFE, '').normalize('NFC');
}
