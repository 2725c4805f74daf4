// The delta of real Git changes: real repositories, real commits, `git mv`, the index Git
// hands a hook, odd paths, binary / huge / non-UTF-8 files, and the symbol cache.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync, chmodSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stagedDelta, revisionDelta } from '../lib/delta';
import type { AstDelta, DeltaNode } from '../lib/entry/types';
import { canonicalize } from '../lib/json/canonical';
import { PROJECT, CLI, aura, sandbox, newRepo, gitIn, writeFile, Sandbox } from './helpers/env';

const fixture = (name: string) => readFileSync(join(PROJECT, 'test', 'fixtures', 'delta', name + '.txt'), 'utf8');
const sb: Sandbox = sandbox('aura-delta-git-');
let n = 0;
function repo(): string {
  return newRepo(sb, `r${++n}`);
}
function commit(dir: string, msg = 'change'): void {
  gitIn(sb, dir, ['add', '-A']);
  gitIn(sb, dir, ['commit', '-q', '--allow-empty', '-m', msg]);
}
/** "change path [← from]" for each node, in delta order. */
const brief = (d: AstDelta) => d.nodes.map((x) => `${x.change} ${x.path}${x.from ? ' ← ' + x.from : ''}`);
const node = (d: AstDelta, path: string) => d.nodes.find((x) => x.path === path) as DeltaNode;

function counts(d: AstDelta) {
  return { added: d.added, modified: d.modified, removed: d.removed };
}

test('initial commit: everything is added against the empty tree', async () => {
  const dir = repo();
  writeFile(dir, 'src/util.js', fixture('util.js'));
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(brief(d), [
    'added src/util.js',
    'added src/util.js:Cache',
    'added src/util.js:Cache.get',
    'added src/util.js:Cache.set',
    'added src/util.js:Cache.shared',
    'added src/util.js:fmt',
    'added src/util.js:slug',
    'added src/util.js:walk',
  ]);
  assert.equal(counts(d), { added: 8, modified: 0, removed: 0 });
  for (const x of d.nodes) assert.is(x.before, null), assert.match(String(x.after), /^blake3:[0-9a-f]{64}$/);
  assert.is(node(d, 'src/util.js').kind, 'file');
  assert.is(node(d, 'src/util.js:Cache.get').kind, 'method');
  commit(dir);
  assert.equal(await revisionDelta(null, 'HEAD', { cwd: dir }), d);
});

test('modified, removed and added symbols; renamed within a file; counts', async () => {
  const dir = repo();
  writeFile(dir, 'src/auth.py', 'def check(pw, stored):\n    return pw == stored\n\n\ndef legacy_md5_fallback(pw):\n    import hashlib\n    return hashlib.md5(pw).hexdigest()\n\n\ndef fmt(user):\n    return user.name.title()\n');
  commit(dir);
  writeFile(dir, 'src/auth.py', 'def check(pw, stored):\n    return argon2.verify(stored, pw)\n\n\ndef display_name(user):\n    return user.name.title()\n\n\nclass Argon2Config:\n    time_cost = 3\n');
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(brief(d), [
    'added src/auth.py:Argon2Config',
    'modified src/auth.py:check',
    'renamed src/auth.py:display_name ← src/auth.py:fmt',
    'removed src/auth.py:legacy_md5_fallback',
  ]);
  assert.equal(counts(d), { added: 1, modified: 2, removed: 1 });
  const r = node(d, 'src/auth.py:display_name');
  assert.is(r.before, r.after);
  assert.is.not(node(d, 'src/auth.py:check').before, node(d, 'src/auth.py:check').after);
  assert.is(node(d, 'src/auth.py:legacy_md5_fallback').after, null);
});

