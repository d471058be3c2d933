/**
 * 同音字 The sound of the characters found in names around Tieling (the demo population's surnames and given-name
 * characters, and the characters a clerk types for them by ear), as toneless pinyin. Two characters with the same
 * syllable are homophones (张/章, 淑/树); two whose syllables differ only where north-eastern speech merges sounds
 * (zh/z, ch/c, sh/s, n/l initials; -eng/-en, -ing/-in finals) sound alike. A character not in the table has no known
 * sound: it matches only itself. A table and not a pinyin package: ADR 0033.
 */
const SYLLABLES: Record<string, string> = {
  wang: '王汪旺望往网',
  li: '李理里礼力立丽利莉历黎厉励',
  zhang: '张章彰樟掌丈',
  liu: '刘柳流留六',
  zhao: '赵照召兆昭',
  yang: '杨阳扬洋羊',
  chen: '陈晨辰臣沉宸',
  sun: '孙',
  yu: '于余鱼俞虞玉宇雨语羽予瑜愉煜',
  gao: '高',
  ma: '马',
  xu: '徐许旭',
  guo: '郭国',
  zhou: '周州舟洲',
  huang: '黄皇',
  wu: '吴武伍午',
  song: '宋',
  han: '韩寒涵汉含',
  jiang: '姜江蒋',
  zhu: '朱祝竹珠',
  hu: '胡虎湖',
  dong: '董东冬栋',
  fu: '付傅富福符扶甫',
  he: '何和贺河荷',
  lin: '林琳霖临',
  zheng: '郑正政',
  feng: '冯峰凤锋丰枫',
  cao: '曹',
  tian: '田天甜',
  cui: '崔翠',
  meng: '孟梦蒙',
  tang: '唐',
  bai: '白柏',
  shi: '石史施时诗',
  lv: '吕',
  yan: '闫严颜燕艳岩言妍',
  ding: '丁',
  wei: '魏伟卫微维薇',
  ren: '任仁',
  qu: '曲屈',
  fan: '范',
  chang: '常长',
  jia: '贾佳嘉家',
  hou: '侯',
  liang: '梁亮',
  guan: '关',
  lu: '卢鲁陆路露',
  jin: '金晋锦',
  su: '苏素',
  du: '杜',
  deng: '邓',
  xie: '谢',
  yuan: '袁元园',
  pan: '潘',
  xing: '邢兴星',
  tong: '佟彤',
  yin: '尹',
  cheng: '程成诚城',
  xue: '薛学雪',
  qin: '秦琴勤',
  fang: '方芳',
  na: '那',
  nuo: '诺',
  de: '德',
  cai: '财才',
  gui: '贵桂',
  chun: '春',
  shan: '山珊',
  hai: '海',
  ming: '明铭',
  guang: '广',
  wen: '文',
  zhi: '志芝智',
  yong: '永勇',
  bao: '宝',
  fa: '发',
  xiang: '祥香',
  lian: '连莲',
  shu: '树淑',
  qing: '庆晴',
  zhong: '忠',
  xi: '喜',
  you: '有友',
  xiu: '秀修',
  zhen: '振珍贞',
  sheng: '生胜',
  yi: '义一怡依逸奕',
  en: '恩',
  jun: '军俊',
  qiang: '强',
  gang: '刚',
  bin: '斌彬',
  tao: '涛',
  hui: '辉慧惠',
  peng: '鹏',
  lei: '磊',
  bo: '波博',
  jie: '杰洁',
  chao: '超',
  jian: '健建',
  xin: '新欣鑫馨',
  hong: '洪红宏',
  bing: '兵冰',
  hao: '浩皓昊',
  xuan: '轩萱',
  zi: '子梓',
  rui: '睿瑞',
  ze: '泽',
  jing: '晶静',
  juan: '娟',
  min: '敏',
  dan: '丹',
  ping: '萍平',
  ting: '婷',
  ran: '然',
  hang: '航',
  yue: '悦',
  qi: '琪',
  si: '思',
  ke: '可',
  yao: '瑶',
  yun: '云',
  xia: '霞',
  hua: '华',
  mei: '梅',
  ling: '玲',
  lan: '兰',
  ying: '英颖莹营',
  rong: '荣',
  ao: '奥',
  kai: '凯',
};

const SOUND = new Map<string, string>();
for (const [syllable, chars] of Object.entries(SYLLABLES)) {
  for (const c of chars) if (!SOUND.has(c)) SOUND.set(c, syllable.replace(/\d+$/, ''));
}

/** The toneless syllable of a character, or null when the table does not know it. */
export function soundOf(ch: string): string | null {
  return SOUND.get(ch) ?? null;
}

/** A syllable as north-eastern speech blurs it: zh/ch/sh → z/c/s, n → l, -eng/-ing → -en/-in. */
export function blurred(syllable: string): string {
  return syllable
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n(?=[^g])/, 'l')
    .replace(/eng$/, 'en')
    .replace(/ing$/, 'in');
}

/** How two characters sound to each other: the same character, homophones, alike, or different. */
export function soundRelation(a: string, b: string): 'same' | 'homophone' | 'alike' | 'different' {
  if (a === b) return 'same';
  const sa = soundOf(a);
  const sb = soundOf(b);
  if (sa === null || sb === null) return 'different';
  if (sa === sb) return 'homophone';
  return blurred(sa) === blurred(sb) ? 'alike' : 'different';
}
