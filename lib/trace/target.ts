// The argument of `aura trace`: a symbol as ast_delta names it ("file:Qualified.name") or a
// file path alone; and, when the log never names it, the names it most likely meant.
import { UsageError } from '../errors';

export const TARGET_FORM = 'path/to/file.ts:Qualified.name (as `aura diff` prints it), or a file path';

/** Checks the form of a target; returns it unchanged. */
export function parseTarget(arg: string, usage: string): string {
  if (arg.trim() === '') throw new UsageError('the symbol to trace is empty', usage);
  if (/[\r\n]/.test(arg)) throw new UsageError(`${JSON.stringify(arg)} spans lines: name one symbol, ${TARGET_FORM}`, usage);
  if (arg !== arg.trim()) throw new UsageError(`${JSON.stringify(arg)} starts or ends with spaces: ${TARGET_FORM}`, usage);
  const at = arg.lastIndexOf(':');
  if (at === 0) throw new UsageError(`${JSON.stringify(arg)} names no file before ":": ${TARGET_FORM}`, usage);
  if (at === arg.length - 1) throw new UsageError(`${JSON.stringify(arg)} names no symbol after ":": ${TARGET_FORM}`, usage);
  return arg;
}

const fileOf = (name: string): string => {
  const at = name.lastIndexOf(':');
  return at < 0 ? name : name.slice(0, at);
};
const ownOf = (name: string): string => {
  const at = name.lastIndexOf(':');
  const q = at < 0 ? name : name.slice(at + 1);
  return q.slice(q.lastIndexOf('.') + 1);
};

/**
 * Up to `max` known names close to `target`: the same own name in another file or class first
 * (a move), then names of the same file, then the rest, each ranked by edit distance.
 */
export function closeNames(target: string, known: Iterable<string>, max = 5): string[] {
  const { distance } = require('fastest-levenshtein') as typeof import('fastest-levenshtein');
  const file = fileOf(target);
  const own = ownOf(target).toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  const scored: [number, number, string][] = [];
  for (const k of known) {
    const sameOwn = ownOf(k).toLowerCase() === own;
    const sameFile = fileOf(k) === file;
    // cheap bounds first: the log may name hundreds of thousands of symbols
    if (!sameOwn && !sameFile && Math.abs(k.length - target.length) > limit) continue;
    const d = distance(k, target);
    if (!sameOwn && !sameFile && d > limit) continue;
    if (sameFile && !sameOwn && d > Math.max(limit, ownOf(target).length)) continue;
    scored.push([sameOwn ? 0 : sameFile ? 1 : 2, d, k]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  return scored.slice(0, max).map((s) => s[2]);
}
