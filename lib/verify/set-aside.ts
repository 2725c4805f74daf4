// `aura audit repair`, second half: a working-tree log whose complete lines do not all verify
// (an edit by hand, conflict markers left by a merge tool that ignored merge=union) makes every
// commit fail. The lines that are NOT in HEAD's committed log and do not verify are moved to a
// side file next to the log — kept, never deleted — and the log is rewritten without them.
// Committed lines are never touched (they are evidence others hold too; verify reports them).
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir, replaceFile } from '../fs/atomic-file';
import { withLock } from '../log/lock';
import type { RawLine } from '../log/read';
import { tipsCachePath } from '../log/tips';
import { readFileSync } from 'node:fs';
import { verifyLines } from './engine';

export interface SetAsideLine {
  lineNo: number;
  category: string;
  reason: string;
  text: string; // the line as it was (for showing; the side file has its exact bytes)
}

export interface SetAsideResult {
  lines: SetAsideLine[];
  sideFile: string | null; // null: nothing was moved
  committedBad: number; // failing lines that ARE in HEAD's log (left alone, reported)
}

/** The complete lines of `data` (a torn last line is repair's first half: callers handle it before). */
function splitLines(data: Buffer): RawLine[] {
  const out: RawLine[] = [];
  let start = 0;
  for (let i = data.indexOf(0x0a); i >= 0; i = data.indexOf(0x0a, start)) {
    out.push({ lineNo: out.length + 1, offset: start, bytes: data.subarray(start, i), terminated: true });
    start = i + 1;
  }
  if (start < data.length) out.push({ lineNo: out.length + 1, offset: start, bytes: data.subarray(start), terminated: false });
  return out;
}

/**
 * Failures that a line has on its own, whatever else the log holds: bytes that are no entry,
 * an edited body, a forged signature, a second copy. Failures of context (an unknown signer,
 * a missing parent, a clock) are left to aura audit verify: moving such a line would hide a
 * real entry, and its descendants with it.
 */
const INTRINSIC = new Set(['MALFORMED_ENTRY', 'HASH_MISMATCH', 'SIGNATURE_INVALID', 'DELTA_HASH_MISMATCH', 'DUPLICATE_ENTRY']);

const sideFileName = (logPath: string, now = new Date()): string => `${logPath}.set-aside-${now.toISOString().replace(/:/g, '-')}`;

/**
 * Under the writer lock: verifies the log; every failing line whose exact bytes are not a line
 * of `committed` (HEAD's version of the log, or null when HEAD has none) is written to a side
 * file (fsynced) and only then removed from the log (atomic replacement).
 */
export async function setAsideUnverified(logPath: string, committed: Buffer | null): Promise<SetAsideResult> {
  return withLock(logPath, async () => {
    const data = readFileSync(logPath);
    const lines = splitLines(data);
    const report = await verifyLines(lines, { workers: 0 });
    const firstFailure = new Map<number, { category: string; reason: string }>();
    for (const f of report.failures) if (f.line && INTRINSIC.has(f.category) && !firstFailure.has(f.line)) firstFailure.set(f.line, f);
    const inHead = new Set(committed ? splitLines(committed).map((l) => l.bytes.toString('latin1')) : []);
    const moved: SetAsideLine[] = [];
    const keep: Buffer[] = [];
    let committedBad = 0;
    for (const l of lines) {
      const f = firstFailure.get(l.lineNo);
      if (f && !inHead.has(l.bytes.toString('latin1'))) moved.push({ lineNo: l.lineNo, category: f.category, reason: f.reason, text: l.bytes.toString('utf8') });
      else {
        if (f) committedBad++;
        keep.push(Buffer.concat([l.bytes, Buffer.from('\n')]));
      }
    }
    if (moved.length === 0) return { lines: [], sideFile: null, committedBad };
    const sideFile = sideFileName(logPath);
    const side = openSync(sideFile, 'wx', 0o644);
    try {
      for (const m of moved) writeSync(side, Buffer.concat([lines[m.lineNo - 1].bytes, Buffer.from('\n')]));
      fsyncSync(side);
    } finally {
      closeSync(side);
    }
    fsyncDir(dirname(logPath));
    // Only once the lines are safely elsewhere is the log rewritten without them.
    replaceFile(logPath, keep);
    rmSync(tipsCachePath(logPath), { force: true }); // the tips are recomputed from the new bytes
    return { lines: moved, sideFile, committedBad };
  });
}
