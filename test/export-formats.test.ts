// `aura audit export` to real destinations: a JSONL file, rsyslogd over UDP and TCP, and an
// OTLP/HTTP receiver decoding with the official .proto files. What arrives must equal the
// log entry for entry, and `aura audit verify-export` must accept it and reject tampering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, newRepo, sandbox } from './helpers/env';
import { auraAsync, freePort, hasRsyslog, parseStructuredData, startOtlpReceiver, startRsyslog } from './fixtures/otlp/collectors';
import { buildLog } from './fixtures/otlp/log';
import { canonicalize } from '../lib/json/canonical';
import { summary } from '../lib/export/record';
import { octetFrame, sdEscape } from '../lib/export/syslog';
import type { Entry } from '../lib/entry/types';

const sb = sandbox();
const repo = newRepo(sb);
let entries: Entry[] = [];
let lines: string[] = [];

test.before(async () => {
  entries = await buildLog(sb, repo, 10);
  lines = entries.map((e) => canonicalize(e));
});
test.after(() => sb.cleanup());

test('RFC 5424 escaping and RFC 6587 octet counting', () => {
  assert.is(sdEscape('a"b\\c]d[e'), 'a\\"b\\\\c\\]d[e');
  const msg = Buffer.from('<110>1 - - - - - - Zürich', 'utf8');
  assert.is(octetFrame(msg).toString('utf8'), `${msg.length} <110>1 - - - - - - Zürich`);
  assert.is(msg.length, 19 + 7); // bytes, not characters: "ü" is two
});

