import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normaliseSheet, type SheetFormat } from './bounded-reader.ts';
import type { UploadLimits } from './limits.ts';

/** A file to import: a path (the CLI's), or an upload saved only when called (the API's), with its cleanup. */
export type UploadSource = string | (() => Promise<{ path: string; cleanup: () => Promise<void> }>);

/**
 * The first half of every import (registry, poverty snapshot and replies, death records): the upload saved (if it is
 * one), read by the bounded reader into a private CSV of numbered rows, the upload removed, then `use` given that CSV;
 * the private directory is removed whatever happens. `onReading` is told just before the reader starts.
 */
export async function withNormalisedRows<T>(
  o: { file: UploadSource; format: SheetFormat; limits: UploadLimits; tmpPrefix: string; onReading?: () => void },
  use: (rowsCsv: string) => Promise<T>,
): Promise<T> {
  const file = typeof o.file === 'string' ? { path: o.file, cleanup: async () => {} } : await o.file();
  const dir = await mkdtemp(join(tmpdir(), o.tmpPrefix));
  try {
    const out = join(dir, 'rows.csv');
    try {
      o.onReading?.();
      await normaliseSheet({ path: file.path, format: o.format, limits: o.limits, out, rowNumbers: true });
    } finally {
      await file.cleanup();
    }
    return await use(out);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}
