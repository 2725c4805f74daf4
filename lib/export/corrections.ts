// Supersede entries never change the entry they correct: they annotate it. This gathers, for
// each corrected entry hash, its corrections in log order, so diff/trace and the intent
// export can show an entry together with what later replaced its intent.
import type { Entry } from '../entry/types';

export interface Correction {
  id: string;
  hash: string;
  ts: string;
  intent: string;
  author: { kind: string; id: string };
}

export type Corrections = ReadonlyMap<string, Correction[]>;

/** One pass over the log; supersede entries are few, so the map stays small. */
export async function loadCorrections(logPath: string): Promise<Corrections> {
  const { readEntries } = require('../log/read') as typeof import('../log/read');
  const map = new Map<string, Correction[]>();
  for await (const { entry } of readEntries(logPath)) {
    if (entry.capability !== 'supersede' || typeof entry.supersedes !== 'string') continue;
    const list = map.get(entry.supersedes) ?? [];
    list.push(correctionOf(entry));
    map.set(entry.supersedes, list);
  }
  return map;
}

export const correctionOf = (e: Entry): Correction => ({ id: e.id, hash: e.hash, ts: e.ts, intent: e.intent, author: { kind: e.author.kind, id: e.author.id } });

/** The intent that stands for `entry`: its latest correction's, or its own. */
export function effectiveIntent(entry: Entry, corrections: Corrections): string {
  const list = corrections.get(entry.hash);
  return list && list.length > 0 ? list[list.length - 1].intent : entry.intent;
}
