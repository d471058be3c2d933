import { AppError } from '../kernel/errors.ts';
import type { PlainDate } from '../kernel/plain-date.ts';
import { byEffectiveDate } from '../rules/common/by-effective-date.ts';
import { CITE } from '../rules/common/citations.ts';
import type { CaseProgram } from './case-types.ts';

/**
 * The procedure's clock as dated rule sets (STYLE.md: a change in the law is a new dated rule). A case keeps the
 * rule set in force on the day it was filed, recorded on the case, so a later change never moves its deadlines.
 * Durations are working days (WD) on the official calendar, notices calendar days.
 */
export const RULE_SET_IDS = ['nat-2012', 'nat-2016', 'nat-2021', 'nat-2014'] as const;
export type RuleSetId = (typeof RULE_SET_IDS)[number];

export interface ProcedureRules {
  id: RuleSetId;
  program: CaseProgram;
  citation: string;
  /** 家庭经济状况调查 from acceptance (or from the return to investigation); null: our sources set none. */
  investigationWd: number | null;
  /** 民主评议 from the investigation record (temporary aid: the township's review or approval). */
  deliberationWd: number | null;
  /** 县级审批意见 from the case reaching the county. */
  countyOpinionWd: number | null;
  /** Decision after the county notice ends. */
  decisionAfterNoticeWd: number;
  /** Tekun: the county decides within this many WD of receiving the case (opinion, notice and decision together). */
  countyDecisionWd: number | null;
  /** After an objection to the county notice: re-investigate and decide within this many WD of the objection. */
  decisionAfterObjectionWd: number;
  /** 公示 length in calendar days (village and county). */
  noticeDays: number;
  /** nat-2021: the whole procedure within this many WD of acceptance. */
  totalWd: number | null;
  /** County home-visit spot check: at least this share of a batch (staff relatives and contested cases always). */
  spotCheckRate: { num: number; den: number };
}

const THIRTY_PERCENT = { num: 3, den: 10 };

/** 民发〔2012〕220号《最低生活保障审核审批办法（试行）》. */
export const NAT_2012: ProcedureRules = {
  id: 'nat-2012',
  program: 'dibao',
  citation: CITE.nat2012,
  investigationWd: 10,
  deliberationWd: 5,
  countyOpinionWd: 5,
  decisionAfterNoticeWd: 3,
  countyDecisionWd: null,
  decisionAfterObjectionWd: 20,
  noticeDays: 7,
  totalWd: null,
  spotCheckRate: THIRTY_PERCENT,
};

/** 民发〔2016〕178号《特困人员认定办法》: 20 WD for the investigation and for the county's decision. */
export const NAT_2016: ProcedureRules = {
  id: 'nat-2016',
  program: 'tekun',
  citation: CITE.nat2016,
  investigationWd: 20,
  deliberationWd: 5,
  countyOpinionWd: 20,
  decisionAfterNoticeWd: 3,
  countyDecisionWd: 20,
  decisionAfterObjectionWd: 20,
  noticeDays: 7,
  totalWd: null,
  spotCheckRate: THIRTY_PERCENT,
};

/**
 * 2021-07-01 《最低生活保障审核确认办法》/《特困人员认定办法》: the step durations carry over, and the whole
 * procedure must end within 30 WD of acceptance, which caps every step's due date.
 */
export const NAT_2021_DIBAO: ProcedureRules = {
  ...NAT_2012,
  id: 'nat-2021',
  citation: CITE.nat2021Dibao,
  totalWd: 30,
};

export const NAT_2021_TEKUN: ProcedureRules = {
  ...NAT_2016,
  id: 'nat-2021',
  citation: CITE.nat2021Tekun,
  totalWd: 30,
};

/**
 * 国发〔2014〕47号《关于全面建立临时救助制度的通知》 with 民发〔2018〕23号: temporary aid (ADR 0037). Neither sets a number of
 * working days for the investigation, the township's review or the county's decision, so these steps have no deadline
 * (ADR 0006: shown as none); the one clock is the emergency's paperwork after assisting first (补办手续), a county
 * parameter (`temporary.paperwork.deadlineWorkingDays`), set on the case by the command that pays first. No notices.
 */
export const NAT_2014_TEMPORARY: ProcedureRules = {
  id: 'nat-2014',
  program: 'temporary',
  citation: CITE.nat2014,
  investigationWd: null,
  deliberationWd: null,
  countyOpinionWd: null,
  decisionAfterNoticeWd: 0,
  countyDecisionWd: null,
  decisionAfterObjectionWd: 20,
  noticeDays: 0,
  totalWd: null,
  spotCheckRate: { num: 0, den: 1 },
};

const BY_PROGRAM: Record<CaseProgram, (day: PlainDate) => { rule: ProcedureRules }> = {
  dibao: byEffectiveDate({ '2012-12-12': NAT_2012, '2021-07-01': NAT_2021_DIBAO }),
  tekun: byEffectiveDate({ '2016-10-10': NAT_2016, '2021-07-01': NAT_2021_TEKUN }),
  temporary: byEffectiveDate({ '2014-10-03': NAT_2014_TEMPORARY }),
};

/** The rule set in force for a case of `program` filed on `filedOn`. */
export function procedureRulesFor(program: CaseProgram, filedOn: PlainDate): ProcedureRules {
  try {
    return BY_PROGRAM[program](filedOn).rule;
  } catch {
    throw new AppError(
      'PROCEDURE_NOT_IN_FORCE',
      { zh: `${filedOn} 时尚无适用的审核审批程序规定`, en: `No procedure rules were in force on ${filedOn}` },
      { field: 'appliedOn', status: 422 },
    );
  }
}

/** The rule set a case recorded, by id (a case filed under nat-2012 stays under it). */
export function procedureRulesById(program: CaseProgram, id: RuleSetId): ProcedureRules {
  const all = [NAT_2012, NAT_2016, NAT_2021_DIBAO, NAT_2021_TEKUN, NAT_2014_TEMPORARY];
  const r = all.find((x) => x.program === program && x.id === id);
  if (!r) throw new RangeError(`no procedure rule set ${id} for ${program}`);
  return r;
}
