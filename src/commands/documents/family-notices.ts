import type { FamilyNoticeKind } from '../../contracts/enrollments.ts';
import { formatYuan } from '../../kernel/money.ts';
import { addMonths, type PlainMonth } from '../../kernel/plain-date.ts';
import type { NoticeContent } from '../shared/issue-document.ts';
import { type PrintDoc, zhDate } from './print-doc.ts';
import { complaintLine, remedy } from './remedy.ts';

/**
 * 终止 / 暂停 / 变更救助通知书 (ADR 0030): the county's notice to the family of a decided change, built from what was
 * frozen when the change was decided (the decision, the reasons, the month, the amounts), under the number it was
 * given then. Signed by the county civil-affairs bureau with the complaint telephone; it names no caseworker.
 */
export interface FamilyNoticeFacts {
  id: string;
  kind: FamilyNoticeKind;
  number: string;
  issuedOn: string;
  content: NoticeContent;
  unit: 'household' | 'individual';
  /** The head of the household, or the person supported. */
  recipient: string;
  areaName: string;
  county: string;
  complaintPhone: string;
}

const PROGRAM_ZH = { dibao: '最低生活保障', tekun: '特困人员救助供养' } as const;
const TITLE: Record<FamilyNoticeKind, string> = { termination: '终止救助通知书', suspension: '暂停救助通知书', change: '变更救助通知书' };

const yuan = (fen: number) => `${formatYuan(fen)} 元`;
/** A reason as the family reads it: the engine's code prefix (`GRADUAL_EXIT: …`) left out. */
const plain = (r: string) => r.replace(/^[A-Z][A-Z0-9_.]*:\s*/, '');

function decisionText(f: FamilyNoticeFacts): { text: string; what: string } {
  const c = f.content;
  const program = PROGRAM_ZH[c.program];
  const you = f.unit === 'household' ? '您（家庭）' : '您';
  switch (f.kind) {
    case 'termination': {
      const end = (c.endMonth ?? c.month) as PlainMonth;
      if (c.gradualMonths > 0) {
        const last = addMonths(end, -1);
        return {
          text: `经审核，${you}已不再符合${program}条件。本机关决定给予${c.gradualMonths}个月渐退期（${zhDate(c.month)}至${zhDate(last)}，月发放 ${yuan(c.afterFen)}），自${zhDate(end)}起终止${program}。`,
          what: `渐退${c.gradualMonths}个月后终止`,
        };
      }
      return { text: `经审核，${you}已不再符合${program}条件，本机关决定自${zhDate(end)}起终止${program}，停止发放保障金。`, what: '终止' };
    }
    case 'suspension':
      return { text: `经审核，本机关决定自${zhDate(c.month)}起暂停发放${you}的${program}金，待有关情况核实后再作决定。`, what: '暂停发放' };
    case 'change':
      if (c.statusBefore === 'suspended') {
        return { text: `经审核，本机关决定自${zhDate(c.month)}起恢复发放${you}的${program}金，月保障金额为 ${yuan(c.afterFen)}。`, what: '恢复发放' };
      }
      return {
        text: `经审核，本机关决定自${zhDate(c.month)}起将${you}的${program}月保障金额由 ${yuan(c.beforeFen)} 调整为 ${yuan(c.afterFen)}。`,
        what: c.afterFen > c.beforeFen ? '增发' : '减发',
      };
  }
}

export function buildFamilyNotice(f: FamilyNoticeFacts): PrintDoc {
  const c = f.content;
  const { text, what } = decisionText(f);
  const reasons = c.reasons.map(plain).filter((r) => r.length > 0);
  return {
    title: TITLE[f.kind],
    number: f.number,
    filename: `${f.kind}-notice-${f.id}`,
    blocks: [
      { kind: 'salutation', text: `${f.recipient}：` },
      { kind: 'para', text: `${text}理由如下：` },
      { kind: 'list', items: reasons.length > 0 ? reasons : ['（未载明理由）'] },
      {
        kind: 'fields',
        rows: [
          [f.unit === 'household' ? '户主' : '保障对象', f.recipient],
          ['所在村（社区）', f.areaName],
          ['保障类别', PROGRAM_ZH[c.program]],
          ['决定', what],
          ['生效月份', zhDate(c.month)],
          ['原月保障金额', yuan(c.beforeFen)],
          ['调整后月保障金额', yuan(f.kind === 'termination' && c.gradualMonths === 0 ? 0 : c.afterFen)],
        ],
      },
      { kind: 'para', text: remedy(f.county, f.issuedOn) },
      { kind: 'sign', lines: [`${f.county}民政局（盖章）`, zhDate(f.issuedOn), complaintLine(f.complaintPhone)] },
    ],
    note: '本通知书一式两份，保障对象和县级民政部门各执一份，经乡镇人民政府（街道办事处）送达。',
  };
}
