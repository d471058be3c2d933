import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/**
 * A small zip writer for tests that need hand-made spreadsheets: ordinary ones, and the malicious kinds (an entry
 * that inflates to a gigabyte, an entry whose headers lie about its size). Deflate or stored; no zip64.
 */
export interface ZipEntry {
  name: string;
  /** The content, or a generator of its chunks for content too large to hold (deflated as it is produced). */
  data: string | Buffer | { chunks: () => Iterable<Buffer>; };
  /** Declare this uncompressed size in the headers instead of the true one (a lying zip). */
  declaredSize?: number;
}

async function deflateChunks(chunks: Iterable<Buffer>): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  let size = 0;
  let crc = 0;
  for (const c of chunks) {
    size += c.length;
    crc = crc32(c, crc);
    if (!d.write(c)) await new Promise((r) => d.once('drain', r));
  }
  await new Promise<void>((r) => d.end(r));
  return { compressed: Buffer.concat(out), size, crc };
}

export async function zip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    let compressed: Buffer;
    let size: number;
    let crc: number;
    if (typeof e.data === 'string' || Buffer.isBuffer(e.data)) {
      const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
      compressed = deflateRawSync(raw);
      size = raw.length;
      crc = crc32(raw);
    } else ({ compressed, size, crc } = await deflateChunks(e.data.chunks()));
    if (size >= 0xffffffff) throw new Error('zip64 not supported here');
    const declared = e.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** The parts every workbook has, around a sheet and (optionally) a shared-string table. */
export function workbookParts(sheet: ZipEntry['data'], sharedStrings?: ZipEntry, extra: ZipEntry[] = []): ZipEntry[] {
  return [
    {
      name: '[Content_Types].xml',
      data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="回盘" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ...(sharedStrings ? [sharedStrings] : []),
    ...extra,
  ];
}

/** A workbook whose first sheet holds `rows` as inline strings (or, with `shared`, through a shared-string table). */
export async function xlsxOf(rows: readonly (readonly string[])[], o: { shared?: boolean } = {}): Promise<Buffer> {
  const table: string[] = [];
  const index = new Map<string, number>();
  const cell = (v: string, r: number, c: number) => {
    const ref = `${colName(c)}${r + 1}`;
    if (!o.shared) return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
    let i = index.get(v);
    if (i === undefined) {
      i = table.length;
      table.push(v);
      index.set(v, i);
    }
    return `<c r="${ref}" t="s"><v>${i}</v></c>`;
  };
  const body = rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, r, c)).join('')}</row>`).join('');
  const sheet = `${XML}<worksheet xmlns="${NS}"><sheetData>${body}</sheetData></worksheet>`;
  const sst = o.shared ? { name: 'xl/sharedStrings.xml', data: `${XML}<sst xmlns="${NS}" count="${table.length}" uniqueCount="${table.length}">${table.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>` } : undefined;
  return zip(workbookParts(sheet, sst));
}

/** `<si><t/></si>` repeated: a shared-string table of `count` empty entries, produced chunk by chunk. */
export function sharedStringFlood(count: number, distinct = false): ZipEntry['data'] {
  return {
    *chunks() {
      yield Buffer.from(`${XML}<sst xmlns="${NS}">`);
      const per = 10_000;
      for (let done = 0; done < count; done += per) {
        const n = Math.min(per, count - done);
        yield Buffer.from(distinct ? Array.from({ length: n }, (_, i) => `<si><t>s${done + i}</t></si>`).join('') : '<si><t/></si>'.repeat(n));
      }
      yield Buffer.from('</sst>');
    },
  };
}

export const EMPTY_SHEET = `${XML}<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`;
