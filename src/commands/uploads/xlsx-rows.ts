import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import sax from 'sax';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { isAppError } from '../../kernel/errors.ts';
import { limitError, type UploadLimits, unreadable } from './limits.ts';

/**
 * The first worksheet of an XLSX file as rows of text cells, read under `UploadLimits` (ADR 0018): the zip through
 * yauzl (its central directory, every entry's declared sizes checked before anything is inflated, and the inflated
 * bytes checked against them), the XML through sax in strict mode (no DTD, so no entity expansion: a DOCTYPE is
 * refused). The shared-string table is the one part held in memory, and it is counted entry by entry and character
 * by character. Empty rows are skipped, as the CSV reader skips empty lines.
 */
export interface Budget {
  uncompressed: number;
  rows: number;
  cells: number;
  /** The source row (1-based, as a spreadsheet program numbers it) of the row last yielded; empty rows count. */
  line?: number;
}

const SMALL_PART = 4 * 1024 * 1024;

export async function* readXlsxRows(path: string, limits: UploadLimits, budget: Budget): AsyncGenerator<string[]> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw unreadable('UPLOAD_NOT_XLSX', (e as Error).message.slice(0, 120));
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw limitError('entries', limits.maxEntries);
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\/+/, ''), entry);
    } catch (e) {
      throw unreadable('UPLOAD_NOT_XLSX', (e as Error).message.slice(0, 120));
    }
    const part = (name: string) => entries.get(name);
    const workbook = part('xl/workbook.xml');
    if (!workbook) throw unreadable('UPLOAD_NOT_XLSX', 'xl/workbook.xml');
    const rels = relationships(await readSmall(zip, part('xl/_rels/workbook.xml.rels'), limits, budget));
    const firstSheetId = await firstSheetRel(await readSmall(zip, workbook, limits, budget));
    const sheetTarget = (firstSheetId && rels.get(firstSheetId)?.target) ?? 'worksheets/sheet1.xml';
    const sheet = part(resolveTarget(sheetTarget));
    if (!sheet) throw unreadable('UPLOAD_NOT_XLSX', 'no worksheet');
    const sstTarget = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const sstEntry = part(sstTarget ? resolveTarget(sstTarget) : 'xl/sharedStrings.xml');
    const shared = sstEntry ? await sharedStrings(await open(zip, sstEntry, limits, budget), limits) : [];
    yield* sheetRows(await open(zip, sheet, limits, budget), shared, limits, budget);
  } finally {
    zip.close();
  }
}

/** `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`; `/xl/…` is already absolute. */
function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = ['xl'];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** An entry's inflated stream, after checking its declared size against what is left of the budget; it counts what it inflates. */
async function open(zip: ZipFile, entry: Entry, limits: UploadLimits, budget: Budget): Promise<AsyncIterable<Buffer>> {
  if (entry.isEncrypted() || !entry.canDecodeFileData()) throw unreadable('UPLOAD_NOT_XLSX', `${entry.fileName}: unsupported compression or encryption`);
  if (budget.uncompressed + entry.uncompressedSize > limits.maxUncompressedBytes) throw limitError('uncompressed', limits.maxUncompressedBytes);
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (e) {
    throw unreadable('UPLOAD_DAMAGED', (e as Error).message.slice(0, 120));
  }
  return (async function* () {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        budget.uncompressed += chunk.length;
        // yauzl also refuses an entry that inflates to more than it declared; this holds whatever it declared.
        if (budget.uncompressed > limits.maxUncompressedBytes) throw limitError('uncompressed', limits.maxUncompressedBytes);
        yield chunk;
      }
    } catch (e) {
      if (isAppError(e)) throw e;
      throw unreadable('UPLOAD_DAMAGED', (e as Error).message.slice(0, 120));
    } finally {
      stream.destroy();
    }
  })();
}

async function readSmall(zip: ZipFile, entry: Entry | undefined, limits: UploadLimits, budget: Budget): Promise<string> {
  if (!entry) return '';
  if (entry.uncompressedSize > SMALL_PART) throw limitError('uncompressed', limits.maxUncompressedBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of await open(zip, entry, limits, budget)) {
    size += c.length;
    if (size > SMALL_PART) throw limitError('uncompressed', limits.maxUncompressedBytes);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** A strict sax parser that refuses a DTD (entity declarations are how XML bombs are made). */
function strictParser(): sax.SAXParser {
  const p = sax.parser(true, { trim: false, normalize: false, position: false });
  p.ondoctype = () => {
    throw unreadable('UPLOAD_NOT_XLSX', 'DOCTYPE');
  };
  return p;
}

/** Feeds a part's bytes to the parser (a UTF-8 decoder keeps characters split across chunks whole). */
async function parse(chunks: AsyncIterable<Buffer>, p: sax.SAXParser): Promise<void> {
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of chunks) p.write(decoder.write(chunk));
    p.write(decoder.end());
    p.close();
  } catch (e) {
    if (isAppError(e)) throw e;
    throw unreadable('UPLOAD_NOT_XLSX', (e as Error).message.split('\n')[0].slice(0, 120));
  }
}

function relationships(xml: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  if (!xml) return out;
  const p = strictParser();
  p.onopentag = (t) => {
    if (local(t.name) !== 'Relationship') return;
    const a = t.attributes as Record<string, string>;
    if (a.Id && a.Target) out.set(a.Id, { type: a.Type ?? '', target: a.Target });
  };
  try {
    p.write(xml).close();
  } catch (e) {
    if (isAppError(e)) throw e;
    throw unreadable('UPLOAD_NOT_XLSX', 'workbook relationships');
  }
  return out;
}

