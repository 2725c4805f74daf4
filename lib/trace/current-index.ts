// The index trace uses: the cached one brought up to date (and saved back when it grew), or,
// with `cache: false`, one built from the whole log in memory (what the cached one must
// always agree with).
import { indexPathFor, loadIndex, saveIndex } from './index-file';
import { refreshIndex } from './refresh';
import { emptyIndex, SymbolIndex } from './symbol-index';

export interface IndexStats {
  cached: boolean; // a cache file was used (false: built from the log alone)
  kept: number; // lines the cache already covered and still agrees with
  read: number; // lines read from the log now
  saved: boolean;
}

export async function currentIndex(logPath: string, commonDir: string, opts: { cache: boolean }): Promise<{ index: SymbolIndex; stats: IndexStats }> {
  if (!opts.cache) {
    const { index, read } = await refreshIndex(logPath, emptyIndex());
    return { index, stats: { cached: false, kept: 0, read, saved: false } };
  }
  const path = indexPathFor(commonDir);
  const loaded = loadIndex(path);
  const had = loaded.index.lines; // refreshIndex changes the index it is given
  const { index, kept, read } = await refreshIndex(logPath, loaded.index);
  const saved = read > 0 || kept !== had || loaded.stamp === null ? await saveIndex(path, index, loaded.stamp) : false;
  return { index, stats: { cached: loaded.stamp !== null, kept, read, saved } };
}
