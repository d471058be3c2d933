/** Layer rules of ARCHITECTURE.md. Each rule carries its reason. */

/**
 * The command folders, lowest first. A folder may import from the folders before it, never from those after it:
 * approving a case enrolls (cases → enrollments), a review changes an enrollment (reviews → enrollments), a roll pays
 * enrollments (payroll → enrollments), documents print cases, the demo drives everything. Helpers every folder needs
 * (JSON columns, refusals as errors, list cursors, the working-day calendar) live in `shared/`; the context, the clock
 * and the actor's name in `context.ts`. So command folders form no import cycle, and a new capability (temporary aid,
 * heating, reports…) takes its place in the order instead of reaching sideways.
 */
const COMMAND_FOLDERS = ['shared', 'auth', 'uploads', 'policy', 'registry', 'admin', 'enrollments', 'cases', 'reviews', 'payroll', 'documents', 'exports', 'poverty', 'screening', 'field-visits', 'temporary', 'heating', 'reports', 'simulate', 'supervision', 'rectification', 'outreach', 'demo'];
const commandOrderRules = COMMAND_FOLDERS.slice(0, -1).map((folder, i) => ({
  name: `command-order-${folder}`,
  comment: `src/commands/${folder} is below ${COMMAND_FOLDERS.slice(i + 1).join(', ')} in the order of command folders: it may not import them (no cycles between command folders; shared helpers go to src/commands/shared)`,
  severity: 'error',
  from: { path: `^src/commands/${folder}/` },
  to: { path: `^src/commands/(${COMMAND_FOLDERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...commandOrderRules,
    { name: 'command-folders-are-ordered', comment: 'every folder of src/commands has its place in COMMAND_FOLDERS above (add a new one there, in order)', severity: 'error',
      from: { path: '^src/commands/' }, to: { path: `^src/commands/(?!(${COMMAND_FOLDERS.join('|')})/)[^/]+/` } },
    { name: 'kernel-is-standalone', comment: 'kernel imports nothing of ours: it is the vocabulary every layer shares', severity: 'error',
      from: { path: '^src/kernel/' }, to: { path: '^(src|web)/', pathNot: '^src/kernel/' } },
    { name: 'rules-are-pure', comment: 'rules and workflow are pure functions of (facts, parameters, day): no db, no I/O, no clock', severity: 'error',
      from: { path: '^src/(rules|workflow)/' }, to: { path: '^src/(db|commands|api|cli)/|^node:(fs|net|http|child_process)' } },
    { name: 'policy-has-no-db', comment: 'policy parameters are data; the database feeds overrides in through commands', severity: 'error',
      from: { path: '^src/policy/' }, to: { path: '^src/(db|commands|api|cli|rules|workflow)/' } },
    { name: 'db-knows-no-rules', comment: 'db never imports rules: persistence must not decide eligibility', severity: 'error',
      from: { path: '^src/db/' }, to: { path: '^src/(rules|workflow|policy|commands|api|cli)/' } },
    { name: 'commands-below-delivery', comment: 'commands are called by api and cli, never the other way round', severity: 'error',
      from: { path: '^src/commands/' }, to: { path: '^src/(api|cli)/' } },
    { name: 'delivery-calls-commands', comment: 'api and cli call commands; they reach the database only through them (types excepted)', severity: 'error',
      from: { path: '^src/(api|cli)/', pathNot: '^src/cli/(runtime|main)\\.ts$' }, to: { path: '^src/db/', pathNot: '^src/db/(schema|connect)\\.ts$' } },
    // schema.ts and connect.ts are imported for their types (Db, row types) only; the swc parser cannot mark type-only imports.
    { name: 'api-not-cli', comment: 'the HTTP layer does not depend on the command line', severity: 'error',
      from: { path: '^src/api/' }, to: { path: '^src/cli/' } },
    { name: 'contracts-are-shared', comment: 'contracts are shared with the web app: only kernel and zod', severity: 'error',
      from: { path: '^src/contracts/' }, to: { path: '^src/', pathNot: '^src/(contracts|kernel)/' } },
    { name: 'web-imports-src-by-alias', comment: 'the web app reaches src/contracts and src/kernel through the #contracts/* and #kernel/* aliases (package.json imports, ADR 0022), never by climbing ../../src', severity: 'error',
      from: { path: '^web/' }, to: { path: '^src/', dependencyTypesNot: ['aliased-subpath-import'] } },
    { name: 'web-sees-contracts-and-kernel', comment: 'Do not reference server code from the web app', severity: 'error',
      from: { path: '^web/' }, to: { path: '^src/', pathNot: '^src/(contracts|kernel)/' } },
    { name: 'no-circular', severity: 'warn', from: {}, to: { circular: true } },
    { name: 'server-is-a-composition-root', comment: 'the server composes the routes and nothing imports it: routes get RouteDeps (src/api/route-deps.ts) and the auth guard (src/api/auth-guard.ts) from their own files; only `doudi serve`, the test factories and harnesses, and the API benchmark build a server', severity: 'error',
      from: { pathNot: '^src/cli/serve\\.ts$|^(tests|bench)/' }, to: { path: '^src/api/server\\.ts$' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|web/dist' },
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
