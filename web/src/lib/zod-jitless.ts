import { config } from 'zod';

/**
 * zod 4 compiles object parsers with `new Function` when it may, and probes whether it may by trying one: under the
 * server's Content-Security-Policy (no 'unsafe-eval', ADR 0014) the probe is blocked and reported as a CSP violation
 * even though zod catches it. The web app parses few objects, so it parses them without compiling. Imported first in
 * main.tsx, before any schema is defined.
 */
config({ jitless: true });
