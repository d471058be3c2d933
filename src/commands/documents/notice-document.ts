import type { PublicNoticeList } from '../../contracts/cases.ts';
import { type PrintDoc, zhDate } from './print-doc.ts';

/**
 * 公示名单 as posted on the village (or county) notice board: name, number of members and amount only, the ID number
 * masked (POLICY.md §5, §10). Built from the public-notice list, which carries nothing else, so income, illness or
 * disability cannot reach the paper even by mistake.
 */
const PROGRAM_ZH = { dibao: '最低生活保障', tekun: '特困人员救助供养', temporary: '临时救助' } as const;

export function buildNoticeDocument(list: PublicNoticeList, areaName: string, today: string): PrintDoc {
  const village = list.level === 'village';
  const programs = [...new Set(list.items.map((i) => i.program))];
  const title = `${areaName}${programs.length === 1 ? PROGRAM_ZH[programs[0]] : '最低生活保障和特困人员救助供养'}${village ? '审核' : '审批'}公示`;
  const periods = [...new Set(list.items.map((i) => `${zhDate(i.postedOn)}至${zhDate(i.endsOn)}`))];
  return {
    title,
    landscape: true,
    filename: `public-notice-${list.level}-${today}`,
    blocks: [
      {
        kind: 'para',
        text: `根据社会救助审核审批有关规定，经家庭经济状况调查、民主评议${village ? '和乡镇人民政府审核' : '、乡镇人民政府审核和县级民政部门审批'}，现将以下拟${village ? '纳入' : '批准'}人员予以公示${periods.length > 0 ? `，公示期：${periods.join('；')}` : ''}。如有异议，请在公示期内向${village ? '乡镇人民政府或村（居）民委员会' : '县级民政部门'}反映。`,
      },
      {
        kind: 'table',
        head: ['序号', '村（社区）', '类别', '姓名', '身份证号', '保障人数', '拟保障金额（元/月）', '公示截止'],
        widths: [30, '*', 80, 60, 120, 50, 80, 80],
        rows: list.items.map((i, n) => [String(n + 1), i.areaName, PROGRAM_ZH[i.program], i.name, i.idNumberMasked, `${i.memberCount}`, i.amountYuan ?? '—', zhDate(i.endsOn)]),
      },
      { kind: 'para', text: `共 ${list.items.length} 户（人）。公示内容仅限姓名、保障人数和拟保障金额，身份证号已隐去部分数字。` },
      { kind: 'sign', lines: [village ? '乡镇人民政府（盖章）' : '县（市）区民政局（盖章）', zhDate(today)] },
    ],
    note: '监督举报：对公示对象有异议的，可实名或匿名向公示单位反映，受理单位将依法核查并为举报人保密。',
  };
}
