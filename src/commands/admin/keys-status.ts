import { keyFileMode, keyFileTooOpen, readKeyFileJson } from '../../db/key-file.ts';
import { columnName, countByKey, SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { readRotation, requireKeyFile, type RotationRecord } from './keys-rotate.ts';
import { type CommandContext, requireOperator } from '../context.ts';

/**
 * `doudi keys status` (ADR 0019): the key file — where, its mode, its data keys with their creation dates and which one
 * is current, the ids of the lookup and audit keys — and how many values each data key seals, per column. No key
 * material is ever part of it.
 */
export interface KeyStatus {
  keyFile: string;
  mode: string;
  /** Readable or writable by others than its owner (it should be 0600). */
  tooOpen: boolean;
  current: string;
  dataKeys: { id: string; created: string; current: boolean; sealed: Record<string, number>; total: number }[];
  /** Keys the database's values name that the key file does not hold: those values cannot be opened. */
  unknownKeys: { id: string; sealed: Record<string, number>; total: number }[];
  /** Values in sealed columns that are not sealed values at all (none, unless written behind the application). */
  notSealed: Record<string, number>;
  lookup: { id: string; created: string };
  audit: { id: string; created: string };
  /** The latest rotation (`doudi keys rotate`), if any. */
  rotation: RotationRecord | null;
}

export async function keysStatus(ctx: CommandContext): Promise<KeyStatus> {
  requireOperator(ctx.actor);
  const { db } = ctx;
  const path = requireKeyFile(db);
  const file = readKeyFileJson(path);
  const counts = new Map<string, Record<string, number>>();
  const notSealed: Record<string, number> = {};
  for (const c of SEALED_COLUMNS) {
    for (const [key, n] of await countByKey(db.kysely, c)) {
      if (key === '') {
        notSealed[columnName(c)] = n;
        continue;
      }
      const row = counts.get(key) ?? {};
      row[columnName(c)] = n;
      counts.set(key, row);
    }
  }
  const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
  const known = new Set(file.data.map((d) => d.id));
  return {
    keyFile: path,
    mode: keyFileMode(path),
    tooOpen: keyFileTooOpen(path),
    current: file.current,
    dataKeys: file.data.map((d) => {
      const sealed = counts.get(d.id) ?? {};
      return { id: d.id, created: d.created, current: d.id === file.current, sealed, total: sum(sealed) };
    }),
    unknownKeys: [...counts].filter(([id]) => !known.has(id)).map(([id, sealed]) => ({ id, sealed, total: sum(sealed) })),
    notSealed,
    lookup: { id: file.lookup.id, created: file.lookup.created },
    audit: { id: file.audit.id, created: file.audit.created },
    rotation: await readRotation(db.kysely),
  };
}
