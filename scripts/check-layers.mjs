// Runs dependency-cruiser over src/ and web/src and fails on a violation, or when it checked no module at all
// (dependency-cruiser silently skips .ts files under TypeScript 7 without @swc/core).
import { execFileSync } from 'node:child_process';

let out;
try {
  out = execFileSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src', 'web/src'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
} catch (e) {
  out = e.stdout;
  if (!out) throw e;
}
const r = JSON.parse(out);
const modules = r.summary.totalCruised;
const errors = r.summary.violations.filter((v) => v.rule.severity === 'error');
for (const v of errors) console.error(`layer rule ${v.rule.name}: ${v.from} → ${v.to}`);
console.log(`layers: ${modules} modules checked, ${errors.length} violations`);
if (modules === 0) {
  console.error('dependency-cruiser checked 0 modules: is @swc/core installed?');
  process.exit(1);
}
process.exit(errors.length ? 1 : 0);
