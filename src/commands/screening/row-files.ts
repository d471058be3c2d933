import { AppError } from '../../kernel/errors.ts';
import { type CaseFileList, type CaseFileView, type OwnerFileUploadQuery, OWNERS_KEEPING_LOCATION } from '../../contracts/case-files.ts';
import { checkOwnerType, listOwnerFiles, type SavedUpload, storeOwnerFile } from '../cases/case-files.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import type { RowRef } from './fill-row.ts';
import { requireCampaign, requireRow, rowEntityId, screeningRepo } from './screening-context.ts';

function rowReadOnly(why: 'closed' | 'concluded'): AppError {
  return new AppError(
    'CASE_FILES_READ_ONLY',
    why === 'closed' ? { zh: '该排查活动已结束，台账材料只读', en: 'The campaign is closed: its ledger’s files are read-only' } : { zh: '该台账记录已作出处理结论，其材料只读', en: 'The ledger row is concluded: its files are read-only' },
    { status: 409 },
  );
}

/**
 * 台账材料 Files against a screening ledger row (ADR 0050): the home visit's form and photos (the location kept on
 * request), certificates found. Uploaded by whoever fills the row (`screening.fill`, the row in their area) while the
 * campaign is open and the row not concluded (then read-only, 409); read by the ledger's readers (`screening.read`).
 * The file's owner id is the row's audit id (`campaign/户编号`), its household the matched one when there is one.
 */
export async function uploadRowFile(ctx: CommandContext, o: { ref: RowRef; query: OwnerFileUploadQuery; save: () => Promise<SavedUpload> }): Promise<CaseFileView> {
  requirePermission(ctx.actor, 'screening.fill');
  checkOwnerType('ledger_row', o.query.type);
  return storeOwnerFile(
    ctx,
    async (q) => {
      const repo = screeningRepo(ctx.actor, q);
      const c = await requireCampaign(repo, o.ref.campaignId);
      const row = await requireRow(repo, { campaignId: c.id, countyCode: o.ref.countyCode, hhNo: o.ref.hhNo });
      const readOnly = c.state !== 'open' ? rowReadOnly('closed') : row.conclusion !== null ? rowReadOnly('concluded') : null;
      return { kind: 'ledger_row', countyCode: row.county_code, id: rowEntityId(row), caseId: null, householdId: row.matched_household_id, areaCode: row.area_code, readOnly };
    },
    { step: null, type: o.query.type, name: o.query.name, clientKey: o.query.clientKey, keepLocation: o.query.keepLocation === true && OWNERS_KEEPING_LOCATION.includes('ledger_row'), save: o.save },
  );
}

/** A ledger row's files, oldest first. */
export async function listRowFiles(ctx: CommandContext, ref: RowRef): Promise<CaseFileList> {
  requirePermission(ctx.actor, 'screening.read');
  const repo = screeningRepo(ctx.actor, ctx.db.kysely);
  const c = await requireCampaign(repo, ref.campaignId);
  const row = await requireRow(repo, { campaignId: c.id, countyCode: ref.countyCode, hhNo: ref.hhNo });
  return listOwnerFiles(ctx, { kind: 'ledger_row', countyCode: row.county_code, id: rowEntityId(row) });
}
