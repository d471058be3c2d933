// Runs the browser tests (tests/e2e) in Debian's Chromium when it is installed; says so and skips otherwise.
import { execFileSync } from 'node:child_process';
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
execFileSync(process.execPath, ['scripts/build-web-if-needed.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['tests/e2e/run.ts'], { stdio: 'inherit' });
