// action.yml runs scripts/ci-review.sh: the same script, run here on a real repository, verifies
// the log and the range and writes SARIF; a commit made around the hooks fails it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, gitIn, PROJECT, sandbox, writeFile } from './helpers/env';
import { auraRepo, commitFile, worktreeLog } from './hooks-fixture';

test('scripts/ci-review.sh: green on a logged range, red (with SARIF still written) on an unlogged commit', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'src/a.ts', 'export function a(): number {\n  return 1;\n}\n', 'Add a');
    const genesis = worktreeLog(dir)[0].hash;
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    commitFile(sb, dir, 'src/b.ts', 'export function b(): number {\n  return 2;\n}\n', 'Add b');
    const run = (out: string) => spawnSync('sh', [join(PROJECT, 'scripts', 'ci-review.sh'), base, 'HEAD', out, genesis], {
      cwd: dir, env: { ...sb.env, AURA: `${process.execPath} ${CLI}` }, encoding: 'utf8',
    });
    const green = run(join(sb.dir, 'green.sarif'));
    assert.is(green.status, 0, green.stdout + green.stderr);
    assert.is(JSON.parse(readFileSync(join(sb.dir, 'green.sarif'), 'utf8')).runs[0].results.length, 0);
    writeFile(dir, 'src/c.ts', 'export const c = 3;\n');
    gitIn(sb, dir, ['add', 'src/c.ts']);
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'Add c']);
    const red = run(join(sb.dir, 'red.sarif'));
    assert.is(red.status, 1);
    assert.match(red.stdout + red.stderr, /UNLOGGED_COMMIT/);
    assert.ok(existsSync(join(sb.dir, 'red.sarif')));
    assert.is(JSON.parse(readFileSync(join(sb.dir, 'red.sarif'), 'utf8')).runs[0].results[0].ruleId, 'unlogged-commit');
  } finally {
    sb.cleanup();
  }
});

test.run();
