// Git processes the hook helper starts ahead of need. Forking the helper, a Node process of
// ~80 MB, blocks it 5–7 ms, on the commit's path; a small shell started between commits that
// waits for a go and then execs git costs the commit one write to a pipe instead. The fold's
// `git update-index --stdin` (lib/hooks/fold.ts) is such a process: after each hook the helper
// starts again what that hook started, and hands it to the next hook that asks for exactly the
// same command, directory, environment and umask. For anything else it is stopped and the hook
// spawns its own. Until the go the shell only waits: git has not started, so nothing is locked
// or read before the hook asks; if the helper goes away, the shell reads the end of its input
// and exits.
import { ChildProcess, spawn } from 'node:child_process';
import type { Prestarted } from '../git/exec';

const WAIT_FOR_GO = 'IFS= read -r go && [ "$go" = go ] && exec git "$@"';

interface Request {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export class GitPrestarter implements Prestarted {
  private ready: { key: string; child: ChildProcess } | null = null;
  private last: Request | null = null;

  /** `umask`: the one this process runs with now (the helper sets each client's); `log`: the helper's log. */
  constructor(
    private readonly umask: () => number,
    private readonly log: (line: string) => void,
  ) {}

  take(args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess | null {
    this.last = { args: [...args], cwd, env: { ...env } };
    const r = this.ready;
    this.ready = null;
    if (!r) return null;
    const same = r.key === this.keyOf(this.last);
    if (same && r.child.exitCode === null && r.child.signalCode === null && r.child.stdin?.writable) {
      r.child.stdin.write('go\n');
      return r.child;
    }
    r.child.kill();
    this.log(`a git started ahead was for another ${same ? 'state (it had exited)' : 'command, directory, environment or umask'}: stopped`);
    return null;
  }

  /** Between hooks: the process the last one asked for, started again (at most one waits). */
  prepare(): void {
    if (this.ready || !this.last) return;
    const { args, cwd, env } = this.last;
    const child = spawn('/bin/sh', ['-c', WAIT_FOR_GO, 'sh', ...args], { cwd, env, stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('error', () => (this.ready = null));
    child.stdin!.on('error', () => {}); // gone: take() sees it exited
    this.ready = { key: this.keyOf(this.last), child };
  }

  stop(): void {
    this.ready?.child.kill();
    this.ready = null;
  }

  /** What must be equal for a waiting process to be the one asked for. */
  private keyOf(r: Request): string {
    return JSON.stringify([r.args, r.cwd, this.umask(), Object.entries(r.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  }
}
