import type { CaseDetail } from '../../contracts/cases.ts';
import type { CaseDocumentKind } from '../../contracts/documents.ts';
import { AppError } from '../../kernel/errors.ts';
import { procedureRulesById, type RuleSetId } from '../../workflow/procedure-rules.ts';
import type { NumberedKind } from '../../kernel/document-number.ts';
import { docNumber, type PrintDoc, zhDate, zhTime } from './print-doc.ts';
import { complaintLine, remedy } from './remedy.ts';
import { temporaryDecision, temporaryRecord } from './temporary-documents.ts';

/**
 * The case documents of POLICY.md §5 built from the case as its page shows it. Notices to the applicant name the
 * case, the dates, the program and, where the law wants them, the reasons; none of them repeats the household's
 * income, illness or disability details.
 */
export interface Issuers {
  /** 乡镇人民政府 that accepts and reviews; 县（市）区 that approves. */
  township: string;
  county: string;
  /** 监督投诉电话 of the county (the dated county parameter documents.complaintPhone on the document's day). */
  complaintPhone: string;
  /** The numbers the case's documents were given when issued (the latest of each kind; ADR 0030). */
  numbers: Partial<Record<NumberedKind, string>>;
}

/** The number a document was issued with, or, for one issued before numbering began, its old form marked as such. */
function numberOf(is: Issuers, kind: NumberedKind, oldPrefix: string, c: CaseDetail, id = c.id): string {
  return is.numbers[kind] ?? `${docNumber(oldPrefix, c.countyCode, id)}（原系统编号）`;
}

const PROGRAM_ZH: Record<CaseDetail['kind'], string> = {
  dibao_household: '最低生活保障',
  dibao_individual: '最低生活保障（单人保）',
  tekun: '特困人员救助供养',
  temporary_emergency: '临时救助（急难型）',
  temporary_expenditure: '临时救助（支出型）',
};

function notAvailable(kind: CaseDocumentKind, why: { zh: string; en: string }): AppError {
  return new AppError('DOCUMENT_NOT_AVAILABLE', { zh: `该案件尚无此文书：${why.zh}`, en: `This case has no such document yet: ${why.en}` }, { status: 409, field: 'kind', details: { kind } });
}

const lastOf = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];
const eventOf = (c: CaseDetail, step: string) => lastOf(c.timeline.filter((e) => e.step === step));

/** 受理通知书 */
function acceptance(c: CaseDetail, is: Issuers): PrintDoc {
  const accepted = eventOf(c, 'accept');
  if (!c.acceptedOn || !accepted) throw notAvailable('acceptance', { zh: '申请尚未受理', en: 'the application has not been accepted' });
  const rules = procedureRulesById(c.program, c.ruleSet as RuleSetId);
  const program = PROGRAM_ZH[c.kind];
  return {
    title: `${program}申请受理通知书`,
    number: numberOf(is, 'acceptance', '受理', c),
    filename: `acceptance-${c.id}`,
    blocks: [
      { kind: 'salutation', text: `${c.applicantName}：` },
      { kind: 'para', text: `您${c.kind === 'dibao_household' ? '（家庭）' : ''}于${zhDate(c.appliedOn)}提出的${program}申请，经审查，申请材料齐全，符合受理条件，本机关已于${zhDate(c.acceptedOn)}予以受理。` },
      {
        kind: 'para',
        text: `本机关将自受理之日起${rules.investigationWd}个工作日内组织开展家庭经济状况调查，请您如实提供情况，配合入户调查、邻里走访和家庭经济状况信息核对。调查结果经民主评议、乡镇审核后，将在村（社区）公示${rules.noticeDays}天。`,
      },
      { kind: 'fields', rows: [['申请人', c.applicantName], ['所在村（社区）', c.areaName], ['申请类别', program], ['申请日期', zhDate(c.appliedOn)], ['受理日期', zhDate(c.acceptedOn)], ['经办人', accepted.actorName]] },
      { kind: 'para', text: '特此通知。' },
      { kind: 'sign', lines: [`${is.township}人民政府（盖章）`, zhDate(c.acceptedOn), complaintLine(is.complaintPhone)] },
    ],
    note: `依据：${rules.citation}。本通知书一式两份，申请人和受理机关各执一份。`,
  };
}

