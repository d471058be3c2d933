import { RowConclude, type RowDetail } from '../../contracts/screening.ts';
import { appendAudit } from '../../db/audit.ts';
import type { AssistanceCaseTable } from '../../db/schema.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, actorName, auditActor, requirePermission, staleVersion, todayOf } from '../context.ts';
import { fileApplication } from '../cases/submit-application.ts';
import { json } from '../shared/json-text.ts';
import { type RowRef, rowConcluded } from './fill-row.ts';
import { presentRowDetail } from './read-campaigns.ts';
import { REGISTRY_PATH, requireCampaign, requireOpen, requireRow, ROW, rowEntityId, screeningRepo } from './screening-context.ts';

const refuse = (code: string, zh: string, en: string, field?: string, more: { status?: number; details?: Record<string, unknown> } = {}) =>
  new AppError(code, { zh, en }, { field, ...more });

/**
 * 处理结论 Concludes a ledger row of the actor's area: 已纳入 (the matched household has dibao or tekun in force), 符合条件
 * (a dibao case for the household or a tekun case for a member), 单人保 (a dibao case for one severely disabled or
 * seriously ill member), 不符合条件 with the reason, or 转介 to other help (二(二)三). A case is opened through the case
 * procedure's own application (`fileApplication`), in the same transaction, with `origin = 'screening'`: the row keeps
 * the case, the case page finds the row. A household that is not in doudi's registry must be registered first (the
 * refusal names the form). At least one method must have been recorded.
 */
