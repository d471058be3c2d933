import type { RevealRequest, RevealResult } from '../../contracts/registry.ts';
import { appendAudit } from '../../db/audit.ts';
import { openAccount, openIdNumber, openPhone } from '../../db/personal-data.ts';
import { notFound } from '../../db/scope.ts';
import type { CommandContext } from '../context.ts';
import { nowIso, requirePermission } from '../context.ts';
import { PERSON, registryFor, requireHousehold } from './load-household.ts';

/**
 * 查看完整信息 Reveals, on a user's deliberate request, a member's full ID number or the household's bank account or
 * phone (screens show them masked, ADR 0012). Only staff who work the cases may (`personal.reveal`), only within their
 * area, and every request is in the audit trail — which fields, of whom, by whom, when — before the values are returned.
 */
export async function revealPersonalData(ctx: CommandContext, props: { countyCode: string; id: string; request: RevealRequest }): Promise<RevealResult> {
  requirePermission(ctx.actor, 'personal.reveal');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const repo = registryFor(ctx, trx);
    const h = await requireHousehold(repo, props.countyCode, props.id);
    const { members } = await repo.householdParts(h);
    const keys = ctx.db.keys;
    const result: RevealResult = { idNumbers: {} };
    const fields: string[] = [];
    for (const f of props.request.fields) {
      if (f.field === 'idNumber') {
        const m = members.find((p) => p.id === f.personId);
        if (!m) throw notFound(PERSON);
        result.idNumbers[m.id] = openIdNumber(keys, m);
        fields.push(`idNumber:${m.id}`);
      } else if (f.field === 'bankAccount') {
        result.bankAccount = openAccount(keys, h);
        fields.push('bankAccount');
      } else {
        result.phone = openPhone(keys, h);
        fields.push('phone');
      }
    }
    await appendAudit(
      trx,
      { userId: ctx.actor.userId, username: ctx.actor.username },
      { chain: h.county_code, action: 'registry.reveal', entityType: 'household', entityId: h.id, detail: { fields: [...new Set(fields)] } },
      nowIso(ctx),
    );
    return result;
  });
}
