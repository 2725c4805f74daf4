// hooks/launch.ts: the hook bundle runs with V8's code cache, one cache per hook (each holds
// the functions its own run compiled), written once beside the bundle and reused after that.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { newRepo, PROJECT, sandbox } from './helpers/env';

test('one code cache per hook, written by its first run, reused (not rewritten) by the next, replaced after a rebuild', () => {
  const sb = sandbox();
  try {
    // a copy of the built package with a cache directory of its own (the checkout's is shared by every test)
    const pkg = join(sb.dir, 'pkg');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    cpSync(join(PROJECT, 'dist', 'hooks'), join(pkg, 'dist', 'hooks'), { recursive: true });
    symlinkSync(join(PROJECT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const dir = newRepo(sb);
    const run = (hook: string, arg: string) => {
      const r = spawnSync(process.execPath, [join(pkg, 'dist', 'hooks', 'launch.js'), hook, arg], { cwd: dir, env: sb.env, encoding: 'utf8' });
      assert.is(r.status, 0, r.stderr);
    };
    const caches = () => readdirSync(join(pkg, 'dist', 'cache')).sort();
    run('reference-transaction', 'prepared');
    const first = caches();
    assert.is(first.length, 1);
    assert.match(first[0], /^run\.bundle\.reference-transaction\..+\.v8$/);
    run('reference-transaction', 'prepared');
    assert.equal(caches(), first, 'reused, not written again');
    run('post-rewrite', 'amend');
    assert.is(caches().length, 2, 'another hook has its own');
    // a rebuild writes the bundle anew: its first run replaces that hook's old cache
    cpSync(join(PROJECT, 'dist', 'hooks', 'run.bundle.js'), join(pkg, 'dist', 'hooks', 'run.bundle.js'));
    run('reference-transaction', 'prepared');
    const after = caches();
    assert.is(after.length, 2);
    assert.not.ok(after.includes(first[0]), 'the old build\'s cache is gone');
  } finally {
    sb.cleanup();
  }
});

test.run();
