// A long log through the hook helper: from its second commit the helper writes the log's blob
// itself from what it kept of the last version (lib/git/growing-blob.ts), and `git update-index`
// only hashes the file. Each commit must still hold exactly the worktree's log, the index agree,
// fsck find nothing wrong and the log verify; a log that did not grow by appending (a reset) is
// left to git once, and a clean filter on the log still decides what is committed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEntries } from '../bench/gen-log';
import { GROWING_MIN_BYTES } from '../lib/git/growing-blob';
import { loadActiveKey } from '../lib/keys/store';
import { aura, gitIn, newRepo, Sandbox, sandbox, writeFile } from './helpers/env';

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const LOG = '.aura/intent_log.jsonl';

interface Setup {
  sb: Sandbox;
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** A repository whose log already holds ~600 kB of entries signed by its own key, hooks served by a helper. */
function longLogRepo(sb: Sandbox): Setup {
  const dir = newRepo(sb);
  const env = { ...sb.env, AURA_HELPER: '1', AURA_HELPER_IDLE_SECONDS: '60' };
  writeFile(dir, 'src/a.ts', 'export function a(x: number): number {\n  return x;\n}\n');
  gitIn(sb, dir, ['add', '.']);
  gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'initial']);
  assert.is(aura(sb, dir, ['init'], env).code, 0);
  const k = loadActiveKey(sb.env);
  const key = { keyId: k.keyId, kind: 'human' as const, admin: true, seed: Buffer.alloc(0), signing: k.signing, pubkey: k.pubkey };
  const lines: string[] = [];
  generateEntries(400, { keys: [key], mergeEvery: 0, onEntry: (_e, line) => lines.push(line) });
  writeFile(dir, LOG, lines.join('\n') + '\n');
  assert.ok(readFileSync(join(dir, LOG)).length > 2 * GROWING_MIN_BYTES, 'a log long enough for the helper to keep');
  gitIn(sb, dir, ['add', '.aura']);
  gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'a long log']);
  return { sb, dir, env };
}

let n = 0;
function commit(s: Setup): void {
  n++;
  writeFile(s.dir, `src/f${n}.ts`, `export function f${n}(x: number): number {\n  return x + ${n};\n}\n`);
  gitIn(s.sb, s.dir, ['add', `src/f${n}.ts`]);
  const r = gitIn(s.sb, s.dir, ['commit', '-m', `Add f${n} to src`], { env: s.env });
  assert.match(r.stderr, /aura: logged in_\w+/);
  if (n % 100 === 1) waitForHelper(s);
}

/** The first commit's post-commit starts the helper, detached: the next commits need it up. */
function waitForHelper(s: Setup): void {
  for (let i = 0; i < 200 && !existsSync(join(s.dir, '.git', 'aura', 'helper')); i++) sleep(25);
}

/** Whether the loose object of `oid` ends as the helper writes it: an empty final block, then the checksum. */
function writtenByHelper(s: Setup, oid: string): boolean {
  const file = join(s.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
  const raw = readFileSync(file);
  return raw.subarray(raw.length - 9, raw.length - 4).toString('hex') === '010000ffff';
}

const headLogBlob = (s: Setup): string => gitIn(s.sb, s.dir, ['rev-parse', `HEAD:${LOG}`]).stdout.trim();

/** HEAD holds `expected` as its log, the index the same blob, nothing is left to commit, fsck finds nothing wrong. */
function consistent(s: Setup, expected: Buffer, why: string): void {
  const blob = headLogBlob(s);
  assert.is(gitIn(s.sb, s.dir, ['rev-parse', `:${LOG}`]).stdout.trim(), blob, `${why}: index and HEAD hold one blob`);
  assert.ok(Buffer.from(gitIn(s.sb, s.dir, ['cat-file', 'blob', blob]).stdout, 'utf8').equals(expected), `${why}: HEAD holds the log`);
  assert.is(gitIn(s.sb, s.dir, ['status', '--porcelain']).stdout, '', `${why}: nothing left to commit`);
  const fsck = gitIn(s.sb, s.dir, ['fsck', '--strict', '--no-dangling'], { allowFail: true });
  assert.is(fsck.code, 0, `${why}: ${fsck.stdout}${fsck.stderr}`);
}

function stopHelper(s: Setup): void {
  aura(s.sb, s.dir, ['helper', 'stop']);
}

test('a long log: from the second served commit on the helper writes its blob; every commit holds the log and verifies', () => {
  const s = longLogRepo(sandbox());
  try {
    n = 100;
    commit(s); // Node in the hook: starts the helper
    commit(s); // served: git writes the log's blob, the helper keeps this version
    const byGit = headLogBlob(s);
    consistent(s, readFileSync(join(s.dir, LOG)), 'first served commit');
    const ours: string[] = [];
    for (let i = 0; i < 3; i++) {
      commit(s);
      consistent(s, readFileSync(join(s.dir, LOG)), `served commit ${i + 2}`);
      ours.push(headLogBlob(s));
    }
    assert.not.ok(writtenByHelper(s, byGit), 'nothing was kept before the first served commit');
    for (const oid of ours) assert.ok(writtenByHelper(s, oid), `${oid} written from the kept pieces`);
    // a log that did not grow by appending: git writes it, the helper keeps the new version
    gitIn(s.sb, s.dir, ['reset', '-q', '--hard', 'HEAD~2']);
    commit(s);
    consistent(s, readFileSync(join(s.dir, LOG)), 'after a reset');
    assert.not.ok(writtenByHelper(s, headLogBlob(s)), 'after a reset git wrote the blob');
    commit(s);
    consistent(s, readFileSync(join(s.dir, LOG)), 'the commit after');
    assert.ok(writtenByHelper(s, headLogBlob(s)), 'and then the helper again');
    const v = aura(s.sb, s.dir, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
  } finally {
    stopHelper(s);
    s.sb.cleanup();
  }
});

test('a long log under a clean filter: the helper writes the file as it is, the commit holds what the filter stored', () => {
  const s = longLogRepo(sandbox());
  try {
    gitIn(s.sb, s.dir, ['config', 'filter.mark.clean', "cat; echo '# stored'"]);
    gitIn(s.sb, s.dir, ['config', 'filter.mark.smudge', 'cat']);
    writeFile(s.dir, '.git/info/attributes', `${LOG} filter=mark\n`);
    n = 200;
    for (let i = 0; i < 4; i++) {
      commit(s);
      const stored = Buffer.concat([readFileSync(join(s.dir, LOG)), Buffer.from('# stored\n')]);
      consistent(s, stored, `commit ${i + 1}`);
    }
  } finally {
    stopHelper(s);
    s.sb.cleanup();
  }
});

test.run();
