import { cumulate, type Rng, weightedIndex } from './prng.ts';

/**
 * Household compositions of a rural registry in north-east China: small, ageing households — many one- and
 * two-person elderly households, couples whose children work elsewhere, grandparents raising left-behind
 * grandchildren (留守儿童), three generations under one roof. Mean size ≈ 2.45 (rural Liaoning, 2020 census ≈ 2.4).
 */
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other';

export interface MemberPlan {
  relation: Relation;
  age: number;
  sex: 'M' | 'F';
}

interface Shape {
  weight: number;
  /** Head's age range, inclusive. */
  head: [number, number];
  /** Probability that the head is a man. */
  maleHead: number;
  spouse?: boolean;
  children?: number;
  parents?: number;
  grandchildren?: number;
  siblings?: number;
}

const SHAPES: readonly Shape[] = [
  { weight: 13, head: [60, 92], maleHead: 0.45 }, // elderly living alone, often a widow
  { weight: 9, head: [30, 59], maleHead: 0.75 }, // working-age single, often an unmarried man
  { weight: 17, head: [60, 88], maleHead: 0.85, spouse: true }, // elderly couple
  { weight: 14, head: [42, 59], maleHead: 0.85, spouse: true }, // empty nest: children work in town
  { weight: 3, head: [30, 55], maleHead: 0.4, children: 1 }, // single parent
  { weight: 3, head: [60, 85], maleHead: 0.5, children: 1 }, // elderly parent with an unmarried adult child
  { weight: 1, head: [45, 80], maleHead: 0.8, siblings: 1 }, // two siblings
  { weight: 14, head: [25, 55], maleHead: 0.85, spouse: true, children: 1 },
  { weight: 3, head: [35, 59], maleHead: 0.85, spouse: true, parents: 1 },
  { weight: 5, head: [55, 75], maleHead: 0.85, spouse: true, grandchildren: 1 }, // left-behind grandchild
  { weight: 5, head: [28, 50], maleHead: 0.85, spouse: true, children: 2 },
  { weight: 5, head: [28, 50], maleHead: 0.85, spouse: true, children: 1, parents: 1 },
  { weight: 1, head: [55, 72], maleHead: 0.85, spouse: true, grandchildren: 2 },
  { weight: 3, head: [30, 50], maleHead: 0.85, spouse: true, children: 2, parents: 1 },
  { weight: 2, head: [30, 50], maleHead: 0.85, spouse: true, children: 1, parents: 2 },
  { weight: 2, head: [32, 50], maleHead: 0.85, spouse: true, children: 2, parents: 2 },
];
const SHAPE_CUM = cumulate(SHAPES.map((s) => s.weight));
const MAX_AGE = 100;

const other = (sex: 'M' | 'F'): 'M' | 'F' => (sex === 'M' ? 'F' : 'M');

/** Elderly ages thin out with age: ~45% in their sixties, ~38% seventies, the rest older. */
function headAge(rng: Rng, [lo, hi]: [number, number]): number {
  if (lo < 60) return rng.int(lo, hi);
  const span = hi - lo;
  return lo + Math.min(span, Math.floor(span * rng.float() ** 1.6));
}

export function planHousehold(rng: Rng): MemberPlan[] {
  const s = SHAPES[weightedIndex(rng, SHAPE_CUM)];
  const age = headAge(rng, s.head);
  const sex: 'M' | 'F' = rng.chance(s.maleHead) ? 'M' : 'F';
  const members: MemberPlan[] = [{ relation: 'head', age, sex }];
  if (s.spouse) {
    const gap = sex === 'M' ? -rng.int(0, 5) : rng.int(0, 4);
    members.push({ relation: 'spouse', age: Math.max(20, Math.min(MAX_AGE, age + gap)), sex: other(sex) });
  }
  // Ages of the generations relative to the head: parents 22–34 years older, children 22–34 years younger.
  for (let i = 0; i < (s.children ?? 0); i++) {
    const childAge = age - rng.int(22, 34) - i * rng.int(2, 6);
    // Adult children of an elderly head are mostly unmarried sons.
    const childSex: 'M' | 'F' = age >= 60 ? (rng.chance(0.75) ? 'M' : 'F') : rng.chance(0.52) ? 'M' : 'F';
    members.push({ relation: 'child', age: childAge >= 0 ? childAge : rng.int(0, Math.max(0, age - 20)), sex: childSex });
  }
  for (let i = 0; i < (s.parents ?? 0); i++) {
    const parentAge = Math.min(MAX_AGE, age + rng.int(22, 34));
    // A single co-resident parent is more often the widowed mother.
    const parentSex: 'M' | 'F' = s.parents === 2 ? (i === 0 ? 'M' : 'F') : rng.chance(0.35) ? 'M' : 'F';
    members.push({ relation: 'parent', age: parentAge, sex: parentSex });
  }
  for (let i = 0; i < (s.grandchildren ?? 0); i++) {
    members.push({ relation: 'grandchild', age: rng.int(1, 16), sex: rng.chance(0.52) ? 'M' : 'F' });
  }
  for (let i = 0; i < (s.siblings ?? 0); i++) {
    members.push({ relation: 'sibling', age: Math.max(18, Math.min(MAX_AGE, age + rng.int(-8, 8))), sex: rng.chance(0.7) ? 'M' : 'F' });
  }
  return members;
}
