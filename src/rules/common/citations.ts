import type { BilingualMessage } from '../../kernel/errors.ts';

/**
 * The documents rules and parameters rest on, and the one mapping from the internal source ids the code and the
 * policy files use (`nat-2012`, the plan's clauses, the specification's "POLICY.md §3") to real document citations
 * (number, title, clause). Rules cite through `CITE`; everything shown to a user goes through `presentCitation`,
 * so a citation frozen in an old decision or term (written when reasons still said "POLICY.md §8") reads right too.
 */
export interface SourceDocument {
  /** 文号, e.g. 铁市民发〔2019〕45号. */
  number: string;
  /** The title in 《》. */
  title: string;
}

export const DOCUMENTS = {
  plan: { number: '铁市民发〔2019〕45号', title: '《铁岭市民政局关于在脱贫攻坚三年行动中切实做好社会救助兜底保障工作的实施方案》' },
  'nat-2012': { number: '民发〔2012〕220号', title: '《最低生活保障审核审批办法（试行）》' },
  'nat-2014': { number: '国发〔2014〕47号', title: '《国务院关于全面建立临时救助制度的通知》' },
  'nat-2016': { number: '民发〔2016〕178号', title: '《特困人员认定办法》' },
  'nat-2018': { number: '民发〔2018〕23号', title: '《关于进一步加强和改进临时救助工作的意见》' },
  'nat-2021-dibao': { number: '民发〔2021〕57号', title: '《最低生活保障审核确认办法》' },
  'nat-2021-tekun': { number: '民发〔2021〕43号', title: '《特困人员认定办法》' },
  reg: { number: '国务院令第649号', title: '《社会救助暂行办法》' },
} as const satisfies Record<string, SourceDocument>;

export type DocumentId = keyof typeof DOCUMENTS;

/** "民发〔2012〕220号《最低生活保障审核审批办法（试行）》", with a clause after it when given. */
export function documentCitation(id: DocumentId, clause?: string): string {
  const d: SourceDocument = DOCUMENTS[id];
  if (id === 'plan') return clause ? `${d.number} ${clause}` : `${d.number}${d.title}`;
  if (id === 'reg') return `${d.title}（${d.number}）${clause ? ` ${clause}` : ''}`;
  return `${d.number}${d.title}${clause ? ` ${clause}` : ''}`;
}

/** Citations of the clauses rules rest on. Parameter values carry their own (policy/tieling/**.yaml `reference`). */
export const CITE = {
  plan1: documentCitation('plan', '二(一)'),
  plan2: documentCitation('plan', '二(二)'),
  plan3: documentCitation('plan', '二(三)'),
  plan4: documentCitation('plan', '二(四)'),
  nat2012: documentCitation('nat-2012'),
  nat2014: documentCitation('nat-2014'),
  nat2016: documentCitation('nat-2016'),
  nat2018: documentCitation('nat-2018'),
  nat2021Dibao: documentCitation('nat-2021-dibao'),
  nat2021Tekun: documentCitation('nat-2021-tekun'),
  reg: documentCitation('reg'),
  /** Not a document: how this system rounds (each reported figure half-up to the fen, once). */
  rounding: '本系统计算规则：金额四舍五入到分，每个数字只舍入一次',
} as const;

const ROUNDING: BilingualMessage = { zh: CITE.rounding, en: 'how this system computes: amounts are rounded half-up to the fen, once per figure' };

/**
 * The rule versions a trace names (`rule`, `income.rule`: the version of a dated rule in force) and the document
 * each one is. Tekun's `nat-2021` is the 2021 tekun rules, the income rule's the 2021 dibao rules.
 */
export const RULE_VERSIONS: Record<string, Partial<Record<'tekun' | 'income', DocumentId>> & { default: DocumentId }> = {
  'nat-2012': { default: 'nat-2012' },
  'nat-2016': { default: 'nat-2016' },
  'nat-2021': { default: 'nat-2021-dibao', tekun: 'nat-2021-tekun' },
};

/**
 * Sections of the project's specification (POLICY.md, an internal document users do not have) and the documents
 * each rests on. `demo` is its §11, the demo defaults; `rounding` its §2, this system's own arithmetic.
 */
