import type { Db } from '../../db/connect.ts';
import { type AuditVerifyResult, verifyAudit } from '../../db/audit.ts';
import type { CommandContext } from '../context.ts';
import { requirePermission } from '../context.ts';

/** 校验审计链 For auditors in the UI; the CLI runs it with the operator's rights on the server. */
export async function verifyAuditTrail(ctx: CommandContext): Promise<AuditVerifyResult> {
  requirePermission(ctx.actor, 'audit.read');
  return verifyAudit(ctx.db.kysely);
}

export async function verifyAuditAsOperator(db: Db): Promise<AuditVerifyResult> {
  return verifyAudit(db.kysely);
}
