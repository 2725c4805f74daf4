// A worker thread of the verifier: analyzes batches of lines (parse, hash, signature) so
// that both cores verify signatures while the main thread keeps the DAG.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeLine, AnalyzeOptions } from './analyze';

export interface Batch {
  seq: number;
  data: Uint8Array; // the lines' bytes, back to back
  ends: Uint32Array; // end offset of each line in `data`
  firstLineNo: number;
  lastTerminated: boolean; // whether the batch's last line ended with "\n"
}

const opts = workerData as AnalyzeOptions;
parentPort!.on('message', (b: Batch) => {
  const out = [];
  let start = 0;
  for (let i = 0; i < b.ends.length; i++) {
    const last = i === b.ends.length - 1;
    out.push(analyzeLine(b.data.subarray(start, b.ends[i]), b.firstLineNo + i, !last || b.lastTerminated, opts));
    start = b.ends[i];
  }
  parentPort!.postMessage({ seq: b.seq, analyses: out });
});
