// `npm start`: builds the web app if needed, then runs `doudi serve --demo` in this same process (no second node),
// stopping with its parent (stop-with-parent.mjs says why).
import './stop-with-parent.mjs';
import { fileURLToPath } from 'node:url';

await import('./build-web-if-needed.mjs');
const bin = fileURLToPath(new URL('../bin/doudi.mjs', import.meta.url));
process.argv = [process.argv[0], bin, 'serve', '--demo', ...process.argv.slice(2)];
await import('../bin/doudi.mjs');