async function firstSheetRel(xml: string): Promise<string | undefined> {
  let id: string | undefined;
  const p = strictParser();
  p.onopentag = (t) => {
    if (id !== undefined || local(t.name) !== 'sheet') return;
    const a = t.attributes as Record<string, string>;
    id = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
  };
  try {
    p.write(xml).close();
  } catch (e) {
    if (isAppError(e)) throw e;
    throw unreadable('UPLOAD_NOT_XLSX', 'workbook');
  }
  return id;
}

/** `<sst><si><t>…</t></si><si><r><t>…</t></r><rPh>…</rPh></si>…`: the text of each entry (phonetic runs left out). */
async function sharedStrings(chunks: AsyncIterable<Buffer>, limits: UploadLimits): Promise<string[]> {
  const out: string[] = [];
  let chars = 0;
  let inSi = false;
  let inT = false;
  let inPhonetic = 0;
  let text = '';
  const p = strictParser();
  p.onopentag = (t) => {
    const n = local(t.name);
    if (n === 'si') {
      inSi = true;
      text = '';
      if (out.length >= limits.maxSharedStrings) throw limitError('sharedStrings', limits.maxSharedStrings);
    } else if (n === 'rPh') inPhonetic++;
    else if (n === 't' && inSi && inPhonetic === 0) inT = true;
  };
  p.onclosetag = (name) => {
    const n = local(name);
    if (n === 'si') {
      inSi = false;
      out.push(text);
    } else if (n === 'rPh') inPhonetic--;
    else if (n === 't') inT = false;
  };
  p.ontext = p.oncdata = (s) => {
    if (!inT) return;
    chars += s.length;
    if (chars > limits.maxSharedStringChars) throw limitError('sharedStringChars', limits.maxSharedStringChars);
    if (text.length + s.length > limits.maxCellChars) throw limitError('cellChars', limits.maxCellChars);
    text += s;
  };
  await parse(chunks, p);
  return out;
}

/** `A1` → 0, `AB7` → 27; undefined for a malformed reference. */
function columnOf(ref: string | undefined): number | undefined {
  const m = ref ? /^([A-Z]{1,3})\d*$/.exec(ref) : null;
  if (!m) return undefined;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
  return c - 1;
}

async function* sheetRows(chunks: AsyncIterable<Buffer>, shared: readonly string[], limits: UploadLimits, budget: Budget): AsyncGenerator<string[]> {
  const ready: string[][] = [];
  const lines: number[] = [];
  let rowLine = 0;
  let row: string[] | null = null;
  let col = -1;
  let type = '';
  let capture: 'v' | 't' | null = null;
  let inInline = false;
  let value = '';
  let hasValue = false;
  const p = strictParser();
  p.onopentag = (t) => {
    const n = local(t.name);
    const a = t.attributes as Record<string, string>;
    if (n === 'row') {
      row = [];
      col = -1;
      const r = Number(a.r);
      rowLine = Number.isInteger(r) && r > rowLine ? r : rowLine + 1;
    } else if (n === 'c' && row) {
      const at = columnOf(a.r);
      col = at ?? col + 1;
      if (col >= limits.maxColumns) throw limitError('columns', limits.maxColumns);
      type = a.t ?? 'n';
      value = '';
      hasValue = false;
    } else if (n === 'v') capture = 'v';
    else if (n === 'is') inInline = true;
    else if (n === 't' && inInline) capture = 't';
  };
  p.onclosetag = (name) => {
    const n = local(name);
    if (n === 'v' || n === 't') capture = null;
    else if (n === 'is') inInline = false;
    else if (n === 'c' && row) {
      if (!hasValue) return;
      let text = value;
      if (type === 's') {
        const i = Number(value.trim());
        if (!Number.isInteger(i) || i < 0 || i >= shared.length) throw unreadable('UPLOAD_DAMAGED', `shared string ${value.slice(0, 12)}`);
        text = shared[i];
      }
      if (text === '') return;
      budget.cells++;
      if (budget.cells > limits.maxCells) throw limitError('cells', limits.maxCells);
      while (row.length < col) row.push('');
      row[col] = text;
    } else if (n === 'row' && row) {
      if (row.length > 0) {
        budget.rows++;
        if (budget.rows > limits.maxRows) throw limitError('rows', limits.maxRows);
        ready.push(row);
        lines.push(rowLine);
      }
      row = null;
    }
  };
  p.ontext = p.oncdata = (s) => {
    if (!capture) return;
    if (value.length + s.length > limits.maxCellChars) throw limitError('cellChars', limits.maxCellChars);
    value += s;
    hasValue = true;
  };
  // Each row handed out with its source row number in the budget (what a row-by-row report names).
  function* handOut(): Generator<string[]> {
    const rows = ready.splice(0);
    const at = lines.splice(0);
    for (const [i, r] of rows.entries()) {
      budget.line = at[i];
      yield r;
    }
  }
  // Pulled: one chunk is parsed, its rows (at most a chunk's worth) handed out, then the next chunk is read.
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of chunks) {
      p.write(decoder.write(chunk));
      if (ready.length) yield* handOut();
    }
    p.write(decoder.end());
    p.close();
  } catch (e) {
    if (isAppError(e)) throw e;
    throw unreadable('UPLOAD_NOT_XLSX', (e as Error).message.split('\n')[0].slice(0, 120));
  }
  if (ready.length) yield* handOut();
}
