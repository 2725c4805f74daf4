// How alike two symbol bodies are, for a symbol that left one file and arrived in another
// under the same name with edits. Dice coefficient over the multisets of adjacent token
// pairs of the normalized token lists: 2·|A∩B| / (|A|+|B|), in [0, 1]; linear time, and
// independent of where in the body an edit sits.
export const MOVE_SIMILARITY = 0.6;

function pairs(tokens: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const k = tokens[i] + '\u0001' + tokens[i + 1];
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export function similarity(a: string[], b: string[]): number {
  if (a.length < 2 || b.length < 2) return a.length === b.length && a.every((t, i) => t === b[i]) ? 1 : 0;
  const pa = pairs(a), pb = pairs(b);
  let common = 0;
  for (const [k, n] of pa) common += Math.min(n, pb.get(k) ?? 0);
  return (2 * common) / (a.length - 1 + b.length - 1);
}
