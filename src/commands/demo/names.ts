import { cumulate, type Rng, weightedIndex } from './prng.ts';

/**
 * Names for synthetic persons: common surnames of north-east China weighted roughly by frequency (incl. Manchu 关,
 * 佟, 那 common around Tieling), given names from characters typical of the person's birth cohort. Any match with a
 * real person is chance: the rows are flagged synthetic.
 */
const SURNAMES: readonly [string, number][] = [
  ['王', 71], ['李', 70], ['张', 68], ['刘', 54], ['赵', 32], ['杨', 30], ['陈', 25], ['孙', 22], ['于', 16],
  ['高', 15], ['马', 15], ['徐', 13], ['郭', 12], ['周', 12], ['黄', 10], ['吴', 10], ['宋', 10], ['韩', 10],
  ['姜', 10], ['朱', 9], ['胡', 8], ['董', 8], ['付', 7], ['何', 6], ['林', 6], ['郑', 6], ['冯', 6], ['曹', 6],
  ['田', 6], ['崔', 6], ['孟', 6], ['唐', 5], ['白', 5], ['石', 5], ['吕', 5], ['许', 5], ['闫', 5], ['丁', 5],
  ['魏', 5], ['任', 5], ['曲', 4], ['范', 4], ['常', 4], ['贾', 4], ['侯', 4], ['梁', 4], ['关', 4], ['卢', 4],
  ['金', 4], ['苏', 4], ['杜', 4], ['邓', 3], ['谢', 3], ['袁', 3], ['潘', 3], ['邢', 3], ['佟', 3], ['尹', 3],
  ['程', 3], ['薛', 3], ['秦', 3], ['鲁', 2], ['方', 2], ['那', 1],
];
const SURNAME_CUM = cumulate(SURNAMES.map(([, w]) => w));

type Cohort = 'old' | 'middle' | 'young';

const GIVEN: Record<'M' | 'F', Record<Cohort, string>> = {
  M: {
    old: '德福财贵春山海林明广国文志永长宝成发祥连树庆忠喜金有才振生仁义学恩',
    middle: '伟军强勇刚斌峰涛辉东亮鹏宇磊波杰超健建新洪利海卫兵明春立志国庆福',
    young: '浩宇轩博子睿泽晨俊铭鑫昊然一天航皓嘉文梓煜阳宸奕佳逸诚凯',
  },
  F: {
    old: '淑秀桂玉凤兰英芝珍华荣霞琴云芳香贞素翠春梅丽玲艳',
    middle: '丽艳红娟敏静燕霞杰华颖晶玲丹萍莉波婷慧英洁岩微',
    young: '欣雨梓涵萱怡佳悦琪思诗婷雪晴可馨妍瑶彤琳一子依诺',
  },
};

export function randomSurname(rng: Rng): string {
  return SURNAMES[weightedIndex(rng, SURNAME_CUM)][0];
}

export function randomGivenName(rng: Rng, sex: 'M' | 'F', birthYear: number): string {
  const cohort: Cohort = birthYear < 1965 ? 'old' : birthYear < 1990 ? 'middle' : 'young';
  const pool = GIVEN[sex][cohort];
  const first = pool[Math.floor(rng.float() * pool.length)];
  if (rng.chance(cohort === 'young' ? 0.12 : 0.25)) return first;
  let second = pool[Math.floor(rng.float() * pool.length)];
  if (second === first && rng.chance(0.7)) second = pool[(pool.indexOf(first) + 1) % pool.length];
  return first + second;
}
