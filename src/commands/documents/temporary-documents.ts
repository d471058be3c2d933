import type { CaseDetail } from '../../contracts/cases.ts';
import { LEVEL_WORDS } from '../../contracts/temporary.ts';
import { docNumber, type PrintDoc, zhDate, zhTime } from './print-doc.ts';
import { complaintLine, remedy } from './remedy.ts';

/**
 * 临时救助 documents (issue 13 point 8, ADR 0037): the decision letter (临时救助决定书) given to the recipient and the
 * approval form (临时救助审批表) for the file. Built from the case as its page shows it; no illness detail (the event is
 * named in the recipient's own few words, the evidence stays in the attachments).
 */
interface Issuers {
  township: string;
  county: string;
  complaintPhone: string;
  numbers: Partial<Record<string, string>>;
}

type Aid = NonNullable<CaseDetail['temporary']>;
const yuan = (s: string | null | undefined) => (s ? `${s} 元` : '—');
const STAGE_ZH: Record<Aid['stages'][number]['status'], string> = { planned: '待发放', paid_first: '已先行支付', in_batch: '发放中', held: '暂缓发放（缺少银行账号）', paid: '已发放', failed: '发放失败' };

/** Who approved: the township up to its ceiling, the county above it (and after 一事一议 above the normal maximum). */
function approverOf(a: Aid, is: Issuers): string {
  return a.approvalLevel === 'township' ? `${is.township}人民政府` : `${is.county}民政局`;
}

/** 临时救助决定书: the aid granted, its amount, what was paid first, the stages; or nothing before the approval. */
export function temporaryDecision(c: CaseDetail, a: Aid, is: Issuers): PrintDoc | null {
  const d = c.decision;
  if (d?.outcome !== 'approved') return null;
  const stages = a.stages.map((s) => [`第 ${s.n} 次`, zhDate(s.payOn), yuan(s.amountYuan), STAGE_ZH[s.status]]);
  return {
    title: '临时救助决定书',
    number: is.numbers.approval ?? docNumber('临救', c.countyCode, c.id),
    filename: `temporary-decision-${c.id}`,
    blocks: [
      { kind: 'salutation', text: `${c.applicantName}：` },
      {
        kind: 'para',
        text: a.assistedFirst
          ? `您家于${zhDate(a.eventDate)}遭遇${a.categoryLabel.zh}，本机关已于${zhDate(a.paidFirstOn ?? d.decidedOn)}先行给予救助。经补办手续、调查核实和审批，决定给予临时救助${yuan(a.approvedYuan)}（含已先行支付的${yuan(a.paidFirstYuan)}）。`
          : `您于${zhDate(c.appliedOn)}提出的临时救助申请（${a.categoryLabel.zh}），经调查核实和审批，决定给予临时救助${yuan(a.approvedYuan)}。`,
      },
      {
        kind: 'fields',
        rows: [
          ['救助对象', c.applicantName],
          ['所在村（社区）', c.areaName],
          ['救助类别', `${c.kind === 'temporary_emergency' ? '急难型' : '支出型'} · ${a.categoryLabel.zh}`],
          ['事件日期', zhDate(a.eventDate)],
          ['救助金额', yuan(a.approvedYuan)],
          ['审批层级', a.approvalLevel ? LEVEL_WORDS[a.approvalLevel].zh : '—'],
          ['批准日期', zhDate(d.decidedOn)],
          ['审批人', d.deciderName],
        ],
      },
      ...(stages.length > 0 ? [{ kind: 'heading' as const, text: '发放安排' }, { kind: 'table' as const, head: ['批次', '发放日期', '金额', '状态'], rows: stages }] : []),
      { kind: 'para', text: '临时救助金发放至您的社会保障卡账户。' },
      { kind: 'para', text: remedy(is.county, d.decidedOn) },
      { kind: 'sign', lines: [`${approverOf(a, is)}（盖章）`, zhDate(d.decidedOn), complaintLine(is.complaintPhone)] },
    ],
    note: `依据：${c.ruleSetCitation}。`,
  };
}

