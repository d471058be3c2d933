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
const sources = ['web/src', 'src/contracts', 'src/kernel'].filter(existsSync).map(newest);
const srcTime = Math.max(...sources, existsSync('web/index.html') ? statSync('web/index.html').mtimeMs : 0);
if (!existsSync(index) || statSync(index).mtimeMs < srcTime) {
  console.error('构建前端 building the web app…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
