// Builds the web app when web/dist is missing or older than its sources (npm start on a fresh clone).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const index = 'web/dist/index.html';
// web/public holds the installable app's icons; the Vite config its manifest and service worker (ADR 0051).
const sources = ['web/src', 'web/public', 'src/contracts', 'src/kernel'].filter(existsSync).map(newest);
const files = ['web/index.html', 'web/vite.config.ts'].filter(existsSync).map((f) => statSync(f).mtimeMs);
const srcTime = Math.max(...sources, ...files, 0);
if (!existsSync(index) || statSync(index).mtimeMs < srcTime) {
  console.error('构建前端 building the web app…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
