import { AppError } from './errors.ts';

/**
 * 存储空间已满 Whether an error says the storage is full: SQLite's SQLITE_FULL (also raised at `max_page_count`),
 * PostgreSQL's SQLSTATE 53100 disk_full, or the file system's ENOSPC / EDQUOT (uploads, exports, the key and head
 * files). Such an error is the operator's to fix, not the user's, and says nothing about the request: the API answers
 * 503 STORAGE_FULL (issue 9, point 10) and reads that need no write go on working.
 */
export function isStorageFull(e: unknown): boolean {
  const x = (e ?? {}) as { code?: unknown; errcode?: unknown; message?: unknown; cause?: unknown };
  if (typeof x.errcode === 'number' && (x.errcode & 0xff) === 13) return true;
  if (x.code === '53100' || x.code === 'ENOSPC' || x.code === 'EDQUOT') return true;
  if (/database or disk is full|No space left on device/i.test(String(x.message ?? ''))) return true;
  return x.cause !== undefined && x.cause !== e && isStorageFull(x.cause);
}

export function storageFull(): AppError {
  return new AppError(
    'STORAGE_FULL',
    {
      zh: '服务器存储空间已满，暂时无法保存更改（查看数据不受影响）。请联系系统管理员释放空间后再试。',
      en: "The server's storage is full: changes cannot be saved for now (viewing data still works). Ask the system administrator to free space, then try again.",
    },
    { status: 503 },
  );
}

/**
 * The same, for a read of personal data: every such read is recorded in the audit trail before it is served (ADR 0009,
 * issue 9 point 17), and with the storage full the record cannot be written — so the data is not shown. Lists without
 * personal data and the rest of the application go on working.
 */
export function storageFullForRead(): AppError {
  return new AppError(
    'STORAGE_FULL',
    {
      zh: '服务器存储空间已满：查看个人信息须先记入审计日志，目前无法记录，暂时不能查看。其他功能不受影响。请联系系统管理员释放空间后再试。',
      en: "The server's storage is full: viewing personal data must first be recorded in the audit trail, which cannot be written now, so it cannot be shown. Other functions still work. Ask the system administrator to free space, then try again.",
    },
    { status: 503 },
  );
}
