// The semantic delta of a change: staged content against HEAD (what a commit hook sees), or
// any two revisions. Reads blobs in bulk, takes symbol tables from the cache where it can,
// parses the rest, and matches symbols across the two sides (match.ts).
import type { AstDelta } from '../entry/types';
import type { GrammarSpec } from '../../grammars/types';
import { grammarFor } from '../../grammars/registry';
import { blake3, blake3Parts, hashRef } from '../crypto/blake3';
import { requireRepo, Repo } from '../repo';
import { objectSizes, readBlobs, readSmallChange, streamBlob } from '../git/batch';
import { FileChange, FileSide, stagedChanges, treeChanges } from '../git/tree';
import { join } from 'node:path';
import { AuraError } from '../errors';
import { SymbolCache } from './cache';
import { ALGORITHM, ALGORITHMS, knownAlgorithm } from './algorithm';
import { decodeSource, FileTable, symbolTokens } from './extract';
import { buildDelta, FilePair, FileState } from './match';
import { extractAll, startPool } from './pool';

export interface DeltaOptions {
  cwd: string;
  /** files larger than this are file-level changes without symbols (default: [delta] max_file_bytes, 1 MB) */
  maxFileBytes?: number;
  /** false: neither read nor write the symbol cache (a verifier recomputing from scratch) */
  cache?: boolean;
  /** the repository at `cwd` when the caller has already found it (a hook): no second lookup */
  repo?: Repo;
  /**
   * the symbol algorithm (default: extract.ts ALGORITHM, the newest); a verifier passes the one
   * an entry records, so entries written by an older version recompute identically
   */
  algorithm?: string;
}

/** The index (GIT_INDEX_FILE when Git sets it) against HEAD; before the first commit, against the empty tree. */
export async function stagedDelta(opts: DeltaOptions): Promise<AstDelta> {
  const repo = opts.repo ?? requireRepo(opts.cwd);
  return deltaOf(stagedChanges(repo.root), repo, opts);
}

/** `base` → `target`, each any revision or tree id; a null base is the empty tree (an initial commit). */
export async function revisionDelta(base: string | null, target: string, opts: DeltaOptions): Promise<AstDelta> {
  const repo = opts.repo ?? requireRepo(opts.cwd);
  return deltaOf(treeChanges(repo.root, base, target, repo.commonDir), repo, opts);
}

// Git's own test for binary content: a NUL byte in the first 8000 bytes.
function isBinary(b: Uint8Array): boolean {
  return b.subarray(0, 8000).indexOf(0) !== -1;
}

/** The intent log and its companions are not the project's code. */
function inAura(path: string): boolean {
  return path === '.aura' || path.startsWith('.aura/');
}

interface Side {
  side: FileSide;
  state: FileState;
  spec?: GrammarSpec;
}

