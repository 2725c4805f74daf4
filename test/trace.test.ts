// `aura trace <path:symbol>`: the life of a symbol, through real commits made by the hooks —
// added, modified, renamed, moved, removed — newest first with its entries' fields; a
// correction (supersede) and a strict-mode deletion's authorization shown; the index in the
// Git common dir reused after an append, rebuilt after the log is rewritten or archived,
// shared by a worktree, and always printing what a full scan of the log prints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, Run, sandbox, writeFile } from './helpers/env';
import { assertLogged, auraRepo, commitFile, mustCommit, worktreeLog } from './hooks-fixture';
import { reportRepo } from './report-fixture';
import type { Trace } from '../lib/trace/walk';

const sb = sandbox('aura-trace-');
test.after(() => sb.cleanup());

const A1 = 'export function parse(s: string): string {\n  return s.trim();\n}\n\nexport function keep(): number {\n  return 1;\n}\n';
const A2 = A1.replace('return s.trim();', 'return s.trim().toLowerCase();');
const A3 = A2.replace('function parse(', 'function parseText(');
const A4 = 'export function keep(): number {\n  return 1;\n}\n';
const B4 = 'export function parseText(s: string): string {\n  return s.trim().toLowerCase();\n}\n';

function ok(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = aura(sb, dir, args, env);
  assert.is(r.code, 0, `aura ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
}

const traceJson = (dir: string, sym: string, extra: string[] = []): Trace => JSON.parse(ok(dir, ['trace', sym, '--json', ...extra]).stdout) as Trace;

/** `aura trace` with the index equals `aura trace --no-index` (text and JSON); returns the index stats line. */
function sameAsFullScan(dir: string, sym: string): string {
  const indexed = ok(dir, ['trace', sym, '--stats']);
  assert.is(indexed.stdout, ok(dir, ['trace', sym, '--no-index']).stdout, 'text: index = full scan');
  assert.is(ok(dir, ['trace', sym, '--json']).stdout, ok(dir, ['trace', sym, '--json', '--no-index']).stdout, 'JSON: index = full scan');
  return indexed.stderr;
}

const kept = (stats: string): [number, number] => {
  const m = /(\d+) lines kept, (\d+) read/.exec(stats);
  assert.ok(m, stats);
  return [Number(m![1]), Number(m![2])];
};

const head = (dir: string): string => gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();

let life: string; // the repository of the first test
const commits: string[] = [];

test('add → modify → rename → move → remove: newest first, back to the creation, with every field', () => {
  life = auraRepo(sb, 'life');
  commitFile(sb, life, 'src/a.ts', A1, 'Add parse and keep');
  commits.push(head(life));
  commitFile(sb, life, 'src/a.ts', A2, 'Make parse lowercase its input');
  commits.push(head(life));
  commitFile(sb, life, 'src/a.ts', A3, 'Rename parse to parseText');
  commits.push(head(life));
  writeFile(life, 'src/a.ts', A4);
  writeFile(life, 'src/b.ts', B4);
  gitIn(sb, life, ['add', 'src']);
  mustCommit(sb, life, ['-q', '-m', 'Move parseText to b.ts']);
  commits.push(head(life));
  writeFile(life, 'src/b.ts', '// nothing left\n');
  gitIn(sb, life, ['add', 'src']);
  mustCommit(sb, life, ['-q', '-m', 'Remove parseText: nobody calls it']);
  commits.push(head(life));
  const removed = assertLogged(sb, life);

  const t = traceJson(life, 'src/b.ts:parseText');
  assert.is(t.version, 1);
  assert.equal(t.events.map((e) => e.change), ['removed', 'moved', 'renamed', 'modified', 'added']);
  assert.equal(t.events.map((e) => [e.from, e.path]), [
    [null, 'src/b.ts:parseText'],
    ['src/a.ts:parseText', 'src/b.ts:parseText'],
    ['src/a.ts:parse', 'src/a.ts:parseText'],
    [null, 'src/a.ts:parse'],
    [null, 'src/a.ts:parse'],
  ]);
  assert.equal(t.names, ['src/b.ts:parseText', 'src/a.ts:parseText', 'src/a.ts:parse']);
  assert.ok(t.created);
  assert.equal(t.events.map((e) => e.intent), ['Remove parseText: nobody calls it', 'Move parseText to b.ts', 'Rename parse to parseText', 'Make parse lowercase its input', 'Add parse and keep']);
  assert.equal(t.events.map((e) => e.commit), [...commits].reverse(), 'each event names the commit whose trailer binds its entry');
  const log = worktreeLog(life);
  for (const e of t.events) {
    const entry = log.find((x) => x.id === e.entry.id)!;
    assert.ok(entry, e.entry.id);
    assert.is(e.entry.hash, entry.hash);
    assert.is(e.entry.ts, entry.ts);
    assert.equal(e.author, { id: entry.author.id, kind: 'human', pubkey: entry.author.pubkey });
    assert.is(log.indexOf(entry) + 1, e.line);
    assert.equal(e.corrections, []);
    assert.equal(e.authorizations, []);
  }
  assert.is(t.events[0].entry.id, removed.id);
  assert.ok(t.events.every((e, i) => i === 0 || e.line < t.events[i - 1].line), 'newest first');

  const text = ok(life, ['trace', 'src/b.ts:parseText']).stdout;
  assert.match(text, /^src\/b\.ts:parseText: 5 entries, newest first; earlier names: src\/a\.ts:parseText, src\/a\.ts:parse\n/);
  assert.match(text, /removed +src\/b\.ts:parseText +\(function\)/);
  assert.match(text, /moved +src\/a\.ts:parseText → src\/b\.ts:parseText/);
  assert.match(text, /renamed +src\/a\.ts:parse → src\/a\.ts:parseText/);
  assert.match(text, new RegExp(`commit ${commits[4].slice(0, 12)} on main`));
  assert.match(text, /author +\S+ \(human\)/);
  assert.match(text, /intent +"Rename parse to parseText"/);
  assert.match(text, /created by in_/);
  // the old name, traced directly, stops where it was renamed away
  const old = traceJson(life, 'src/a.ts:parse');
  assert.equal(old.events.map((e) => e.change), ['renamed', 'modified', 'added']);
  assert.is(old.events[0].path, 'src/a.ts:parseText');
  // a symbol never renamed: only its own entry
  assert.equal(traceJson(life, 'src/a.ts:keep').events.map((e) => e.change), ['added']);
});

test('unknown symbol: exit 1 with close names; a malformed argument: usage error', () => {
  let r = aura(sb, life, ['trace', 'src/b.ts:parseTxt']);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /no entry of .* names "src\/b\.ts:parseTxt"/);
  assert.match(r.stderr, /did you mean: src\/b\.ts:parseText/);
  r = aura(sb, life, ['trace', 'src/c.ts:keep']);
  assert.is(r.code, 1);
  assert.match(r.stderr, /did you mean: src\/a\.ts:keep/);
  for (const bad of [':parse', 'src/a.ts:', '', ' src/a.ts:parse']) {
    r = aura(sb, life, ['trace', bad]);
    assert.is(r.code, 2, `${JSON.stringify(bad)}: ${r.stderr}`);
    assert.match(r.stderr, /usage: aura trace/);
  }
  assert.is(aura(sb, life, ['trace']).code, 2);
});

test('a correction (supersede) and a strict-mode deletion\'s authorization are shown; agent authors too', () => {
  const dir = reportRepo(sb);
  const helper = traceJson(dir, 'text.py:helper');
  assert.equal(helper.events.map((e) => e.change), ['removed', 'added']);
  assert.is(helper.events[0].intent, 'fix typo');
  assert.equal(helper.events[0].corrections.map((c) => c.intent), ['Remove helper: callers now use str.lower directly']);
  assert.match(helper.events[0].corrections[0].id, /^in_/);
  const legacy = traceJson(dir, 'text.py:legacy');
  assert.equal(legacy.events.map((e) => e.change), ['removed', 'added']);
  const [auth] = legacy.events[0].authorizations;
  assert.ok(auth, 'the deletion lists the authorization it used');
  assert.is(auth.reason, 'legacy is dead code');
  assert.equal(auth.targets, ['text.py:legacy']);
  assert.is(auth.author!.kind, 'human');
  const entry = worktreeLog(dir).find((e) => e.capability === 'authorize-delete')!;
  assert.is(auth.id, entry.id);
  const text = ok(dir, ['trace', 'text.py:helper']).stdout + ok(dir, ['trace', 'text.py:legacy']).stdout;
  assert.match(text, /corrected +in_\S+ by \S+ \(human\) \S+: "Remove helper: callers now use str\.lower directly"/);
  assert.match(text, /authorized +in_\S+ by \S+ \(human\) \S+: "legacy is dead code" \[text\.py:legacy\]/);
  const bot = traceJson(dir, 'bot.py:generated');
  assert.equal(bot.events[0].author.kind, 'agent');
  assert.is(bot.events[0].author.id, 'bot');
});

test('the index: built once, then only appended lines are read; same output as a full scan', () => {
  const dir = auraRepo(sb, 'incr');
  commitFile(sb, dir, 'src/a.ts', A1, 'Add parse and keep');
  const index = join(dir, '.git', 'aura', 'trace-index.json');
  const first = sameAsFullScan(dir, 'src/a.ts:parse');
  assert.match(first, /index: none yet; 0 lines kept, \d+ read/);
  assert.ok(existsSync(index), 'the index is kept in the Git common dir');
  const lines = worktreeLog(dir).length;
  assert.equal(kept(ok(dir, ['trace', 'src/a.ts:parse', '--stats']).stderr), [lines, 0], 'nothing new: nothing read');
  commitFile(sb, dir, 'src/a.ts', A2, 'Make parse lowercase its input');
  commitFile(sb, dir, 'src/a.ts', A3, 'Rename parse to parseText');
  const after = worktreeLog(dir).length;
  const [k, read] = kept(sameAsFullScan(dir, 'src/a.ts:parseText'));
  assert.is(k, lines, 'the lines indexed before are kept');
  assert.is(read, after - lines, 'only the appended lines are read');
  assert.equal(traceJson(dir, 'src/a.ts:parseText').events.map((e) => e.change), ['renamed', 'modified', 'added']);
  // a damaged index is a missing one
  writeFile(dir, '.git/aura/trace-index.json', '{"version":1,"lines":');
  assert.match(sameAsFullScan(dir, 'src/a.ts:parseText'), /index: none yet; 0 lines kept/);
});

test('the index is rebuilt after the log is rewritten (reset and a different commit) and after an archive', () => {
  const dir = auraRepo(sb, 'rewrite');
  commitFile(sb, dir, 'src/a.ts', A1, 'Add parse and keep');
  commitFile(sb, dir, 'src/a.ts', A2, 'Make parse lowercase its input');
  ok(dir, ['trace', 'src/a.ts:parse']);
  gitIn(sb, dir, ['reset', '-q', '--hard', 'HEAD~1']);
  commitFile(sb, dir, 'src/a.ts', A1.replace('s.trim()', 's.trimEnd()'), 'Trim only the end');
  const stats = sameAsFullScan(dir, 'src/a.ts:parse');
  assert.ok(kept(stats)[0] < worktreeLog(dir).length, `the old tail is not trusted: ${stats}`);
  const t = traceJson(dir, 'src/a.ts:parse');
  assert.equal(t.events.map((e) => e.intent), ['Trim only the end', 'Add parse and keep'], 'the dropped commit is gone, the new one is there');

  // archive every entry old enough: the live log loses its front, the segments hold it
  writeFile(dir, '.aura/config.toml', readFileSync(join(dir, '.aura/config.toml'), 'utf8') + '\n[audit.retention]\nkeep_forever = false\n');
  const archived = aura(sb, dir, ['audit', 'archive', '--older-than', '0']);
  assert.is(archived.code, 0, archived.stdout + archived.stderr);
  assert.match(archived.stdout, /archived \d+ entries/);
  const s2 = sameAsFullScan(dir, 'src/a.ts:parse');
  assert.is(kept(s2)[0], 0, `an archived log is re-read: ${s2}`);
  assert.equal(traceJson(dir, 'src/a.ts:parse').events.map((e) => e.intent), ['Trim only the end', 'Add parse and keep'], 'archived entries are part of the log');
});

test('a worktree shares the index in the Git common dir', () => {
  const dir = auraRepo(sb, 'shared');
  commitFile(sb, dir, 'src/a.ts', A1, 'Add parse and keep');
  commitFile(sb, dir, 'src/a.ts', A3, 'Rename parse to parseText');
  const lines = worktreeLog(dir).length;
  kept(ok(dir, ['trace', 'src/a.ts:parseText', '--stats']).stderr);
  const wt = join(sb.dir, 'shared-wt');
  gitIn(sb, dir, ['worktree', 'add', '-q', '-b', 'side', wt]);
  assert.is(readFileSync(join(wt, '.aura/intent_log.jsonl'), 'utf8'), readFileSync(join(dir, '.aura/intent_log.jsonl'), 'utf8'), 'the same log');
  const stats = sameAsFullScan(wt, 'src/a.ts:parseText');
  assert.match(stats, /index: cached/);
  assert.equal(kept(stats), [lines, 0], 'the worktree reads nothing: the index built in the main worktree serves it');
  assert.not.ok(existsSync(join(dir, '.git', 'worktrees', 'shared-wt', 'aura', 'trace-index.json')), 'no index of its own');
});

test.run();
