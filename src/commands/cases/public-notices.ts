import type { PublicNoticeList, PublicNoticeQuery } from '../../contracts/cases.ts';
import { appendAudit } from '../../db/audit.ts';
import { CaseRepo } from '../../db/case-repo.ts';
import { divisionNames } from '../../db/division-repo.ts';
import { narrowScope, scopeOf } from '../../db/scope.ts';
import { maskIdNumber } from '../../kernel/id-number.ts';
import { openIdNumber } from '../../db/personal-data.ts';
import { formatYuan } from '../../kernel/money.ts';
import { addDays, type PlainDate } from '../../kernel/plain-date.ts';
import { procedureRulesById, type RuleSetId } from '../../workflow/procedure-rules.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';

/**
 * 公示名单 The cases under a village or county notice in the user's area: name, number of members and the proposed
 * amount only, the ID number masked (POLICY.md §10) — never income, illness or disability. What the printed
 * notice shows, and nothing more.
 */
export async function publicNotices(ctx: CommandContext, q: PublicNoticeQuery): Promise<PublicNoticeList> {
  requirePermission(ctx.actor, 'cases.read');
  const scope = narrowScope(scopeOf(ctx.actor.areaCode), q.area);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const rows = await new CaseRepo(trx, scope).underNotice(q.level === 'village' ? 'village_notice' : 'county_notice');
    const names = await divisionNames(trx, rows.map((r) => r.area_code));
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: scope.countyCode ?? 'city', action: 'case.public_notice', entityType: 'case', detail: { area: scope.areaCode, level: q.level, returned: rows.length } },
      ctx.clock().toISOString(),
    );
    return {
      level: q.level,
      items: rows.map((r) => {
        const endsOn = r.notice_ends_on as PlainDate;
        const rules = procedureRulesById(r.program, r.rule_set as RuleSetId);
        return {
          caseId: r.id,
          countyCode: r.county_code,
          areaCode: r.area_code,
          areaName: names.get(r.area_code) ?? r.area_code,
          program: r.program,
          name: r.applicant_name,
          idNumberMasked: maskIdNumber(openIdNumber(ctx.db.keys, { id_number_sealed: r.applicant_id_sealed })),
          memberCount: r.kind === 'dibao_household' ? Number(r.member_count) : 1,
          amountYuan: r.proposed_amount_fen === null ? null : formatYuan(Number(r.proposed_amount_fen)),
          postedOn: addDays(endsOn, -rules.noticeDays),
          endsOn,
        };
      }),
    };
  });
}
