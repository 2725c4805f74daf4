// Continuous export on the commit path, through real `git commit`s with the installed hooks:
// every logged entry reaches the destination, and on_failure = "fail_commit" refuses a commit
// (before anything about it is logged) while the collector is unreachable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '../lib/json/canonical';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { assertClean, assertLogged, auraRepo, commit, mustCommit, worktreeLog } from './hooks-fixture';
import { freePort } from './fixtures/otlp/collectors';

const sb = sandbox();

function configure(dir: string, lines: string[]): void {
  writeFile(dir, '.aura/config.toml', ['[audit]', 'log_path = ".aura/intent_log.jsonl"', '', '[audit.export]', 'enabled = true', ...lines, ''].join('\n'));
}

test('jsonl: each commit\'s entry is exported as the commit is made', () => {
  const dir = auraRepo(sb, 'to-file');
  const out = join(sb.dir, 'siem.jsonl');
  configure(dir, ['format = "jsonl"', `endpoint = "${out}"`]);
  writeFile(dir, 'src/a.py', 'def retry_logic(n):\n    return n * 2\n');
  gitIn(sb, dir, ['add', '-A']);
  mustCommit(sb, dir, ['-m', 'Add retry_logic with linear backoff']);
  writeFile(dir, 'src/a.py', 'def retry_logic(n):\n    return 2 ** n\n');
  mustCommit(sb, dir, ['-am', 'Use exponential backoff in retry_logic']);
  assertLogged(sb, dir);
  assertClean(sb, dir);
  const exported = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(exported, worktreeLog(dir).map((e) => canonicalize(e)), 'the whole log, entry for entry, once each');
});

test('fail_commit: an unreachable collector refuses the commit and logs nothing; buffer commits and queues', async () => {
  const dir = auraRepo(sb, 'gate');
  mustCommit(sb, dir, ['-m', 'Set up aura']);
  const port = await freePort(); // nothing listens there
  configure(dir, ['format = "syslog"', `endpoint = "127.0.0.1:${port}"`, 'protocol = "tcp"', 'on_failure = "fail_commit"', 'timeout_ms = 300']);
  gitIn(sb, dir, ['add', '.aura/config.toml']);
  const head = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
  const logBefore = readFileSync(join(dir, '.aura/intent_log.jsonl'), 'utf8');
  writeFile(dir, 'src/b.ts', 'export function b(): number {\n  return 1;\n}\n');
  gitIn(sb, dir, ['add', 'src/b.ts']);
  const r = commit(sb, dir, ['-m', 'Add b']);
  assert.is.not(r.code, 0, 'the commit is refused');
  assert.match(r.stderr, /commit refused: the export destination .* is not reachable/);
  assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim(), head, 'HEAD did not move');
  assert.is(readFileSync(join(dir, '.aura/intent_log.jsonl'), 'utf8'), logBefore, 'nothing was logged');

  configure(dir, ['format = "syslog"', `endpoint = "127.0.0.1:${port}"`, 'protocol = "tcp"', 'on_failure = "buffer"', 'timeout_ms = 300']);
  gitIn(sb, dir, ['add', '.aura/config.toml']);
  const ok = mustCommit(sb, dir, ['-m', 'Add b']);
  assert.match(ok.stderr, /queued/);
  assertLogged(sb, dir);
  assertClean(sb, dir);
  const st = aura(sb, dir, ['audit', 'flush']);
  assert.is.not(st.code, 0, 'flush still cannot reach the collector');
});

test.after(() => sb.cleanup());
test.run();