/** 一次性告知书 */
function missing(c: CaseDetail, is: Issuers): PrintDoc {
  const m = lastOf(c.records.missing);
  if (!m) throw notAvailable('missing', { zh: '未发出过补齐材料告知', en: 'no list of missing documents was issued' });
  const program = PROGRAM_ZH[c.kind];
  return {
    title: '申请材料补正一次性告知书',
    number: numberOf(is, 'missing', '补正', c),
    filename: `missing-documents-${c.id}`,
    blocks: [
      { kind: 'salutation', text: `${c.applicantName}：` },
      { kind: 'para', text: `您于${zhDate(c.appliedOn)}提出的${program}申请，经审查，申请材料不齐全。现将需要补齐的全部材料一次性告知如下：` },
      { kind: 'list', items: m.items },
      { kind: 'para', text: '请您补齐上述材料后重新提交申请，本机关收到齐全材料后即予受理。如有疑问，请向所在乡镇（街道）社会救助经办窗口咨询。' },
      { kind: 'sign', lines: [`${is.township}人民政府（盖章）`, zhDate(m.requestedOn), complaintLine(is.complaintPhone)] },
    ],
    note: '本告知书一式两份，申请人和受理机关各执一份。',
  };
}

/** 不予批准通知书: the county's refusal, or the township's end of a case the data check showed ineligible. */
function refusal(c: CaseDetail, is: Issuers): PrintDoc {
  const program = PROGRAM_ZH[c.kind];
  let reasons: string[];
  let day: string;
  let issuer: string;
  if (c.decision?.outcome === 'refused') {
    reasons = c.decision.reasons;
    day = c.decision.decidedOn;
    issuer = `${is.county}民政局`;
  } else if (c.state === 'closed_ineligible') {
    const inv = lastOf(c.records.investigations);
    reasons = inv?.dataCheck.reasons ?? [];
    day = inv?.dataCheck.checkedOn ?? c.stateSince;
    issuer = `${is.township}人民政府`;
  } else {
    throw notAvailable('refusal', { zh: '案件未作出不予批准的决定', en: 'the case was not refused' });
  }
  return {
    title: `不予${c.program === 'tekun' ? '认定特困人员' : '批准最低生活保障'}通知书`,
    number: numberOf(is, 'refusal', '不予', c),
    filename: `refusal-${c.id}`,
    blocks: [
      { kind: 'salutation', text: `${c.applicantName}：` },
      { kind: 'para', text: `您${c.kind === 'dibao_household' ? '（家庭）' : ''}于${zhDate(c.appliedOn)}提出的${program}申请，经审核审批，不符合${program}条件，决定不予批准。理由如下：` },
      { kind: 'list', items: reasons.length > 0 ? reasons : ['（未载明理由）'] },
      { kind: 'para', text: remedy(is.county, day) },
      // The approving authority signs, not the caseworker (主体责任 is kept on the internal record sheet).
      { kind: 'sign', lines: [`审批机关：${issuer}（盖章）`, zhDate(day), complaintLine(is.complaintPhone)] },
    ],
    note: '本通知书经乡镇人民政府送达申请人。',
  };
}

/** 批准通知书 (低保证 / 特困供养证 style): who, how many, how much a month, from when, decided by whom. */
function approval(c: CaseDetail, is: Issuers): PrintDoc {
  const d = c.decision;
  // 临时救助: a one-off aid has its decision letter (临时救助决定书), not a monthly benefit's certificate.
  if (c.temporary) {
    const doc = temporaryDecision(c, c.temporary, is);
    if (!doc) throw notAvailable('approval', { zh: '案件尚未批准', en: 'the case is not approved' });
    return doc;
  }
  if (d?.outcome !== 'approved' || !c.enrollment) throw notAvailable('approval', { zh: '案件尚未批准', en: 'the case is not approved' });
  const program = PROGRAM_ZH[c.kind];
  const persons = c.kind === 'dibao_household' ? c.memberCount : 1;
  return {
    title: c.program === 'tekun' ? '特困人员救助供养证' : '最低生活保障证',
    number: numberOf(is, 'approval', c.program === 'tekun' ? '特困' : '低保', c, c.enrollment.id),
    filename: `approval-${c.id}`,
    blocks: [
      { kind: 'salutation', text: `${c.applicantName}：` },
      { kind: 'para', text: `您${c.kind === 'dibao_household' ? '（家庭）' : ''}于${zhDate(c.appliedOn)}提出的${program}申请，经家庭经济状况调查、民主评议、乡镇审核、公示和县级审批，符合条件，决定自${zhDate(c.enrollment.startMonth)}起给予${program}。` },
      {
        kind: 'fields',
        rows: [
          [c.kind === 'dibao_household' ? '户主 / 申请人' : '保障对象', c.applicantName],
          ['所在村（社区）', c.areaName],
          ['保障类别', program],
          ['保障人数', `${persons} 人`],
          ['月保障金额', `${d.amountYuan ?? c.enrollment.monthlyAmountYuan} 元`],
          ['起始月份', zhDate(c.enrollment.startMonth)],
          ['批准日期', zhDate(d.decidedOn)],
          ['审批人', d.deciderName],
        ],
      },
      { kind: 'para', text: '保障金按月发放至您的社会保障卡账户。家庭人口、收入和财产状况发生变化的，请及时向所在乡镇（街道）报告；本机关将定期复核。' },
      { kind: 'sign', lines: [`${is.county}民政局（盖章）`, zhDate(d.decidedOn), complaintLine(is.complaintPhone)] },
    ],
    note: `依据：${procedureRulesById(c.program, c.ruleSet as RuleSetId).citation}。本证由保障对象妥善保管，不得转借。`,
  };
}

