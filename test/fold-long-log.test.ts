// A long log (256 kB or more): the fold writes the log's blob itself, from the compressed pieces
// kept for its last version (lib/git/growing-blob.ts), while `git update-index` hashes the file
// (whichever writes the object first, the other finds it; test/growing-blob.test.ts checks the
// objects aura writes). Each commit must still hold exactly the worktree's log, the index agree,
// fsck find nothing wrong (it reads every object) and the log verify: in a hook's own Node and
// in the hook helper, after a log that did not grow by appending (a reset), and under a clean
// filter, which still decides what is committed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/** A repository whose log already holds ~600 kB of entries signed by its own key; `helper`: hooks served by the hook helper. */
function longLogRepo(sb: Sandbox, helper: boolean): Setup {
  const dir = newRepo(sb);
  const env = { ...sb.env, AURA_HELPER: helper ? '1' : '0', AURA_HELPER_IDLE_SECONDS: '60' };
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

for (const helper of [false, true]) {
  test(`a long log, ${helper ? 'hooks served by the helper' : "in the hook's own Node"}: each commit adds a piece; every commit holds the log and verifies`, () => {
    const s = longLogRepo(sandbox(), helper);
    try {
      n = helper ? 100 : 300;
      const pieces = join(s.dir, '.git', 'aura', 'growing-blob.pieces');
      const sizes: number[] = [];
      for (let i = 0; i < 4; i++) {
        commit(s);
        consistent(s, readFileSync(join(s.dir, LOG)), `commit ${i + 1}`);
        sizes.push(statSync(pieces).size);
      }
      for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] > sizes[i - 1] && sizes[i] < sizes[i - 1] + 4096, 'each commit adds its entry\'s piece');
      // a log that did not grow by appending: compressed whole once, then pieces again
      gitIn(s.sb, s.dir, ['reset', '-q', '--hard', 'HEAD~2']);
      commit(s);
      consistent(s, readFileSync(join(s.dir, LOG)), 'after a reset');
      assert.ok(statSync(pieces).size < sizes[sizes.length - 1], 'the pieces of the shorter log, compressed anew');
      commit(s);
      consistent(s, readFileSync(join(s.dir, LOG)), 'the commit after');
      // an intent logged before: pre-commit appends and stages the log into the commit itself
      const before = statSync(pieces).size;
      assert.is(aura(s.sb, s.dir, ['intent', `Add f${n + 1} to src`], s.env).code, 0);
      commit(s);
      consistent(s, readFileSync(join(s.dir, LOG)), 'with an intent logged before');
      assert.ok(statSync(pieces).size > before, 'pre-commit added its piece');
      const v = aura(s.sb, s.dir, ['audit', 'verify']);
      assert.is(v.code, 0, v.stdout + v.stderr);
      if (helper) assert.match(readFileSync(join(s.dir, '.git', 'aura', 'helper.log'), 'utf8'), / post-commit for pid \d+: exit 0/);
    } finally {
      stopHelper(s);
      s.sb.cleanup();
    }
  });
}

test('a long log under a clean filter: the helper writes the file as it is, the commit holds what the filter stored', () => {
  const s = longLogRepo(sandbox(), true);
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
