// What `aura trace` needs to find a symbol's entries without reading the whole log: for every
// name a delta node gives (its `path`, and the `from` of a rename or move), the log lines of
// the entries that name it; the lines of entries that point at another entry (corrections and
// rewritten commits by `supersedes`, authorize-delete entries by hash); and where each line is.
// Line numbers are those of the log read together with its archive segments
// (readLinesWithArchives), 1-based. The index only narrows which lines trace reads: every line
// it names is read again from the log and judged by its own content.
import type { Entry } from '../entry/types';
import { getOwn, lastOf, NameTable, setOwn } from './name-table';

export { getOwn };
export const INDEX_VERSION = 2;

/** An archive segment the index covers: global lines first … first+count-1 are its lines, in order. */
export interface IndexedSegment {
  n: number;
  hash: string; // its manifest's hash (lib/log/segments.ts manifestHash)
  first: number;
  count: number;
}

/** A live line the index checks before it trusts anything before it: offset, length, hash of its bytes. */
export type Check = [line: number, offset: number, length: number, hash: string];

export interface SymbolIndex {
  version: number;
  lines: number; // lines 1 … lines are indexed
  liveEnd: number; // byte offset just after the last indexed live line
  segments: IndexedSegment[];
  offsets: number[]; // offsets[line - 1]: the line's byte offset in the live log, -1 when archived
  checks: Check[]; // every CHECK_EVERY-th live line and the last one, ascending
  // Lists of lines are kept as "3,17,42": only the lists a trace asks for are ever split.
  names: NameTable; // symbol or file path → lines of entries whose ast_delta names it
  refs: Record<string, string>; // entry hash → lines of entries whose `supersedes` names it
  auths: Record<string, number>; // authorize-delete entry hash → its line
  unreadable: number[]; // lines that are not a JSON object
}

export const CHECK_EVERY = 1024;

export function emptyIndex(): SymbolIndex {
  return { version: INDEX_VERSION, lines: 0, liveEnd: 0, segments: [], offsets: [], checks: [], names: NameTable.empty(), refs: {}, auths: {}, unreadable: [] };
}

/** The lines listed under `key`, ascending. */
export function linesOf(map: Record<string, string> | NameTable, key: string): number[] {
  const s = map instanceof NameTable ? map.get(key) : getOwn(map, key);
  return s ? s.split(',').map(Number) : [];
}

function push(map: Record<string, string>, key: string, line: number): void {
  const list = getOwn(map, key);
  if (list === undefined) setOwn(map, key, String(line));
  else if (lastOf(list) !== line) map[key] = `${list},${line}`;
}

/** Records what entry `e` (at `line`, already counted in idx.lines) contributes. */
export function indexEntry(idx: SymbolIndex, line: number, e: Entry): void {
  const delta = e.ast_delta as { nodes?: unknown } | undefined;
  if (delta && Array.isArray(delta.nodes)) {
    for (const n of delta.nodes as { path?: unknown; from?: unknown }[]) {
      if (!n || typeof n !== 'object') continue;
      if (typeof n.path === 'string') idx.names.add(n.path, line);
      if (typeof n.from === 'string') idx.names.add(n.from, line);
    }
  }
  for (const h of supersededBy(e)) push(idx.refs, h, line);
  if (e.capability === 'authorize-delete' && typeof e.hash === 'string') setOwn(idx.auths, e.hash, line);
}

/** The hashes an entry says it corrects (`supersede`) or replaces (a rewritten `commit`). */
export function supersededBy(e: Entry): string[] {
  const s = e.supersedes;
  if (typeof s === 'string') return [s];
  if (Array.isArray(s)) return s.filter((h): h is string => typeof h === 'string');
  return [];
}

/** Keeps lines 1 … keep (and what they contributed); `liveEnd` is where line keep+1 starts. */
export function truncateIndex(idx: SymbolIndex, keep: number, liveEnd: number): void {
  if (keep >= idx.lines) return;
  for (const map of [idx.names.writable(), idx.refs]) {
    for (const k of Object.keys(map)) {
      if (lastOf(map[k]) <= keep) continue;
      const l = map[k].split(',').filter((x) => Number(x) <= keep);
      if (l.length) map[k] = l.join(',');
      else delete map[k];
    }
  }
  for (const k of Object.keys(idx.auths)) if (idx.auths[k] > keep) delete idx.auths[k];
  idx.unreadable = idx.unreadable.filter((l) => l <= keep);
  idx.checks = idx.checks.filter((c) => c[0] <= keep);
  idx.offsets.length = keep;
  idx.lines = keep;
  idx.liveEnd = liveEnd;
}
