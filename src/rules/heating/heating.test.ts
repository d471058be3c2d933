import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromYmd } from '../../kernel/plain-date.ts';
import { loadDefaultPolicy } from '../../policy/loader.ts';
import { paramContext } from '../common/param-context.ts';
import type { Reason } from '../common/result.ts';
import { Tracer } from '../common/tracer.ts';
import { explainStep } from '../explain/explain.ts';
import { prorateSeason, seasonAmount } from './heating.ts';

const ps = loadDefaultPolicy();
const ctx = paramContext(ps, '211221', fromYmd(2019, 11, 1));

describe('the season amount and its pro-rating (heating aid, issue 14)', () => {
  it('pays the whole season to a household that joins for all of it, and the months left of it otherwise, half up', () => {
    const reasons: Reason[] = [];
    expect(prorateSeason(ctx, 20_000, 5, new Tracer(false), reasons)).toBe(20_000);
    expect(reasons).toEqual([]);
    const t = new Tracer(true);
    expect(prorateSeason(ctx, 20_000, 4, t, reasons)).toBe(16_000);
    expect(reasons.map((r) => r.code)).toEqual(['HEATING_PRORATED']);
    expect(t.steps.map((s) => [s.step, s.value])).toEqual([['season.monthsPaid', '4'], ['amount.prorated', '16000']]);
    // 20,001 × 3 / 5 = 12,000.6 → 12,001; 144,001 × 1 / 5 = 28,800.2 → 28,800.
    expect(prorateSeason(ctx, 20_001, 3, new Tracer(false), [])).toBe(12_001);
    expect(prorateSeason(ctx, 144_001, 1, new Tracer(false), [])).toBe(28_800);
  });

  it('never pays more than the season, and a month more never pays less (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 4 }), (fen, months) => {
        const a = prorateSeason(ctx, fen, months, new Tracer(false), []);
        const b = prorateSeason(ctx, fen, months + 1, new Tracer(false), []);
        expect(a).toBeLessThanOrEqual(b);
        expect(b).toBeLessThanOrEqual(fen);
        expect(Math.abs(a - (fen * months) / 5)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('explains a central household’s amount in Chinese, with the cap and the citations', () => {
    const t = new Tracer(true);
    const reasons: Reason[] = [];
    expect(seasonAmount(ctx, { mode: 'central', area: '80.00' }, t, reasons)).toBe(144_000);
    expect(reasons.map((r) => r.code)).toEqual(['HEATING_CENTRAL', 'HEATING_AREA_CAPPED']);
    const shown = t.steps.map((s) => explainStep(JSON.parse(JSON.stringify(s)), ps));
    expect(shown.map((s) => s.label.zh)).toEqual(['救助面积', '金额（未舍入）', '金额（四舍五入到分）']);
    expect(shown.map((s) => s.shown.zh)).toEqual(['60 平方米', '1,440.00 元', '1,440.00 元']);
    expect(shown[0].params.map((p) => p.citation?.zh ?? '')).toHaveLength(1);
    const pro = new Tracer(true);
    prorateSeason(ctx, 144_000, 2, pro, []);
    expect(pro.steps.map((s) => explainStep(JSON.parse(JSON.stringify(s)), ps)).map((s) => [s.label.zh, s.shown.zh, s.note?.zh])).toEqual([
      ['发放月数', '2 个月', '自纳入保障的月份至采暖期末共 2 个月，采暖期共 5 个月'],
      ['折算金额', '576.00 元', '全季金额 × 发放月数 ÷ 采暖期月数，四舍五入到分'],
    ]);
  });
});
