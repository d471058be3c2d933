import { AppError } from '../../kernel/errors.ts';
import type { CaseFileList, CaseFileView, OwnerFileUploadQuery } from '../../contracts/case-files.ts';
import { checkOwnerType, listOwnerFiles, type SavedUpload, storeOwnerFile } from '../cases/case-files.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { findingNotFound, rectificationRepo } from './rectification-context.ts';

/**
 * 整改佐证材料 Files against a finding (ADR 0050): the evidence of the township's answer (photos, visit forms, other
 * papers). Uploaded by whoever answers (`findings.answer`, the finding in their area) while the finding is open — once
 * answered or closed its files are read-only (409), a finding sent back is open again; read by the findings' readers
 * (`findings.read`). Another township's finding is not found. Filed against the finding's household (the archive lists
 * them), not its case (the case's files are its steps').
 */
export async function uploadFindingFile(ctx: CommandContext, o: { countyCode: string; id: string; query: OwnerFileUploadQuery; save: () => Promise<SavedUpload> }): Promise<CaseFileView> {
  requirePermission(ctx.actor, 'findings.answer');
  checkOwnerType('finding', o.query.type);
  return storeOwnerFile(
    ctx,
    async (q) => {
      const f = await rectificationRepo(ctx, q).findingForUpdate(o.countyCode, o.id);
      if (!f) throw findingNotFound();
      const readOnly =
        f.status === 'open' ? null : new AppError('CASE_FILES_READ_ONLY', { zh: '该问题线索已回复或已办结，其佐证材料只读', en: 'The finding is answered or closed: its evidence is read-only' }, { status: 409 });
      return { kind: 'finding', countyCode: f.county_code, id: f.id, caseId: null, householdId: f.household_id, areaCode: f.area_code, readOnly };
    },
    { step: null, type: o.query.type, name: o.query.name, clientKey: o.query.clientKey, keepLocation: false, save: o.save },
  );
}

/** A finding's files, oldest first. */
export async function listFindingFiles(ctx: CommandContext, o: { countyCode: string; id: string }): Promise<CaseFileList> {
  requirePermission(ctx.actor, 'findings.read');
  const f = await rectificationRepo(ctx).findingForUpdate(o.countyCode, o.id);
  if (!f) throw findingNotFound();
  return listOwnerFiles(ctx, { kind: 'finding', countyCode: f.county_code, id: f.id });
}
