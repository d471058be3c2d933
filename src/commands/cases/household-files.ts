import type { CaseFileList, CaseFileView, OwnerFileUploadQuery } from '../../contracts/case-files.ts';
import { registryFor, requireHousehold } from '../registry/load-household.ts';
import { type CommandContext, requirePermission } from '../context.ts';
import { checkOwnerType, listOwnerFiles, type SavedUpload, storeOwnerFile } from './case-files.ts';

/**
 * 家庭档案材料 Files against a household itself (ADR 0050): its own papers (ID and hukou copies, certificates, photos),
 * not given for any case. Uploaded by whoever may change the household (`registry.write`), in their area; read by the
 * registry's readers (`registry.read`). Another area's household is not found.
 */
export async function uploadHouseholdFile(ctx: CommandContext, o: { countyCode: string; id: string; query: OwnerFileUploadQuery; save: () => Promise<SavedUpload> }): Promise<CaseFileView> {
  requirePermission(ctx.actor, 'registry.write');
  checkOwnerType('household', o.query.type);
  return storeOwnerFile(
    ctx,
    async (q) => {
      const h = await requireHousehold(registryFor(ctx, q), o.countyCode, o.id);
      return { kind: 'household', countyCode: h.county_code, id: h.id, caseId: null, householdId: h.id, areaCode: h.area_code, readOnly: null };
    },
    { step: null, type: o.query.type, name: o.query.name, clientKey: o.query.clientKey, keepLocation: false, save: o.save },
  );
}

/** A household's own files (its cases' are on each case and in the archive). */
export async function listHouseholdFiles(ctx: CommandContext, o: { countyCode: string; id: string }): Promise<CaseFileList> {
  requirePermission(ctx.actor, 'registry.read');
  const h = await requireHousehold(registryFor(ctx), o.countyCode, o.id);
  return listOwnerFiles(ctx, { kind: 'household', countyCode: h.county_code, id: h.id });
}
