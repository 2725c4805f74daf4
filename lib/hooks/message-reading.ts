// How Git will clean the message file commit-msg is given, so the intent checked is the
// message Git stores. Git applies only whitespace cleanup before commit-msg runs; comment
// lines and the scissors cut go AFTER the hook (builtin/commit.c), and which of them go
// depends on the cleanup mode: --cleanup, else commit.cleanup, else "strip" when an editor
// was used and "whitespace" when not (`git commit -m "#482 Fix login redirect"` keeps its "#").
// Git runs commit-msg with GIT_EDITOR=":" exactly when it used no editor, so that tells us;
// the command line (Linux /proc, git-invocation.ts) settles the one case it cannot: a user
// whose own editor is ":".
import { gitAwaitingInput } from '../git/exec';
import type { CleanupMode, MessageReading } from '../intent/message';
import type { Repo } from '../repo';
import { steadyEnv } from './context';
import { gitInvocation, gitSubcommand } from './git-invocation';

const MODES: Record<string, CleanupMode | 'default'> = { strip: 'strip', whitespace: 'whitespace', verbatim: 'verbatim', scissors: 'scissors', default: 'default' };

/** --cleanup's value on the command line (the last one wins), or null. */
function cleanupArg(argv: string[]): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i].startsWith('--cleanup=')) found = argv[i].slice('--cleanup='.length);
    else if (argv[i] === '--cleanup' && i + 1 < argv.length) found = argv[++i];
  }
  return found;
}

/** `git commit` told to take its message from somewhere, without -e: no editor runs. */
function commitWithoutEditor(argv: string[]): boolean {
  let message = false;
  for (const a of argv) {
    if (a === '--') break;
    if (a === '-e' || a === '--edit') return false;
    if (/^--(message|file|reuse-message|no-edit|fixup)(=|$)/.test(a)) message = true;
    else if (/^-[A-Za-z]+/.test(a) && !a.startsWith('--')) {
      const flags = a.slice(1);
      for (const c of flags) {
        if (c === 'e') return false;
        if (c === 'm' || c === 'F' || c === 'C') {
          message = true;
          break; // the rest of the cluster is the option's value
        }
      }
    }
  }
  return message;
}

function editorUsed(argv: string[] | null): boolean {
  if (process.env.GIT_EDITOR !== ':') return true;
  // ":" is what Git sets when it used no editor, and also what a user may choose as editor.
  return !!argv && gitSubcommand(argv) === 'commit' && !commitWithoutEditor(argv.slice(argv.indexOf('commit') + 1));
}

/**
 * The reading of the message file Git is about to store (commit-msg of commit and merge). Its
 * `git config` may be one the hook helper started ahead (lib/helper/prestart.ts).
 */
export async function messageReading(repo: Repo): Promise<MessageReading> {
  const config = new Map<string, string>();
  const read = gitAwaitingInput(['config', '-z', '--get-regexp', '^(commit\\.cleanup|core\\.comment(char|string))$'], { cwd: repo.root, env: steadyEnv(), okCodes: [1] });
  const out = (await read.finish('')).toString('utf8');
  for (const rec of out.split('\0')) {
    const nl = rec.indexOf('\n');
    if (nl > 0) config.set(rec.slice(0, nl).toLowerCase(), rec.slice(nl + 1));
  }
  const argv = gitInvocation();
  const asked = MODES[(argv && cleanupArg(argv)) ?? config.get('commit.cleanup') ?? 'default'] ?? 'default';
  const editor = editorUsed(argv);
  // Git: "default" is strip with an editor, whitespace without; scissors without an editor is whitespace.
  const mode: CleanupMode = asked === 'default' ? (editor ? 'strip' : 'whitespace') : asked === 'scissors' && !editor ? 'whitespace' : asked;
  const comment = config.get('core.commentstring') ?? config.get('core.commentchar') ?? '#';
  return { mode, comment: comment === 'auto' || comment === '' ? '#' : comment };
}
