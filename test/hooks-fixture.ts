// Shared by the hooks-*, range-* and install-* tests: repositories with aura installed, and assertions on
// what a commit must look like afterwards (trailer → entry in HEAD's log, binding, clean status).
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AstDelta, Entry } from '../lib/entry/types';
import { aura, gitIn, newRepo, Run, Sandbox, writeFile } from './helpers/env';

export function auraRepo(sb: Sandbox, name = 'repo'): string {
  const dir = newRepo(sb, name);
  const r = aura(sb, dir, ['init']);
  assert.is(r.code, 0, r.stderr);
  return dir;
}

/**
 * A repository with src/a.ts committed before aura, then `aura init` and its first commit
 * through the hooks; `before` runs just before the init (a hook of the user's for it to chain).
 */
export function loggedRepo(sb: Sandbox, before?: (dir: string) => void): string {
  const dir = newRepo(sb);
  writeFile(dir, 'src/a.ts', 'export function a(x: number): number {\n  return x;\n}\n');
  gitIn(sb, dir, ['add', '.']);
  gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'initial']);
  before?.(dir);
  const init = aura(sb, dir, ['init']);
  assert.is(init.code, 0, init.stderr);
  gitIn(sb, dir, ['commit', '-q', '-m', 'Start logging intents with aura']);
  return dir;
}

