// The package as users get it: `npm pack` of this checkout (the build `npm test` just made),
// installed with `npm install --save-dev` into a fresh project that has no access to the
// source tree, then `npx aura init`, a commit through the hooks, `aura audit verify`, and the
// same again after `npm ci` reinstalled the package (the stubs point at node_modules/aura-hooks).
// npm reads the machine's npm cache (--prefer-offline): the registry is only asked for what
// it has never downloaded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gitIn, newRepo, PROJECT, Sandbox, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged } from './hooks-fixture';

const npmCache = process.env.npm_config_cache || join(homedir(), '.npm');

function npm(sb: Sandbox, cwd: string, args: string[]): string {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd, env: { ...sb.env, npm_config_cache: npmCache, npm_config_update_notifier: 'false' }, encoding: 'utf8',
  });
  assert.is(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function npx(sb: Sandbox, cwd: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['--no-install', ...args], { cwd, env: { ...sb.env, npm_config_cache: npmCache }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('npm pack → npm install --save-dev → npx aura init → a logged, verified commit, also after npm ci', () => {
  const sb = sandbox();
  try {
    // pack what `npm test` built (prepack would build it again)
    const packed = npm(sb, PROJECT, ['pack', '--ignore-scripts', '--json', '--pack-destination', sb.dir]);
    const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
    const files = info.files.map((f) => f.path);
    for (const f of ['dist/lib/cli.js', 'dist/hooks/run.bundle.js', 'hooks/dispatch.sh', 'grammars/typescript/symbols.scm', 'LICENSE', 'README.md']) {
      assert.ok(files.includes(f), `the tarball holds ${f}`);
    }
    for (const f of files) assert.not.match(f, /^(test|bench|demo|dist\/test|dist\/bench|dist\/demo|scripts)\/|\.ts$/, `only what runs: ${f}`);

    const dir = newRepo(sb, 'project');
    writeFile(dir, 'package.json', JSON.stringify({ name: 'project', version: '1.0.0', private: true }) + '\n');
    writeFile(dir, '.gitignore', 'node_modules/\n');
    npm(sb, dir, ['install', '--save-dev', join(sb.dir, info.filename)]);
    assert.ok(existsSync(join(dir, 'node_modules/aura-hooks/hooks/dispatch.sh')));
    for (const dev of ['typescript', 'esbuild', 'uvu', '@noble/ed25519']) {
      assert.not.ok(existsSync(join(dir, 'node_modules', dev)), `no dev dependency is installed: ${dev}`);
    }

    const init = npx(sb, dir, ['aura', 'init']);
    assert.is(init.code, 0, init.stderr);
    const stub = readFileSync(join(dir, '.git/hooks/commit-msg'), 'utf8');
    assert.ok(stub.includes(`aura_pkg='${join(dir, 'node_modules', 'aura-hooks')}'; if [ -f node_modules/aura-hooks/hooks/dispatch.sh ]`), stub);

    writeFile(dir, 'src/auth.ts', 'export function login(user: string): string {\n  return user.trim();\n}\n');
    gitIn(sb, dir, ['add', '.']);
    const c = gitIn(sb, dir, ['commit', '-q', '-m', 'Add login, trimming the user name'], { allowFail: true });
    assert.is(c.code, 0, c.stderr);
    assert.match(c.stderr, /aura: logged in_/);
    const e = assertLogged(sb, dir);
    const delta = e.ast_delta as import('../lib/entry/types').AstDelta;
    assert.ok(delta.nodes.some((n) => n.path === 'src/auth.ts:login' && n.kind === 'function'), `tree-sitter parsed the file from the installed package: ${JSON.stringify(delta.nodes)}`);
    assertClean(sb, dir);
    const v = npx(sb, dir, ['aura', 'audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);

    // a teammate's `npm ci`: the package is reinstalled, the stubs keep working unchanged
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    npm(sb, dir, ['ci']);
    writeFile(dir, 'src/auth.ts', 'export function login(user: string): string {\n  return user.trim().toLowerCase();\n}\n');
    gitIn(sb, dir, ['add', '.']);
    const c2 = gitIn(sb, dir, ['commit', '-q', '-m', 'Lower-case the user name at login'], { allowFail: true });
    assert.is(c2.code, 0, c2.stderr);
    assertLogged(sb, dir);
    assert.is(readdirSync(join(dir, '.git/hooks')).filter((n) => n.endsWith('.pre-aura')).length, 0);
    const v2 = npx(sb, dir, ['aura', 'audit', 'verify']);
    assert.is(v2.code, 0, v2.stdout + v2.stderr);

    // the hook helper from the installed package (its bundle and bash client are in the tarball):
    // a commit starts it, the next is run by it
    const helper = { AURA_HELPER: '1' };
    for (const [i, msg] of ['Upper-case the user name at login', 'Trim the user name at login again'].entries()) {
      writeFile(dir, 'src/auth.ts', `export function login(user: string): string {\n  return user.trim()${i ? '' : '.toUpperCase()'};\n}\n`);
      gitIn(sb, dir, ['add', '.']);
      const c3 = gitIn(sb, dir, ['commit', '-q', '-m', msg], { allowFail: true, env: helper });
      assert.is(c3.code, 0, c3.stderr);
      assert.match(c3.stderr, /aura: logged in_/);
      for (let n = 0; n < 200 && !existsSync(join(dir, '.git/aura/helper')); n++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
    assert.match(readFileSync(join(dir, '.git/aura/helper.log'), 'utf8'), /post-commit for pid \d+: exit 0/);
    const v3 = npx(sb, dir, ['aura', 'audit', 'verify']);
    assert.is(v3.code, 0, v3.stdout + v3.stderr);
  } finally {
    npx(sb, join(sb.dir, 'project'), ['aura', 'helper', 'stop']);
    sb.cleanup();
  }
});

test.run();
