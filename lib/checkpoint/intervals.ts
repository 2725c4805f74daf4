// The trusted time interval of each entry, from timestamped checkpoints: an entry a checkpoint
// commits to existed by that checkpoint's RFC 3161 time (plus the TSA's accuracy: a proof);
// an entry a timestamped checkpoint does not hold was not in the log as it stood then (so it
// was added, or at least published, after that time minus the accuracy).
import { ancestry } from '../omission/graph';
import type { LogState } from './log-state';

export interface Stamp {
  file: string;
  tips: string[];
  genTime: string;
  accuracyMs: number;
}

export interface Interval {
  first: number; // 1-based position of the first entry (archives first, then the live log)
  last: number;
  firstId: string | null;
  lastId: string | null;
  after: string | null; // RFC 3339: not in the log timestamped then
  by: string | null; // RFC 3339: proven to exist by then
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function entryIntervals(log: LogState, stamps: Stamp[]): { intervals: Interval[]; claimsLater: string[] } {
  const sets = stamps.map((s) => ({ t: Date.parse(s.genTime), acc: s.accuracyMs, holds: ancestry(log.graph, s.tips) }));
  const intervals: Interval[] = [];
  const claimsLater: string[] = [];
  log.entries.forEach((e, i) => {
    let by = Infinity;
    let after = -Infinity;
    for (const s of sets) if (s.holds.has(e.hash)) by = Math.min(by, s.t + s.acc);
    for (const s of sets) if (!s.holds.has(e.hash) && s.t < by) after = Math.max(after, s.t - s.acc);
    const iv = { after: after === -Infinity ? null : iso(after), by: by === Infinity ? null : iso(by) };
    if (iv.by && e.ts && Date.parse(e.ts) > by) claimsLater.push(e.id ?? e.hash);
    const prev = intervals[intervals.length - 1];
    if (prev && prev.after === iv.after && prev.by === iv.by) {
      prev.last = i + 1;
      prev.lastId = e.id;
    } else intervals.push({ first: i + 1, last: i + 1, firstId: e.id, lastId: e.id, ...iv });
  });
  return { intervals, claimsLater };
}

export function formatIntervals(r: { intervals: Interval[]; claimsLater: string[] }): string[] {
  const out = ['trusted time of the entries (RFC 3161 timestamps of checkpoints):'];
  for (const iv of r.intervals) {
    const which = iv.first === iv.last ? `entry ${iv.first} (${iv.firstId})` : `entries ${iv.first}–${iv.last} (${iv.firstId} … ${iv.lastId})`;
    const when = [iv.after ? `added after ${iv.after}` : 'no lower bound', iv.by ? `existed by ${iv.by}` : 'not timestamped yet'].join(', ');
    out.push(`  ${which}: ${when}`);
  }
  if (r.claimsLater.length) {
    out.push(`  warning: ${r.claimsLater.length} entr${r.claimsLater.length === 1 ? 'y claims' : 'ies claim'} a ts later than the time it provably existed (a clock set ahead?): ${r.claimsLater.slice(0, 5).join(', ')}${r.claimsLater.length > 5 ? ' …' : ''}`);
  }
  return out;
}
