// `aura diff` through the real CLI: the human listing, --json exactly as an entry carries it,
// revisions and ranges, and errors that name the problem.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { revisionDelta } from '../lib/delta';
import { canonicalize } from '../lib/json/canonical';
import { aura, gitIn, newRepo, sandbox, writeFile } from './helpers/env';

const sb = sandbox('aura-delta-cli-');
const dir = newRepo(sb);
const commit = (msg: string) => {
  gitIn(sb, dir, ['add', '-A']);
  gitIn(sb, dir, ['commit', '-q', '-m', msg]);
};

// history: c1 (initial) → c2 (the example change) → c3 (a branch-off point for A...B)
writeFile(dir, 'src/net/retry.py', 'def retry_logic(fn, attempts=3):\n    for _ in range(attempts):\n        try:\n            return fn()\n        except IOError:\n            pass\n');
writeFile(dir, 'src/auth.py', 'def check(pw, stored):\n    return pw == stored\n\n\ndef legacy_md5_fallback(pw):\n    return md5(pw)\n');
writeFile(dir, 'src/util.ts', 'export function fmt(d: Date): string {\n  return d.toISOString().slice(0, 10);\n}\n');
writeFile(dir, 'src/a.ts', "export class Parser {\n  parse(s: string): string[] {\n    return s.split(',');\n  }\n}\n\nexport const VERSION = 1;\n");
commit('c1');

test('aura diff (staged) lists changes in the documented format', () => {
  writeFile(dir, 'src/net/retry.py', 'def retry_logic(fn, attempts=3):\n    for i in range(attempts):\n        try:\n            return fn()\n        except IOError:\n            time.sleep(2 ** i)\n');
  writeFile(dir, 'src/auth.py', 'def check(pw, stored):\n    return pw == stored\n\n\nclass Argon2Config:\n    time_cost = 3\n');
  writeFile(dir, 'src/util.ts', 'export function formatDate(d: Date): string {\n  return d.toISOString().slice(0, 10);\n}\n');
  writeFile(dir, 'src/a.ts', 'export const VERSION = 1;\n');
  writeFile(dir, 'src/parse/parser.ts', "export class Parser {\n  parse(s: string): string[] {\n    return s.split(',');\n  }\n}\n");
  gitIn(sb, dir, ['add', '-A']);
  const r = aura(sb, dir, ['diff']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, [
    'Added     src/auth.py:Argon2Config',
    'Removed   src/auth.py:legacy_md5_fallback',
    'Modified  src/net/retry.py:retry_logic',
    'Added     src/parse/parser.ts',
    'Moved     src/a.ts:Parser → src/parse/parser.ts:Parser',
    'Moved     src/a.ts:Parser.parse → src/parse/parser.ts:Parser.parse',
    'Renamed   src/util.ts:fmt → src/util.ts:formatDate',
    '',
  ].join('\n'));
  assert.is(aura(sb, dir, ['diff', '--staged']).stdout, r.stdout);
  // from a subdirectory too
  assert.is(aura(sb, join(dir, 'src', 'net'), ['diff']).stdout, r.stdout);
});

test('--json prints the canonical ast_delta an entry carries; REV and A..B name the same change', async () => {
  const staged = aura(sb, dir, ['diff', '--json']);
  assert.is(staged.code, 0, staged.stderr);
  commit('c2');
  const api = await revisionDelta('HEAD~1', 'HEAD', { cwd: dir });
  assert.is(staged.stdout, canonicalize(api) + '\n');
  const parsed = JSON.parse(staged.stdout);
  assert.equal({ added: parsed.added, modified: parsed.modified, removed: parsed.removed }, { added: 2, modified: 4, removed: 1 });
  assert.is(aura(sb, dir, ['diff', '--json', 'HEAD']).stdout, staged.stdout);
  assert.is(aura(sb, dir, ['diff', '--json', 'HEAD~1..HEAD']).stdout, staged.stdout);
  assert.is(aura(sb, dir, ['diff', '--json', 'HEAD~1..']).stdout, staged.stdout);
  assert.is(aura(sb, dir, ['diff']).stdout, 'No changes.\n');
});

test('the root commit compares with the empty tree; A...B starts at the merge base', () => {
  const root = gitIn(sb, dir, ['rev-list', '--max-parents=0', 'HEAD']).stdout.trim();
  const r = aura(sb, dir, ['diff', root]);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('Added     src/a.ts\nAdded     src/a.ts:Parser\n'), r.stdout);
  gitIn(sb, dir, ['checkout', '-q', '-b', 'side', 'HEAD~1']);
  writeFile(dir, 'src/side.py', 'def side():\n    return 1\n');
  commit('side');
  gitIn(sb, dir, ['checkout', '-q', 'main']);
  const three = aura(sb, dir, ['diff', 'main...side']);
  assert.is(three.stdout, 'Added     src/side.py\nAdded     src/side.py:side\n');
  // two dots compare the trees: main's own changes show as undone
  assert.ok(aura(sb, dir, ['diff', 'main..side']).stdout.includes('Removed   src/auth.py:Argon2Config'));
});

test('file-level notes and odd paths in the listing', () => {
  writeFile(dir, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
  writeFile(dir, 'bad.py', 'def ok():\n    pass\n\ndef broken(:\n    pass\n');
  writeFile(dir, 'two\nlines.py', 'def f():\n    pass\n');
  gitIn(sb, dir, ['add', '-A']);
  const out = aura(sb, dir, ['diff']).stdout.split('\n');
  assert.ok(out.includes('Added     bad.py  (parse error)'), out.join('\n'));
  assert.ok(out.includes('Added     bad.py:ok'));
  assert.ok(out.includes('Added     logo.png  (binary)'));
  assert.ok(out.includes('Added     ' + JSON.stringify('two\nlines.py:f')), out.join('\n'));
  gitIn(sb, dir, ['reset', '-q']);
});

test('bad input: an error naming the problem and the fix', () => {
  const unknown = aura(sb, dir, ['diff', 'no-such-branch']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /unknown revision "no-such-branch"/);
  assert.match(unknown.stderr, /git log --oneline/);
  const both = aura(sb, dir, ['diff', '--staged', 'HEAD']);
  assert.is(both.code, 2);
  assert.match(both.stderr, /--staged compares the index with HEAD/);
  assert.match(aura(sb, dir, ['diff', 'a', 'b']).stderr, /one revision or range/);
  assert.match(aura(sb, dir, ['diff', '--bogus']).stderr, /usage: aura diff/);
  const tree = gitIn(sb, dir, ['rev-parse', 'HEAD^{tree}']).stdout.trim();
  assert.match(aura(sb, dir, ['diff', tree]).stderr, /is a tree, not a commit/);
  const outside = join(sb.dir, 'not-a-repo');
  mkdirSync(outside);
  const r = aura(sb, outside, ['diff'], { GIT_CEILING_DIRECTORIES: sb.dir });
  assert.is(r.code, 2);
  assert.match(r.stderr, /not inside a Git repository/);
  assert.is(aura(sb, dir, ['diff']).code, 0);
  writeFile(dir, '.aura/config.toml', '[delta]\nmax_file_bytes = "big"\n');
  const cfg = aura(sb, dir, ['diff']);
  assert.is(cfg.code, 2);
  assert.match(cfg.stderr, /max_file_bytes/);
});

test.after(() => sb.cleanup());
test.run();
