import { appendAudit } from '../../db/audit.ts';
import { lockKeyFile, readKeyFileJson, reloadKeys, removeDataKey } from '../../db/key-file.ts';
import { columnName, countByKey, SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CommandContext, auditActor, requireOperator } from '../context.ts';
import { requireKeyFile, settleSince } from './keys-rotate.ts';

/**
 * `doudi keys retire <keyId>` (ADR 0019): removes a data key from the key file once nothing needs it — never the
 * current key, never a key any value is still sealed with (run `doudi keys rotate` first). Audited in the city chain.
 * A retired key is gone from the key file for good: backups older than the rotation need the key file kept with them.
 */
export interface RetireResult {
  key: string;
  current: string;
  /** The data keys left in the key file. */
  dataKeys: string[];
}

export async function retireKey(ctx: CommandContext, o: { keyId: string }): Promise<RetireResult> {
  requireOperator(ctx.actor);
  const { db } = ctx;
  const now = ctx.clock;
  const { keyId } = o;
  const keyFile = requireKeyFile(db);
  const release = lockKeyFile(keyFile);
  try {
    reloadKeys(db.keys);
    const file = readKeyFileJson(keyFile);
    const id = keyId.trim();
    if (!file.data.some((d) => d.id === id)) {
      throw new AppError(
        'KEY_UNKNOWN',
        { zh: `密钥文件中没有编号为 ${id} 的数据密钥（doudi keys status 列出现有密钥）`, en: `The key file has no data key ${id} (doudi keys status lists them)` },
        { status: 404, field: 'keyId' },
      );
    }
    if (id === file.current) {
      throw new AppError(
        'KEY_RETIRE_CURRENT',
        { zh: `${id} 是当前数据密钥，新数据用它加密，不能停用。请先运行 doudi keys rotate。`, en: `${id} is the current data key, which seals new values: it cannot be retired. Run doudi keys rotate first.` },
        { status: 409, field: 'keyId' },
      );
    }
    // No process still seals with it: every one has had the time to take up the current key.
    await settleSince(file.data.find((d) => d.id === file.current)?.created ?? new Date(0).toISOString());
    await db.kysely.transaction().execute(async (trx) => {
      const inUse: Record<string, number> = {};
      for (const c of SEALED_COLUMNS) {
        const n = (await countByKey(trx, c)).get(id) ?? 0;
        if (n > 0) inUse[columnName(c)] = n;
      }
      // The case archive's files, sealed in the store with the key recorded beside them (ADR 0049): rotation does not
      // re-seal them, so a key that sealed one stays.
      const files = await trx
        .selectFrom('case_file')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('key_id', '=', id), eb('preview_key_id', '=', id)]))
        .executeTakeFirst();
      if (Number(files?.n ?? 0) > 0) inUse['case_file (stored files)'] = Number(files?.n);
      const count = Object.values(inUse).reduce((s, n) => s + n, 0);
      if (count > 0) {
        throw new AppError(
          'KEY_STILL_IN_USE',
          {
            zh: `仍有 ${count} 个加密值使用密钥 ${id}（${Object.entries(inUse).map(([c, n]) => `${c} ${n}`).join('，')}），停用后将无法解密。请先运行 doudi keys rotate 完成重新加密。未做任何更改。`,
            en: `${count} sealed values still use key ${id} (${Object.entries(inUse).map(([c, n]) => `${c} ${n}`).join(', ')}) and would no longer open. Run doudi keys rotate to finish re-sealing first. Nothing was changed.`,
          },
          { status: 409, field: 'keyId', details: { inUse } },
        );
      }
      await appendAudit(trx, auditActor(ctx.actor), { chain: 'city', action: 'keys.retire', entityType: 'data_key', entityId: id, detail: { key: id, current: file.current } }, now().toISOString());
      // Last, inside the transaction: if the file cannot be written, the audit event is rolled back with it.
      removeDataKey(keyFile, id);
    });
    reloadKeys(db.keys);
    return { key: id, current: file.current, dataKeys: readKeyFileJson(keyFile).data.map((d) => d.id) };
  } finally {
    release();
  }
}