test('jsonl: the export file is the log, line for line, and verify-export accepts it', () => {
  const out = join(sb.dir, 'export.jsonl');
  const r = aura(sb, repo, ['audit', 'export', '--format', 'jsonl', '--out', out]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(readFileSync(out, 'utf8'), lines.map((l) => l + '\n').join(''));
  const m = JSON.parse(readFileSync(out + '.manifest.json', 'utf8'));
  assert.is(m.count, entries.length);
  assert.is(m.first_hash, entries[0].hash);
  assert.is(m.last_hash, entries[entries.length - 1].hash);
  const v = aura(sb, repo, ['audit', 'verify-export', out]);
  assert.is(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /^OK — 11 entries/);
  // exported from genesis on, the export verifies as a complete log on its own
  const full = aura(sb, repo, ['audit', 'verify-export', out, '--full']);
  assert.is(full.code, 0, full.stdout + full.stderr);
  assert.match(full.stdout, /verify as a complete log/);
});

test('jsonl to stdout with --since keeps only newer entries', () => {
  const cut = entries[6].ts;
  const manifest = join(sb.dir, 'since.manifest.json');
  const r = aura(sb, repo, ['audit', 'export', '--since', cut, '--manifest', manifest]);
  assert.is(r.code, 0, r.stderr);
  const want = entries.filter((e) => e.ts >= cut).map((e) => canonicalize(e) + '\n').join('');
  assert.is(r.stdout, want);
  writeFileSync(join(sb.dir, 'since.jsonl'), r.stdout);
  const v = aura(sb, repo, ['audit', 'verify-export', join(sb.dir, 'since.jsonl'), '--manifest', manifest]);
  assert.is(v.code, 0, v.stdout);
  // a partial export lacks the earlier parents: --full says so instead of passing
  const full = aura(sb, repo, ['audit', 'verify-export', join(sb.dir, 'since.jsonl'), '--manifest', manifest, '--full']);
  assert.is(full.code, 1, full.stdout);
  assert.match(full.stdout, /PARENT_NOT_FOUND|UNKNOWN_SIGNER/);
});

test('verify-export rejects a changed entry, a dropped entry and a changed manifest', () => {
  const out = join(sb.dir, 'export.jsonl');
  const good = readFileSync(out, 'utf8');
  const manifest = readFileSync(out + '.manifest.json', 'utf8');
  // an intent edited (re-canonical, so only the hash check can notice)
  const edited = good.split('\n');
  const e3 = JSON.parse(edited[3]);
  e3.intent = 'something else';
  edited[3] = canonicalize(e3);
  writeFileSync(out, edited.join('\n'));
  let v = aura(sb, repo, ['audit', 'verify-export', out]);
  assert.is(v.code, 1);
  assert.match(v.stdout, /HASH_MISMATCH/);
  assert.match(v.stdout, /bytes_blake3/);
  // an entry dropped
  writeFileSync(out, good.split('\n').filter((_, i) => i !== 4).join('\n'));
  v = aura(sb, repo, ['audit', 'verify-export', out]);
  assert.is(v.code, 1);
  assert.match(v.stdout, /count: the manifest says 11, the export holds 10/);
  // the manifest's count changed to match
  writeFileSync(out + '.manifest.json', manifest.replace('"count": 11', '"count": 10'));
  v = aura(sb, repo, ['audit', 'verify-export', out]);
  assert.is(v.code, 1);
  assert.match(v.stdout, /manifest signature does not verify/);
  // a pinned key that is not the signer
  writeFileSync(out, good);
  writeFileSync(out + '.manifest.json', manifest);
  v = aura(sb, repo, ['audit', 'verify-export', out, '--pubkey', 'ed25519:' + 'ab'.repeat(32)]);
  assert.is(v.code, 1);
  assert.match(v.stdout, /not by the expected key/);
});

test('otlp (protobuf and json): one log record per entry, decoded with the official .proto', async () => {
  for (const encoding of ['protobuf', 'json']) {
    const rx = await startOtlpReceiver();
    try {
      const r = await auraAsync(sb, repo, ['audit', 'export', '--format', 'otlp', '--endpoint', rx.url, '--encoding', encoding, '--manifest', join(sb.dir, `otlp-${encoding}.json`)]);
      assert.is(r.code, 0, r.stderr);
      assert.is(rx.requests[0].path, '/v1/logs');
      assert.is(rx.requests[0].contentType, encoding === 'json' ? 'application/json' : 'application/x-protobuf');
      assert.is(rx.records.length, entries.length);
      if (encoding === 'json') {
        // What an OpenTelemetry Collector's file exporter stores: one OTLP/JSON request per line.
        const stored = join(sb.dir, 'otlp-stored.jsonl');
        writeFileSync(stored, rx.requests.map((q) => q.body.toString('utf8') + '\n').join(''));
        const v = aura(sb, repo, ['audit', 'verify-export', stored, '--from', 'otlp-json', '--manifest', join(sb.dir, 'otlp-json.json'), '--full']);
        assert.is(v.code, 0, v.stdout + v.stderr);
      }
      rx.records.forEach((rec, i) => {
        const e = entries[i];
        assert.is(rec.attributes['aura.entry'], lines[i], `${encoding} record ${i} carries the whole entry`);
        assert.is(rec.attributes['aura.hash'], e.hash);
        assert.is(rec.attributes['aura.id'], e.id);
        assert.equal(rec.attributes['aura.parents'] ?? [], e.parents);
        assert.is(rec.attributes['aura.capability'], e.capability);
        assert.is(rec.attributes['aura.author.id'], e.author.id);
        assert.is(rec.body, summary(e));
        assert.is(rec.timeUnixNano, String(BigInt(Date.parse(e.ts)) * 1_000_000n));
        assert.is(rec.severityNumber, 9);
      });
    } finally {
      await rx.stop();
    }
  }
});

test('otlp: a collector answering 503 fails the export and writes no manifest', async () => {
  const rx = await startOtlpReceiver();
  rx.failNext(100);
  const manifest = join(sb.dir, 'failed.manifest.json');
  try {
    const r = await auraAsync(sb, repo, ['audit', 'export', '--format', 'otlp', '--endpoint', rx.url, '--manifest', manifest]);
    assert.is(r.code, 2);
    assert.match(r.stderr, /failed after 0 entries: .*HTTP 503/);
    assert.not.ok(existsSync(manifest));
  } finally {
    await rx.stop();
  }
});

test('syslog to a closed TCP port fails with the address in the message', async () => {
  const port = await freePort();
  const r = await auraAsync(sb, repo, ['audit', 'export', '--format', 'syslog', '--host', `127.0.0.1:${port}`, '--protocol', 'tcp', '--manifest', join(sb.dir, 'x.json')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
});

test('syslog (UDP and TCP) to rsyslogd: structured data carries the entry, MSG the intent', async () => {
  if (!hasRsyslog()) throw new Error('rsyslogd is not installed (apt-get install rsyslog; .ci/run installs it)');
  for (const protocol of ['udp', 'tcp']) {
    const rs = await startRsyslog(join(sb.dir, `rsyslog-${protocol}`));
    try {
      const port = protocol === 'tcp' ? rs.tcpPort : rs.udpPort;
      const manifest = join(sb.dir, `syslog-${protocol}.manifest.json`);
      const r = await auraAsync(sb, repo, ['audit', 'export', '--format', 'syslog', '--host', `127.0.0.1:${port}`, '--protocol', protocol, '--manifest', manifest]);
      assert.is(r.code, 0, r.stderr);
      const got = await rs.waitFor(entries.length);
      assert.is(got.length, entries.length, `${protocol}: ${got.length} messages arrived`);
      got.forEach((msg, i) => {
        const e = entries[i];
        assert.ok(msg.startsWith(`<110>1 ${e.ts} `), msg.slice(0, 60));
        const { sd, rest } = parseStructuredData(msg);
        const p = sd['aura@32473'];
        assert.ok(p, `message ${i} has the aura SD element`);
        assert.is(p.entry, lines[i]);
        assert.is(p.hash, e.hash);
        assert.is(p.id, e.id);
        assert.is(p.parents, e.parents.join(' '));
        assert.is(p['author.id'], e.author.id);
        assert.is(p.capability, e.capability);
        assert.is(rest.replace(/^\uFEFF/, ''), summary(e));
      });
      const v = aura(sb, repo, ['audit', 'verify-export', rs.outFile, '--from', 'syslog', '--manifest', manifest]);
      assert.is(v.code, 0, v.stdout + v.stderr);
    } finally {
      await rs.stop();
    }
  }
});

test.run();
