/** Citations of the clauses rules rest on (labels as in POLICY.md). Parameter values carry their own. */
const PLAN = '铁市民发〔2019〕45号';
export const CITE = {
  plan1: `${PLAN} 二(一)`,
  plan2: `${PLAN} 二(二)`,
  plan3: `${PLAN} 二(三)`,
  plan4: `${PLAN} 二(四)`,
  nat2012: '民发〔2012〕220号《最低生活保障审核审批办法（试行）》',
  nat2014: '国发〔2014〕47号《国务院关于全面建立临时救助制度的通知》',
  nat2016: '民发〔2016〕178号《特困人员认定办法》',
  nat2018: '民发〔2018〕23号《关于进一步加强和改进临时救助工作的意见》',
  nat2021Dibao: '民发〔2021〕57号《最低生活保障审核确认办法》',
  nat2021Tekun: '民发〔2021〕43号《特困人员认定办法》',
  reg: '《社会救助暂行办法》（国务院令第649号）',
  policy2: 'POLICY.md §2：四舍五入到分，每个报告数字只舍入一次',
} as const;
