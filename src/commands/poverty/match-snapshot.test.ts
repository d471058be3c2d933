import { describe, expect, it } from 'vitest';
import type { CandidatePair } from '../../db/poverty-match-repo.ts';
import { bestPerPerson } from './match-snapshot.ts';

const V = '211221101200';
const pair = (key: string, pName: string, cId: string, cName: string, o: Partial<CandidatePair> = {}): CandidatePair => ({
  person_key: key,
  p_name: pName,
  p_birth: '1958-03-07',
  p_sex: null,
  p_village: V,
  c_county: '211221',
  c_id: cId,
  c_name: cName,
  c_birth: '1958-03-07',
  c_sex: 'F',
  c_area: V,
  ...o,
});

describe('bestPerPerson', () => {
  it('keeps each person’s best candidate at or above the threshold, ties to the lower id, and drops the rest', () => {
    const out = bestPerPerson([
      pair('n:a', '章树兰', 'p9', '张淑兰'),
      pair('n:a', '章树兰', 'p2', '张淑兰'),
      pair('n:a', '章树兰', 'p1', '张秀梅'),
      pair('n:b', '周无名', 'p3', '韩明亮'),
      pair('n:c', '王英秀', 'p4', '王秀英', { c_area: '211221102200' }),
      pair('n:c', '王英秀', 'p5', '王秀英'),
    ]);
    expect(out).toEqual([
      { personKey: 'n:a', county: '211221', personId: 'p2', confidence: 88 },
      { personKey: 'n:c', county: '211221', personId: 'p5', confidence: 88 },
    ]);
  });
});
