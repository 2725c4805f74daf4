// What every hook needs to know about where it runs. Git runs hooks at the top of the worktree
// with GIT_INDEX_FILE pointing at the index it is about to commit (a temporary one for
// `git commit <path>`); we pass the environment through untouched (lib/git/exec.ts).
import { closeSync, existsSync, fstatSync, lstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { headRef } from '../git/ref-files';
import { repoAt, requireRepo, Repo } from '../repo';

/** Set while an aura hook runs, so any git command it starts never re-enters aura's hooks. */
export const RECURSION_GUARD = 'AURA_HOOK_RUNNING';

export function enteredRecursively(): boolean {
  if (process.env[RECURSION_GUARD] === '1') return true;
  process.env[RECURSION_GUARD] = '1';
  return false;
}

export type HookContext = Repo;

/**
 * The hook's environment for the git processes the hook helper can start ahead
 * (lib/helper/prestart.ts): without GIT_INDEX_FILE (so the real index: the fold stages the log
 * there after the commit Git has released its lock; `git config` never reads an index), and
 * without GIT_AUTHOR_DATE, which Git sets to each commit's date for its hooks and these never
 * read. So it is the same from one commit to the next, and the process started for the last
 * commit is the one this commit can take.
 */
export function steadyEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.GIT_INDEX_FILE;
  delete env.GIT_AUTHOR_DATE;
  return env;
}

let context: HookContext | null = null;
/** The repository the hook runs in, found once per hook process (it starts a git process). */
export function hookContext(): HookContext {
  return (context ??= mainWorktree(process.cwd()) ?? requireRepo(process.cwd()));
}

/**
 * Git runs hooks at the top of the worktree. In the main worktree (`.git` a directory there,
 * no GIT_DIR / GIT_WORK_TREE / GIT_COMMON_DIR override) the paths `git rev-parse` would print
 * are known without starting git, one process fewer on every commit; anything else asks git.
 */
function mainWorktree(cwd: string): HookContext | null {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE || process.env.GIT_COMMON_DIR) return null;
  const dotGit = join(cwd, '.git');
  try {
    if (!lstatSync(dotGit).isDirectory() || existsSync(join(dotGit, 'commondir'))) return null;
  } catch {
    return null;
  }
  return repoAt(cwd, dotGit, dotGit);
}

const readText = (f: string): string | null => (existsSync(f) ? readFileSync(f, 'utf8') : null);

/** The checked-out branch (short name), or null when HEAD is detached. */
export function currentBranch(ctx: HookContext): string | null {
  return headRef(ctx.gitDir)?.slice('refs/heads/'.length) ?? null;
}

/** MERGE_HEAD's commits while a merge is being concluded (the second and later parents). */
export function mergeHeads(ctx: HookContext): string[] {
  const t = readText(join(ctx.gitDir, 'MERGE_HEAD'));
  return t ? t.split('\n').map((s) => s.trim()).filter(Boolean) : [];
}

export interface ReflogLine {
  old: string;
  new: string;
  subject: string; // e.g. "commit (amend): fix x", "merge topic: Merge made by the 'ort' strategy."
}

/** The newest line of HEAD's reflog, read from the file's tail (no git process, not the whole file). */
export function lastHeadReflog(ctx: HookContext): ReflogLine | null {
  const file = join(ctx.gitDir, 'logs', 'HEAD');
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      // the last line is short; a line longer than the tail read means reading it whole
      for (let n = Math.min(size, 16384); ; n = Math.min(size, n * 8)) {
        const buf = Buffer.alloc(n);
        readSync(fd, buf, 0, n, size - n);
        text = buf.toString('utf8');
        if (n === size || text.trimEnd().includes('\n')) break;
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  if (!text) return null;
  const lines = text.trimEnd().split('\n');
  const last = lines[lines.length - 1];
  const tab = last.indexOf('\t');
  const [old, fresh] = last.split(' ');
  return { old, new: fresh, subject: tab >= 0 ? last.slice(tab + 1) : '' };
}
