// The log's tips: hashes of entries that no other entry names as a parent — the parents of
// the next entry. This runs on every commit, so it must not re-read a 100k-entry log each
// time: a side file `<log>.tips` caches {bytes covered, the last covered line's digest, tips}.
// Git may rewrite the log at any time (merge=union, checkout), so the cache is only used after
// checking that the file still holds the bytes it describes at the same place; when the file
// merely grew, only the new lines are read, otherwise the whole file is rescanned.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { blake3, hashRef } from '../crypto/blake3';
import { overwriteInPlace } from '../fs/overwrite';
import { pread } from './tail';

export interface TipsState {
  /** bytes of the log covered: always the end of a complete ("\n"-terminated) line */
  size: number;
  /** complete lines in those bytes */
  lines: number;
  /** where the last covered line starts, and the digest of its bytes (with its "\n") */
  lastOffset: number;
  lastDigest: string;
  tips: string[];
  /** entries appended since the last fsync of the log; null when not known (fsync next time) */
  unsynced: number | null;
}

const EMPTY: TipsState = { size: 0, lines: 0, lastOffset: 0, lastDigest: '', tips: [], unsynced: 0 };
const CHUNK = 1 << 20;

export const tipsCachePath = (logPath: string): string => logPath + '.tips';

/** The cache's fields, in the order they are written and digested. */
const fieldsOf = (s: TipsState): string =>
  JSON.stringify({ v: 2, size: s.size, lines: s.lines, lastOffset: s.lastOffset, lastDigest: s.lastDigest, tips: s.tips, unsynced: s.unsynced });

function readCache(logPath: string): TipsState | null {
  try {
    const c = JSON.parse(readFileSync(tipsCachePath(logPath), 'utf8'));
    const ok =
      c && c.v === 2 && Number.isSafeInteger(c.size) && Number.isSafeInteger(c.lines) && Number.isSafeInteger(c.lastOffset) &&
      typeof c.lastDigest === 'string' && Array.isArray(c.tips) && c.tips.every((t: unknown) => typeof t === 'string') &&
      (c.unsynced === null || Number.isSafeInteger(c.unsynced));
    if (!ok) return null;
    const s: TipsState = { size: c.size, lines: c.lines, lastOffset: c.lastOffset, lastDigest: c.lastDigest, tips: c.tips, unsynced: c.unsynced };
    return c.check === blake3(fieldsOf(s)).toString('hex') ? s : null; // torn (written in place) or edited
  } catch {
    return null; // missing or damaged: it is only a cache
  }
}

/**
 * Written in place (lib/fs/overwrite.ts) with a digest of its fields, which readCache checks:
 * a reader that meets a half-written cache, or one a crash cut short, rescans the log. Callers
 * hold the lock, so writers never interleave.
 */
export function writeTipsCache(logPath: string, s: TipsState): void {
  const fields = fieldsOf(s);
  overwriteInPlace(tipsCachePath(logPath), Buffer.from(`${fields.slice(0, -1)},"check":"${blake3(fields).toString('hex')}"}\n`, 'utf8'));
}

/** True when the file still holds, at the same place, the last line the cache covered. */
function cacheMatches(fd: number, size: number, c: TipsState): boolean {
  if (c.size > size) return false;
  if (c.size === 0) return true;
  if (c.lastOffset >= c.size) return false;
  return hashRef(blake3(pread(fd, c.lastOffset, c.size - c.lastOffset))) === c.lastDigest;
}

/** Calls `onLine` for every complete line in [from, to); returns the end of the last one. */
function scanLines(fd: number, from: number, to: number, onLine: (line: Buffer, offset: number) => void): number {
  let carry: Buffer = Buffer.alloc(0);
  let carryAt = from;
  let pos = from;
  while (pos < to) {
    const chunk = pread(fd, pos, Math.min(CHUNK, to - pos));
    if (chunk.length === 0) break;
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      onLine(buf.subarray(start, nl), carryAt + start);
      start = nl + 1;
    }
    carryAt += start;
    carry = Buffer.from(buf.subarray(start));
    pos += chunk.length;
  }
  return carryAt;
}

