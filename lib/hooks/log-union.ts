// The log a rewritten commit carries. Git builds a picked, reverted or rebased commit's
// .aura/log.jsonl by merging the file (merge=union), which can leave an entry whose parents
// are missing (a cherry-pick brings the picked commit's entry but not the entries before it;
// a dropped or reordered rebase step) or take entries out (a revert removes the line its
// commit added). Neither verifies. So the rewritten commit's log is rebuilt from complete
// logs instead: its parent's log byte for byte, then every entry of the other sources not
// yet in it whose parents are all present — nothing recorded is dropped, nothing dangles.
import type { Entry } from '../entry/types';

export interface UnionResult {
  text: Buffer;
  added: number; // entries taken from the other sources
  left: number; // lines left out: their parents are in none of the sources (or unreadable)
}

const linesOf = (b: Buffer): string[] => b.toString('utf8').split('\n').filter((l) => l.trim() !== '');

function parsed(line: string): Pick<Entry, 'hash' | 'parents'> | null {
  try {
    const e = JSON.parse(line) as Entry;
    return typeof e.hash === 'string' && Array.isArray(e.parents) ? e : null;
  } catch {
    return null;
  }
}

/**
 * `base` kept as it is (normally the parent commit's log), followed by the entries of
 * `others` (in their order) that `base` lacks, each only once its parents are all present.
 */
export function unionLog(base: Buffer, others: Buffer[]): UnionResult {
  const have = new Set<string>();
  const seen = new Set<string>();
  for (const line of linesOf(base)) {
    seen.add(line);
    const e = parsed(line);
    if (e) have.add(e.hash);
  }
  let waiting: { line: string; hash: string; parents: string[] }[] = [];
  for (const src of others) {
    for (const line of linesOf(src)) {
      if (seen.has(line)) continue;
      seen.add(line);
      const e = parsed(line);
      if (e && !have.has(e.hash)) waiting.push({ line, hash: e.hash, parents: e.parents });
    }
  }
  const out: string[] = [];
  // Sources are complete logs in practice, so this settles in one or two passes.
  for (let progress = true; progress && waiting.length > 0; ) {
    progress = false;
    const still: typeof waiting = [];
    for (const w of waiting) {
      if (have.has(w.hash)) continue;
      if (w.parents.every((p) => have.has(p))) {
        out.push(w.line);
        have.add(w.hash);
        progress = true;
      } else still.push(w);
    }
    waiting = still;
  }
  const head = base.length > 0 && base[base.length - 1] !== 0x0a ? Buffer.concat([base, Buffer.from('\n')]) : base;
  const text = out.length ? Buffer.concat([head, Buffer.from(out.join('\n') + '\n', 'utf8')]) : head;
  return { text, added: out.length, left: waiting.length };
}
