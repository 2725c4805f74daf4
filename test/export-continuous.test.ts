// Continuous export: after each append the hooks call exportAfterAppend(); what cannot be sent
// stays queued (the log is the spool) and goes out, once and in order, on a later run or with
// `aura audit flush`; a crash between sending and recording is repaired; fail_commit refuses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import { aura, newRepo, sandbox, writeFile } from './helpers/env';
import { auraAsync, freePort, startOtlpReceiver } from './fixtures/otlp/collectors';
import { buildLog, logEntries } from './fixtures/otlp/log';
import { exportAfterAppend, exportStateDir, preflightExport } from '../lib/export/continuous';
import { canonicalize } from '../lib/json/canonical';
import { findRepo } from '../lib/repo';

const sb = sandbox();
test.after(() => sb.cleanup());

// A generous timeout_ms unless a test sets its own: a collector in this process can take longer
// than the 500 ms default to answer on a loaded machine, and only one test is about the bound.
function configure(repo: string, lines: string[]): void {
  const timeout = lines.some((l) => l.startsWith('timeout_ms')) ? [] : ['timeout_ms = 5000'];
  writeFile(repo, '.aura/config.toml', ['[audit.export]', 'enabled = true', ...timeout, ...lines, ''].join('\n'));
}

// Hooks run with the sandbox's key; the library reads the environment directly.
Object.assign(process.env, { XDG_CONFIG_HOME: sb.env.XDG_CONFIG_HOME, HOME: sb.env.HOME });

test('otlp: queued while the collector fails, flushed once and in order afterwards', async () => {
  const repo = newRepo(sb, 'otlp');
  const rx = await startOtlpReceiver();
  try {
    configure(repo, ['format = "otlp"', `endpoint = "${rx.url}"`]);
    await buildLog(sb, repo, 2);
    let r = await exportAfterAppend(findRepo(repo)!);
    assert.is(r.sent, 3);
    assert.equal(rx.records.map((x) => x.attributes['aura.entry']), logEntries(repo).map((e) => canonicalize(e)));

    rx.failNext(1000);
    await buildLog(sb, repo, 2);
    r = await exportAfterAppend(findRepo(repo)!);
    assert.is(r.sent, 0);
    assert.is(r.pending, 2);
    assert.match(r.error!, /HTTP 503/);
    await buildLog(sb, repo, 1);
    r = await exportAfterAppend(findRepo(repo)!);
    assert.is(r.pending, 3);

    rx.failNext(0);
    const f = await auraAsync(sb, repo, ['audit', 'flush']);
    assert.is(f.code, 0, f.stderr);
    assert.match(f.stdout, /sent 3 entries/);
    const want = logEntries(repo).map((e) => canonicalize(e));
    assert.is(want.length, 6);
    assert.equal(rx.records.map((x) => x.attributes['aura.entry']), want, 'every entry exactly once, in log order');
    const again = await auraAsync(sb, repo, ['audit', 'flush']);
    assert.match(again.stdout, /sent 0 entries/);
    assert.is(rx.records.length, 6);
    // the state lives in the git dir, not in the working tree
    assert.ok(readdirSync(exportStateDir(findRepo(repo)!)).some((n) => n.startsWith('cursor-')));
    assert.ok(exportStateDir(findRepo(repo)!).startsWith(join(repo, '.git')));
  } finally {
    await rx.stop();
  }
});

test('jsonl file: a crash between writing a batch and recording it leaves no duplicate', async () => {
  const repo = newRepo(sb, 'crash');
  const out = join(sb.dir, 'crash-export.jsonl');
  configure(repo, ['format = "jsonl"', `endpoint = "${out}"`]);
  await buildLog(sb, repo, 2);
  await exportAfterAppend(findRepo(repo)!);
  assert.is(readFileSync(out, 'utf8').split('\n').length - 1, 3);
  // The state a crash leaves: the next entries written to the file (here: half of one), the
  // inflight record saying so, the cursor not yet moved.
  const before = readFileSync(out).length;
  await buildLog(sb, repo, 2);
  const pending = logEntries(repo).slice(3);
  const dir = exportStateDir(findRepo(repo)!);
  const cursorName = readdirSync(dir).find((n) => n.startsWith('cursor-') && n.endsWith('.json'))!;
  const key = cursorName.slice('cursor-'.length, -'.json'.length);
  const logBytes = readFileSync(join(repo, '.aura', 'intent_log.jsonl'));
  writeFileSync(join(dir, `inflight-${key}.json`), JSON.stringify({ v: 1, target: out, upto: { lines: 5, offset: logBytes.length, last_hash: pending[1].hash }, file_size: before }));
  appendFileSync(out, canonicalize(pending[0]) + '\n' + canonicalize(pending[1]).slice(0, 40));
  const f = await auraAsync(sb, repo, ['audit', 'flush']);
  assert.is(f.code, 0, f.stderr);
  assert.is(readFileSync(out, 'utf8'), logEntries(repo).map((e) => canonicalize(e) + '\n').join(''));
});

