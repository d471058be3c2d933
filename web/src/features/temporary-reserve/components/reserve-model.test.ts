import { describe, expect, it } from 'vitest';
import { kindColor, ledgerPath, signedYuan, topUpAmountOk, yuan } from './reserve-model.ts';

describe('township reserve view model', () => {
  it('formats balances and signed movements in yuan', () => {
    expect(yuan(150_050)).toBe('1,500.50');
    expect(signedYuan(20_000)).toBe('+200.00');
    expect(signedYuan(-30_000)).toBe('-300.00');
    expect(kindColor('payment')).toBe('orange');
    expect(kindColor('top_up')).toBe('green');
    expect(ledgerPath('211221101000')).toBe('/temporary/reserves/211221101000');
  });

  it('takes a top-up above zero, to the fen, at most 1,000,000 yuan', () => {
    for (const ok of ['1', '0.01', '1500.5', '1000000', ' 20.00 ']) expect(topUpAmountOk(ok), ok).toBe(true);
    for (const bad of ['', '0', '0.00', '-5', '1.234', '1e3', '1000000.01', 'abc', null, undefined]) expect(topUpAmountOk(bad), String(bad)).toBe(false);
  });
});
