// The Git commits that carry an entry. A commit entry is written before its commit exists, so
// it cannot name it: the commit names the entry, in its Aura-Intent trailer. One `git log`
// over every ref, searching for the few entry ids a trace shows, finds them. (The other
// direction, every commit of a history → the entry that binds it, is lib/range/bound.ts.)
import { gitRaw } from '../git/exec';
import { readAuraTrailer } from '../intent/message';
import type { Trace } from './walk';

const BATCH = 200;

/** entry hash → the commits (any ref) whose Aura-Intent trailer names that entry, newest first. */
export function commitsNaming(cwd: string, entries: { id: string; hash: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const wanted = new Map(entries.map((e) => [e.id, e.hash]));
  const ids = [...wanted.keys()];
  for (let i = 0; i < ids.length; i += BATCH) {
    const greps = ids.slice(i, i + BATCH).flatMap((id) => ['--grep', id]);
    const r = gitRaw(['log', '--all', '--fixed-strings', ...greps, '--format=%H%x01%B%x02'], { cwd, okCodes: [128] });
    if (r.status !== 0) continue; // no commits yet
    for (const rec of r.stdout.toString('utf8').split('\x02')) {
      const at = rec.indexOf('\x01');
      if (at < 0) continue;
      const sha = rec.slice(0, at).trim();
      const t = readAuraTrailer(rec.slice(at + 1));
      if (!t || wanted.get(t.id) !== t.hash) continue;
      out.set(t.hash, [...(out.get(t.hash) ?? []), sha]);
    }
  }
  return out;
}

/** Fills in the commit of each event whose entry does not name one (every entry the hooks write). */
export function attachCommits(trace: Trace, cwd: string): void {
  const need = trace.events.filter((e) => e.commit === null && e.entry.capability === 'commit');
  if (need.length === 0) return;
  const found = commitsNaming(cwd, need.map((e) => e.entry));
  for (const e of need) {
    const shas = found.get(e.entry.hash);
    if (shas) (e.commit = shas[0]), (e.commits = shas);
  }
}
