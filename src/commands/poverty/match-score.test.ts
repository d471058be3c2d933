import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blurred, soundOf, soundRelation } from './homophones.ts';
import { bestCandidate, birthDatesNear, type MatchSide, nameDistance, nameSimilarity, SUGGEST_THRESHOLD, scoreMatch } from './match-score.ts';

const V = '211221100200';
const side = (name: string, o: Partial<MatchSide> = {}): MatchSide => ({ name, birthDate: '1958-03-07', sex: 'M', villageCode: V, ...o });

describe('homophones', () => {
  it('knows the sound of common name characters and what north-eastern speech blurs', () => {
    expect(soundOf('张')).toBe('zhang');
    expect(soundRelation('张', '章')).toBe('homophone');
    expect(soundRelation('淑', '树')).toBe('homophone');
    expect(soundRelation('曾', '郑')).toBe('different'); // 曾 is not in the table: only itself
    expect(blurred('zheng')).toBe('zen');
    expect(soundRelation('陈', '晨')).toBe('homophone');
    expect(soundRelation('程', '陈')).toBe('alike'); // cheng / chen
    expect(soundRelation('王', '李')).toBe('different');
  });
});

describe('nameSimilarity', () => {
  it('tells an exact name, a homophone, swapped characters, a typo and another name apart', () => {
    expect(nameSimilarity('张淑兰', '张淑兰')).toEqual({ similarity: 1, kind: 'exact' });
    expect(nameSimilarity('张淑兰', '章树兰').kind).toBe('homophone');
    expect(nameSimilarity('张淑兰', '章树兰').similarity).toBeCloseTo(1 - 0.5 / 3);
    expect(nameSimilarity('王秀英', '王英秀').kind).toBe('transposed');
    expect(nameSimilarity('王秀英', '王英秀').similarity).toBeCloseTo(1 - 0.5 / 3);
    expect(nameSimilarity('刘德福', '刘德财').kind).toBe('typo');
    expect(nameSimilarity('刘德福', '赵春梅').kind).toBe('different');
    expect(nameSimilarity(' 那 · 日苏 ', '那日苏').kind).toBe('exact');
  });

  it('counts a missing character as one edit', () => {
    expect(nameDistance('李明', '李明明')).toBe(1);
    expect(nameDistance('', '李明')).toBe(2);
  });
});

describe('birthDatesNear', () => {
  it('is one digit off or day and month swapped', () => {
    expect(birthDatesNear('1958-03-07', '1958-03-01')).toBe(true);
    expect(birthDatesNear('1958-03-07', '1958-07-03')).toBe(true);
    expect(birthDatesNear('1958-03-07', '1959-04-07')).toBe(false);
  });
});

describe('scoreMatch', () => {
  it('puts the common faults above the threshold and another person below it', () => {
    const p = side('张淑兰', { sex: 'F' });
    expect(scoreMatch(p, side('张淑兰', { sex: 'F' })).score).toBe(100);
    expect(scoreMatch(p, side('章树兰', { sex: 'F' })).score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD);
    expect(scoreMatch(p, side('张兰淑', { sex: 'F' })).score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD);
    expect(scoreMatch(p, side('张淑芝', { sex: 'F' })).score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD);
    const moved = scoreMatch(p, side('张淑兰', { sex: 'F', villageCode: '211221105201' }));
    expect(moved.score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD);
    expect(moved.score).toBeLessThan(100);
    expect(moved.reasons.map((r) => r.code)).toContain('county_moved');
    // Another woman of the village born the same day, of the same surname: not suggested.
    expect(scoreMatch(p, side('张秀梅', { sex: 'F' })).score).toBeLessThan(SUGGEST_THRESHOLD);
    expect(scoreMatch(p, side('赵春梅', { sex: 'F' })).score).toBeLessThan(SUGGEST_THRESHOLD);
  });

  it('gives the reasons whose points add up to the score', () => {
    const r = scoreMatch(side('王英秀', { birthDate: null }), side('王秀英'));
    expect(r.reasons.map((x) => x.code)).toEqual(['name_transposed', 'birth_unknown', 'village_same', 'sex_equal']);
    expect(r.reasons.reduce((s, x) => s + x.points, 0)).toBe(r.score);
  });

  it('picks the best candidate', () => {
    const best = bestCandidate(side('李国庆'), [side('李国强'), side('李国庆', { villageCode: '211221100201' }), side('刘国庆')]);
    expect(best?.candidate.villageCode).toBe('211221100201');
    expect(bestCandidate(side('李国庆'), [])).toBeNull();
  });
});

const nameChars = fc.constantFrom(...'王李张章刘柳赵杨阳陈晨孙于余高马徐许淑树秀英兰凤玉桂德福财贵春明国庆军伟强丽红华曾𠀀');
const nameArb = fc.array(nameChars, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
const dateArb = fc.date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const villageArb = fc.constantFrom('211221100200', '211221100201', '211221101200', '211223100200');
const sideArb: fc.Arbitrary<MatchSide> = fc.record({
  name: nameArb,
  birthDate: fc.option(dateArb, { nil: null }),
  sex: fc.constantFrom<'M' | 'F' | null>('M', 'F', null),
  villageCode: villageArb,
});

describe('properties', () => {
  it('the score is symmetric and within 0–100, its reasons add up to it', () => {
    fc.assert(
      fc.property(sideArb, sideArb, (a, b) => {
        const ab = scoreMatch(a, b);
        expect(ab.score).toBe(scoreMatch(b, a).score);
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(100);
        expect(ab.reasons.reduce((s, r) => s + r.points, 0)).toBe(ab.score);
      }),
    );
  });

  it('a person fully known scores 100 with itself, and name similarity is 1 only for equal names', () => {
    fc.assert(
      fc.property(nameArb, dateArb, fc.constantFrom<'M' | 'F'>('M', 'F'), villageArb, (name, birthDate, sex, villageCode) => {
        const p = { name, birthDate, sex, villageCode };
        expect(scoreMatch(p, p).score).toBe(100);
      }),
    );
    fc.assert(
      fc.property(nameArb, nameArb, (a, b) => {
        const s = nameSimilarity(a, b);
        expect(s.similarity === 1).toBe(a === b);
        expect(nameSimilarity(b, a)).toEqual(s);
      }),
    );
  });

  it('a homophone costs no more than a typo in the same place', () => {
    fc.assert(
      fc.property(nameArb, fc.nat(), (name, k) => {
        const chars = [...name];
        const i = k % chars.length;
        const homophone = [...chars];
        homophone[i] = chars[i] === '张' ? '章' : chars[i] === '章' ? '张' : chars[i];
        const typo = [...chars];
        typo[i] = '鑫';
        expect(nameDistance(name, homophone.join(''))).toBeLessThanOrEqual(nameDistance(name, typo.join('')));
      }),
    );
  });

  it('more agreement never lowers the score: the same pair in the same village scores at least as high as a moved one', () => {
    fc.assert(
      fc.property(sideArb, sideArb, (a, b) => {
        expect(scoreMatch(a, { ...b, villageCode: a.villageCode }).score).toBeGreaterThanOrEqual(scoreMatch(a, b).score);
        if (a.birthDate) expect(scoreMatch(a, { ...b, birthDate: a.birthDate }).score).toBeGreaterThanOrEqual(scoreMatch(a, b).score);
      }),
    );
  });
});
