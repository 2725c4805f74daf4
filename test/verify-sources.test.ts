// aura audit verify on what the other commands produce: a log written by the real hooks, a
// commit range (--range), a legal-hold snapshot (--snapshot) and the log with its archives
// (--include-archives). Tampered evidence is BROKEN (exit 1).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, sandbox, writeFile } from './helpers/env';
import { mustCommit, repoWithAuth } from './hooks-fixture';

const sb = sandbox('aura-verify-src-');
const dir = repoWithAuth(sb);
const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
writeFile(dir, 'src/util.ts', 'export function twice(n: number): number {\n  return 2 * n;\n}\n');
gitIn(sb, dir, ['add', 'src']);
mustCommit(sb, dir, ['-q', '-m', 'Add twice']);

test('a log written by the real hooks verifies', () => {
  const r = aura(sb, dir, ['audit', 'verify']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /chain: continuous/);
  assert.match(r.stdout, /^OK$/m);
});

test('--range checks the commits too', () => {
  const r = aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /range .*: OK — 1 commit/);
  writeFile(dir, 'src/sneak.ts', 'export const s = 1;\n');
  gitIn(sb, dir, ['add', 'src']);
  mustCommit(sb, dir, ['-q', '--no-verify', '-m', 'Sneak']);
  const bad = aura(sb, dir, ['audit', 'verify', '--range', `${base}..HEAD`]);
  assert.is(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /BROKEN — first inconsistency at commit [0-9a-f]{12}: UNLOGGED_COMMIT/);
  const j = JSON.parse(aura(sb, dir, ['audit', 'verify', '--json', '--range', `${base}..HEAD`]).stdout);
  assert.is(j.result, 'BROKEN');
  assert.is(j.range.findings[0].category, 'UNLOGGED_COMMIT');
  gitIn(sb, dir, ['reset', '-q', '--hard', 'HEAD~1']);
});

test('--snapshot verifies a legal-hold file anywhere; a changed byte is BROKEN', () => {
  const hold = join(sb.dir, 'hold.jsonl');
  const s = aura(sb, dir, ['audit', 'snapshot', hold]);
  assert.is(s.code, 0, s.stderr);
  const genesis = /genesis (blake3:[0-9a-f]{64})/.exec(s.stdout)![1];
  const r = aura(sb, sb.dir, ['audit', 'verify', '--snapshot', hold, '--trust-genesis', genesis]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /matches --trust-genesis/);
  const text = readFileSync(hold, 'utf8');
  const at = text.lastIndexOf('"intent":"') + 12;
  writeFileSync(hold, text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1));
  const bad = aura(sb, sb.dir, ['audit', 'verify', '--snapshot', hold]);
  assert.is(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /BROKEN — /);
  const missing = aura(sb, sb.dir, ['audit', 'verify', '--snapshot', join(sb.dir, 'none.jsonl')]);
  assert.is(missing.code, 2);
});

test('--include-archives reads the log with its archives (none yet: the log itself)', () => {
  const r = aura(sb, dir, ['audit', 'verify', '--include-archives']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(aura(sb, dir, ['audit', 'verify', '--include-archives', '--log', 'x']).code, 2);
});

test.after(() => sb.cleanup());
test.run();
