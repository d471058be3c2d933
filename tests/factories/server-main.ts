/**
 * A doudi API server in a process of its own, on the database named by the environment (DATABASE_URL +
 * PGOPTIONS, or DOUDI_DATA_DIR), already migrated by the test. Prints `LISTENING <port>` once it accepts
 * requests, and exits when its standard input closes, so it never outlives the test that started it.
 */
import { buildServer } from '../../src/api/server.ts';
import { connect, resolveConnectOptions } from '../../src/db/connect.ts';

const db = await connect(resolveConnectOptions());
// Tests log in many times from 127.0.0.1: no rate limits here.
const app = await buildServer({ db, rateLimit: { login: false, api: false } });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : ''}\n`);
const stop = async () => {
  await app.close();
  await db.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.once('SIGTERM', stop);
