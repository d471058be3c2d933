import { parentPort, workerData } from 'node:worker_threads';
import { type NormaliseRequest, normaliseInThisThread, replyOf } from './bounded-reader.ts';

/** The bounded reader's worker thread (bounded-reader.ts): one file, one reply, then it ends. */
const req = workerData as NormaliseRequest;
try {
  parentPort?.postMessage({ ok: true, result: await normaliseInThisThread(req) });
} catch (e) {
  parentPort?.postMessage(replyOf(e));
}