export async function concludeRow(ctx: CommandContext, ref: RowRef, raw: unknown): Promise<RowDetail> {
  requirePermission(ctx.actor, 'screening.fill');
  const parsed = RowConclude.safeParse(raw);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') || 'conclusion';
    throw refuse('VALIDATION', `输入无效：${field}`, `Invalid input: ${field}`, field);
  }
  const input = parsed.data;
  const today = todayOf(ctx);
  const at = ctx.clock().toISOString();
  const done = await ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = screeningRepo(ctx.actor, trx);
    const c = await requireCampaign(repo, ref.campaignId);
    requireOpen(c);
    const key = { campaignId: c.id, countyCode: ref.countyCode, hhNo: ref.hhNo };
    const row = await requireRow(repo, key);
    if (row.conclusion !== null) throw rowConcluded();
    if (Number(row.version) !== input.version) throw staleVersion(ROW);
    if (JSON.parse(row.methods).length === 0) {
      throw refuse('METHODS_REQUIRED', '作出结论前须至少记录一种核查方式（数据比对、信息核查或入户走访）', 'Record at least one method (data comparison, information check or home visit) before concluding', 'methods');
    }
    const persons = await repo.persons(row);
    const householdId = persons.find((p) => p.relation.includes('户主') && p.matched_household_id)?.matched_household_id ?? persons.find((p) => p.matched_household_id)?.matched_household_id ?? null;
    const detail: Record<string, unknown> = {};
    let opened: AssistanceCaseTable | null = null;
    switch (input.conclusion) {
      case 'covered': {
        const programs = householdId ? await repo.programsInForce(row.county_code, householdId) : [];
        if (programs.length === 0) {
          throw refuse('NOT_COVERED', '该户目前没有在保的低保或特困供养，不能结论为“已纳入”', 'This household has no dibao or tekun in force; it cannot be concluded as covered', 'conclusion', { status: 409 });
        }
        detail.programs = programs;
        break;
      }
      case 'not_eligible':
        if (!input.reason) throw refuse('REASON_REQUIRED', '结论为不符合条件时须写明理由', 'A not-eligible conclusion needs its reason', 'reason');
        detail.reason = input.reason;
        break;
      case 'referred':
        if (!input.referrals || input.referrals.length === 0) {
          throw refuse('REFERRALS_REQUIRED', '请选择转介的救助类别（临时救助、医疗救助、福利保障、养老服务、就业帮扶）', 'Choose the help referred to (temporary aid, medical aid, welfare, elderly care, employment)', 'referrals');
        }
        detail.referrals = [...new Set(input.referrals)];
        if (input.reason) detail.reason = input.reason;
        break;
      case 'eligible':
      case 'single_person': {
        const kind = input.conclusion === 'single_person' ? 'dibao_individual' : input.kind;
        if (!kind) throw refuse('CASE_KIND_REQUIRED', '请选择开案类别：家庭低保或特困供养', 'Choose the case to open: dibao for the household, or tekun', 'kind');
        if (!householdId) {
          throw refuse(
            'HOUSEHOLD_NOT_REGISTERED',
            '该户尚未在本系统的家庭档案中登记（或尚未完成比对确认），须先登记家庭信息，再从台账开案',
            'This household is not in the registry yet (or its match is not confirmed); register the household first, then open the case from the ledger',
            'conclusion',
            { status: 409, details: { registryPath: REGISTRY_PATH } },
          );
        }
        let applicant: string | null;
        if (kind === 'dibao_household') {
          applicant = (persons.find((p) => p.relation.includes('户主') && p.matched_household_id === householdId) ?? persons.find((p) => p.matched_household_id === householdId))?.matched_person_id ?? null;
        } else {
          if (!input.personKey) throw refuse('PERSON_REQUIRED', '单人保和特困供养须指定成员', 'Single-person dibao and tekun need the member', 'personKey');
          const p = persons.find((x) => x.person_key === input.personKey);
          if (!p) throw refuse('FINDING_MEMBER_UNKNOWN', '该成员不属于该户', 'This member is not of this household', 'personKey');
          if (p.matched_household_id !== householdId) {
            throw refuse('PERSON_NOT_REGISTERED', '该成员尚未登记在本户的家庭档案中，须先登记', 'This member is not registered in the household yet; register them first', 'personKey', { status: 409, details: { registryPath: REGISTRY_PATH } });
          }
          applicant = p.matched_person_id;
        }
        if (!applicant) throw refuse('PERSON_NOT_REGISTERED', '该户没有已登记的成员可作申请人', 'No registered member of this household can be the applicant', 'personKey', { status: 409 });
        const d = input.declaration;
        opened = await fileApplication(
          ctx,
          trx,
          {
            kind,
            household: { countyCode: row.county_code, id: householdId },
            applicantPersonId: applicant,
            signedDeclaration: d?.signed ?? false,
            dataCheckAuthorised: d?.dataCheckAuthorised ?? false,
            staffRelative: d?.staffRelative ?? false,
            onBehalf: true,
            attachments: ['核查台账'],
          },
          { origin: 'screening', payload: { screening: { campaignId: c.id, hhNo: row.hh_no } } },
        );
        detail.kind = kind;
        if (input.personKey && kind !== 'dibao_household') detail.personKey = input.personKey;
        break;
      }
    }
    const patch = {
      conclusion: input.conclusion,
      conclusion_detail: json(detail),
      concluded_on: today,
      case_county: opened?.county_code ?? null,
      case_id: opened?.id ?? null,
      matched_household_id: householdId ?? row.matched_household_id,
      updated_by_id: ctx.actor.userId,
      updated_by_name: actorName(ctx.actor),
      updated_at: at,
    };
    if (!(await repo.patchRow(key, Number(row.version), patch))) throw staleVersion(ROW);
    const after = (await repo.row(key))!;
    await appendAudit(
      trx,
      auditActor(ctx.actor),
      {
        chain: row.county_code,
        action: 'screening.row.conclude',
        entityType: 'screening_row',
        entityId: rowEntityId(row),
        before: row,
        after,
        detail: { conclusion: input.conclusion, version: Number(after.version), ...(opened ? { caseId: opened.id, kind: opened.kind } : {}), ...(detail.referrals ? { referrals: detail.referrals } : {}) },
      },
      at,
    );
    return { c, after };
  });
  return presentRowDetail(ctx, done.c, done.after);
}
