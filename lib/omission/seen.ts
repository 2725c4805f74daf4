// What this clone has seen of the log, per ref: the tips of the log the ref held, and the
// commit they were read from (so the entries can be named later, while Git keeps the object).
// One small file per ref under <git-common-dir>/aura/seen/, shared by every worktree and never
// committed: it is this clone's memory, which a force-push elsewhere cannot rewrite.
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from './compare';

export interface Seen {
  ref: string; // refs/heads/main, refs/remotes/origin/main
  tips: string[];
  commit: string | null; // the commit whose log held them; null when not known
  at: string; // when they were recorded
  /** set while the ref's log lacks what was seen: the tips stay those seen until it holds them again or the user accepts */
  alert?: Verdict;
  /** with an alert: the ref's commit last compared (the same state is not reported twice by hooks) */
  checked?: string;
}

export const seenDir = (commonDir: string): string => join(commonDir, 'aura', 'seen');
const fileOf = (commonDir: string, ref: string): string => join(seenDir(commonDir), encodeURIComponent(ref) + '.json');

export function readSeen(commonDir: string, ref: string): Seen | null {
  try {
    const s = JSON.parse(readFileSync(fileOf(commonDir, ref), 'utf8'));
    const ok = s && s.v === 1 && s.ref === ref && Array.isArray(s.tips) && s.tips.every((t: unknown) => typeof t === 'string') &&
      (s.commit === null || typeof s.commit === 'string') && typeof s.at === 'string';
    return ok ? { ref, tips: s.tips, commit: s.commit, at: s.at, ...(s.alert ? { alert: s.alert, checked: s.checked } : {}) } : null;
  } catch {
    return null; // never recorded (or unreadable: recorded again from now on)
  }
}

/** Temp file and rename: a reader never sees half a record. Concurrent writers: the last one wins. */
export function writeSeen(commonDir: string, s: Seen): void {
  mkdirSync(seenDir(commonDir), { recursive: true });
  const file = fileOf(commonDir, s.ref);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ v: 1, ...s }) + '\n');
  renameSync(tmp, file);
}

/** Every ref with a record. */
export function seenRefs(commonDir: string): string[] {
  try {
    return readdirSync(seenDir(commonDir)).filter((f) => f.endsWith('.json')).map((f) => decodeURIComponent(f.slice(0, -5))).sort();
  } catch {
    return [];
  }
}