/** 审核审批表: the whole procedure on one sheet (internal: for the file, not for the applicant). */
function record(c: CaseDetail, is: Issuers): PrintDoc {
  if (c.temporary) return temporaryRecord(c, c.temporary, is);
  const r = c.records;
  const inv = lastOf(r.investigations);
  const del = lastOf(r.deliberations);
  return {
    title: `${PROGRAM_ZH[c.kind]}审核审批表`,
    ...((is.numbers.approval ?? is.numbers.refusal) ? { number: `决定文号：${is.numbers.approval ?? is.numbers.refusal}` } : {}),
    filename: `record-${c.id}`,
    blocks: [
      {
        kind: 'fields',
        rows: [
          ['申请人', c.applicantName],
          ['所在地', `${is.county} ${is.township} ${c.areaName}`],
          ['家庭人数', `${c.memberCount} 人`],
          ['申请日期', zhDate(c.appliedOn)],
          ['代为申请', c.onBehalf ? '是（村委会代为申请）' : '否'],
          ['近亲属备案', c.staffRelative ? '是' : '否'],
          ['当前状态', c.stateLabel.zh],
          ['拟保障金额（月）', c.proposedAmountYuan ? `${c.proposedAmountYuan} 元` : '—'],
        ],
      },
      { kind: 'heading', text: '家庭经济状况调查' },
      inv
        ? { kind: 'fields', rows: [['调查日期', zhDate(inv.investigatedOn)], ['调查人员', inv.investigators.join('、')], ['入户调查', zhDate(inv.homeVisitOn)], ['邻里走访', `${inv.neighbourVisits} 户`], ['信息核对', `${inv.dataCheck.result === 'eligible' ? '符合' : '不符合'}（${zhDate(inv.dataCheck.checkedOn)}）`]] }
        : { kind: 'para', text: '尚未调查。' },
      { kind: 'heading', text: '民主评议' },
      del
        ? { kind: 'fields', rows: [['评议日期', zhDate(del.heldOn)], ['参加人数', `${del.total} 人，其中村民代表 ${del.representatives} 人`], ['评议结论', del.conclusion === 'agree' ? '同意' : '不同意']] }
        : { kind: 'para', text: '尚未评议。' },
      { kind: 'heading', text: '审核、审批意见' },
      { kind: 'table', head: ['层级', '意见', '签署人', '日期'], widths: [60, '*', 90, 90], rows: r.opinions.map((o) => [o.level === 'township' ? '乡镇' : '县级', o.text, o.byName, zhDate(o.on)]) },
      { kind: 'heading', text: '公示' },
      { kind: 'table', head: ['层级', '公示期', '结果'], rows: r.notices.map((n) => [n.level === 'village' ? '村（社区）' : '县级', `${zhDate(n.postedOn)} 至 ${zhDate(n.endsOn)}`, n.outcome ?? '公示中']) },
      { kind: 'heading', text: '办理过程' },
      { kind: 'table', head: ['时间', '环节', '办理人'], widths: [110, '*', 130], rows: c.timeline.map((e) => [zhTime(e.at), e.stepLabel.zh, e.actorName]) },
      ...(c.decision ? [{ kind: 'fields' as const, rows: [['决定', c.decision.outcome === 'approved' ? `批准，月保障金额 ${c.decision.amountYuan ?? '—'} 元` : '不予批准'], ['决定人', c.decision.deciderName], ['决定日期', zhDate(c.decision.decidedOn)]] as [string, string][] }] : []),
    ],
    note: '内部审批材料，按档案管理规定保存，不得对外公开。',
  };
}

export function buildCaseDocument(kind: CaseDocumentKind, c: CaseDetail, issuers: Issuers): PrintDoc {
  switch (kind) {
    case 'acceptance':
      return acceptance(c, issuers);
    case 'missing':
      return missing(c, issuers);
    case 'refusal':
      return refusal(c, issuers);
    case 'approval':
      return approval(c, issuers);
    case 'record':
      return record(c, issuers);
    case 'home_visit':
    case 'deliberation':
      // The forms are built by render-document.ts with the household (blank-forms.ts).
      throw notAvailable(kind, { zh: '表格另行生成', en: 'forms are built elsewhere' });
  }
}
