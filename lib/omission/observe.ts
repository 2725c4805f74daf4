// Recording what this clone sees and checking each new state of a ref against it.
//  - a remote-tracking ref moved (fetch, pull, push: Git's reference-transaction hook): the log
//    in its new commit must hold every tip seen on that ref before;
//  - the checked-out branch after a hook run or `aura audit verify`: the working log must hold
//    every tip seen on that branch before;
//  - `aura audit sync-check`: both, on demand.
// A state that lacks seen entries is reported (ROLLBACK or FORK) and the seen tips are kept,
// so the alarm repeats until the log holds them again or the user accepts the new state.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitRaw } from '../git/exec';
import { headRef, refValue } from '../git/ref-files';
import { linkOf, currentTips } from '../log/tips';
import { lastLine } from '../log/tail';
import { logPathInRepo, Repo } from '../repo';
import { nowTs } from '../time';
import { compareWithSeen, Comparison, NOTHING_MISSING } from './compare';
import { archivedText } from './archives';
import { graphOf, holdsEntry, tipsOf } from './graph';
import { readSeen, Seen, writeSeen } from './seen';

export interface RefCheck {
  ref: string;
  commit: string | null; // the commit read now
  seen: Seen | null; // what was seen before (null: first sight, recorded now)
  comparison: Comparison;
}

const ZERO = /^0+$/;
const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The log blob of `commit`, or null when that commit has none (or the log is kept outside the repository). */
export function logAtCommit(repo: Repo, commit: string): Buffer | null {
  const rel = logPathInRepo(repo);
  if (!rel) return null;
  const r = gitRaw(['cat-file', 'blob', `${commit}:${rel}`], { cwd: repo.root, okCodes: [128] });
  return r.status === 0 ? r.stdout : null;
}

interface RecordOptions {
  before?: Seen | null; // what counts as seen when the ref has no record yet
  tips?: string[]; // the incoming log's tips, when the caller knows them
  accept?: boolean; // record the new state even if it lacks seen entries
  keepOnAlert?: boolean; // a remote ref: keep the seen tips, so the alarm repeats until resolved
}

/**
 * Compares `incoming` (the live log the ref now holds, at `commit`; null for the working tree's
 * archives) with what was seen on `ref`, and records the new state unless it lacks seen entries
 * and `keepOnAlert` (then the seen tips stay and the alert is marked).
 */
function checkAndRecord(repo: Repo, ref: string, commit: string | null, incoming: Buffer | null, fromTree: boolean, opts: RecordOptions): RefCheck {
  const seen = readSeen(repo.commonDir, ref) ?? opts.before ?? null;
  let text = incoming ?? Buffer.alloc(0);
  let comparison = NOTHING_MISSING;
  if (seen) {
    if (seen.tips.some((t) => !holdsEntry(text, t))) text = Buffer.concat([archivedText(repo, fromTree ? null : commit), Buffer.from('\n'), text]);
    comparison = compareWithSeen(text, seen.tips, () => (seen.commit ? withArchives(repo, seen.commit) : null));
  }
  if (comparison.verdict === 'OK' || opts.accept || !opts.keepOnAlert) {
    writeSeen(repo.commonDir, { ref, tips: opts.tips ?? tipsOf(graphOf(text)), commit, at: nowTs() });
  } else if (seen && (seen.alert !== comparison.verdict || seen.checked !== commit)) {
    writeSeen(repo.commonDir, { ...seen, alert: comparison.verdict, ...(commit ? { checked: commit } : {}) });
  }
  return { ref, commit, seen, comparison };
}

function withArchives(repo: Repo, commit: string): Buffer | null {
  const live = logAtCommit(repo, commit);
  return live && Buffer.concat([archivedText(repo, commit), Buffer.from('\n'), live]);
}

/**
 * reference-transaction ("committed"): `lines` are Git's "<old> <new> <ref>" lines. Checks each
 * remote-tracking ref that moved to a commit. A ref never recorded counts its old commit as seen.
 */
export function observeRefUpdates(repo: Repo, lines: string): RefCheck[] {
  if (!logPathInRepo(repo)) return []; // the log is not in the commits: nothing travels with a fetch
  const out: RefCheck[] = [];
  for (const line of lines.split('\n')) {
    const [old, next, ref] = line.trim().split(' ');
    if (!ref || !ref.startsWith('refs/remotes/') || ref.endsWith('/HEAD') || !OID.test(next ?? '') || ZERO.test(next)) continue;
    const before = OID.test(old ?? '') && !ZERO.test(old) ? seenAt(repo, ref, old) : null;
    out.push(checkAndRecord(repo, ref, next, logAtCommit(repo, next), false, { before, keepOnAlert: true }));
  }
  return out;
}

