import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.ts';
import { auditMac, lookupHash, mask, newKeyRing, seal, sealedKeyId, unseal } from './sealing.ts';

describe('sealing', () => {
  const ring = newKeyRing();

  it('opens what it sealed, for any text, and never shows the text in the sealed form', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (text) => {
        const s = seal(ring, 'id_number', text);
        expect(unseal(ring, 'id_number', s)).toBe(text);
        expect(sealedKeyId(s)).toBe(ring.current);
        if (text.length >= 4) expect(s.includes(text)).toBe(false);
      }),
    );
  });

  it('seals the same text differently each time, and the lookup hash the same way each time', () => {
    expect(seal(ring, 'id_number', '211221196001010017')).not.toBe(seal(ring, 'id_number', '211221196001010017'));
    expect(lookupHash(ring, 'id_number', '211221196001010017')).toBe(lookupHash(ring, 'id_number', '211221196001010017'));
    expect(lookupHash(ring, 'id_number', '211221196001010017')).not.toBe(lookupHash(newKeyRing(), 'id_number', '211221196001010017'));
  });

  it('refuses a value sealed for another purpose, an altered value, and a value of an unknown key', () => {
    const s = seal(ring, 'bank_account', '6228480012345678');
    const code = (f: () => unknown) => {
      try {
        f();
        return 'opened';
      } catch (e) {
        return isAppError(e) ? e.code : String(e);
      }
    };
    expect(code(() => unseal(ring, 'id_number', s))).toBe('SEALED_VALUE_INVALID');
    const body = s.split('.')[2];
    const flipped = `${s.slice(0, s.length - body.length)}${body.slice(0, -2)}${body.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(code(() => unseal(ring, 'bank_account', flipped))).toBe('SEALED_VALUE_INVALID');
    expect(code(() => unseal(newKeyRing(), 'bank_account', s))).toBe('KEY_MISSING');
  });

  it('keys the audit MAC', () => {
    expect(auditMac(ring, 'x')).toMatch(/^[0-9a-f]{64}$/);
    expect(auditMac(ring, 'x')).not.toBe(auditMac(newKeyRing(), 'x'));
  });

  it('masks ID numbers, bank accounts and phone numbers', () => {
    expect(mask('id_number', '211221196001010017')).toBe('211221********0017');
    expect(mask('bank_account', '6228480012345678')).toBe('****5678');
    expect(mask('phone', '13912345678')).toBe('139****5678');
    expect(mask('phone', '123')).toBe('***');
    expect(mask('phone', '0410-01234567')).toBe('041******4567');
    expect(mask('phone', null)).toBe(null);
  });
});
