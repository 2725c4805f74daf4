// Which git command started this hook. Git tells pre-commit and commit-msg nothing about
// --amend, so on Linux we read the command line of the nearest `git` ancestor from /proc.
// Elsewhere the answer is "unknown" and callers fall back to what the finished commit shows
// (post-commit reads the reflog), see docs/hooks.md.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

function procParent(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may contain spaces and parentheses, so cut at the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}

function procArgv(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`).toString('utf8').split('\0').filter((s, i, a) => i < a.length - 1 || s !== '');
  } catch {
    return null;
  }
}

let cached: string[] | null | undefined;
let hookParent = process.ppid;
/** The hook helper (lib/helper) runs hooks for a client process: the search starts at its parent. */
export function setHookParent(pid: number): void {
  hookParent = pid;
}

/** argv of the git process that runs this hook (git itself excluded from argv[0]), or null. */
export function gitInvocation(): string[] | null {
  if (cached !== undefined) return cached;
  cached = null;
  let pid: number | null = hookParent;
  for (let depth = 0; pid && depth < 6; depth++) {
    const argv = procArgv(pid);
    if (argv && argv.length > 0 && basename(argv[0]) === 'git') {
      cached = argv.slice(1);
      break;
    }
    pid = procParent(pid);
  }
  return cached;
}

/** The git subcommand (commit, merge, cherry-pick, rebase, …) skipping global options. */
export function gitSubcommand(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-c' || a === '-C' || a === '--git-dir' || a === '--work-tree') {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return a;
  }
  return null;
}

/** true/false when known; null when this platform cannot tell. */
export function isAmendInvocation(): boolean | null {
  const argv = gitInvocation();
  if (!argv) return null;
  return gitSubcommand(argv) === 'commit' && argv.includes('--amend');
}

/** An explicit -S/--gpg-sign on the command line (commit.gpgsign is read from config). */
export function signsExplicitly(): boolean {
  const argv = gitInvocation();
  return !!argv && argv.some((a) => a === '-S' || a.startsWith('--gpg-sign') || (/^-S./.test(a)));
}
