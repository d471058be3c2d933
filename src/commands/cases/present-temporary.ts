import { CATEGORY_WORDS, type TemporaryAidView, type TemporaryCategory } from '../../contracts/temporary.ts';
import type { TemporaryRepo } from '../../db/temporary-repo.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { PlainDate } from '../../kernel/plain-date.ts';

const yuan = (fen: number | null) => (fen === null ? null : formatYuan(Number(fen)));

/** 临时救助 The aid of a temporary-aid case as its page shows it: the event, the need, the level, what was paid first and by whom, the paperwork's clock, 一事一议 and the stages (ADR 0037). */
export async function presentTemporaryAid(repo: TemporaryRepo, countyCode: string, caseId: string, today: PlainDate): Promise<TemporaryAidView | null> {
  const [aid, decisions, stages, referrals] = await Promise.all([repo.aidOf(countyCode, caseId), repo.decisions(countyCode, caseId), repo.stages(countyCode, caseId), repo.referrals(countyCode, caseId)]);
  if (!aid) return null;
  const category = aid.category as TemporaryCategory;
  return {
    caseId,
    countyCode,
    category,
    categoryLabel: CATEGORY_WORDS[category] ?? { zh: category, en: category },
    eventDate: aid.event_date,
    eventNote: aid.event_note,
    needYuan: formatYuan(Number(aid.need_fen)),
    registeredPoor: Number(aid.registered_poor) === 1,
    approvalLevel: aid.approval_level,
    proposedYuan: yuan(aid.proposed_fen),
    maximumYuan: yuan(aid.maximum_fen),
    assistedFirst: Number(aid.assisted_first) === 1,
    paidFirstYuan: formatYuan(Number(aid.paid_first_fen)),
    paidFirstOn: aid.paid_first_on,
    paidFirstByName: aid.paid_first_by_name,
    paidFirstReason: aid.paid_first_reason,
    paperworkDue: aid.paperwork_due,
    paperworkDoneOn: aid.paperwork_done_on,
    paperworkOverdue: aid.paperwork_due !== null && aid.paperwork_done_on === null && aid.paperwork_due < today,
    approvedYuan: yuan(aid.approved_fen),
    recoveryYuan: formatYuan(Number(aid.recovery_fen)),
    outcome: aid.outcome,
    collectiveDecisions: decisions.map((d) => ({
      seq: Number(d.seq),
      decidedOn: d.decided_on,
      members: Number(d.members),
      present: Number(d.present),
      inFavour: Number(d.in_favour),
      decision: d.decision,
      amountYuan: formatYuan(Number(d.amount_fen)),
      maximumYuan: formatYuan(Number(d.maximum_fen)),
      recordedByName: d.recorded_by_name,
    })),
    stages: stages.map((s) => ({ n: Number(s.n), payOn: s.pay_on, amountYuan: formatYuan(Number(s.amount_fen)), status: s.status })),
    referrals: referrals.map((r) => ({
      seq: Number(r.seq),
      target: r.target,
      note: r.note,
      referredOn: r.referred_on,
      referredByName: r.referred_by_name,
      outcome: r.outcome,
      outcomeNote: r.outcome_note,
      outcomeOn: r.outcome_on,
      outcomeByName: r.outcome_by_name,
    })),
  };
}