test('a collector that never answers holds a hook for about timeout_ms, then the entry is queued', async () => {
  const repo = newRepo(sb, 'slow');
  const silent = http.createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const port = (silent.address() as { port: number }).port;
  try {
    configure(repo, ['format = "otlp"', `endpoint = "http://127.0.0.1:${port}/v1/logs"`, 'timeout_ms = 300']);
    await buildLog(sb, repo, 1);
    const t0 = Date.now();
    const r = await exportAfterAppend(findRepo(repo)!);
    const took = Date.now() - t0;
    assert.is(r.sent, 0);
    assert.is(r.pending, 2);
    assert.ok(took >= 250 && took < 2000, `waited ${took} ms for a 300 ms bound`);
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
});

test('fail_commit: preflight refuses while the collector is unreachable; buffer does not', async () => {
  const repo = newRepo(sb, 'strict');
  const port = await freePort();
  configure(repo, ['format = "syslog"', `endpoint = "127.0.0.1:${port}"`, 'protocol = "tcp"', 'on_failure = "fail_commit"']);
  await buildLog(sb, repo, 1);
  let err: any;
  try {
    await preflightExport(findRepo(repo)!);
  } catch (e) {
    err = e;
  }
  assert.ok(err, 'preflight must throw');
  assert.match(err.message, /commit refused/);
  assert.match(err.message, /ECONNREFUSED/);
  configure(repo, ['format = "syslog"', `endpoint = "127.0.0.1:${port}"`, 'protocol = "tcp"', 'on_failure = "buffer"']);
  await preflightExport(findRepo(repo)!); // a no-op when buffering
  const r = await exportAfterAppend(findRepo(repo)!);
  assert.is(r.pending, 2);
  assert.ok(existsSync(exportStateDir(findRepo(repo)!)));
});

test('redaction rewrites the log; the export cursor follows it and nothing is sent twice', async () => {
  const repo = newRepo(sb, 'redacted');
  const out = join(sb.dir, 'redacted-export.jsonl');
  configure(repo, ['format = "jsonl"', `endpoint = "${out}"`, '', '[audit.retention]', 'keep_forever = false']);
  await buildLog(sb, repo, 3, ['Mail frank@example.org', 'Plain']);
  await exportAfterAppend(findRepo(repo)!);
  const r = await auraAsync(sb, repo, ['audit', 'redact', '--older-than', '0']);
  assert.is(r.code, 0, r.stderr);
  await buildLog(sb, repo, 1, ['After redaction']);
  const f = await auraAsync(sb, repo, ['audit', 'flush']);
  assert.is(f.code, 0, f.stderr);
  // The redact entry was exported as it was appended (continuous export follows every
  // writer); the flush sends only the entry appended behind aura's back by buildLog.
  assert.match(f.stdout, /sent 1 entry to/, 'only the new entry');
  const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(exported.map((e) => e.hash), logEntries(repo).map((e) => e.hash), 'every entry once, in order');
  assert.match(exported[1].intent, /frank@example\.org/, 'what was exported before the redaction keeps its text (documented)');
});

test('bad [audit.export] / [audit.retention] values are errors naming file, line and key', () => {
  const repo = newRepo(sb, 'badconfig');
  const cases: [string[], RegExp][] = [
    [['[audit.export]', 'format = "xml"'], /config\.toml:2: key "audit\.export\.format" must be one of "jsonl", "syslog", "otlp"/],
    [['[audit.export]', 'enabled = true', 'on_failure = "drop"'], /config\.toml:3: key "audit\.export\.on_failure" must be one of "buffer", "fail_commit"/],
    [['[audit.export]', 'timeout_ms = 0'], /config\.toml:2: key "audit\.export\.timeout_ms" must be a whole number ≥ 1/],
    [['[audit.export]', 'endpont = "x"'], /config\.toml:2: unknown key "endpont" in \[audit\.export\]/],
    [['[audit.retention]', 'archive_after_days = -1'], /config\.toml:2: key "audit\.retention\.archive_after_days" must be a whole number ≥ 0/],
    [['[audit.retention]', 'keep_forever = "no"'], /config\.toml:2: key "audit\.retention\.keep_forever" must be a boolean/],
    [['[intent]', 'in_repo = 0'], /config\.toml:2: key "intent\.in_repo" must be a boolean/],
  ];
  for (const [lines, want] of cases) {
    writeFile(repo, '.aura/config.toml', lines.join('\n') + '\n');
    const r = aura(sb, repo, ['audit', 'flush']);
    assert.is(r.code, 2, lines.join(' / '));
    assert.match(r.stderr, want);
  }
  writeFile(repo, '.aura/config.toml', '[audit.export]\nenabled = true\nformat = "syslog"\nendpoint = "no-port"\n');
  const r = aura(sb, repo, ['audit', 'flush']);
  assert.match(r.stderr, /config\.toml \[audit\.export\]: syslog needs host:port/);
});

test.run();
