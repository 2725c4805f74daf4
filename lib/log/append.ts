// Appending to the intent log. One writer at a time (the lock), every line written with one
// write() on an O_APPEND descriptor, never after a torn last line, fsync every `fsyncEvery`
// entries counted across processes (the count lives in the tips cache, under the lock).
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { fsyncDir } from '../fs/atomic-file';
import { canonicalize } from '../json/canonical';
import { LockOptions, withLock } from './lock';
import { tornLogError, tornTail } from './tail';
import { currentTips, tipsAfterAppend, TipsState, tipsStateOf, writeTipsCache } from './tips';

export interface AppendOptions {
  /** fsync after every N-th entry appended to this log, whichever process appended it (default 1) */
  fsyncEvery?: number;
  lock?: LockOptions;
}

/** Opens the log for appending; `created` when this call created the file. */
function openLog(logPath: string): { fd: number; created: boolean } {
  const flags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT;
  try {
    return { fd: openSync(logPath, flags | constants.O_EXCL, 0o644), created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { fd: openSync(logPath, flags), created: false };
  }
}

/** Writes all of `buf`; on failure removes whatever part of it reached the file. */
function writeAll(fd: number, buf: Buffer, sizeBefore: number, logPath: string): void {
  try {
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
  } catch (e) {
    // We hold the lock, so the bytes after sizeBefore are ours alone: taking them back leaves
    // the log exactly as it was instead of with a torn line.
    try {
      ftruncateSync(fd, sizeBefore);
    } catch {
      throw new AuraError(`cannot append to ${logPath}: ${(e as Error).message}; the last line may now be incomplete`, 'free space or fix permissions, then run: aura audit repair');
    }
    throw new AuraError(`cannot append to ${logPath}: ${(e as Error).message}; nothing was recorded, the log is unchanged`, 'free disk space or fix the permissions of the log, then retry');
  }
}

/**
 * The one append path. Under the lock: refuse a torn log, compute the tips state, let
 * `produce` build the entries from it (null or [] appends nothing), write them in one write,
 * fsync when the cross-process count reaches `fsyncEvery`, update the tips cache.
 */
export async function appendToLog(
  logPath: string,
  produce: (state: TipsState) => Entry[] | null | Promise<Entry[] | null>,
  opts: AppendOptions = {},
): Promise<Entry[]> {
  const fsyncEvery = opts.fsyncEvery ?? 1;
  if (!Number.isSafeInteger(fsyncEvery) || fsyncEvery < 1) throw new Error(`fsyncEvery must be a whole number ≥ 1, got ${fsyncEvery}`);
  mkdirSync(dirname(logPath), { recursive: true });
  // A long scan (the log was rewritten by git) happens here, before the lock, so other writers
  // do not wait on it; under the lock only what was appended meanwhile is read.
  await currentTips(logPath);
  return withLock(
    logPath,
    async () => {
      const { fd, created } = openLog(logPath);
      try {
        const size = fstatSync(fd).size;
        const torn = tornTail(fd, size);
        if (torn) throw tornLogError(logPath, torn);
        const state = tipsStateOf(logPath, fd, size);
        const entries = (await produce(state)) ?? [];
        if (entries.length === 0) return [];
        const lines = entries.map((e) => Buffer.from(canonicalize(e) + '\n', 'utf8'));
        writeAll(fd, lines.length === 1 ? lines[0] : Buffer.concat(lines), size, logPath);
        // Unknown (the cache was rebuilt): sync now rather than risk more than N unsynced entries.
        let unsynced = state.unsynced === null ? fsyncEvery : state.unsynced + entries.length;
        if (unsynced >= fsyncEvery) {
          fsyncSync(fd);
          unsynced = 0;
        }
        // A new file's name lives in its directory: sync that too, or a crash can lose the whole log.
        if (created) fsyncDir(dirname(logPath));
        writeTipsCache(logPath, { ...tipsAfterAppend(state, entries, lines), unsynced });
        return entries;
      } finally {
        closeSync(fd);
      }
    },
    opts.lock,
  );
}

/**
 * Appends one entry: `make` receives the current tips (the parents the entry must name) and
 * returns the sealed entry. Throws AuraError for a torn log or a lock that cannot be had.
 */
export async function appendEntry(logPath: string, make: (tips: string[]) => Entry | Promise<Entry>, opts?: AppendOptions): Promise<Entry> {
  const [entry] = await appendToLog(logPath, async (state) => [await make(state.tips)], opts);
  return entry;
}

/** Appends entries sealed elsewhere (e.g. brought in from another log), in order, in one write. */
export async function appendEntries(logPath: string, entries: Entry[], opts?: AppendOptions): Promise<void> {
  if (entries.length === 0) return;
  await appendToLog(logPath, () => entries, opts);
}
