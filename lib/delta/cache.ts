// Symbol tables cached by blob id, so a base blob parsed when it was staged is not parsed
// again when it is the base of the next commit. A blob's content never changes, so an entry
// never goes stale; the directory name carries the hash algorithm and the grammar version, so
// a change to either starts a fresh cache. The cache only saves time: an unreadable or
// malformed entry is ignored and recomputed.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrammarSpec } from '../../grammars/types';
import { symbolsQuery } from '../../grammars/registry';
import { blake3 } from '../crypto/blake3';
import type { FileTable } from './extract';

// Tables this process has computed itself (never ones read from disk, so `cache: false` can
// still use them): a verifier recomputing many commits meets each blob as the target of one
// and the base of the next.
const memory = new Map<string, FileTable>();
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

  private file(spec: GrammarSpec, oid: string): string {
    return join(this.dir!, this.version(spec), oid.slice(0, 2), oid.slice(2) + '.json');
  }

  get(spec: GrammarSpec, oid: string): FileTable | undefined {
    const known = memory.get(`${this.algorithm}:${spec.name}:${oid}`);
    if (known || !this.dir) return known;
    try {
      const t = JSON.parse(readFileSync(this.file(spec, oid), 'utf8')) as FileTable;
      if (t && t.lang === spec.name && typeof t.module === 'string' && Array.isArray(t.symbols)) return t;
    } catch {
      // absent or damaged: recompute
    }
    return undefined;
  }

  put(spec: GrammarSpec, oid: string, table: FileTable): void {
    if (memory.size >= MEMORY_LIMIT) memory.clear();
    memory.set(`${this.algorithm}:${spec.name}:${oid}`, table);
    if (!this.dir) return;
    const f = this.file(spec, oid);
    try {
      mkdirSync(join(f, '..'), { recursive: true });
      const tmp = `${f}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(table));
      renameSync(tmp, f); // readers never see half a file
    } catch {
      // a read-only repository still gets its delta, only slower next time
    }
  }
}
