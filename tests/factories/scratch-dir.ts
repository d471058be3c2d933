import { mkdtempSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Free space a memory file system must have for the tests' databases to go there (the e2e shards' systems included). */
const MIN_FREE_BYTES = 2 * 1024 ** 3;

/**
 * Where a test puts a database it throws away: `/dev/shm` (memory) when the machine has one with room, else the system's
 * temporary directory. SQLite commits with `synchronous = FULL` (src/db/sqlite-dialect.ts), so on a disk every commit of
 * every test waits for a flush (2.4 ms on the CI machine); in memory the flush is free. What is tested is the same code
 * and the same SQL; only the durability of data nobody keeps is given up. A container with a small `/dev/shm` (64 MB by
 * default in Docker) falls back to the disk.
 */
export function scratchBase(): string {
  try {
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize >= MIN_FREE_BYTES) return '/dev/shm';
  } catch {
    // no /dev/shm on this system
  }
  return tmpdir();
}

/** A new private (0700) directory under `scratchBase()`. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(scratchBase(), prefix));
}
