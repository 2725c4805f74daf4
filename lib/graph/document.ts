// The symbol inventory at a revision (docs/graph.md; schema docs/schemas/graph-export.schema.json):
// every symbol of the tree with the logged entry that last changed it, and totals per
// directory and language. Built from the repository's objects and the log only.
import { posix } from 'node:path';
import { ALGORITHM } from '../delta/algorithm';
import { AuraError } from '../errors';
import { gitRaw } from '../git/exec';
import { resolveTree } from '../git/tree';
import { boundCommits } from '../range/bound';
import { SymbolEvent, symbolStates } from '../range/lineage';
import type { Repo } from '../repo';
import { nowTs } from '../time';
import { FileStatus, treeSymbols } from './symbols';

export const GRAPH_VERSION = 1;

/** A logged change of a symbol: the entry, its commit, author and date. */
export interface GraphEvent {
  entry: string;
  entry_hash: string;
  commit: string;
  via: 'trailer' | 'backfill';
  change: SymbolEvent['change'];
  from: string | null;
  date: string;
  author: { key_id: string | null; kind: string; pubkey: string };
}

export interface GraphChange extends GraphEvent {
  /** the entry's recorded hash is this symbol's hash here; false: changed since by a commit no entry binds; null: another symbol algorithm, not comparable */
  hash_matches: boolean | null;
}

export interface GraphSymbol {
  path: string;
  name: string;
  kind: string;
  language: string;
  hash: string;
  last_change: GraphChange | null;
  created: GraphEvent | null;
}

export interface GraphTotals {
  files: number;
  parsed_files: number;
  symbols: number;
  symbols_with_logged_change: number;
  by_language: { language: string; files: number; symbols: number; symbols_with_logged_change: number }[];
  by_directory: { directory: string; files: number; symbols: number; symbols_with_logged_change: number }[];
}

export interface GraphDocument {
  version: typeof GRAPH_VERSION;
  kind: 'aura-graph';
  rev: string;
  commit: string;
  tree: string;
  algorithm: string;
  generated_at: string;
  /** the commits reachable from `commit`, and how many of them a log entry binds; null without a log */
  log: { commits: number; commits_logged: number } | null;
  incomplete_files: { path: string; language: string; status: Exclude<FileStatus, 'parsed' | 'unsupported' | 'symlink' | 'submodule'> }[];
  symbols: GraphSymbol[];
  totals: GraphTotals;
}

/** The commit `rev` names, or an error naming the revision. */
export function resolveCommit(cwd: string, rev: string): { commit: string; tree: string } {
  const r = gitRaw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd, okCodes: [1, 128] });
  const commit = r.stdout.toString('utf8').trim();
  if (r.status !== 0 || !commit) throw new AuraError(`unknown revision "${rev}" (or not a commit)`, 'name a commit, branch or tag (see: git log --oneline)');
  return { commit, tree: resolveTree(cwd, commit) };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function event(s: SymbolEvent): GraphEvent {
  return {
    entry: s.entry,
    entry_hash: s.entry_hash,
    commit: s.commit,
    via: s.via,
    change: s.change,
    from: s.from,
    date: s.ts,
    author: { key_id: s.author.key_id, kind: s.author.kind, pubkey: s.author.pubkey },
  };
}

/** The last change, and whether the hash it recorded is the symbol's hash here. */
function lastChange(s: SymbolEvent, hash: string): GraphChange {
  return { ...event(s), hash_matches: s.after === hash ? true : s.algorithm === ALGORITHM ? false : null };
}

export async function buildGraph(repo: Repo, rev: string, opts: { cache?: boolean } = {}): Promise<GraphDocument> {
  const { commit, tree } = resolveCommit(repo.root, rev);
  const files = await treeSymbols(repo, tree, { algorithm: ALGORITHM, maxFileBytes: repo.config.delta.max_file_bytes, cache: opts.cache !== false });
  const { existsSync } = require('node:fs') as typeof import('node:fs');
  const hasLog = existsSync(repo.logPath);
  // without a log nothing binds a commit: the walk is skipped, every last_change is null
  const history = hasLog ? await boundCommits([commit], { cwd: repo.root, logPath: repo.logPath }) : [];
  const states = symbolStates(history, commit);

  const symbols: GraphSymbol[] = [];
  const incomplete: GraphDocument['incomplete_files'] = [];
  const lang = new Map<string, { files: number; symbols: number; logged: number }>();
  const dirs = new Map<string, { files: number; symbols: number; logged: number }>();
  const bump = <K>(m: Map<K, { files: number; symbols: number; logged: number }>, k: K) => {
    let v = m.get(k);
    if (!v) m.set(k, (v = { files: 0, symbols: 0, logged: 0 }));
    return v;
  };
  let parsed = 0;
  for (const f of [...files].sort((a, b) => cmp(a.path, b.path))) {
    const d = bump(dirs, posix.dirname(f.path));
    d.files++;
    if (!f.language) continue;
    const l = bump(lang, f.language);
    l.files++;
    if (f.status !== 'parsed') {
      if (f.status === 'parse_error' || f.status === 'too_large' || f.status === 'binary' || f.status === 'missing') incomplete.push({ path: f.path, language: f.language, status: f.status });
    }
    if (!f.table) continue;
    parsed++;
    for (const s of f.table.symbols) {
      const st = states.get(`${f.path}:${s.name}`);
      symbols.push({
        path: f.path,
        name: s.name,
        kind: s.kind,
        language: f.language,
        hash: s.hash,
        last_change: st ? lastChange(st.last, s.hash) : null,
        created: st?.created ? event(st.created) : null,
      });
      d.symbols++;
      l.symbols++;
      if (st) d.logged++, l.logged++;
    }
  }
  const rows = <T extends string>(m: Map<string, { files: number; symbols: number; logged: number }>, key: T) =>
    [...m].sort(([a], [b]) => cmp(a, b)).map(([k, v]) => ({ [key]: k, files: v.files, symbols: v.symbols, symbols_with_logged_change: v.logged }) as Record<T, string> & { files: number; symbols: number; symbols_with_logged_change: number });
  return {
    version: GRAPH_VERSION,
    kind: 'aura-graph',
    rev,
    commit,
    tree,
    algorithm: ALGORITHM,
    generated_at: nowTs(),
    log: hasLog ? { commits: history.length, commits_logged: history.filter((h) => h.entry).length } : null,
    incomplete_files: incomplete,
    symbols,
    totals: {
      files: files.length,
      parsed_files: parsed,
      symbols: symbols.length,
      symbols_with_logged_change: symbols.filter((s) => s.last_change).length,
      by_language: rows(lang, 'language'),
      by_directory: rows(dirs, 'directory'),
    },
  };
}
