// `aura audit archive`: old entries move into signed, compressed segments; the segments plus
// the live log give back the original log, which verifies across the boundary; tampering
// with a segment, or dropping one, is detected; continuous export is not disturbed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { aura, newRepo, sandbox, writeFile } from './helpers/env';
import { buildLog, logEntries } from './fixtures/otlp/log';
import { archiveDir, readLinesWithArchives } from '../lib/log/segments';
import { verifyLines } from '../lib/verify/engine';
import { canonicalize } from '../lib/json/canonical';

const sb = sandbox();
test.after(() => sb.cleanup());
const DAY = 86_400_000;
const repo = newRepo(sb);
const logPath = join(repo, '.aura', 'intent_log.jsonl');
const exportFile = join(sb.dir, 'continuous.jsonl');
let original: string[] = [];

async function allLines(): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLinesWithArchives(logPath)) out.push(l.bytes.toString('utf8'));
  return out;
}

test.before(async () => {
  writeFile(repo, '.aura/config.toml', ['[audit.retention]', 'keep_forever = false', 'archive_after_days = 30', '', '[audit.export]', 'enabled = true', 'format = "jsonl"', `endpoint = "${exportFile}"`, ''].join('\n'));
  await buildLog(sb, repo, 4, ['Old work A', 'Old work B'], { atMs: Date.now() - 60 * DAY });
  await buildLog(sb, repo, 3, ['Older than 30 days'], { atMs: Date.now() - 40 * DAY });
  await buildLog(sb, repo, 2, ['Recent work']);
  original = readFileSync(logPath, 'utf8').split('\n').filter(Boolean);
});

test('archive refuses while entries it would move are not yet exported', () => {
  const r = aura(sb, repo, ['audit', 'archive', '--older-than', '50']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /not yet exported/);
  assert.is(readFileSync(logPath, 'utf8').split('\n').filter(Boolean).length, original.length);
  assert.is(aura(sb, repo, ['audit', 'flush']).code, 0);
});

test('two archive runs: segments + live log give back the original log, which verifies', async () => {
  let r = aura(sb, repo, ['audit', 'archive', '--older-than', '50', '--dry-run']);
  assert.match(r.stdout, /would archive 4 entries/);
  r = aura(sb, repo, ['audit', 'archive', '--older-than', '50']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /archived 4 entries .*segment-000001\.jsonl\.gz.*; 1 trust entries stay/);
  r = aura(sb, repo, ['audit', 'archive']); // archive_after_days = 30 from the config
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /archived 3 entries .*segment-000002/);
  assert.match(aura(sb, repo, ['audit', 'archive']).stdout, /nothing to archive/);

  const live = readFileSync(logPath, 'utf8').split('\n').filter(Boolean);
  assert.equal(live, [original[0], ...original.slice(8)], 'the live log keeps the genesis and the recent entries');
  assert.equal(await allLines(), original, 'archives + log = the original log, in order');
  const report = await verifyLines(readLinesWithArchives(logPath));
  assert.ok(report.ok, JSON.stringify(report.failures.slice(0, 3)));
  assert.is(report.entries, original.length);
  const m = JSON.parse(readFileSync(join(archiveDir(logPath), 'segment-000002.manifest.json'), 'utf8'));
  assert.is(m.kind, 'archive');
  assert.match(m.prev_manifest, /^blake3:/);
  assert.is(m.archived, 3);
});

test('commands keep working on the live log after archiving; continuous export continues', async () => {
  await buildLog(sb, repo, 1, ['After the archive']);
  const f = aura(sb, repo, ['audit', 'flush']);
  assert.is(f.code, 0, f.stderr);
  const all = await allLines();
  assert.is(readFileSync(exportFile, 'utf8'), all.map((l) => l + '\n').join(''), 'every entry exported exactly once');
  const e = logEntries(repo);
  const s = aura(sb, repo, ['intent', 'supersede', e[e.length - 1].id, 'Corrected after archiving']);
  assert.is(s.code, 0, s.stderr);
});

test('a changed segment, or a missing one, is detected', async () => {
  const dir = archiveDir(logPath);
  const seg1 = join(dir, 'segment-000001.jsonl.gz');
  const good = readFileSync(seg1);
  const lines = gunzipSync(good).toString('utf8').split('\n');
  const e = JSON.parse(lines[1]);
  e.intent = 'Rewritten history';
  lines[1] = canonicalize(e);
  writeFileSync(seg1, gzipSync(lines.join('\n')));
  let err: any;
  try {
    await allLines();
  } catch (x) {
    err = x;
  }
  assert.match(err?.message ?? '', /bytes_blake3/);
  writeFileSync(seg1, good);
  renameSync(seg1, seg1 + '.gone');
  err = undefined;
  try {
    await allLines();
  } catch (x) {
    err = x;
  }
  assert.match(err?.message ?? '', /segment is missing or was replaced/);
  renameSync(seg1 + '.gone', seg1);
  assert.ok((await verifyLines(readLinesWithArchives(logPath))).ok);
});

test('erase-identity reaches archived entries: segments rewritten and re-signed, still verifying', async () => {
  const before = await allLines();
  const r = aura(sb, repo, ['audit', 'erase-identity', 'alice@example.ch']);
  assert.is(r.code, 0, r.stderr);
  const after = await allLines();
  assert.is(after.length, before.length + 1, 'one redact entry more, nothing else added or removed');
  const byHash = after.map((l) => JSON.parse(l));
  assert.equal(byHash.slice(0, before.length).map((e) => e.hash), before.map((l) => JSON.parse(l).hash));
  for (const e of byHash.slice(1, 8)) assert.match(e.author.id, /^\[author:[0-9a-f]{12}\]$/, 'archived entries too');
  const seg = gunzipSync(readFileSync(join(archiveDir(logPath), 'segment-000001.jsonl.gz'))).toString('utf8');
  assert.not.ok(seg.includes('"id":"alice@example.ch"'));
  const report = await verifyLines(readLinesWithArchives(logPath));
  assert.ok(report.ok, JSON.stringify(report.failures.slice(0, 3)));
  const v = aura(sb, repo, ['audit', 'verify', '--include-archives']);
  assert.is(v.code, 0, v.stdout + v.stderr);
});

test.run();
