// A parsing thread for pool.ts: receives { i, job }, answers { i, table }. Each message is
// handled in its own event-loop turn, which lets GC finalizers free the previous native tree.
import { parentPort, workerData } from 'node:worker_threads';
import { ALGORITHM } from './algorithm';
import { extractOne, ExtractJob } from './pool';

// Started before the blobs are read (pool.ts startPool): load tree-sitter, each grammar and the
// hash meanwhile, by extracting an empty file of each.
for (const grammar of (workerData as { grammars?: string[] } | null)?.grammars ?? []) extractOne({ grammar, bytes: new Uint8Array(0), algorithm: ALGORITHM });

parentPort!.on('message', (m: { i: number; job: ExtractJob }) => {
  parentPort!.postMessage({ i: m.i, table: extractOne(m.job) });
});
