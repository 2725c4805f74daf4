// Running git. We call the binary directly instead of through simple-git on every path:
// simple-git keeps the process alive ~50 ms after each command and strips inherited GIT_*
// variables, so inside `git commit -m x file` it would read the wrong index
// (../shared/DEPENDENCIES.md). The environment is inherited untouched, GIT_INDEX_FILE included.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';
import { AuraError } from '../errors';

export interface GitOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** exit codes that are answers, not failures (e.g. 1 for `git diff --quiet`) */
  okCodes?: number[];
  /** stop git and throw OutputTooLarge past this many bytes of output (default 1 GiB) */
  maxBuffer?: number;
}

/** git printed more than GitOptions.maxBuffer: the caller reads another way. */
export class OutputTooLarge extends Error {}

export interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

export function gitRaw(args: string[], opts: GitOptions = {}): GitResult {
  const r = spawnSync('git', args, {
    cwd: opts.cwd,
    input: opts.input,
    env: opts.env ?? process.env,
    maxBuffer: opts.maxBuffer ?? 1 << 30,
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOBUFS' && opts.maxBuffer !== undefined) throw new OutputTooLarge(`git ${args[0]}: more than ${opts.maxBuffer} bytes`);
  if (r.error) throw new AuraError(`cannot run git: ${r.error.message}`, 'install git and make sure it is on PATH');
  const status = r.status ?? 128;
  const stderr = r.stderr.toString('utf8');
  if (status !== 0 && !(opts.okCodes ?? []).includes(status)) {
    throw new AuraError(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim()}`);
  }
  return { status, stdout: r.stdout, stderr };
}

/**
 * Where gitAwaitingInput may find its process already started: the hook helper's
 * (lib/helper/prestart.ts), which starts again, between commits, what the last one started,
 * so the fork of its large process is off the commit's path. take() hands over a process that
 * is exactly `git <args>` in `cwd` with `env` and this umask, started now, or null.
 */
export interface Prestarted {
  take(args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess | null;
}
let prestarted: Prestarted | null = null;
export function usePrestarted(p: Prestarted | null): void {
  prestarted = p;
}

/** A git process started ahead of its input (gitAwaitingInput). */
export interface AwaitingGit {
  /**
   * Writes `input` to git's standard input and closes it; resolves with git's standard output
   * when git exits 0 (or with one of `okCodes`), rejects as gitRaw throws. Only the first call
   * writes: later ones return the same promise.
   */
  finish(input: string | Buffer): Promise<Buffer>;
}

/**
 * Starts git at once, reading its standard input: starting a git process (~4 ms, mostly exec
 * and setup) then overlaps work this process does before it knows the input (the fold starts
 * `update-index --stdin` before the entry it stages is written). Until finish() is called git
 * waits, holding whatever it has taken (update-index: the index's lock): every path must call it.
 */
export function gitAwaitingInput(args: string[], opts: Pick<GitOptions, 'cwd' | 'env' | 'okCodes'> = {}): AwaitingGit {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const child = prestarted?.take(args, cwd, env) ?? spawn('git', args, { cwd, env, stdio: 'pipe' });
  let stderr = '';
  const stdout: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => stdout.push(d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin!.on('error', () => {}); // git gone early: its exit says why
  const exited = new Promise<Buffer>((resolve, reject) => {
    child.on('error', (e) => reject(new AuraError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH')));
    child.on('close', (status) =>
      status === 0 || (status !== null && (opts.okCodes ?? []).includes(status))
        ? resolve(Buffer.concat(stdout))
        : reject(new AuraError(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim()}`)),
    );
  });
  exited.catch(() => {}); // reported to whoever finishes it
  let finished: Promise<Buffer> | null = null;
  return {
    finish(input) {
      finished ??= (endInput(child.stdin!, input), exited);
      return finished;
    },
  };
}

/**
 * Writes the last of a child's input and closes it at once. `end()` shuts the pipe down only
 * when the event loop next turns, and the caller usually has synchronous work first (the fold
 * builds and writes its objects): git would wait for that EOF before it writes the index. When
 * the write went through at once (a path is far below the pipe's buffer), closing the pipe
 * now is the EOF; otherwise end() lets the rest drain first.
 */
function endInput(stdin: Writable, input: string | Buffer): void {
  if (input.length) stdin.write(input);
  if (stdin.writableLength === 0) stdin.destroy();
  else stdin.end();
}

/** stdout as UTF-8 with the trailing newline removed. */
export function git(args: string[], opts: GitOptions = {}): string {
  return gitRaw(args, opts).stdout.toString('utf8').replace(/\n$/, '');
}