export function commit(sb: Sandbox, dir: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Run {
  return gitIn(sb, dir, ['commit', ...args], { allowFail: true, env, input });
}

export function mustCommit(sb: Sandbox, dir: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Run {
  const r = commit(sb, dir, args, env, input);
  assert.is(r.code, 0, `git commit ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

/** Rewrites `rel` with its first `from` replaced by `to`. */
export const edit = (dir: string, rel: string, from: string | RegExp, to: string): void =>
  writeFile(dir, rel, readFileSync(join(dir, rel), 'utf8').replace(from, to));

/** Appends function `name` to src/auth.ts (repoWithAuth) and stages it: a change that only adds a symbol. */
export function stageFunction(sb: Sandbox, dir: string, name: string): void {
  edit(dir, 'src/auth.ts', /$/, `\nexport function ${name}(n: number): number {\n  return 2 ** n;\n}\n`);
  gitIn(sb, dir, ['add', 'src/auth.ts']);
}

/** Writes `rel`, stages it and commits it with `message` through the hooks (which must succeed). */
export function commitFile(sb: Sandbox, dir: string, rel: string, content: string, message: string): Run {
  writeFile(dir, rel, content);
  gitIn(sb, dir, ['add', '--', rel]);
  return mustCommit(sb, dir, ['-q', '-m', message]);
}

/** A new agent key `id`, registered in the log; its environment for signing with it. */
export function addAgentKey(sb: Sandbox, dir: string, id: string): { AURA_KEY: string } {
  const k = aura(sb, dir, ['key', 'init', '--agent', id]);
  assert.is(k.code, 0, k.stderr);
  const pub = /public key +(ed25519:[0-9a-f]+)/.exec(k.stdout)![1];
  const file = /file +(\S+\.json)/.exec(k.stdout)![1];
  assert.is(aura(sb, dir, ['key', 'add', pub, '--id', id, '--kind', 'agent']).code, 0);
  return { AURA_KEY: file };
}

export const parseLog = (text: string): Entry[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Entry);
export const worktreeLog = (dir: string): Entry[] => parseLog(readFileSync(join(dir, '.aura', 'intent_log.jsonl'), 'utf8'));
export const logAt = (sb: Sandbox, dir: string, rev: string): Entry[] => parseLog(gitIn(sb, dir, ['show', `${rev}:.aura/intent_log.jsonl`]).stdout);

export function trailerOf(sb: Sandbox, dir: string, rev = 'HEAD'): { id: string; hash: string } | null {
  const v = gitIn(sb, dir, ['log', '-1', '--format=%(trailers:key=Aura-Intent,valueonly)', rev]).stdout.trim();
  if (!v) return null;
  const [id, hash] = v.split('\n').pop()!.split(' ');
  return { id, hash };
}

/** The tree of `rev` without its top-level .aura entry, computed with plain git. */
export function treeWithoutAuraGit(sb: Sandbox, dir: string, rev: string): string {
  const ls = gitIn(sb, dir, ['ls-tree', '-z', rev]).stdout.split('\0').filter((e) => e && !e.endsWith('\t.aura'));
  return gitIn(sb, dir, ['mktree', '-z'], { input: ls.map((e) => e + '\0').join('') }).stdout.trim();
}

/**
 * The commit at `rev` is logged "as part of the same commit": its message ends with the trailer,
 * its own tree's log holds the named entry, bound to its parents and tree. Returns the entry.
 */
export function assertLogged(sb: Sandbox, dir: string, rev = 'HEAD'): Entry {
  const t = trailerOf(sb, dir, rev);
  assert.ok(t, `${rev} has an Aura-Intent trailer`);
  const body = gitIn(sb, dir, ['log', '-1', '--format=%B', rev]).stdout.trimEnd();
  assert.match(body.split('\n').pop()!, /^Aura-Intent: in_\S+ blake3:[0-9a-f]{64}$/, 'the message ends with the trailer');
  const e = logAt(sb, dir, rev).find((x) => x.id === t!.id);
  assert.ok(e, `${rev}'s own tree holds entry ${t!.id}`);
  assert.is(e!.hash, t!.hash);
  assert.is(e!.capability, 'commit');
  const parents = gitIn(sb, dir, ['log', '-1', '--format=%P', rev]).stdout.trim().split(' ').filter(Boolean);
  assert.equal(e!.commit_parents, parents, 'bound to the commit\'s parents');
  assert.is(e!.tree, treeWithoutAuraGit(sb, dir, rev), 'bound to the commit\'s tree without .aura/');
  return e!;
}

export function assertClean(sb: Sandbox, dir: string): void {
  assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, '', 'git status --porcelain is empty');
}

export const TS_BEFORE = `export function validate(token: string): boolean {
  return token.length > 0 && !token.includes(' ');
}

export function login(user: string, token: string): string {
  if (!validate(token)) throw new Error('bad token');
  return user;
}
`;

/** A repository with aura and one logged commit holding src/auth.ts. */
export function repoWithAuth(sb: Sandbox, name = 'repo'): string {
  const dir = auraRepo(sb, name);
  commitFile(sb, dir, 'src/auth.ts', TS_BEFORE, 'Add login with token validation');
  return dir;
}

// ─── rewritten commits (hooks-rewrite, hooks-rebase) ───
export const delta = (e: Entry): AstDelta => e.ast_delta as AstDelta;
export const fn = (name: string, v: number): string => `export function ${name}() {\n  return ${v};\n}\n`;

/** `aura audit verify` and `--range upstream..HEAD` both pass; every commit of the range is logged as itself. */
export function assertRewrittenOk(sb: Sandbox, dir: string, upstream: string): Entry[] {
  const all = aura(sb, dir, ['audit', 'verify']);
  assert.is(all.code, 0, `aura audit verify:\n${all.stdout}${all.stderr}`);
  const range = aura(sb, dir, ['audit', 'verify', '--range', `${upstream}..HEAD`]);
  assert.is(range.code, 0, `aura audit verify --range ${upstream}..HEAD:\n${range.stdout}${range.stderr}`);
  const ids = gitIn(sb, dir, ['rev-list', '--reverse', `${upstream}..HEAD`]).stdout.split('\n').filter(Boolean);
  const entries = ids.map((id) => {
    const body = gitIn(sb, dir, ['log', '-1', '--format=%B', id]).stdout;
    assert.is(body.match(/Aura-Intent:/g)?.length, 1, `exactly one Aura-Intent line in ${id}:\n${body}`);
    return assertLogged(sb, dir, id);
  });
  assertClean(sb, dir);
  assert.not.ok(existsSync(join(dir, '.git/aura/prepared.json')), 'no prepared state left');
  assert.not.ok(existsSync(join(dir, '.git/aura/checked.json')), 'no checked state left');
  return entries;
}

/** main with auth.ts; topic (from it) with `n` commits adding b1…bn; main then gains c. */
export function diverged(sb: Sandbox, n = 3, name = 'repo'): { dir: string; originals: Entry[] } {
  const dir = repoWithAuth(sb, name);
  gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
  const originals: Entry[] = [];
  for (let i = 1; i <= n; i++) {
    commitFile(sb, dir, `src/b${i}.ts`, fn(`b${i}`, i), `Add b${i}`);
    originals.push(assertLogged(sb, dir));
  }
  gitIn(sb, dir, ['checkout', '-q', 'main']);
  commitFile(sb, dir, 'src/c.ts', fn('c', 9), 'Add c');
  gitIn(sb, dir, ['checkout', '-q', 'topic']);
  return { dir, originals };
}