test('a symbol moved to another file: same body, or same name with a similar body; a different body is removed + added', async () => {
  const dir = repo();
  const parser = fixture('parser.ts');
  writeFile(dir, 'src/a.ts', parser);
  writeFile(dir, 'src/b.ts', 'export function helper(x: number): number {\n  return x * 2;\n}\n');
  commit(dir);
  // Parser (and its members) leave a.ts for parse/parser.ts unchanged; parseValue#3 moves with an edit
  const start = parser.indexOf('export class Parser {'), end = parser.indexOf('export namespace Defaults');
  const cls = parser.slice(start, end);
  let rest = parser.slice(0, start) + parser.slice(end);
  writeFile(dir, 'src/parse/parser.ts', "import { Source, Entry, parseValue, isComment } from '../a';\n\n" + cls);
  writeFile(dir, 'src/a.ts', rest);
  // helper is replaced by an unrelated function of the same name elsewhere: not a move
  writeFile(dir, 'src/b.ts', '');
  writeFile(dir, 'src/c.ts', 'export function helper(list: string[]): string {\n  return list.filter(Boolean).map((s) => s.trim()).join(", ");\n}\n');
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  const moved = d.nodes.filter((x) => x.change === 'moved').map((x) => `${x.from} → ${x.path}`);
  assert.equal(moved, [
    'src/a.ts:Parser → src/parse/parser.ts:Parser',
    'src/a.ts:Parser.constructor → src/parse/parser.ts:Parser.constructor',
    'src/a.ts:Parser.fromFile → src/parse/parser.ts:Parser.fromFile',
    'src/a.ts:Parser.onEntry → src/parse/parser.ts:Parser.onEntry',
    'src/a.ts:Parser.parse → src/parse/parser.ts:Parser.parse',
    'src/a.ts:Parser.size → src/parse/parser.ts:Parser.size',
    'src/a.ts:Parser.size#2 → src/parse/parser.ts:Parser.size#2',
  ]);
  for (const x of d.nodes.filter((x) => x.change === 'moved')) assert.is(x.before, x.after);
  assert.ok(brief(d).includes('removed src/b.ts:helper'));
  assert.ok(brief(d).includes('added src/c.ts:helper'));

  // moved with an edit: same name, body still mostly the same
  commit(dir);
  const merge = 'export function merge(a: Entry[], b: Entry[]): Entry[] {\n    return [...a, ...b];\n  }';
  rest = rest.replace(merge, '');
  writeFile(dir, 'src/a.ts', rest);
  writeFile(dir, 'src/merge.ts', "import { Entry } from './a';\n\nexport function merge(a: Entry[], b: Entry[]): Entry[] {\n  const out = [...a, ...b];\n  return out;\n}\n");
  gitIn(sb, dir, ['add', '-A']);
  const e = await stagedDelta({ cwd: dir });
  const m = node(e, 'src/merge.ts:merge');
  assert.is(m.change, 'moved');
  assert.is(m.from, 'src/a.ts:Defaults.merge');
  assert.is.not(m.before, m.after);
});

test('git mv of a file carries its symbols as moved, never removed + added', async () => {
  const dir = repo();
  writeFile(dir, 'src/net/retry.py', fixture('retry.py'));
  commit(dir);
  gitIn(sb, dir, ['mv', 'src/net/retry.py', 'src/net/backoff.py']);
  const d = await stagedDelta({ cwd: dir });
  assert.is(d.added, 0);
  assert.is(d.removed, 0);
  assert.is(node(d, 'src/net/backoff.py').change, 'moved');
  assert.is(node(d, 'src/net/backoff.py').from, 'src/net/retry.py');
  const syms = d.nodes.filter((x) => x.kind !== 'file');
  assert.is(syms.length, 12);
  for (const x of syms) {
    assert.is(x.change, 'moved');
    assert.is(x.from, x.path.replace('backoff.py', 'retry.py'));
    assert.is(x.before, x.after);
  }
  // renamed and edited in the same commit: still moves, the edited one with a new hash
  writeFile(dir, 'src/net/backoff.py', fixture('retry.py').replace('delay *= factor', 'delay = min(delay * factor, 60)'));
  gitIn(sb, dir, ['add', '-A']);
  const e = await stagedDelta({ cwd: dir });
  assert.is(e.added + e.removed, 0);
  const b = node(e, 'src/net/backoff.py:backoff_delays');
  assert.is(b.change, 'moved');
  assert.is.not(b.before, b.after);
  assert.is(node(e, 'src/net/backoff.py:fetch').before, node(e, 'src/net/backoff.py:fetch').after);
});

test('deleting a file removes its symbols; reformatting a file changes nothing', async () => {
  const dir = repo();
  writeFile(dir, 'a.py', fixture('retry.py'));
  writeFile(dir, 'lib/util.js', fixture('util.js'));
  commit(dir);
  gitIn(sb, dir, ['rm', '-q', 'a.py']);
  const d = await stagedDelta({ cwd: dir });
  assert.is(d.removed, 13);
  assert.is(d.added + d.modified, 0);
  assert.is(node(d, 'a.py').kind, 'file');
  commit(dir);
  const before = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
  writeFile(dir, 'lib/util.js', fixture('util.js').replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)).replace(/;$/gm, '').replace(/'/g, '"').replace('/** Formats a date as YYYY-MM-DD. */', '// formats a date'));
  commit(dir);
  const e = await revisionDelta(before, 'HEAD', { cwd: dir });
  assert.equal(e, { added: 0, modified: 0, removed: 0, nodes: [], algorithm: 'aura-symbol/3' });
});

