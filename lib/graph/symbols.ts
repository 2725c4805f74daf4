// The symbol tables of every file of a tree, read from the repository's objects (never the
// working tree): `git ls-tree -r`, sizes and contents through `git cat-file --batch`, tables
// from the symbol cache where present, the rest parsed by the delta engine (in worker threads
// when there is enough to parse), then cached for the next export or delta.
import { join } from 'node:path';
import type { GrammarSpec } from '../../grammars/types';
import { grammarFor } from '../../grammars/registry';
import { SymbolCache } from '../delta/cache';
import type { FileTable } from '../delta/extract';
import { extractAll } from '../delta/pool';
import { objectSizes, readBlobs } from '../git/batch';
import { listFiles } from '../git/tree';
import type { Repo } from '../repo';

/** What became of a file: parsed (its symbols listed), or why it has no symbols. */
export type FileStatus = 'parsed' | 'parse_error' | 'too_large' | 'binary' | 'missing' | 'unsupported' | 'symlink' | 'submodule';

export interface TreeFile {
  path: string;
  oid: string;
  language: string | null; // the grammar that reads it, null when none does
  status: FileStatus;
  table?: FileTable; // parsed and parse_error (symbols touching an error are left out)
}

/** Blobs read per `git cat-file --batch`: bounds memory on a big tree. */
const READ_BATCH_BYTES = 64 << 20;

// Git's own test for binary content: a NUL byte in the first 8000 bytes (as lib/delta/index.ts).
const isBinary = (b: Uint8Array): boolean => b.subarray(0, 8000).indexOf(0) !== -1;

/** The log and its companions are not the project's code (as the delta leaves them out). */
const inAura = (path: string): boolean => path === '.aura' || path.startsWith('.aura/');

export async function treeSymbols(repo: Repo, tree: string, opts: { algorithm: string; maxFileBytes: number; cache: boolean }): Promise<TreeFile[]> {
  const cache = new SymbolCache(opts.cache ? join(repo.commonDir, 'aura', 'symbols-cache') : null, opts.algorithm);
  const files: TreeFile[] = [];
  const wanted: { file: TreeFile; spec: GrammarSpec }[] = [];
  for (const f of listFiles(repo.root, tree)) {
    if (inAura(f.path)) continue;
    const spec = f.mode === '160000' || f.mode === '120000' ? undefined : grammarFor(f.path);
    const file: TreeFile = {
      path: f.path,
      oid: f.oid,
      language: spec?.name ?? null,
      status: f.mode === '160000' ? 'submodule' : f.mode === '120000' ? 'symlink' : 'unsupported',
    };
    files.push(file);
    if (spec) wanted.push({ file, spec });
  }

  const sizes = objectSizes(repo.root, [...new Set(wanted.map((w) => w.file.oid))]);
  const toParse: { file: TreeFile; spec: GrammarSpec; size: number }[] = [];
  for (const w of wanted) {
    const size = sizes.get(w.file.oid);
    if (size === undefined) {
      w.file.status = 'missing'; // a partial clone or a damaged repository: listed, never guessed
      continue;
    }
    if (size > opts.maxFileBytes) {
      w.file.status = 'too_large';
      continue;
    }
    const hit = cache.get(w.spec, w.file.oid);
    if (hit) setTable(w.file, hit.table);
    else toParse.push({ ...w, size });
  }

  // one parse per distinct (grammar, blob), in batches of bounded size
  const jobs = new Map<string, { spec: GrammarSpec; oid: string; files: TreeFile[]; size: number }>();
  for (const p of toParse) {
    const key = `${p.spec.name}:${p.file.oid}`;
    const j = jobs.get(key);
    if (j) j.files.push(p.file);
    else jobs.set(key, { spec: p.spec, oid: p.file.oid, files: [p.file], size: p.size });
  }
  let batch: { spec: GrammarSpec; oid: string; files: TreeFile[] }[] = [];
  let bytes = 0;
  const flush = async () => {
    const blobs = readBlobs(repo.root, [...new Set(batch.map((j) => j.oid))]);
    const text = batch.filter((j) => {
      if (!isBinary(blobs.get(j.oid)!)) return true;
      for (const f of j.files) f.status = 'binary';
      return false;
    });
    const tables = await extractAll(text.map((j) => ({ grammar: j.spec.name, bytes: blobs.get(j.oid)!, algorithm: opts.algorithm })));
    text.forEach((j, i) => {
      for (const f of j.files) setTable(f, tables[i]);
      cache.put(j.spec, j.oid, tables[i], blobs.get(j.oid)!.length);
    });
    batch = [];
    bytes = 0;
  };
  for (const j of jobs.values()) {
    batch.push(j);
    bytes += j.size;
    if (bytes >= READ_BATCH_BYTES) await flush();
  }
  if (batch.length) await flush();
  return files;
}

function setTable(f: TreeFile, t: FileTable): void {
  f.table = t;
  f.status = t.parse_error ? 'parse_error' : 'parsed';
}
