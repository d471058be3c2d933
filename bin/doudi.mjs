#!/usr/bin/env node
// The `doudi` command. Node 24 (pinned by the project) runs the TypeScript sources directly.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `doudi needs Node.js 24 or later (this is ${process.version}). Run it through npm (npx doudi …, npm start), which uses the project's pinned Node.\n` +
      `doudi 需要 Node.js 24 及以上版本（当前 ${process.version}）。请通过 npm 运行（npx doudi …、npm start），它使用项目自带的 Node。\n`,
  );
  process.exit(3);
}
// Files doudi creates (the database, its WAL, key files, backups, exports) are readable by their owner only.
process.umask(0o077);
// Cache compiled modules between runs: each CLI start and each worker thread loads the TypeScript sources.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
