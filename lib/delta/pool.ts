// Parsing many files: in this thread for small changes, on worker threads (one per core, at
// most two here) when there is enough to parse that starting them pays off. Native trees are
// freed only by GC finalizers after an event-loop turn, so the inline path yields every few
// megabytes to keep memory flat (../shared/DEPENDENCIES.md: a synchronous loop reached 2.1 GB).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FileTable } from './extract';

export interface ExtractJob {
  grammar: string;
  bytes: Uint8Array;
  /** the symbol algorithm (extract.ts ALGORITHMS) */
  algorithm: string;
}

/** Below this many bytes, starting workers (each loads tree-sitter) costs more than it saves. */
const WORKER_THRESHOLD = 2 << 20;
const YIELD_EVERY = 2 << 20;

/** Never throws for a file: a parser failure yields an empty table marked parse_error. */
export function extractOne(job: ExtractJob): FileTable {
  const { grammarByName } = require('../../grammars/registry') as typeof import('../../grammars/registry');
  const { extractBlob } = require('./extract') as typeof import('./extract');
  const spec = grammarByName(job.grammar)!;
  try {
    return extractBlob(spec, job.bytes, job.algorithm);
  } catch {
    const { blake3, hashRef } = require('../crypto/blake3') as typeof import('../crypto/blake3');
    return { lang: spec.name, module: hashRef(blake3(job.bytes)), symbols: [], parse_error: true };
  }
}

/** Worker threads started before their jobs exist, so each loads tree-sitter and its grammars while the caller reads blobs. */
export interface ExtractPool {
  workers: import('node:worker_threads').Worker[];
}

/**
 * Threads for a change that will parse about `bytes` of text in `files` files, started now and
 * warming up on `grammars`; null when parsing in this thread costs less than starting them.
 */
export function startPool(bytes: number, files: number, grammars: string[]): ExtractPool | null {
  const threads = Math.min(2, availableParallelism());
  if (threads < 2 || bytes < WORKER_THRESHOLD || files < 2) return null;
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const workers = Array.from({ length: threads }, () => new Worker(join(__dirname, 'worker.js'), { workerData: { grammars } }));
  // not holding the process open until extractAll uses them: a caller that fails before that still exits
  for (const w of workers) w.unref();
  return { workers };
}

/** The symbol table of each job, in order: on `pool` when given, else on threads of its own when the jobs are large enough. */
export async function extractAll(jobs: ExtractJob[], pool?: ExtractPool | null): Promise<FileTable[]> {
  if (pool === undefined) pool = startPool(jobs.reduce((a, j) => a + j.bytes.length, 0), jobs.length, []);
  if (pool) {
    for (const w of pool.workers) w.ref();
    try {
      return await onWorkers(jobs, pool.workers);
    } finally {
      await Promise.all(pool.workers.map((w) => w.terminate()));
    }
  }
  const out: FileTable[] = [];
  let since = 0;
  for (const j of jobs) {
    out.push(extractOne(j));
    since += j.bytes.length;
    if (since >= YIELD_EVERY) {
      since = 0;
      await new Promise((r) => setImmediate(r));
    }
  }
  return out;
}

async function onWorkers(jobs: ExtractJob[], workers: import('node:worker_threads').Worker[]): Promise<FileTable[]> {
  const out: FileTable[] = new Array(jobs.length);
  // largest first, each to whichever worker frees up: the two finish close together
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].bytes.length - jobs[a].bytes.length);
  let next = 0;
  const run = (w: import('node:worker_threads').Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= order.length) return resolve();
        const i = order[next++];
        // A blob is a view into the one buffer `git cat-file --batch` filled; posting the view
        // would clone that whole buffer for every file. Copy just this blob and hand it over.
        const bytes = new Uint8Array(jobs[i].bytes);
        w.postMessage({ i, job: { grammar: jobs[i].grammar, bytes, algorithm: jobs[i].algorithm } }, [bytes.buffer]);
      };
      w.on('message', (m: { i: number; table: FileTable }) => {
        out[m.i] = m.table;
        send();
      });
      w.on('error', reject);
      send();
    });
  await Promise.all(workers.map(run));
  return out;
}
