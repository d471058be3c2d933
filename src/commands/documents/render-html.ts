import type { Block, PrintDoc } from './print-doc.ts';

/**
 * The HTML print view of a document: one self-contained page (no external assets) laid out for A4, with a print
 * stylesheet, so the browser's "print" (or "save as PDF") gives the paper document whether or not the server can
 * make PDFs. Every text is escaped.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function block(b: Block): string {
  switch (b.kind) {
    case 'salutation':
      return `<p class="salutation">${esc(b.text)}</p>`;
    case 'para':
      return `<p class="para">${esc(b.text)}</p>`;
    case 'heading':
      return `<h2>${esc(b.text)}</h2>`;
    case 'list':
      return `<ol>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>`;
    case 'fields':
      return `<table class="fields"><tbody>${b.rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
    case 'table':
      return `<table class="grid"><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
        b.rows.length === 0 ? `<tr><td colspan="${b.head.length}" class="empty">（无）</td></tr>` : b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')
      }</tbody></table>`;
    case 'sign':
      return `<div class="sign">${b.lines.map((l) => `<div>${esc(l)}</div>`).join('')}</div>`;
    case 'bars': {
      const max = Math.max(0, ...b.rows.map((r) => r.value));
      const pct = (v: number) => (max > 0 ? Math.max(0.5, (Math.max(0, v) / max) * 100) : 0.5).toFixed(1);
      return `<table class="bars"><tbody>${b.rows.map((r) => `<tr><th>${esc(r.label)}</th><td><div class="bar" style="width:${pct(r.value)}%"></div></td><td class="value">${esc(r.text)}</td></tr>`).join('')}</tbody></table>`;
    }
  }
}

const CSS = `
@page { size: A4 PORTRAIT; margin: 22mm 20mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #e9edf2; color: #111; font-family: 'Noto Serif CJK SC', 'Songti SC', SimSun, 'Noto Sans CJK SC', 'Microsoft YaHei', serif; }
.toolbar { position: sticky; top: 0; display: flex; gap: 12px; justify-content: center; padding: 10px; background: #fff; border-bottom: 1px solid #d5dbe3; font-family: sans-serif; }
.toolbar button { font-size: 14px; padding: 6px 18px; border-radius: 6px; border: 1px solid #1a5fb4; background: #1a5fb4; color: #fff; cursor: pointer; }
.sheet { width: 210mm; min-height: 297mm; margin: 16px auto; padding: 22mm 20mm; background: #fff; box-shadow: 0 2px 12px rgba(0,0,0,.12); }
h1 { text-align: center; font-size: 22pt; letter-spacing: 2px; margin: 0 0 6px; }
.number { text-align: right; font-size: 11pt; margin-bottom: 18px; }
h2 { font-size: 13pt; margin: 18px 0 6px; }
p { font-size: 12.5pt; line-height: 2; margin: 0 0 6px; }
.para { text-indent: 2em; }
ol { font-size: 12.5pt; line-height: 1.9; margin: 0 0 8px 2em; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; margin: 8px 0 12px; }
table th, table td { border: 1px solid #333; padding: 5px 8px; text-align: left; vertical-align: top; }
table.fields th { width: 28%; background: #f4f4f4; font-weight: normal; }
table.grid thead th { background: #f4f4f4; text-align: center; }
td.empty { text-align: center; color: #666; }
table.bars th, table.bars td { border: none; padding: 3px 6px; }
table.bars th { width: 22%; font-weight: normal; }
table.bars td.value { width: 18%; }
.bar { height: 12px; background: #1677ff; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.sign { margin-top: 36px; text-align: right; font-size: 12.5pt; line-height: 2; }
.note { margin-top: 28px; font-size: 10pt; color: #444; border-top: 1px solid #999; padding-top: 6px; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
}`;

export function renderHtml(doc: PrintDoc): string {
  const css = doc.landscape ? CSS.replace('A4 PORTRAIT', 'A4 landscape').replace('width: 210mm; min-height: 297mm', 'width: 297mm; min-height: 210mm') : CSS.replace('A4 PORTRAIT', 'A4 portrait');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title><style>${css}</style></head>
<body>
<div class="toolbar"><button type="button" onclick="window.print()" data-testid="print-now">打印 / 另存为 PDF</button></div>
<main class="sheet" data-testid="print-sheet">
<h1>${esc(doc.title)}</h1>
${doc.number ? `<div class="number">${esc(doc.number)}</div>` : ''}
${doc.blocks.map(block).join('\n')}
${doc.note ? `<div class="note">${esc(doc.note)}</div>` : ''}
</main>
</body></html>`;
}
