import type { HouseholdDetail } from '../../contracts/registry.ts';
import { DISABILITY_KINDS, INCOME_KINDS, LABOR_CAPACITIES } from '../../rules/explain/words.ts';
import type { PrintDoc } from './print-doc.ts';

/**
 * Printable forms filled in by hand (ADR 0030): 入户调查表 (the home visit: household, members, incomes, assets, housing,
 * signed by two investigators and the applicant) and 村（居）民主评议记录 (the village deliberation: date, place,
 * participants, votes, opinion, signatures). Printed from a case, they carry the household as the registry holds it
 * (ID numbers and phone masked); printed from the case list, they are blank.
 */
export interface FormHousehold {
  applicantName: string;
  /** County, township, village. */
  place: string;
  household: HouseholdDetail | null;
}

const LINE = '＿＿＿＿＿＿＿＿＿＿';
const SHORT = '＿＿＿＿';
const DAY = '＿＿＿＿年＿＿月＿＿日';
const RELATION: Record<string, string> = { head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙子女', grandparent: '祖父母', sibling: '兄弟姐妹', other: '其他' };
const ASSET: Record<string, string> = { financial: '金融资产', vehicle: '机动车辆', house: '房产', other: '其他财产' };
/** A cell to write in: an ideographic space, so that an empty row keeps a line's height on paper. */
const EMPTY = '\u3000';
const blankRows = (n: number, cols: number, numbered = true) => Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, j) => (numbered && j === 0 ? String(i + 1) : EMPTY)));
const at = (s: string | null | undefined) => s || LINE;

export function buildHomeVisitForm(h: FormHousehold | null): PrintDoc {
  const hh = h?.household ?? null;
  const memberName = new Map(hh?.members.map((m) => [m.id, m.name]) ?? []);
  return {
    title: '社会救助家庭经济状况入户调查表',
    filename: h ? 'home-visit-form' : 'home-visit-form-blank',
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['申请人（户主）', at(h?.applicantName)],
          ['所在地', at(h?.place)],
          ['家庭住址', at(hh?.address)],
          ['联系电话', at(hh?.phone)],
          ['户籍类型', hh ? (hh.hukouType === 'rural' ? '农村户籍' : '城镇户籍') : '□农村户籍　□城镇户籍'],
          ['共同生活家庭人口', hh ? `${hh.members.length} 人` : `${SHORT}人`],
        ],
      },
      { kind: 'heading', text: '一、家庭成员' },
      {
        kind: 'table',
        head: ['序号', '姓名', '与户主关系', '性别', '出生日期', '身份证号', '劳动能力', '健康及残疾状况', '核实情况'],
        widths: [28, 52, 52, 30, 62, '*', 60, 70, 60],
        rows: hh
          ? [
              ...hh.members.map((m, i) => [
                String(i + 1),
                m.name,
                RELATION[m.relation] ?? m.relation,
                m.sex === 'M' ? '男' : '女',
                m.birthDate,
                m.idNumber,
                LABOR_CAPACITIES[m.laborCapacity]?.zh ?? '',
                [m.disabilityKind ? `${DISABILITY_KINDS[m.disabilityKind]?.zh ?? ''}${m.disabilityGrade ? `${m.disabilityGrade}级` : ''}` : '', m.seriousIllness ? '重病' : ''].filter(Boolean).join('、') || '健康',
                EMPTY,
              ]),
              ...blankRows(2, 9).map((r, i) => [String(hh.members.length + i + 1), ...r.slice(1)]),
            ]
          : blankRows(6, 9),
      },
      { kind: 'heading', text: '二、家庭收入（近12个月）' },
      {
        kind: 'table',
        head: ['收入类型', '取得人', '登记金额（元/年）', '核实金额（元/年）', '说明'],
        widths: [110, 70, 90, 90, '*'],
        rows: [
          ...(hh?.incomes.map((x) => [INCOME_KINDS[x.kind]?.zh ?? x.kind, x.personId ? (memberName.get(x.personId) ?? '') : '家庭', x.annualYuan, EMPTY, x.note ?? EMPTY]) ?? []),
          ...blankRows(hh ? 2 : 5, 5, false),
        ],
      },
      { kind: 'heading', text: '三、家庭财产' },
      {
        kind: 'table',
        head: ['财产类型', '数量', '登记价值（元）', '核实价值（元）', '说明'],
        widths: [110, 50, 90, 90, '*'],
        rows: [...(hh?.assets.map((a) => [ASSET[a.kind] ?? a.kind, String(a.quantity), a.valueYuan, EMPTY, a.note ?? EMPTY]) ?? []), ...blankRows(hh ? 2 : 4, 5, false)],
      },
      { kind: 'heading', text: '四、住房情况' },
      {
        kind: 'fields',
        rows: [
          ['住房性质', '□自有　□租住　□借住　□其他'],
          ['建筑面积', `${SHORT}平方米`],
          ['房屋结构及状况', LINE],
          ['主要生活用品及生活状况', LINE],
        ],
      },
      { kind: 'heading', text: '五、调查意见' },
      { kind: 'para', text: `${LINE}${LINE}${LINE}` },
      { kind: 'sign', lines: [`调查人员（签字）：${SHORT}${SHORT}　${SHORT}${SHORT}`, `申请人（签字）：${SHORT}${SHORT}`, `调查日期：${DAY}`] },
    ],
    note: '入户调查由两名以上工作人员进行，调查人员和申请人在本表签字确认（《最低生活保障审核审批办法（试行）》（民发〔2012〕220号）家庭经济状况调查的规定）。',
  };
}

export function buildDeliberationForm(h: FormHousehold | null): PrintDoc {
  return {
    title: '村（居）民主评议记录',
    filename: h ? 'deliberation-record' : 'deliberation-record-blank',
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['评议对象（申请人）', at(h?.applicantName)],
          ['所在地', at(h?.place)],
          ['评议日期', DAY],
          ['评议地点', LINE],
          ['主持人', LINE],
          ['记录人', LINE],
        ],
      },
      { kind: 'heading', text: '一、参加人员' },
      {
        kind: 'fields',
        rows: [
          ['参加人数', `${SHORT}人`],
          ['其中村（居）民代表', `${SHORT}人（不少于参加人数的三分之二）`],
          ['乡镇（街道）工作人员', LINE],
        ],
      },
      { kind: 'table', head: ['序号', '姓名', '身份（村民代表 / 村“两委”成员 / 工作人员）', '签字'], widths: [30, 80, '*', 100], rows: blankRows(12, 4) },
      { kind: 'heading', text: '二、表决情况' },
      { kind: 'fields', rows: [['同意', `${SHORT}票`], ['不同意', `${SHORT}票`], ['弃权', `${SHORT}票`]] },
      { kind: 'heading', text: '三、评议意见' },
      { kind: 'para', text: `□同意　□不同意　纳入救助。主要意见：${LINE}${LINE}${LINE}` },
      { kind: 'sign', lines: [`主持人（签字）：${SHORT}${SHORT}`, `记录人（签字）：${SHORT}${SHORT}`, `乡镇（街道）工作人员（签字）：${SHORT}${SHORT}`, '村（居）民委员会（盖章）', DAY] },
    ],
    note: '民主评议由乡镇人民政府（街道办事处）工作人员组织，村（居）民代表不少于参加人数的三分之二；评议结论由参加人员签字（《最低生活保障审核审批办法（试行）》（民发〔2012〕220号）民主评议的规定）。',
  };
}