/** hash and parents of a log line, or null for a line that is not an entry (the verifier reports it). */
export function linkOf(line: Buffer): { hash: string; parents: string[] } | null {
  try {
    const e = JSON.parse(line.toString('utf8'));
    if (!e || typeof e.hash !== 'string') return null;
    const parents = Array.isArray(e.parents) ? e.parents.filter((p: unknown): p is string => typeof p === 'string') : [];
    return { hash: e.hash, parents };
  } catch {
    return null;
  }
}

/**
 * Tips of the complete lines in [from.size, size), continuing from `from`. Entries are listed
 * after their parents (SPEC.md), so one pass that adds each entry and removes its parents is
 * enough when extending; a full scan also tolerates other orders by removing every named parent.
 */
function extend(fd: number, size: number, from: TipsState, full: boolean): TipsState {
  const tips = new Set(from.tips);
  const named = full ? new Set<string>() : null;
  let lines = from.lines;
  let lastOffset = from.lastOffset;
  let end = from.size;
  if (size > from.size) {
    end = scanLines(fd, from.size, size, (line, offset) => {
      lines++;
      lastOffset = offset;
      const link = linkOf(line);
      if (!link) return;
      for (const p of link.parents) {
        tips.delete(p);
        named?.add(p);
      }
      if (!named?.has(link.hash)) tips.add(link.hash);
    });
  }
  if (end === from.size) return from;
  return {
    size: end,
    lines,
    lastOffset,
    lastDigest: hashRef(blake3(pread(fd, lastOffset, end - lastOffset))),
    tips: [...tips].sort(),
    unsynced: from.unsynced,
  };
}

/** The state of the open log `fd` of `size` bytes, and how many bytes had to be read for it. */
function resolveState(logPath: string, fd: number, size: number): { state: TipsState; scanned: number } {
  if (size === 0) return { state: EMPTY, scanned: 0 }; // nothing written, so nothing unsynced either
  const cached = readCache(logPath);
  const from = cached && cacheMatches(fd, size, cached) ? cached : null;
  const state = from ? extend(fd, size, from, false) : extend(fd, size, { ...EMPTY, unsynced: null }, true);
  return { state, scanned: state.size - (from ? from.size : 0) };
}

/**
 * The tips state of the open log `fd` of `size` bytes, from the cache when it still describes
 * a prefix of the file. `unsynced` becomes unknown (null) when the cache could not be used.
 */
export function tipsStateOf(logPath: string, fd: number, size: number): TipsState {
  return resolveState(logPath, fd, size).state;
}

// Outside the lock the cache is only written after a long scan (a rewritten log), so the scan
// is not repeated by every reader nor done by the next writer while it holds the lock. Such a
// write may race with a locked writer's; either cache is checked against the file before use,
// and `unsynced: null` makes the next append fsync rather than trust a count it cannot know.
const SAVE_AFTER_SCANNING = 1 << 20;

/**
 * Hashes of the entries no other entry names as a parent, sorted. [] for a missing or empty
 * log. Cheap while the cache describes the log; a scan of the whole log when git rewrote it.
 */
export async function currentTips(logPath: string): Promise<string[]> {
  let fd: number;
  try {
    fd = openSync(logPath, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  try {
    const { state, scanned } = resolveState(logPath, fd, fstatSync(fd).size);
    if (scanned >= SAVE_AFTER_SCANNING) {
      try {
        writeTipsCache(logPath, { ...state, unsynced: null });
      } catch {
        /* a read-only checkout: the cache is an optimisation only */
      }
    }
    return state.tips;
  } finally {
    closeSync(fd);
  }
}

/** The state after `entries` were written at `state.size` as `lines` (each with its "\n"). */
export function tipsAfterAppend(state: TipsState, entries: { hash: string; parents: string[] }[], lines: Buffer[]): TipsState {
  const tips = new Set(state.tips);
  for (const e of entries) {
    for (const p of e.parents) tips.delete(p);
    tips.add(e.hash);
  }
  const last = lines[lines.length - 1];
  const size = state.size + lines.reduce((a, b) => a + b.length, 0);
  return {
    ...state,
    size,
    lines: state.lines + entries.length,
    lastOffset: size - last.length,
    lastDigest: hashRef(blake3(last)),
    tips: [...tips].sort(),
  };
}
