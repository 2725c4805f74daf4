// Bringing a trace index up to date with the log, reading only what it does not cover yet.
// Before anything of the index is used, the log is checked against it: the archive segments
// must be the ones it covered (same manifests), and the live lines it sampled (one in
// CHECK_EVERY, and the last one) must still be there, byte for byte, at the same offsets. The
// index is kept up to the last sample that still holds and the rest is read again, so an
// appended log costs only its new lines, a log another worktree extended differently costs its
// lines since they diverged, and a rewritten, truncated or archived log costs a rebuild.
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Entry } from '../entry/types';
import { parseStrictJson } from '../json/strict-parse';
import { readLines, RawLine } from '../log/read';
import { listSegments, manifestHash, readLinesWithArchives, Segment } from '../log/segments';
import { pread } from '../log/tail';
import type { Manifest } from '../entry/manifest';
import { Check, CHECK_EVERY, emptyIndex, IndexedSegment, indexEntry, SymbolIndex, truncateIndex } from './symbol-index';

export interface Refresh {
  index: SymbolIndex;
  kept: number; // lines of the old index still valid
  read: number; // lines read from the log now
}

const lineDigest = (b: Buffer): string => createHash('sha256').update(b).digest('base64').slice(0, 22);

/** The archive segments as the index records them (first line, count from the signed manifest). */
function segmentTable(segs: Segment[]): IndexedSegment[] {
  let first = 1;
  return segs.map((s) => {
    const m = parseStrictJson(readFileSync(s.manifest, 'utf8')) as Manifest;
    const row = { n: s.n, hash: manifestHash(m), first, count: m.count };
    first += m.count;
    return row;
  });
}

const sameSegments = (a: IndexedSegment[], b: IndexedSegment[]): boolean =>
  a.length === b.length && a.every((s, i) => s.n === b[i].n && s.hash === b[i].hash && s.first === b[i].first && s.count === b[i].count);

/** Whether the live log still holds `c`'s line, unchanged, where it was. */
function holds(fd: number, c: Check): boolean {
  const [, offset, length, digest] = c;
  const b = pread(fd, offset, length + 1);
  return b.length === length + 1 && b[length] === 0x0a && lineDigest(b.subarray(0, length)) === digest;
}

/** How many lines of `idx` the log still agrees with, and where the live log continues after them. */
function validPrefix(logPath: string, idx: SymbolIndex, segments: IndexedSegment[]): { keep: number; liveEnd: number } {
  if (idx.lines === 0 || !sameSegments(idx.segments, segments)) return { keep: 0, liveEnd: 0 };
  const archivedEnd = segments.length ? segments[segments.length - 1].first + segments[segments.length - 1].count - 1 : 0;
  if (idx.checks.length === 0) return idx.lines === archivedEnd && idx.liveEnd === 0 ? { keep: idx.lines, liveEnd: 0 } : { keep: 0, liveEnd: 0 };
  if (!existsSync(logPath)) return { keep: 0, liveEnd: 0 };
  const fd = openSync(logPath, 'r');
  try {
    let good: Check | null = null;
    for (const c of idx.checks) {
      if (!holds(fd, c)) break;
      good = c;
    }
    // Lines after the last good sample are read again; lines inside the archive's range cannot
    // be re-read from the live log alone (kept entries are interleaved there), so those rebuild.
    if (!good || good[0] < archivedEnd) return { keep: 0, liveEnd: 0 };
    return { keep: good[0], liveEnd: good[1] + good[2] + 1 };
  } finally {
    closeSync(fd);
  }
}

/** Adds one line to the index. Returns false for a torn last line, which ends the reading. */
function addLine(idx: SymbolIndex, l: RawLine): boolean {
  if (!l.terminated) return false; // an interrupted write is not an entry (aura audit repair)
  const line = ++idx.lines;
  if (l.archived) idx.offsets.push(-1);
  else {
    idx.offsets.push(l.offset);
    idx.liveEnd = l.offset + l.bytes.length + 1;
    if (line % CHECK_EVERY === 0) idx.checks.push([line, l.offset, l.bytes.length, lineDigest(l.bytes)]);
  }
  let e: unknown;
  try {
    e = JSON.parse(l.bytes.toString('utf8'));
  } catch {
    e = null;
  }
  if (e === null || typeof e !== 'object' || Array.isArray(e)) idx.unreadable.push(line);
  else indexEntry(idx, line, e as Entry);
  return true;
}

/** The last live line indexed becomes a sample too (the previous such non-periodic one is dropped). */
function sampleLast(logPath: string, idx: SymbolIndex): void {
  idx.checks = idx.checks.filter((c) => c[0] % CHECK_EVERY === 0);
  let line = idx.lines;
  while (line > 0 && idx.offsets[line - 1] < 0) line--;
  if (line === 0 || idx.checks.at(-1)?.[0] === line) return;
  const offset = idx.offsets[line - 1];
  const fd = openSync(logPath, 'r');
  try {
    const b = pread(fd, offset, idx.liveEnd - offset - 1);
    idx.checks.push([line, offset, b.length, lineDigest(b)]);
  } finally {
    closeSync(fd);
  }
}

/** `idx` (mutated) brought up to date with the log at `logPath` and its archive segments. */
export async function refreshIndex(logPath: string, idx: SymbolIndex): Promise<Refresh> {
  const segments = segmentTable(listSegments(logPath));
  const { keep, liveEnd } = validPrefix(logPath, idx, segments);
  let source: AsyncIterable<RawLine> | null;
  if (keep === 0) {
    idx = emptyIndex();
    idx.segments = segments;
    source = segments.length ? readLinesWithArchives(logPath) : existsSync(logPath) ? readLines(logPath) : null;
  } else {
    truncateIndex(idx, keep, liveEnd);
    source = existsSync(logPath) ? readLines(logPath, { fromOffset: liveEnd, firstLineNo: keep + 1 }) : null;
  }
  const before = idx.lines;
  if (source) {
    for await (const l of source) if (!addLine(idx, l)) break;
  }
  if (idx.lines !== before || keep === 0) sampleLast(logPath, idx);
  return { index: idx, kept: keep, read: idx.lines - before };
}
