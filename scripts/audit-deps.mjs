// Dependency audit for CI (ADR 0018): `npm audit --omit=dev` over the production tree. Prints every finding; fails
// (exit 1) on a finding at or above AUDIT_LEVEL (default high) in a production dependency; when the registry cannot
// answer (offline, a mirror without the audit endpoint) it says that it could not check and does not fail the build.
// Also lists the unmaintained packages still installed for production and which direct dependency pulls them.
import { spawnSync } from 'node:child_process';

const LEVELS = ['info', 'low', 'moderate', 'high', 'critical'];
const level = process.env.AUDIT_LEVEL ?? 'high';
const UNMAINTAINED = ['fstream', 'unzipper', 'rimraf', 'glob', 'inflight'];

const run = (args) => spawnSync('npm', args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

const audit = run(['audit', '--omit=dev', '--json']);
let report;
try {
  report = JSON.parse(audit.stdout);
} catch {
  report = null;
}
let exit = 0;
if (!report || report.error || report.statusCode || !report.metadata) {
  const why = report?.error?.summary || report?.message || (audit.error ? String(audit.error.message) : (audit.stderr || '').trim().split('\n').at(-1)) || 'no answer';
  console.log(`dependency audit: COULD NOT CHECK — the registry did not answer the audit request (${why}). Not failing the build; run \`npm audit --omit=dev\` where the registry answers.`);
} else {
  const v = report.metadata.vulnerabilities ?? {};
  console.log(`dependency audit (production dependencies): ${LEVELS.map((l) => `${l} ${v[l] ?? 0}`).join(', ')}`);
  for (const [name, f] of Object.entries(report.vulnerabilities ?? {})) {
    const titles = (f.via ?? []).map((x) => (typeof x === 'string' ? `via ${x}` : `${x.title ?? ''} ${x.url ?? ''}`.trim())).join('; ');
    console.log(`  ${f.severity.padEnd(8)} ${name}@${f.range ?? '?'}: ${titles}${f.fixAvailable ? ' (fix available)' : ''}`);
    if (LEVELS.indexOf(f.severity) >= LEVELS.indexOf(level)) exit = 1;
  }
  if (exit) console.log(`dependency audit: findings at or above "${level}" in production dependencies: failing the build.`);
}

const ls = run(['ls', '--omit=dev', '--all', '--json', ...UNMAINTAINED]);
try {
  const tree = JSON.parse(ls.stdout);
  const found = [];
  const walk = (deps, top) => {
    for (const [name, d] of Object.entries(deps ?? {})) {
      if (UNMAINTAINED.includes(name) && !(name === 'glob' && Number(d.version?.split('.')[0]) >= 9) && !(name === 'rimraf' && Number(d.version?.split('.')[0]) >= 4)) found.push(`${name}@${d.version} (through ${top ?? name})`);
      walk(d.dependencies, top ?? name);
    }
  };
  walk(tree.dependencies, null);
  console.log(found.length ? `unmaintained packages in the production tree: ${[...new Set(found)].join(', ')}` : 'unmaintained packages in the production tree: none');
} catch {
  console.log('unmaintained packages: could not list (npm ls failed)');
}
process.exit(exit);
