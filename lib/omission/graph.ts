// The shape of a log as the omission checks need it: which entries it holds and what each
// names as parents. Read from a log file or from a log blob of some commit, never trusted
// for more than that (`aura audit verify` checks hashes and signatures).
import { readFileSync } from 'node:fs';
import { linkOf } from '../log/tips';

export interface LogGraph {
  /** hash → parents, in file order */
  parents: Map<string, string[]>;
  /** id of each entry (for naming the ones that are gone), by hash */
  ids: Map<string, string>;
}

/** Every line of `text` that is an entry; lines that are not are the verifier's business. */
export function graphOf(text: Buffer): LogGraph {
  const parents = new Map<string, string[]>();
  const ids = new Map<string, string>();
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf(0x0a, start);
    if (nl < 0) nl = text.length;
    const line = text.subarray(start, nl);
    const link = linkOf(line);
    if (link) {
      parents.set(link.hash, link.parents);
      const id = /"id"\s*:\s*"(in_[0-9A-Z]{26})"/.exec(line.toString('utf8'));
      if (id) ids.set(link.hash, id[1]);
    }
    start = nl + 1;
  }
  return { parents, ids };
}

export function graphOfFile(path: string): LogGraph | null {
  try {
    return graphOf(readFileSync(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Whether `text` holds an entry with this hash. Cheap: a writer emits canonical JSON, so the
 * entry's own line contains `"hash":"<hash>"`; the line found is parsed to be sure (the same
 * bytes could sit in a nested object). Falls back to a full parse for a non-canonical log.
 */
export function holdsEntry(text: Buffer, hash: string): boolean {
  const needle = Buffer.from(`"hash":"${hash}"`);
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const start = text.lastIndexOf(0x0a, at) + 1;
    let end = text.indexOf(0x0a, at);
    if (end < 0) end = text.length;
    if (linkOf(text.subarray(start, end))?.hash === hash) return true;
  }
  return graphOf(text).parents.has(hash);
}

/** `tips` and all their ancestors present in `g`. */
export function ancestry(g: LogGraph, tips: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...tips].filter((t) => g.parents.has(t));
  while (stack.length) {
    const h = stack.pop()!;
    if (seen.has(h)) continue;
    seen.add(h);
    for (const p of g.parents.get(h) ?? []) if (g.parents.has(p) && !seen.has(p)) stack.push(p);
  }
  return seen;
}

/** Hashes of `g` that no entry of `g` names as a parent, sorted. */
export function tipsOf(g: LogGraph): string[] {
  const named = new Set<string>();
  for (const ps of g.parents.values()) for (const p of ps) named.add(p);
  return [...g.parents.keys()].filter((h) => !named.has(h)).sort();
}
