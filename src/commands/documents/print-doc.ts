/**
 * A printed document as data: the one model both the PDF and the HTML print view are drawn from, so the two never
 * say different things, and tests can check what a document says without reading a PDF.
 */
export type Block =
  | { kind: 'salutation'; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[] }
  /** Label / value pairs, two columns. */
  | { kind: 'fields'; rows: [string, string][] }
  | { kind: 'table'; head: string[]; rows: string[][]; widths?: (number | '*')[] }
  /** Right-aligned issuer, signature and date lines. */
  | { kind: 'sign'; lines: string[] }
  /** A bar chart (the bulletin's comparison): one bar per label, its value's text beside it, lengths relative to the largest. */
  | { kind: 'bars'; rows: { label: string; value: number; text: string }[] };

export interface PrintDoc {
  title: string;
  /** 文书编号 shown under the title. */
  number?: string;
  blocks: Block[];
  /** Small print at the bottom (e.g. "本通知书一式两份"). */
  note?: string;
  /** File name without extension (ASCII: safe in a Content-Disposition header). */
  filename: string;
  landscape?: boolean;
}

/** Every text a document shows, in order: what tests look through for things it must never contain. */
export function textsOf(doc: PrintDoc): string[] {
  const out = [doc.title, doc.number ?? '', doc.note ?? ''];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'salutation':
      case 'para':
      case 'heading':
        out.push(b.text);
        break;
      case 'list':
        out.push(...b.items);
        break;
      case 'fields':
        for (const [k, v] of b.rows) out.push(k, v);
        break;
      case 'table':
        out.push(...b.head, ...b.rows.flat());
        break;
      case 'sign':
        out.push(...b.lines);
        break;
      case 'bars':
        for (const r of b.rows) out.push(r.label, r.text);
        break;
    }
  }
  return out;
}

/** '2019-07-03' → '2019年7月3日'; '2019-08' → '2019年8月'. */
export function zhDate(day: string | null | undefined): string {
  if (!day) return '—';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(day);
  if (!m) return day;
  return m[3] ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

/** '2019-07-03T02:00:00.000Z' → '2019-07-03 10:00' in China time (UTC+8, no daylight saving). */
export function zhTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** A short, readable document number from a case id: the county and the first eight characters of the id. */
export function docNumber(prefix: string, countyCode: string, caseId: string): string {
  return `${prefix}〔${countyCode}〕${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}号`;
}
