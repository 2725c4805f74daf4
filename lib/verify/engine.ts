// The verifier: streams lines through the per-line analysis (in this thread, or in worker
// threads for big logs) and feeds the results, in file order, to the DAG stage. Memory
// stays flat: lines are dropped once analyzed, and batches in flight are bounded.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker as WorkerT } from 'node:worker_threads';
import { AuraError } from '../errors';
import { readLines, RawLine } from '../log/read';
import { Analysis, analyzeLine, AnalyzeOptions } from './analyze';
import { Chain } from './chain';
import type { VerifyOptions, VerifyReport } from './types';
import type { Batch } from './worker';

export type { VerifyOptions, VerifyReport, Failure, Category, Tip } from './types';

const BATCH_LINES = 256;
const BATCH_BYTES = 512 * 1024;
const IN_FLIGHT_PER_WORKER = 4;
/** Below this size a log is verified in this thread: starting workers costs more than it saves. */
const WORKER_THRESHOLD_BYTES = 2 * 1024 * 1024;

function analyzeOptions(opts: VerifyOptions): AnalyzeOptions {
  // --from is decided by DAG position, which a worker does not know: it checks every signature.
  return { since: opts.from === undefined ? opts.since : undefined, trustOnly: opts.trustOnly };
}

/** How many worker threads suit a log of `bytes`: none below the threshold, else up to two. */
export function workersFor(bytes: number): number {
  return bytes >= WORKER_THRESHOLD_BYTES ? Math.min(2, availableParallelism()) : 0;
}

/** Verifies a stream of log lines (see lib/log/read.ts) and returns the full report. */
export async function verifyLines(lines: AsyncIterable<RawLine> | Iterable<RawLine>, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const chain = new Chain(opts);
  const workers = opts.workers ?? 0;
  if (workers > 0) await throughWorkers(lines, chain, opts, workers);
  else {
    const aopts = analyzeOptions(opts);
    for await (const l of lines) chain.add(analyzeLine(l.bytes, l.lineNo, l.terminated, aopts));
  }
  return chain.finish();
}

/** Verifies the log file at `path`; a missing or unreadable file is an AuraError (exit 2). */
export async function verifyLog(path: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AuraError(`${path} is not a file`, 'pass the intent log with --log PATH');
    size = st.size;
  } catch (e) {
    if (e instanceof AuraError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new AuraError(`cannot read the log ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, code === 'ENOENT' ? 'nothing has been logged yet (run aura init), or pass --log PATH' : undefined, 2);
  }
  const workers = opts.workers ?? workersFor(size);
  try {
    return await verifyLines(readLines(path), { ...opts, workers });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new AuraError(`cannot read the log ${path}: ${(e as Error).message}`, undefined, 2);
    throw e;
  }
}

async function throughWorkers(lines: AsyncIterable<RawLine> | Iterable<RawLine>, chain: Chain, opts: VerifyOptions, n: number): Promise<void> {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const pool: WorkerT[] = [];
  const results = new Map<number, Analysis[]>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  for (let i = 0; i < n; i++) {
    const w = new Worker(join(__dirname, 'worker.js'), { workerData: analyzeOptions(opts) });
    w.on('message', (m: { seq: number; analyses: Analysis[] }) => {
      results.set(m.seq, m.analyses);
      signal();
    });
    w.on('error', (e) => {
      failure = e;
      signal();
    });
    pool.push(w);
  }
  let sent = 0;
  let done = 0;
  // Consumes finished batches in order until at most `max` are in flight.
  const drain = async (max: number) => {
    while (sent - done > max) {
      while (!results.has(done)) {
        if (failure) throw failure;
        await new Promise<void>((r) => (wake = r));
      }
      for (const a of results.get(done)!) chain.add(a);
      results.delete(done++);
    }
  };
  let parts: Buffer[] = [];
  let bytes = 0;
  let firstLineNo = 0;
  let lastTerminated = true;
  const send = () => {
    const data = new Uint8Array(bytes);
    const ends = new Uint32Array(parts.length);
    let o = 0;
    parts.forEach((p, i) => {
      data.set(p, o);
      ends[i] = o += p.length;
    });
    const b: Batch = { seq: sent, data, ends, firstLineNo, lastTerminated };
    pool[sent++ % n].postMessage(b, [data.buffer]);
    parts = [];
    bytes = 0;
  };
  try {
    for await (const l of lines) {
      if (parts.length === 0) firstLineNo = l.lineNo;
      parts.push(l.bytes);
      bytes += l.bytes.length;
      lastTerminated = l.terminated;
      if (parts.length >= BATCH_LINES || bytes >= BATCH_BYTES) {
        send();
        await drain(n * IN_FLIGHT_PER_WORKER);
      }
    }
    if (parts.length) send();
    await drain(0);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
