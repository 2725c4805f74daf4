// `aura audit redact` and `aura audit erase-identity`: tokens replace the text, commitments are
// kept, an admin-signed redact entry names every redacted field, and `aura audit verify` stays OK.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, newRepo, sandbox, writeFile } from './helpers/env';
import { buildLog, logEntries } from './fixtures/otlp/log';
import { createKey } from '../lib/keys/store';
import { redactEntry } from '../lib/retention/rewrite';
import { canonicalize } from '../lib/json/canonical';

const sb = sandbox();
test.after(() => sb.cleanup());
const DAY = 86_400_000;
const RETENTION = ['[audit.retention]', 'keep_forever = false', 'redact_pii_after_days = 30', ''].join('\n');

const PII = ['Reply to dana@example.org', 'Open port for 10.1.2.3', 'Rotate password=s3cr3t!', 'Plain refactor'];

test('redact tokenizes PII in old intents only, keeps every hash, and verify stays OK', async () => {
  const repo = newRepo(sb, 'redact');
  writeFile(repo, '.aura/config.toml', RETENTION);
  await buildLog(sb, repo, 4, PII, { atMs: Date.now() - 60 * DAY });
  await buildLog(sb, repo, 2, ['New mail to erin@example.org', 'Nothing personal']);
  const before = logEntries(repo);

  const dry = aura(sb, repo, ['audit', 'redact', '--dry-run']);
  assert.is(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /would redact 4 intents/);
  assert.match(dry.stdout, /first admin key \[email:/, 'the genesis intent names an email too');
  assert.equal(logEntries(repo), before, 'a dry run changes nothing');

  const r = aura(sb, repo, ['audit', 'redact']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /redacted 4 intents \(.*email: 2.*\)/);
  const after = logEntries(repo);
  assert.is(after.length, before.length + 1);
  assert.equal(after.slice(0, before.length).map((e) => e.hash), before.map((e) => e.hash), 'same entries, same order, same hashes');
  const red = after[after.length - 1];
  assert.is(red.capability, 'redact');
  const named = new Set((red.targets as any[]).map((t) => t.entry));
  for (let i = 0; i < before.length; i++) {
    const b = before[i];
    const a = after[i];
    const hadPii = /dana@|10\.1\.2\.3|s3cr3t|alice@/.test(b.intent) && Date.parse(b.ts) < Date.now() - 30 * DAY;
    if (hadPii) {
      assert.ok(named.has(b.hash));
      assert.is(a.salt, undefined);
      assert.ok(a.redacted?.intent && a.redacted['author.id']);
      assert.not.match(a.intent, /dana@|10\.1\.2\.3|s3cr3t/);
      assert.match(a.intent, /\[(email|ipv4|credential):[0-9a-f]{12}\]/);
    } else {
      assert.equal(a, b, `entry ${i} is untouched`);
    }
  }
  const raw = readFileSync(join(repo, '.aura', 'intent_log.jsonl'), 'utf8');
  assert.not.match(raw, /dana@example\.org|s3cr3t/);
  assert.match(raw, /erin@example\.org/, 'entries younger than 30 days keep their text');
  const v = aura(sb, repo, ['audit', 'verify']);
  assert.is(v.code, 0, v.stdout + v.stderr);

  const again = aura(sb, repo, ['audit', 'redact']);
  assert.match(again.stdout, /nothing to redact/);
  assert.is(logEntries(repo).length, after.length);
});

test('a redaction no redact entry names is UNAUTHORIZED_REDACTION', async () => {
  const repo = newRepo(sb, 'sneaky');
  await buildLog(sb, repo, 2, ['Delete the audit trail', 'Innocent']);
  const logPath = join(repo, '.aura', 'intent_log.jsonl');
  const lines = readFileSync(logPath, 'utf8').split('\n');
  const e = JSON.parse(lines[1]);
  lines[1] = canonicalize(redactEntry(e, { intent: 'Routine cleanup' }));
  writeFileSync(logPath, lines.join('\n'));
  const v = aura(sb, repo, ['audit', 'verify']);
  assert.is(v.code, 1, v.stdout);
  assert.match(v.stdout, /UNAUTHORIZED_REDACTION/);
});

test('keep_forever refuses redaction; a key that is not an admin of the log cannot redact', async () => {
  const repo = newRepo(sb, 'policy');
  await buildLog(sb, repo, 2, PII, { atMs: Date.now() - 60 * DAY });
  let r = aura(sb, repo, ['audit', 'redact', '--older-than', '1']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /keep_forever = true/);
  writeFile(repo, '.aura/config.toml', RETENTION);
  const before = readFileSync(join(repo, '.aura', 'intent_log.jsonl'), 'utf8');
  const info = createKey({ keyId: 'eve', kind: 'human', makeDefault: false }, sb.env);
  r = aura(sb, repo, ['audit', 'redact'], { AURA_KEY: info.file });
  assert.is(r.code, 2, r.stdout);
  assert.match(r.stderr, /refused/);
  assert.is(readFileSync(join(repo, '.aura', 'intent_log.jsonl'), 'utf8'), before);
});

test('erase-identity replaces an author id everywhere it is redactable; verify stays OK', async () => {
  const repo = newRepo(sb, 'gdpr');
  await buildLog(sb, repo, 3, ['Pair with alice@example.ch on caching', 'Tune cache', 'Docs']);
  const before = logEntries(repo);
  const r = aura(sb, repo, ['audit', 'erase-identity', 'alice@example.ch']);
  assert.is(r.code, 0, r.stderr);
  const token = /by (\[author:[0-9a-f]{12}\])/.exec(r.stdout)![1];
  const after = logEntries(repo);
  for (let i = 0; i < before.length; i++) {
    assert.is(after[i].hash, before[i].hash);
    assert.is(after[i].author.id, token);
    assert.not.ok(after[i].intent.includes('alice@example.ch'));
  }
  // What SPEC v1 cannot redact: the key id the genesis entry registered (it is hashed as is).
  const raw = readFileSync(join(repo, '.aura', 'intent_log.jsonl'), 'utf8');
  const left = raw.split('alice@example.ch').length - 1;
  const redactEntry = after[after.length - 1];
  assert.is(left, 1 + (redactEntry.author.id === 'alice@example.ch' ? 1 : 0), 'only genesis key_id (and the new redact entry signed by that key) still name it');
  const v = aura(sb, repo, ['audit', 'verify']);
  assert.is(v.code, 0, v.stdout + v.stderr);
  const none = aura(sb, repo, ['audit', 'erase-identity', 'nobody@example.net']);
  assert.is(none.code, 2);
  assert.match(none.stderr, /no entry/);
});

test.run();