test('binary, too large and unsupported files are file-level changes without symbols', async () => {
  const dir = repo();
  const big = 'def f%d():\n    return %d\n\n';
  let text = '';
  for (let i = 0; text.length < 2 * 1024 * 1024; i++) text += big.replace('%d', String(i)).replace('%d', String(i));
  writeFile(dir, 'gen/huge.py', text);
  writeFile(dir, 'img/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0xff]));
  writeFile(dir, 'README.md', '# Title\n');
  writeFile(dir, 'bin.py', Buffer.from('def f():\n    return "\0"\n'));
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(d.nodes.map((x) => `${x.change} ${x.path} ${x.kind} ${x.content}`), [
    'added README.md file unsupported',
    'added bin.py file binary',
    'added gen/huge.py file too_large',
    'added img/logo.png file binary',
  ]);
  const { blake3, hashRef } = await import('../lib/crypto/blake3');
  assert.is(node(d, 'gen/huge.py').after, hashRef(blake3(text)));
  // the limit is configurable, per call or in .aura/config.toml
  const small = await stagedDelta({ cwd: dir, maxFileBytes: 4 });
  assert.is(node(small, 'README.md').content, 'too_large');
  writeFile(dir, '.aura/config.toml', '[delta]\nmax_file_bytes = 4194304\n');
  const cfg = await stagedDelta({ cwd: dir });
  assert.is(node(cfg, 'gen/huge.py').content, 'text');
  assert.ok(cfg.nodes.some((x) => x.path === 'gen/huge.py:f1000'));
});

test('non-UTF-8 content is parsed with replacement characters and flagged, never a crash', async () => {
  const dir = repo();
  writeFile(dir, 'legacy.py', Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\ndef greet():\n    return "gr'), Buffer.from([0xfc]), Buffer.from('ezi"\n')]));
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.is(node(d, 'legacy.py').invalid_utf8, true);
  assert.is(node(d, 'legacy.py:greet').change, 'added');
});

test('a syntax error: symbols outside it stay unchanged; a symbol lost to it is flagged', async () => {
  const dir = repo();
  writeFile(dir, 'svc.py', fixture('retry.py'));
  commit(dir);
  writeFile(dir, 'svc.py', fixture('retry.py').replace('def fetch(url, session):', 'def fetch(url, session:'));
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(brief(d), ['modified svc.py', 'removed svc.py:fetch']);
  assert.is(node(d, 'svc.py').parse_error, true);
  assert.is(node(d, 'svc.py:fetch').parse_error, true);
});

test('paths with spaces, newlines and non-ASCII characters come through exactly; .aura/ is left out', async () => {
  const dir = repo();
  const odd = ['my dir/with space.py', 'new\nline.py', 'ünï/cödé.ts'];
  writeFile(dir, odd[0], 'def a():\n    pass\n');
  writeFile(dir, odd[1], 'def b():\n    pass\n');
  writeFile(dir, odd[2], 'export const c = () => 1;\n');
  writeFile(dir, '.aura/intent_log.jsonl', '{}\n');
  writeFile(dir, '.aura/hooks.py', 'def not_code():\n    pass\n');
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(brief(d), [
    'added my dir/with space.py', 'added my dir/with space.py:a',
    'added new\nline.py', 'added new\nline.py:b',
    'added ünï/cödé.ts', 'added ünï/cödé.ts:c',
  ]);
});

test('the index Git hands a hook (GIT_INDEX_FILE) is what is read', async () => {
  const dir = repo();
  writeFile(dir, 'a.py', 'def one():\n    return 1\n');
  writeFile(dir, 'b.py', 'def two():\n    return 2\n');
  commit(dir);
  writeFile(dir, 'a.py', 'def one():\n    return 11\n');
  writeFile(dir, 'b.py', 'def two():\n    return 22\n');
  gitIn(sb, dir, ['add', 'b.py']); // b.py staged in the real index, a.py only in the work tree
  // `git commit -m x a.py` builds a temporary index holding a.py and gives hooks its path
  writeFile(dir, '.git/hooks/pre-commit', `#!/bin/sh\nexec "${process.execPath}" "${CLI}" diff --json > "${join(sb.dir, 'hook-out.json')}"\n`);
  chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
  gitIn(sb, dir, ['commit', '-q', '-m', 'only a', 'a.py']);
  const seen = JSON.parse(readFileSync(join(sb.dir, 'hook-out.json'), 'utf8')) as AstDelta;
  assert.equal(seen.nodes.map((x) => x.path), ['a.py:one']);
  // and in-process, with GIT_INDEX_FILE pointing at another index
  const idx = join(sb.dir, 'alt-index');
  gitIn(sb, dir, ['read-tree', 'HEAD~1'], { env: { GIT_INDEX_FILE: idx } });
  process.env.GIT_INDEX_FILE = idx;
  try {
    const d = await stagedDelta({ cwd: dir });
    assert.equal(d.nodes.map((x) => `${x.change} ${x.path}`), ['modified a.py:one']); // HEAD has 11, that index has 1
  } finally {
    delete process.env.GIT_INDEX_FILE;
  }
});

test('symbol tables are cached by blob id; a damaged cache entry is recomputed; cache:false agrees', async () => {
  const dir = repo();
  // content no other test in this process has parsed (tables are also remembered in memory)
  const src = '// cache test\n' + fixture('parser.ts');
  writeFile(dir, 'src/parser.ts', src);
  commit(dir);
  writeFile(dir, 'src/parser.ts', src.replace("'key'", "'KEY'"));
  gitIn(sb, dir, ['add', '-A']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(brief(d), ['modified src/parser.ts:TokenKind']);
  const cacheDir = join(dir, '.git', 'aura', 'symbols-cache');
  const files: string[] = [];
  const walk = (p: string) => readdirSync(p).forEach((f) => (statSync(join(p, f)).isDirectory() ? walk(join(p, f)) : files.push(join(p, f))));
  walk(cacheDir);
  assert.is(files.length, 2); // the HEAD blob and the staged blob
  // a fresh process reads the disk cache: damaged entries are recomputed and rewritten
  for (const f of files) writeFileSync(f, '{"lang":"typescript","module":');
  const r = aura(sb, dir, ['diff', '--json']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, canonicalize(d) + '\n');
  for (const f of files) assert.ok(JSON.parse(readFileSync(f, 'utf8')).table.symbols.length > 0);
  // each entry holds its blob's size: a hit needs no read, and a limit lowered since still applies
  const sizes = files.map((f) => JSON.parse(readFileSync(f, 'utf8')).size).sort();
  assert.equal(sizes, [Buffer.byteLength(src), Buffer.byteLength(src.replace("'key'", "'KEY'"))].sort());
  const small = await stagedDelta({ cwd: dir, maxFileBytes: 100 });
  assert.equal(small, await stagedDelta({ cwd: dir, maxFileBytes: 100, cache: false }));
  assert.not.equal(small, d, 'over the limit: a file-level change without symbols');
  // a cached table that lies is believed (the cache is trusted local state) …
  const lying = JSON.parse(readFileSync(files[0], 'utf8'));
  lying.table.symbols = [];
  writeFileSync(files[0], JSON.stringify(lying));
  assert.is.not(aura(sb, dir, ['diff', '--json']).stdout, r.stdout);
  // … which is why a verifier passes --no-cache / cache: false, and gets the true delta
  assert.is(aura(sb, dir, ['diff', '--json', '--no-cache']).stdout, r.stdout);
  assert.equal(await stagedDelta({ cwd: dir, cache: false }), d);
});

test('a mode change is a file-level change', async () => {
  const dir = repo();
  writeFile(dir, 'run.py', 'def main():\n    pass\n');
  commit(dir);
  gitIn(sb, dir, ['update-index', '--chmod=+x', 'run.py']);
  const d = await stagedDelta({ cwd: dir });
  assert.equal(brief(d), ['modified run.py']);
  assert.is(node(d, 'run.py').new_mode, '100755');
  // a symlink is a file-level change: its target is its content, never parsed
  commit(dir);
  symlinkSync('run.py', join(dir, 'alias.py'));
  gitIn(sb, dir, ['add', '-A']);
  const e = await stagedDelta({ cwd: dir });
  assert.equal(e.nodes.map((x) => `${x.change} ${x.path} ${x.content}`), ['added alias.py symlink']);
});

test.after(() => sb.cleanup());
test.run();
