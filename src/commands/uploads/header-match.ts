/**
 * 表头匹配 How an import recognises the columns of a file (ADR 0028): by the Chinese header or a common variant, not by
 * position, ignoring spaces, full-width brackets, a unit in brackets and a required-mark (*). One rule for every
 * template the system publishes (the registry's, the poverty registry's).
 */

/** `户 编 号*`, `户编号(元/年)` and `户编号（元）` all become `户编号`. */
export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\((元|元\/年|元\/月|万元)\)$/, '');
}

export interface TemplateColumn<K extends string> {
  key: K;
  header: string;
  variants: readonly string[];
  required: boolean;
}

export interface HeaderMatchOf<K extends string, C extends TemplateColumn<K>> {
  /** The file's column (0-based) of each column found, and its header as written there. */
  found: Map<K, { index: number; header: string }>;
  missing: C[];
  /** A header given twice (the second one named). */
  repeated: { index: number; header: string }[];
  /** Headers that are none of the template's (left alone). */
  unknown: string[];
}

/** A matcher of header rows for one template's columns. */
export function headerMatcher<K extends string, C extends TemplateColumn<K>>(columns: readonly C[]): (cells: readonly string[]) => HeaderMatchOf<K, C> {
  const index = new Map<string, K>();
  for (const c of columns) for (const h of [c.header, ...c.variants]) index.set(normaliseHeader(h), c.key);
  return (cells) => {
    const found = new Map<K, { index: number; header: string }>();
    const repeated: { index: number; header: string }[] = [];
    const unknown: string[] = [];
    for (const [i, raw] of cells.entries()) {
      const header = raw.trim();
      if (!header) continue;
      const key = index.get(normaliseHeader(header));
      if (!key) unknown.push(header);
      else if (found.has(key)) repeated.push({ index: i, header });
      else found.set(key, { index: i, header });
    }
    return { found, missing: columns.filter((c) => c.required && !found.has(c.key)), repeated, unknown };
  };
}

/** A spreadsheet may hand an ID number or an account back as a number: `2.11221E+17` cannot be read back. */
export function readDigits(v: string): string {
  return v.replace(/\s+/g, '').replace(/^'/, '');
}
