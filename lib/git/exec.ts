// Running git. We call the binary directly instead of through simple-git on every path:
// simple-git keeps the process alive ~50 ms after each command and strips inherited GIT_*
// variables, so inside `git commit -m x file` it would read the wrong index
// (../shared/DEPENDENCIES.md). The environment is inherited untouched, GIT_INDEX_FILE included.
import { spawnSync } from 'node:child_process';
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

/** stdout as UTF-8 with the trailing newline removed. */
export function git(args: string[], opts: GitOptions = {}): string {
  return gitRaw(args, opts).stdout.toString('utf8').replace(/\n$/, '');
}
