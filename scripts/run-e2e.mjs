// Runs the browser tests (tests/e2e) in Debian's Chromium when it is installed; says so and skips otherwise.
// tests/e2e/run.ts builds the web app when needed (once, before its shards start) and runs the files in shards.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`e2e: skipped — ${chromium} not found (apt-get install chromium fonts-noto-cjk to run the browser tests)`);
  process.exit(0);
}
if (!existsSync('tests/e2e/run.ts')) {
  console.log('e2e: no browser tests yet');
  process.exit(0);
}
const run = spawnSync(process.execPath, ['tests/e2e/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
