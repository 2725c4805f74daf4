// post-rewrite after `git rebase` (every form; `git pull --rebase` too). While a rebase runs,
// the hooks leave its commits alone (rewrite-kind.ts: rebaseInProgress); when it has finished,
// Git runs `post-rewrite rebase` once, with the branch already on the new commits, the
// "old new" pairs on stdin and the rebase's state (onto, orig-head, head-name) still on disk.
// The commits of onto..HEAD are then logged in one pass (relog-chain.ts), each superseding the
// entries of the commits it replaces and keeping the pre-rebase branch's entries in its log.
// A conflict, --skip or --abort leaves nothing to clean: nothing is written before git is done.
// With --update-refs, git moves the stack's other branches only after this hook, to the commits
// listed in rebase-merge/update-refs: those are pointed at the logged commits first.
import { existsSync, readFileSync } from 'node:fs';
import { replaceFile } from '../fs/atomic-file';
import { join } from 'node:path';
import { git } from '../git/exec';
import { readObjects } from '../git/objects';
import { readAuraTrailer } from '../intent/message';
import type { Repo } from '../repo';
import { enteredRecursively, hookContext } from './context';
import { relogChain } from './relog-chain';
import { auraHashesIn, committedLogs } from './rewrites';

interface RebaseState {
  onto: string | null;
  origHead: string | null;
  branch: string | null; // short name of the branch being rebased; null when detached
}

function rebaseState(repo: Repo): RebaseState {
  const dir = ['rebase-merge', 'rebase-apply'].map((d) => join(repo.gitDir, d)).find((d) => existsSync(d));
  const read = (f: string): string | null => (dir && existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').trim() || null : null);
  const head = read('head-name');
  return { onto: read('onto'), origHead: read('orig-head'), branch: head?.startsWith('refs/heads/') ? head.slice(11) : null };
}

/** "old new" lines from git → the old commits each new one replaces (several for a squash). */
function replacedBy(stdin: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of stdin.split('\n')) {
    const [old, fresh] = line.trim().split(/\s+/);
    if (old && fresh) map.set(fresh, [...(map.get(fresh) ?? []), old]);
  }
  return map;
}

/** The rebased commits, oldest first: onto..HEAD (without onto: down to the new commits' outside parents). */
function rebasedCommits(repo: Repo, onto: string | null, replaced: Map<string, string[]>): string[] {
  const stops = onto ? [onto] : [...replaced.keys()].flatMap((c) => git(['rev-parse', `${c}^@`], { cwd: repo.root }).split('\n')).filter((p) => p && !replaced.has(p));
  return git(['rev-list', '--reverse', '--topo-order', 'HEAD', '--not', ...stops, '--'], { cwd: repo.root }).split('\n').filter(Boolean);
}

/**
 * `rebase --update-refs` (git ≥ 2.38) lists, per other branch of the stack, "ref, before, after"
 * lines in rebase-merge/update-refs and moves each ref to its "after" once post-rewrite has
 * run: an "after" that aura rebuilt becomes the logged commit, so the stack stays logged.
 */
function retargetUpdateRefs(repo: Repo, rebuilt: Map<string, string>): void {
  const file = join(repo.gitDir, 'rebase-merge', 'update-refs');
  if (rebuilt.size === 0 || !existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n');
  const moved = lines.map((l, i) => (i % 3 === 2 && rebuilt.has(l) ? rebuilt.get(l)! : l));
  if (moved.some((l, i) => l !== lines[i])) replaceFile(file, [moved.join('\n')]);
}

/** `post-rewrite <kind>`; for "rebase" git writes the "old new" pairs on stdin (read here unless given). */
export async function postRewrite(kind: string, stdin?: string): Promise<number> {
  if (kind !== 'rebase') return 0; // "amend": post-commit logged it as an amend
  if (enteredRecursively()) return 0;
  const repo = hookContext();
  const state = rebaseState(repo);
  const replaced = replacedBy(stdin ?? readFileSync(0, 'utf8'));
  if (replaced.size === 0) return 0;
  const olds = [...new Set([...replaced.values()].flat())];
  const oldTrailers = new Map<string, string>();
  readObjects(repo.root, olds).forEach((o, i) => {
    const t = o && o.type === 'commit' ? readAuraTrailer(o.content.toString('utf8')) : null;
    if (t) oldTrailers.set(olds[i], t.hash);
  });
  const rebuilt = await relogChain(repo, {
    what: 'rebase',
    ids: rebasedCommits(repo, state.onto, replaced),
    branch: state.branch,
    fresh: (sha) => (replaced.get(sha) ?? [sha]).some((o) => o !== sha),
    keep: state.origHead ? committedLogs(repo, [state.origHead]) : [],
    supersedes: (c) => [
      ...(replaced.get(c.sha) ?? []).map((o) => oldTrailers.get(o)).filter((h): h is string => !!h),
      ...auraHashesIn(c.message.toString('utf8')), // a squash's message keeps the squashed commits' trailers
    ],
    relogHint: `git rebase --force-rebase ${state.onto ? state.onto.slice(0, 10) : '<upstream>'}`,
  });
  retargetUpdateRefs(repo, rebuilt);
  return 0;
}