async function deltaOf(raw: FileChange[], repo: Repo, opts: DeltaOptions): Promise<AstDelta> {
  const root = repo.root;
  const limit: number = opts.maxFileBytes ?? repo.config.delta.max_file_bytes;
  const algorithm = opts.algorithm ?? ALGORITHM;
  if (!knownAlgorithm(algorithm)) {
    throw new AuraError(`this version of aura cannot compute symbol algorithm ${JSON.stringify(algorithm)} (it knows ${ALGORITHMS.join(', ')})`, 'upgrade aura-hooks to a version that knows it');
  }
  const cache = new SymbolCache(opts.cache === false ? null : join(repo.commonDir, 'aura', 'symbols-cache'), algorithm);
  const pairs: { old: Side | null; new: Side | null }[] = [];
  const sides: Side[] = [];
  const mk = (s: FileSide | null): Side | null => {
    if (!s || inAura(s.path)) return null;
    const side: Side = { side: s, state: { path: s.path, mode: s.mode, content: 'text', hash: '' } };
    sides.push(side);
    return side;
  };
  for (const ch of raw) {
    const p = { old: mk(ch.old), new: mk(ch.new) };
    if (p.old || p.new) pairs.push(p);
  }

  // Cached tables first: a hit holds its blob's size, so it needs no git read at all.
  const pending: Side[] = [];
  const large: Side[] = [];
  for (const s of sides) {
    if (s.side.mode === '160000') {
      // a submodule entry is a commit id in another repository: no content here to read
      s.state.content = 'submodule';
      s.state.hash = hashRef(blake3('commit ' + s.side.oid));
      continue;
    }
    if (s.side.mode !== '120000') {
      s.spec = grammarFor(s.side.path);
      const hit = s.spec && cache.get(s.spec, s.side.oid);
      if (hit && hit.size <= limit) {
        s.state.table = hit.table;
        s.state.hash = hit.table.module;
        continue;
      }
      if (hit) {
        s.state.content = 'too_large';
        large.push(s);
        continue;
      }
    }
    pending.push(s);
  }

  // The rest. A small change (a commit's) is read from the loose objects `git add` wrote, the
  // others in one `git cat-file --batch`, with the sizes of what was read; that read stops at
  // SMALL_READ_BYTES, so a file over the limit costs at most that much memory before the other
  // way. A large change (or one past that bound) asks for sizes first: a file over the limit is
  // hashed as a stream and never held whole, and the parsing threads start while git reads.
  const oids = unique(pending.map((s) => s.side.oid));
  const small = oids.length <= SMALL_READ ? readSmallChange(root, repo.commonDir, oids, limit, Math.min(SMALL_READ_BYTES, oids.length * (limit + 100))) : null;
  let blobs = small?.blobs ?? null;
  const sizes = small?.sizes ?? objectSizes(root, oids);
  const toRead: Side[] = [];
  for (const s of pending) {
    if ((sizes.get(s.side.oid) ?? 0) > limit) {
      s.state.content = 'too_large';
      large.push(s);
      continue;
    }
    if (s.side.mode === '120000') s.state.content = 'symlink';
    toRead.push(s);
  }

  // A large change starts its parsing threads now, so they load tree-sitter and the grammars
  // while git reads the blobs.
  const toParse = new Map<string, number>();
  for (const s of toRead) if (s.spec && s.state.content === 'text') toParse.set(`${s.spec.name}:${s.side.oid}`, sizes.get(s.side.oid) ?? 0);
  const pool = startPool([...toParse.values()].reduce((a, b) => a + b, 0), toParse.size, unique(toRead.flatMap((s) => (s.spec ? [s.spec.name] : []))));
  blobs ??= readBlobs(root, unique(toRead.map((s) => s.side.oid)));
  const parse: { side: Side; bytes: Buffer }[] = [];
  for (const s of toRead) {
    const bytes = blobs.get(s.side.oid)!;
    if (s.state.content === 'text' && isBinary(bytes)) s.state.content = 'binary';
    if (s.state.content === 'text' && !s.spec) s.state.content = 'unsupported';
    if (s.state.content === 'text') parse.push({ side: s, bytes });
    else s.state.hash = hashRef(blake3(bytes));
  }
  for (const s of large) {
    const held = blobs.get(s.side.oid); // read whole by the small change's one read
    if (held) {
      s.state.hash = hashRef(blake3(held));
      continue;
    }
    const chunks: Buffer[] = [];
    await streamBlob(root, s.side.oid, (c) => chunks.push(c));
    s.state.hash = hashRef(blake3Parts(chunks));
  }

  // one parse per distinct (grammar, blob): a file renamed unchanged has one blob on both sides
  const jobs = new Map<string, { spec: GrammarSpec; oid: string; bytes: Buffer; sides: Side[] }>();
  for (const p of parse) {
    const key = `${p.side.spec!.name}:${p.side.side.oid}`;
    const j = jobs.get(key);
    if (j) j.sides.push(p.side);
    else jobs.set(key, { spec: p.side.spec!, oid: p.side.side.oid, bytes: p.bytes, sides: [p.side] });
  }
  const list = [...jobs.values()];
  const tables = await extractAll(list.map((j) => ({ grammar: j.spec.name, bytes: j.bytes, algorithm })), pool);
  list.forEach((j, i) => {
    const t: FileTable = tables[i];
    for (const s of j.sides) (s.state.table = t), (s.state.hash = t.module);
    cache.put(j.spec, j.oid, t, j.bytes.length);
  });

  // Token lists only for the rare symbol that may have moved with edits.
  const tokenMemo = new Map<string, Map<string, string[]>>();
  const bySide = new Map<FileState, Side>(sides.map((s) => [s.state, s]));
  const tokensOf = (state: FileState, name: string): string[] | undefined => {
    const s = bySide.get(state);
    if (!s || !s.spec) return undefined;
    const key = `${s.spec.name}:${s.side.oid}`;
    let m = tokenMemo.get(key);
    if (!m) {
      const bytes = blobs.get(s.side.oid) ?? readBlobs(root, [s.side.oid]).get(s.side.oid)!;
      m = symbolTokens(s.spec, decodeSource(bytes).text, algorithm);
      tokenMemo.set(key, m);
    }
    return m.get(name);
  };

  const filePairs: FilePair[] = pairs.map((p) => ({ old: p.old?.state ?? null, new: p.new?.state ?? null }));
  return buildDelta(filePairs, tokensOf, algorithm);
}

/** A change reading at most this many blobs is read in one go (SMALL_READ_BYTES at most). */
const SMALL_READ = 64;
const SMALL_READ_BYTES = 32 << 20;

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
