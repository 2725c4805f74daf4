// The trace index on disk: <git-common-dir>/aura/trace-index.json, shared by every worktree
// (like the symbol cache and lib/omission's seen tips). It is a cache: a missing, unreadable or
// foreign-version file is rebuilt, and before any of it is used the log is checked against it
// (lib/trace/refresh.ts). Written whole, atomically, under its own lock, and only when no
// other process replaced it meanwhile.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { replaceFile } from '../fs/atomic-file';
import { withLock } from '../log/lock';
import { lastLine } from '../log/tail';
import { NameTable } from './name-table';
import { emptyIndex, INDEX_VERSION, SymbolIndex } from './symbol-index';

export const indexPathFor = (commonDir: string): string => join(commonDir, 'aura', 'trace-index.json');

/** What was on disk when it was read: `stamp` tells a later writer whether someone replaced it. */
export interface LoadedIndex {
  index: SymbolIndex;
  stamp: string | null; // null: there was no usable file
}

// The file: one line of JSON (everything but the names), the name lines (name-table.ts), and
// a last line "stamp <random>" that tells a writer whether the file changed since it read it.
const STAMP = Buffer.from('\nstamp ', 'utf8');

export function loadIndex(path: string): LoadedIndex {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch {
    return { index: emptyIndex(), stamp: null };
  }
  try {
    const headerEnd = raw.indexOf(0x0a);
    const stampAt = raw.lastIndexOf(STAMP);
    if (headerEnd < 0 || stampAt < headerEnd || raw[raw.length - 1] !== 0x0a) return { index: emptyIndex(), stamp: null };
    const v = JSON.parse(raw.toString('utf8', 0, headerEnd)) as Omit<SymbolIndex, 'names'>;
    const shaped = v && v.version === INDEX_VERSION && Number.isInteger(v.lines) && Number.isInteger(v.liveEnd) &&
      Array.isArray(v.offsets) && v.offsets.length === v.lines && Array.isArray(v.checks) && Array.isArray(v.segments) && Array.isArray(v.unreadable) &&
      [v.refs, v.auths].every((m) => m !== null && typeof m === 'object' && !Array.isArray(m));
    if (!shaped) return { index: emptyIndex(), stamp: null };
    const names = NameTable.fromBytes(raw, headerEnd + 1, stampAt + 1);
    return { index: { ...v, names }, stamp: raw.toString('utf8', stampAt + STAMP.length, raw.length - 1) };
  } catch {
    return { index: emptyIndex(), stamp: null };
  }
}

/**
 * Writes `index` unless the file changed since `from` was read (another trace, in this or
 * another worktree, wrote a fresher one: keep it). Never throws: a read-only common dir only
 * costs the next trace a rebuild.
 */
export async function saveIndex(path: string, index: SymbolIndex, from: string | null): Promise<boolean> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    return await withLock(path, () => {
      if (loadStamp(path) !== from) return false;
      const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const { names, ...rest } = index;
      replaceFile(path, [JSON.stringify(rest) + '\n', ...names.chunks(), `stamp ${stamp}\n`]);
      return true;
    }, { timeoutMs: 2_000 });
  } catch {
    return false;
  }
}

/** The stamp of the file on disk, from its last line: no need to read the rest. */
function loadStamp(path: string): string | null {
  const last = lastLine(path);
  const m = last?.complete ? /^stamp (\S+)$/.exec(last.text.toString('utf8')) : null;
  return m ? m[1] : null;
}
