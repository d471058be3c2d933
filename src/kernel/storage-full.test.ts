import { describe, expect, it } from 'vitest';
import { isStorageFull } from './storage-full.ts';

describe('isStorageFull', () => {
  it('knows SQLite, PostgreSQL and file-system full disks, and nothing else', () => {
    expect(isStorageFull({ code: 'ERR_SQLITE_ERROR', errcode: 13, errstr: 'database or disk is full', message: 'database or disk is full' })).toBe(true);
    expect(isStorageFull({ code: '53100', message: 'could not extend file "base/1/2": No space left on device' })).toBe(true);
    expect(isStorageFull(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isStorageFull(new Error('wrapped', { cause: { code: '53100' } }))).toBe(true);
    expect(isStorageFull({ code: 'ERR_SQLITE_ERROR', errcode: 19, message: 'UNIQUE constraint failed: person.id' })).toBe(false);
    expect(isStorageFull({ code: '23505' })).toBe(false);
    expect(isStorageFull(null)).toBe(false);
  });
});