function seenAt(repo: Repo, ref: string, commit: string): Seen | null {
  const log = logAtCommit(repo, commit);
  return log ? { ref, tips: tipsOf(graphOf(log)), commit, at: nowTs() } : null;
}

/**
 * After a hook run: the remote-tracking refs of the checked-out branch (refs/remotes/<remote>/<branch>)
 * whose commit moved since they were last compared. This catches what reference-transaction
 * did not see (Git before 2.28, a hook manager that does not run it); a few file reads otherwise.
 */
export function observeRemotesOfBranch(repo: Repo): RefCheck[] {
  const branch = headRef(repo.gitDir)?.slice('refs/heads/'.length);
  if (!branch || !logPathInRepo(repo)) return [];
  let remotes: string[] = [];
  try {
    remotes = readdirSync(join(repo.commonDir, 'refs', 'remotes'));
  } catch {
    return [];
  }
  const out: RefCheck[] = [];
  for (const r of remotes) {
    const ref = `refs/remotes/${r}/${branch}`;
    const commit = refValue(repo.commonDir, ref);
    if (!commit) continue;
    const seen = readSeen(repo.commonDir, ref);
    if (seen && (seen.checked ?? seen.commit) === commit) continue;
    out.push(checkAndRecord(repo, ref, commit, logAtCommit(repo, commit), false, { keepOnAlert: true }));
  }
  return out;
}

/**
 * The checked-out branch after a hook run or a verification: cheap when the log only grew from
 * what was seen (every seen tip is still a tip, or a parent of the last entry: what an append
 * or a merge leaves); the whole log is read only otherwise (a reset, a fast-forward pull).
 */
export async function observeBranch(repo: Repo, opts: { accept?: boolean } = {}): Promise<RefCheck | null> {
  const ref = headRef(repo.gitDir);
  if (!ref) return null;
  const tips = await currentTips(repo.logPath);
  const commit = logPathInRepo(repo) ? refValue(repo.commonDir, ref) : null;
  const seen = readSeen(repo.commonDir, ref);
  if (!seen || grewFrom(repo.logPath, tips, seen.tips)) {
    writeSeen(repo.commonDir, { ref, tips, commit, at: nowTs() });
    return { ref, commit, seen, comparison: NOTHING_MISSING };
  }
  let text: Buffer | null = null;
  try {
    text = readFileSync(repo.logPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // The user's own clone changed its branch (a reset, a rebase, a merge that dropped lines):
  // reported once, then the new state is what this clone has seen.
  return checkAndRecord(repo, ref, commit, text, true, { tips, accept: opts.accept });
}

function grewFrom(logPath: string, tips: string[], seenTips: string[]): boolean {
  const now = new Set(tips);
  const rest = seenTips.filter((t) => !now.has(t));
  if (rest.length === 0) return true;
  const parents = new Set(lastEntry(logPath)?.parents ?? []);
  return rest.every((t) => parents.has(t));
}

function lastEntry(logPath: string): { hash: string; parents: string[] } | null {
  const last = lastLine(logPath);
  return last ? linkOf(last.text) : null;
}

/**
 * `aura audit sync-check`: each ref as it is now (no fetch: run `git fetch` first for news).
 * A remote-tracking ref reads the log from its commit; the checked-out branch reads the working log.
 */
export async function syncCheck(repo: Repo, refs: string[], opts: { accept?: boolean } = {}): Promise<RefCheck[]> {
  const out: RefCheck[] = [];
  const head = headRef(repo.gitDir);
  for (const ref of refs) {
    if (ref === head) {
      const c = await observeBranch(repo, opts);
      if (c) out.push(c);
      continue;
    }
    const commit = refValue(repo.commonDir, ref) ?? resolveRef(repo, ref);
    if (!commit) continue; // the ref is gone: nothing to compare (a deleted branch is not reported)
    out.push(checkAndRecord(repo, ref, commit, logAtCommit(repo, commit), false, { ...opts, keepOnAlert: true }));
  }
  return out;
}

function resolveRef(repo: Repo, ref: string): string | null {
  const r = gitRaw(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { cwd: repo.root, okCodes: [1] });
  const v = r.stdout.toString('utf8').trim();
  return r.status === 0 && OID.test(v) ? v : null;
}
