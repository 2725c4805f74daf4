// Running git. We call the binary directly instead of through simple-git on every path:
// simple-git keeps the process alive ~50 ms after each command and strips inherited GIT_*
// variables, so inside `git commit -m x file` it would read the wrong index
// (../shared/DEPENDENCIES.md). The environment is inherited untouched, GIT_INDEX_FILE included.
import { spawn, spawnSync } from 'node:child_process';
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
 * Starts git and returns at once: for a command whose output nobody reads, run while this
 * process does other work (the fold stages the log while it writes the new commit). Resolves
 * when it exits, rejects as gitRaw throws.
 */
export function gitStarted(args: string[], opts: Pick<GitOptions, 'cwd' | 'env'> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => reject(new AuraError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH')));
    child.on('close', (status) => (status === 0 ? resolve() : reject(new AuraError(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim()}`))));
  });
}

/** stdout as UTF-8 with the trailing newline removed. */
export function git(args: string[], opts: GitOptions = {}): string {
  return gitRaw(args, opts).stdout.toString('utf8').replace(/\n$/, '');
}
