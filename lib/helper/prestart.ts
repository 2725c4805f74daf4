// Git processes the hook helper starts ahead of need. Forking the helper, a Node process of
// ~80 MB, blocks it 5–7 ms, on the commit's path; a small shell started between commits that
// waits for a go and then execs git costs the commit one write to a pipe instead. The fold's
// `git update-index --stdin` (lib/hooks/fold.ts) and strict mode's `git config` (message
// cleanup, lib/hooks/message-reading.ts) are such processes: after each hook the helper starts
// again what that hook started, one waiting process per command and directory, and hands it to
// the next hook that asks for exactly the same command, directory, environment and umask. For
// anything else it is stopped and the hook spawns its own. Until the go the shell only waits:
// git has not started, so nothing is locked or read before the hook asks; if the helper goes
// away, the shell reads the end of its input and exits.
// One variable is the hook's own and not the command's: with trace2 on (GIT_TRACE2_EVENT, or
// trace2.* in a config), Git gives every hook the session id of the `git commit` that runs it
// (GIT_TRACE2_PARENT_SID), another on each commit. It is left out of the match and sent with
// the go, so the git started ahead reports to the commit it works for.
import { ChildProcess, spawn } from 'node:child_process';
import type { Prestarted } from '../git/exec';

const PARENT_SID = 'GIT_TRACE2_PARENT_SID';
const WAIT_FOR_GO = `IFS= read -r go || exit 1
case $go in
  go) unset ${PARENT_SID} ;;
  "go "*) ${PARENT_SID}=\${go#go }; export ${PARENT_SID} ;;
  *) exit 1 ;;
esac
exec git "$@"`;
/** Commands kept waiting at once: those the commit's hooks start (a few), not every one ever asked for. */
const MAX_WAITING = 4;

interface Request {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A process waiting for its go, and what it was started with. */
interface Ready {
  key: string;
  request: Request;
  child: ChildProcess;
}

export class GitPrestarter implements Prestarted {
  /** by command and directory: the process waiting for it, and everything it was started with */
  private readonly ready = new Map<string, Ready>();
  /** what the hook being served asked for, by command and directory */
  private asked = new Map<string, Request>();

  /** `umask`: the one this process runs with now (the helper sets each client's); `log`: the helper's log. */
  constructor(
    private readonly umask: () => number,
    private readonly log: (line: string) => void,
  ) {}

  take(args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess | null {
    const request = { args: [...args], cwd, env: { ...env } };
    const command = JSON.stringify([args, cwd]);
    this.asked.set(command, request);
    const r = this.ready.get(command);
    this.ready.delete(command);
    if (!r) return null;
    const same = r.key === this.keyOf(request);
    const sid = env[PARENT_SID];
    if (same && !sid?.includes('\n') && r.child.exitCode === null && r.child.signalCode === null && r.child.stdin?.writable) {
      r.child.stdin.write(sid === undefined ? 'go\n' : `go ${sid}\n`);
      return r.child;
    }
    r.child.kill();
    this.log(`a git started ahead was for ${same ? 'another state (it had exited, or a session id holds a newline)' : `another ${mismatch(r, request)}`}: stopped`);
    return null;
  }

  /** Between hooks: what the last one asked for, started again (one process waits per command). */
  prepare(): void {
    for (const [command, request] of this.asked) {
      if (this.ready.has(command)) continue;
      if (this.ready.size >= MAX_WAITING) this.drop(this.ready.keys().next().value as string);
      const { args, cwd, env } = request;
      const child = spawn('/bin/sh', ['-c', WAIT_FOR_GO, 'sh', ...args], { cwd, env, stdio: 'pipe' });
      child.on('error', () => this.ready.get(command)?.child === child && this.ready.delete(command));
      child.stdin!.on('error', () => {}); // gone: take() sees it exited
      this.ready.set(command, { key: this.keyOf(request), request, child });
    }
    this.asked = new Map();
  }

  stop(): void {
    for (const command of [...this.ready.keys()]) this.drop(command);
  }

  private drop(command: string): void {
    this.ready.get(command)?.child.kill();
    this.ready.delete(command);
  }

  /** What must be equal for a waiting process to be the one asked for. */
  private keyOf(r: Request): string {
    const env = Object.entries(r.env).filter(([k]) => k !== PARENT_SID);
    return JSON.stringify([r.args, r.cwd, this.umask(), env.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  }
}

/** What a waiting process was started with that the request differs in: variable names (never their values, which may be secrets), or the umask. */
function mismatch(r: Ready, request: Request): string {
  const names = new Set([...Object.keys(r.request.env), ...Object.keys(request.env)]);
  const differ = [...names].filter((n) => n !== PARENT_SID && r.request.env[n] !== request.env[n]).sort();
  return differ.length ? `environment (it differs in ${differ.join(', ')})` : 'umask';
}
