// `aura intent supersede` annotates, never rewrites; `aura intent export` shows each intent
// with its corrections.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, newRepo, sandbox } from './helpers/env';
import { buildLog, logEntries } from './fixtures/otlp/log';
import { createKey } from '../lib/keys/store';

const sb = sandbox();
const repo = newRepo(sb);
const logPath = join(repo, '.aura', 'intent_log.jsonl');
test.after(() => sb.cleanup());

test('supersede appends a signed correction and leaves the corrected entry as it was', async () => {
  const entries = await buildLog(sb, repo, 3, ['Add retry', 'Fix typo in parser', 'Bump deps']);
  const before = readFileSync(logPath, 'utf8');
  const target = entries[2];
  const r = aura(sb, repo, ['intent', 'supersede', target.id, 'Fix off-by-one in the parser (not a typo)']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`supersedes ${target.id}`));
  const after = readFileSync(logPath, 'utf8');
  assert.ok(after.startsWith(before), 'every earlier line is unchanged');
  const all = logEntries(repo);
  const sup = all[all.length - 1];
  assert.is(sup.capability, 'supersede');
  assert.is(sup.supersedes, target.hash);
  assert.is(sup.intent, 'Fix off-by-one in the parser (not a typo)');
  assert.equal(sup.parents, [entries[entries.length - 1].hash]);
  const v = aura(sb, repo, ['audit', 'verify']);
  assert.is(v.code, 0, v.stdout + v.stderr);
  // by hash works as well, and a second correction is kept next to the first
  assert.is(aura(sb, repo, ['intent', 'supersede', target.hash, 'Fix off-by-one in parse_header']).code, 0);
});

test('intent export shows each intent with its corrections (json and jsonl, --since)', () => {
  const entries = logEntries(repo);
  const target = entries[2];
  const r = aura(sb, repo, ['intent', 'export']);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.is(doc.count, entries.length);
  const rec = doc.intents.find((x: any) => x.id === target.id);
  assert.is(rec.intent, target.intent);
  assert.is(rec.effective_intent, 'Fix off-by-one in parse_header');
  assert.equal(rec.superseded_by.map((c: any) => c.intent), ['Fix off-by-one in the parser (not a typo)', 'Fix off-by-one in parse_header']);
  assert.is(rec.author.id, 'alice@example.ch');
  const untouched = doc.intents.find((x: any) => x.id === entries[1].id);
  assert.is(untouched.superseded_by, undefined);
  assert.is(untouched.effective_intent, untouched.intent);

  const jl = aura(sb, repo, ['intent', 'export', '--format', 'jsonl', '--since', entries[3].ts]);
  assert.is(jl.code, 0, jl.stderr);
  const rows = jl.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.map((x) => x.id), entries.filter((e) => e.ts >= entries[3].ts).map((e) => e.id));
});

test('bad references are refused with the reason', () => {
  let r = aura(sb, repo, ['intent', 'supersede', 'in_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'x']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /no entry in_01ARZ3NDEKTSV4RRFFQ69G5FAV/);
  r = aura(sb, repo, ['intent', 'supersede', 'nonsense', 'x']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /neither an intent id/);
  r = aura(sb, repo, ['intent', 'supersede', logEntries(repo)[0].id, 'x']);
  assert.match(r.stderr, /genesis/);
  r = aura(sb, repo, ['intent', 'supersede', logEntries(repo)[1].id, '  ']);
  assert.match(r.stderr, /empty/);
});

test('a key the log does not know cannot supersede', () => {
  const before = readFileSync(logPath, 'utf8');
  const info = createKey({ keyId: 'mallory', kind: 'human', makeDefault: false }, sb.env);
  const r = aura(sb, repo, ['intent', 'supersede', logEntries(repo)[1].id, 'rewritten history'], { AURA_KEY: info.file });
  assert.is(r.code, 2, r.stdout);
  assert.match(r.stderr, /refused/);
  assert.is(readFileSync(logPath, 'utf8'), before);
});

test.run();
