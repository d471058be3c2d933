import { describe, expect, it } from 'vitest';
import type { BulletinView, CountyComparison } from '../../contracts/report-workflow.ts';
import { textsOf } from '../documents/print-doc.ts';
import { renderHtml } from '../documents/render-html.ts';
import { bulletinDocument, documentPrint } from './report-documents.ts';

const rate = (value: number | null) => ({ numerator: 0, denominator: 0, value });
const county = (code: string, name: string, coverage: number | null, spendFen: number): CountyComparison => ({
  county: code, countyName: name, source: 'snapshot', submittedAt: null, onTime: true, coverage: rate(coverage), benefitVsStandard: rate(0.8),
  spendingPerHead: rate(spendFen), timeliness: rate(1), dualInclusion: rate(null), ranks: { coverage: 1, benefitVsStandard: 1, spendingPerHead: 1, timeliness: 1, dualInclusion: null }, persons: 10, paidYearFen: 0,
});
const bulletin = (body: string): BulletinView => ({
  quarter: '2019Q3', status: 'issued', title: '关于2019年第三季度工作情况的通报', body, draftedBy: '督查', updatedAt: '', issuedBy: '督查', issuedAt: '2019-10-20T02:00:00.000Z',
  snapshotDigest: 'a'.repeat(64), version: 2, comparison: { quarter: '2019Q3', computedAt: '', counties: [county('211202', '银州区', 0.125, 5_000), county('211221', '铁岭县', 0.5, 12_345)], trends: [] },
});

describe('the bulletin as a printed document', () => {
  it('reads its text first, then the comparison table and one bar chart per measure, the bars in the measure’s unit', () => {
    const doc = documentPrint(bulletinDocument(bulletin('各县（市）区民政局：\n现将情况通报如下。')));
    const kinds = doc.blocks.map((b) => (b.kind === 'heading' ? `h:${b.text}` : b.kind));
    expect(kinds.indexOf('h:通报内容')).toBeLessThan(kinds.indexOf('h:县区比较'));
    const charts = doc.blocks.filter((b) => b.kind === 'bars');
    expect(charts).toHaveLength(3);
    expect(charts[0]).toEqual({ kind: 'bars', rows: [{ label: '银州区', value: 12.5, text: '12.5%' }, { label: '铁岭县', value: 50, text: '50%' }] });
    // Spending per head: fen per person shown in yuan.
    expect(charts[1]).toMatchObject({ rows: [{ label: '银州区', value: 50, text: '50 元' }, { label: '铁岭县', value: 123.45, text: '123.45 元' }] });
    expect(textsOf(doc)).toEqual(expect.arrayContaining(['现将情况通报如下。', `比较数据摘要（SHA-256）：${'a'.repeat(64)}`, '12.5%']));
  });

  it('draws the bars in the print view relative to the largest, and escapes the text', () => {
    const html = renderHtml(documentPrint(bulletinDocument(bulletin('<script>x</script>'))));
    expect(html).toContain('<div class="bar" style="width:25.0%"></div>');
    expect(html).toContain('<div class="bar" style="width:100.0%"></div>');
    expect(html).not.toContain('<script>x');
  });
});
