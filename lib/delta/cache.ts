// Symbol tables cached by blob id, so a base blob parsed when it was staged is not parsed
// again when it is the base of the next commit. A blob's content never changes, so an entry
// never goes stale; the directory name carries the hash algorithm and the grammar version, so
// a change to either starts a fresh cache. An entry also holds the blob's size, so a hit needs
// no git read at all (the caller still holds it to [delta] max_file_bytes, which may have been
// lowered since). The cache only saves time: an unreadable or malformed entry (one written
// before sizes were kept, too) is ignored and recomputed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deferrable } from '../fs/deferred';
import type { GrammarSpec } from '../../grammars/types';
import { symbolsQuery } from '../../grammars/registry';
import { blake3 } from '../crypto/blake3';
import type { FileTable } from './extract';

// Tables this process has computed itself (never ones read from disk, so `cache: false` can
// still use them): a verifier recomputing many commits meets each blob as the target of one
// and the base of the next.
const memory = new Map<string, Cached>();

/** A cached table and the size in bytes of the blob it was computed from. */
export interface Cached {
  table: FileTable;
  size: number;
}
const MEMORY_LIMIT = 50_000;

export class SymbolCache {
  /** `dir` null: in-memory only (nothing read from or written to disk). */
  constructor(
    private readonly dir: string | null,
    private readonly algorithm: string,
  ) {}

  private versions = new Map<string, string>();

  /**
   * The directory of one grammar's entries: the algorithm, the grammar package version and a
   * digest of the query and normalization settings, so editing any of them starts afresh.
   */
  private version(spec: GrammarSpec): string {
    let v = this.versions.get(spec.name);
    if (!v) {
      const { language: _l, ...settings } = spec;
      const digest = blake3(symbolsQuery(spec) + '\0' + JSON.stringify(settings)).toString('hex').slice(0, 16);
      v = `${this.algorithm.replace('/', '-')}-${spec.name}-${spec.version}-${digest}`;
      this.versions.set(spec.name, v);
    }
    return v;
  }

  // One flat directory per version: no directory to create per entry (creating a file or a
  // directory is what writing an entry costs, ~0.5 ms each on the machine benchmarked).
  private file(spec: GrammarSpec, oid: string): string {
    return join(this.dir!, this.version(spec), oid + '.json');
  }

  get(spec: GrammarSpec, oid: string): Cached | undefined {
    const known = memory.get(`${this.algorithm}:${spec.name}:${oid}`);
    if (known || !this.dir) return known;
    try {
      const c = JSON.parse(readFileSync(this.file(spec, oid), 'utf8')) as Cached;
      const t = c?.table;
      if (Number.isSafeInteger(c.size) && t && t.lang === spec.name && typeof t.module === 'string' && Array.isArray(t.symbols)) return c;
    } catch {
      // absent or damaged: recompute
    }
    return undefined;
  }

  put(spec: GrammarSpec, oid: string, table: FileTable, size: number): void {
    if (memory.size >= MEMORY_LIMIT) memory.clear();
    const entry: Cached = { table, size };
    memory.set(`${this.algorithm}:${spec.name}:${oid}`, entry);
    if (!this.dir) return;
    const f = this.file(spec, oid);
    const text = JSON.stringify(entry);
    // Written in place, not through a temp file and a rename: a reader that meets it half
    // written, or two writers of the same entry interleaved (the same bytes), parse it as
    // damaged at worst, which is a miss.
    const write = (): void => {
      try {
        try {
          writeFileSync(f, text);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          mkdirSync(dirname(f), { recursive: true }); // the first entry of this version
          writeFileSync(f, text);
        }
      } catch {
        // a read-only repository still gets its delta, only slower next time
      }
    };
    // ~1 ms on a slow disk, one per blob not met before: after the hook's answer in the helper
    // (lib/fs/deferred.ts); the tables stay in memory for this run, and a file never written is
    // only a miss later
    deferrable(write);
  }
}
