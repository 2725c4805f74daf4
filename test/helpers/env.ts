// Shared test fixtures: real Git repositories in temp dirs, an isolated HOME/XDG config per
// test (so no developer key or global git config leaks in), and the real `aura` CLI.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const PROJECT = resolve(__dirname, '..', '..', '..');
export const CLI = join(PROJECT, 'dist', 'lib', 'cli.js');

export interface Sandbox {
  dir: string; // scratch root
  home: string; // HOME and XDG_CONFIG_HOME parent
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function sandbox(prefix = 'aura-test-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Alice Example',
    GIT_AUTHOR_EMAIL: 'alice@example.ch',
    GIT_COMMITTER_NAME: 'Alice Example',
    GIT_COMMITTER_EMAIL: 'alice@example.ch',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    TZ: 'UTC',
    // no hook helper (lib/helper) outlives a test; test/hook-helper.test.ts turns it on
    AURA_HELPER: '0',
  };
  writeFileSync(join(home, '.gitconfig'), '[init]\n\tdefaultBranch = main\n[user]\n\tname = Alice Example\n\temail = alice@example.ch\n');
  return { dir, home, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function done(r: SpawnSyncReturns<Buffer>): Run {
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** Runs the real CLI (`node dist/lib/cli.js …`). */
export function aura(sb: Sandbox, cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, input?: string): Run {
  return done(spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...sb.env, ...extraEnv }, input }));
}

/** Runs git; throws with stderr unless `allowFail`. */
export function gitIn(sb: Sandbox, cwd: string, args: string[], opts: { allowFail?: boolean; env?: NodeJS.ProcessEnv; input?: string } = {}): Run {
  const r = done(spawnSync('git', args, { cwd, env: { ...sb.env, ...opts.env }, input: opts.input }));
  if (r.code !== 0 && !opts.allowFail) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

/** A fresh repository with one directory per call. */
export function newRepo(sb: Sandbox, name = 'repo'): string {
  const dir = join(sb.dir, name);
  mkdirSync(dir, { recursive: true });
  gitIn(sb, dir, ['init', '-q', '-b', 'main']);
  return dir;
}

export function writeFile(dir: string, rel: string, content: string | Buffer): void {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}
