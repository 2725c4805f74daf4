// A parsing thread for pool.ts: receives { i, job }, answers { i, table }. Each message is
// handled in its own event-loop turn, which lets GC finalizers free the previous native tree.
import { parentPort } from 'node:worker_threads';
import { extractOne, ExtractJob } from './pool';

parentPort!.on('message', (m: { i: number; job: ExtractJob }) => {
  parentPort!.postMessage({ i: m.i, table: extractOne(m.job) });
});
