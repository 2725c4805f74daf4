// Running git without blocking the event loop, so two independent git commands can run at
// the same time (e.g. the hooks hash the log while Git formats the trailer). Same contract as
// gitRaw (lib/git/exec.ts): the environment is inherited untouched, non-zero exits throw.
import { spawn } from 'node:child_process';
import { AuraError } from '../errors';
import type { GitOptions, GitResult } from './exec';

export function gitAsync(args: string[], opts: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.stdin.on('error', () => {}); // a git that exits early: its status says what went wrong
    child.on('error', (e) => reject(new AuraError(`cannot run git: ${e.message}`, 'install git and make sure it is on PATH')));
    child.on('close', (code) => {
      const status = code ?? 128;
      const stderr = Buffer.concat(err).toString('utf8');
      if (status !== 0 && !(opts.okCodes ?? []).includes(status)) {
        reject(new AuraError(`git ${args.join(' ')} failed (exit ${status}): ${stderr.trim()}`));
      } else resolve({ status, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