/** 临时救助审批表: the event, the need, the level, assist first and its paperwork, 一事一议, opinions, stages, the steps. */
export function temporaryRecord(c: CaseDetail, a: Aid, is: Issuers): PrintDoc {
  const inv = c.records.investigations.at(-1);
  return {
    title: '临时救助审批表',
    ...((is.numbers.approval ?? is.numbers.refusal) ? { number: `决定文号：${is.numbers.approval ?? is.numbers.refusal}` } : {}),
    filename: `temporary-record-${c.id}`,
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['救助对象', c.applicantName],
          ['所在地', `${is.county} ${is.township} ${c.areaName}`],
          ['家庭人数', `${c.memberCount} 人`],
          ['建档立卡', a.registeredPoor ? '是' : '否'],
          ['救助类别', `${c.kind === 'temporary_emergency' ? '急难型' : '支出型'} · ${a.categoryLabel.zh}`],
          ['事件', `${zhDate(a.eventDate)} ${a.eventNote}`],
          ['救助需求', yuan(a.needYuan)],
          ['核定金额', yuan(a.proposedYuan)],
          ['一般最高额', yuan(a.maximumYuan)],
          ['审批层级', a.approvalLevel ? LEVEL_WORDS[a.approvalLevel].zh : '尚未核定'],
          ['当前状态', c.stateLabel.zh],
        ],
      },
      { kind: 'heading', text: '先行救助' },
      a.assistedFirst
        ? {
            kind: 'fields',
            rows: [
              ['先行支付', `${yuan(a.paidFirstYuan)}（${zhDate(a.paidFirstOn ?? '')}，${a.paidFirstByName ?? '—'}）`],
              ['理由', a.paidFirstReason ?? '—'],
              ['补办期限', zhDate(a.paperworkDue ?? '')],
              ['补办日期', a.paperworkDoneOn ? zhDate(a.paperworkDoneOn) : a.paperworkOverdue ? '已逾期，尚未补办' : '尚未补办'],
            ],
          }
        : { kind: 'para', text: '未先行救助，按申请程序办理。' },
      { kind: 'heading', text: '调查核实' },
      inv
        ? { kind: 'fields', rows: [['调查日期', zhDate(inv.investigatedOn)], ['调查人员', inv.investigators.join('、')], ['入户调查', zhDate(inv.homeVisitOn)], ['信息核对', `${inv.dataCheck.result === 'eligible' ? '符合' : '不符合'}（${zhDate(inv.dataCheck.checkedOn)}）`]] }
        : { kind: 'para', text: '尚未调查。' },
      ...(a.collectiveDecisions.length > 0
        ? [
            { kind: 'heading' as const, text: '一事一议' },
            {
              kind: 'table' as const,
              head: ['日期', '应到/实到/同意', '决定', '金额', '记录人'],
              widths: [80, 90, '*', 70, 70] as (number | '*')[],
              rows: a.collectiveDecisions.map((d) => [zhDate(d.decidedOn), `${d.members}/${d.present}/${d.inFavour}`, d.decision, yuan(d.amountYuan), d.recordedByName]),
            },
          ]
        : []),
      { kind: 'heading', text: '审核、审批意见' },
      { kind: 'table', head: ['层级', '意见', '签署人', '日期'], widths: [60, '*', 90, 90], rows: c.records.opinions.map((o) => [o.level === 'township' ? '乡镇' : '县级', o.text, o.byName, zhDate(o.on)]) },
      ...(a.stages.length > 0
        ? [{ kind: 'heading' as const, text: '发放安排' }, { kind: 'table' as const, head: ['批次', '发放日期', '金额', '状态'], rows: a.stages.map((s) => [`第 ${s.n} 次`, zhDate(s.payOn), yuan(s.amountYuan), STAGE_ZH[s.status]]) }]
        : []),
      { kind: 'heading', text: '办理过程' },
      { kind: 'table', head: ['时间', '环节', '办理人'], widths: [110, '*', 130], rows: c.timeline.map((e) => [zhTime(e.at), e.stepLabel.zh, e.actorName]) },
      ...(c.decision
        ? [{ kind: 'fields' as const, rows: [['决定', c.decision.outcome === 'approved' ? `批准，救助金额 ${yuan(a.approvedYuan)}` : '不予批准'], ['决定人', c.decision.deciderName], ['决定日期', zhDate(c.decision.decidedOn)], ...(Number(a.recoveryYuan) > 0 ? [['应追回', yuan(a.recoveryYuan)]] : [])] as [string, string][] }]
        : []),
    ],
    note: '内部审批材料，按档案管理规定保存，不得对外公开。',
  };
}