const SPEC_SECTIONS: Record<number, string[] | 'demo' | 'rounding'> = {
  1: [CITE.plan1],
  2: 'rounding',
  3: [`${DOCUMENTS.plan.number} 二(一)、二(二)`, CITE.nat2012],
  4: [CITE.plan1, CITE.nat2016],
  5: [`${DOCUMENTS.plan.number} 二(一)、二(二)`, CITE.nat2012, CITE.nat2016],
  6: [`${DOCUMENTS.plan.number} 二(一)、二(二)`, CITE.nat2012],
  7: [CITE.plan3, CITE.nat2014, CITE.nat2018],
  8: [CITE.plan4],
  9: [`${DOCUMENTS.plan.number} 二(一)、二(二)`],
  10: [`${DOCUMENTS.plan.number} 三(三)、三(四)`],
  11: 'demo',
};

/** How a demo default (示例值, `illustrative: true`) is announced wherever its citation is shown. */
export const DEMO_NOTICE: BilingualMessage = {
  zh: '示例值：演示用的默认值，不是政策规定，须由县（市）区按本地规定设定',
  en: 'Demo value: a default for demonstration, not policy — the county must set it',
};

const SPEC_REF = /\(?\s*POLICY\.md\s*((?:§\s*\d+(?:\s*step\s*\d+)?[\s,，、]*)+)\)?/g;
const DEMO_PREFIX = /^示例值\s*(?:illustrative demo default)?\s*/;
/** A real document: a 文号 (…〔2019〕45号, 国务院令第649号) or a title in 《》. */
const REAL_DOCUMENT = /〔\d{4}〕\d+号|令第\d+号|《[^》]+》/;

/**
 * A citation as stored (by a rule, a policy file or an administrator) → what a reader is shown: references to
 * the internal specification replaced by the documents they stand for (or dropped where the citation already
 * names a real document), and a demo default said to be one, plainly. Pure and total: text it does not recognise
 * is shown as it is.
 */
export function presentCitation(raw: string, opts: { illustrative?: boolean } = {}): BilingualMessage {
  let text = raw.trim();
  let demo = opts.illustrative === true;
  const prefix = DEMO_PREFIX.exec(text);
  if (prefix) {
    demo = true;
    text = text.slice(prefix[0].length);
  }
  const sections: number[] = [];
  text = text.replace(SPEC_REF, (_, refs: string) => {
    for (const m of refs.matchAll(/§\s*(\d+)/g)) sections.push(Number(m[1]));
    return '';
  });
  let rounding = false;
  for (const s of sections) {
    const docs = SPEC_SECTIONS[s];
    if (docs === 'demo') demo = true;
    else if (docs === 'rounding') rounding = true;
  }
  // What is left of the text, in parts (a reference may have stood alone between two ；).
  const parts = text
    .split(/[；;]/)
    .map((p) => p.trim().replace(/^[：:]\s*/, ''))
    .filter((p) => p.length > 0)
    .filter((p) => {
      if (p === CITE.rounding || /^四舍五入到分/.test(p)) {
        rounding = true;
        return false;
      }
      return true;
    });
  // A section stands for its documents only where nothing else is cited: beside a real document it adds nothing, and
  // a demo value rests on no document at all.
  const named = parts.some((p) => REAL_DOCUMENT.test(p));
  if (!named && !demo) {
    for (const s of sections) {
      const docs = SPEC_SECTIONS[s];
      if (Array.isArray(docs)) for (const d of docs) if (!parts.includes(d)) parts.push(d);
    }
  }
  const body = parts.join('；');
  const zh: string[] = [];
  const en: string[] = [];
  if (demo) {
    zh.push(DEMO_NOTICE.zh);
    en.push(DEMO_NOTICE.en);
  }
  if (body) {
    zh.push(body);
    en.push(body);
  }
  if (rounding) {
    zh.push(ROUNDING.zh);
    en.push(ROUNDING.en);
  }
  if (zh.length === 0) return { zh: raw, en: raw };
  return { zh: zh.join('；'), en: en.join('; ') };
}

/** The document a rule version (`nat-2016`…) stands for, as a citation; the version itself when unknown. */
export function ruleVersionCitation(version: string, rule: 'tekun' | 'income'): string {
  const v = RULE_VERSIONS[version];
  if (!v) return version;
  return documentCitation(v[rule] ?? v.default);
}
