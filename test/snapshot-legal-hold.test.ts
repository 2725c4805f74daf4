// `aura audit snapshot`: one signed, self-contained file; verified without the repository by
// the log verifier over readSnapshotLines(); any change to it is detected.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, newRepo, sandbox } from './helpers/env';
import { buildLog } from './fixtures/otlp/log';
import { readSnapshotLines, snapshotManifest } from '../lib/snapshot/snapshot';
import { verifyLines } from '../lib/verify/engine';

const sb = sandbox();
test.after(() => sb.cleanup());
const held = join(sb.dir, 'elsewhere', 'hold.jsonl');

async function verifySnapshot(path: string, trustGenesis?: string) {
  return verifyLines(readSnapshotLines(path), { trustGenesis });
}

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

test('a snapshot verifies on its own after the repository is gone', async () => {
  const repo = newRepo(sb);
  const entries = await buildLog(sb, repo, 6);
  const out = join(sb.dir, 'hold.jsonl');
  const r = aura(sb, repo, ['audit', 'snapshot', out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /snapshot of 7 entries/);
  const log = readFileSync(join(repo, '.aura', 'intent_log.jsonl'), 'utf8');
  const text = readFileSync(out, 'utf8');
  assert.is(text.slice(text.indexOf('\n') + 1), log, 'the body is the log, byte for byte');
  assert.is(aura(sb, repo, ['audit', 'snapshot', out]).code, 2, 'an existing snapshot is not overwritten');

  require('node:fs').mkdirSync(join(sb.dir, 'elsewhere'));
  copyFileSync(out, held);
  rmSync(repo, { recursive: true, force: true });
  const m = snapshotManifest(held);
  assert.is(m.genesis, entries[0].hash);
  assert.equal(m.tips, [entries[entries.length - 1].hash]);
  const report = await verifySnapshot(held, m.genesis as string);
  assert.ok(report.ok, JSON.stringify(report.failures.slice(0, 3)));
  assert.is(report.entries, 7);
  assert.is(report.genesis?.hash, entries[0].hash);
});

test('a changed line, a dropped line or a changed manifest is detected', async () => {
  const good = readFileSync(held, 'utf8');
  const lines = good.split('\n');
  const bad = join(sb.dir, 'bad.jsonl');

  writeFileSync(bad, good.replace('"intent":"Fix path', '"intent":"Fix PATH'));
  assert.match(await rejection(verifySnapshot(bad)), /does not match its signed manifest: .*bytes_blake3/);

  writeFileSync(bad, [...lines.slice(0, 3), ...lines.slice(4)].join('\n'));
  assert.match(await rejection(verifySnapshot(bad)), /count: the manifest says 7, the export holds 6/);

  const m = JSON.parse(lines[0]);
  m.count = 6;
  writeFileSync(bad, [JSON.stringify(m), ...lines.slice(1)].join('\n'));
  assert.match(await rejection(verifySnapshot(bad)), /manifest signature does not verify/);

  assert.match(await rejection(verifySnapshot(held, 'blake3:' + '0'.repeat(64)).then((r) => { if (!r.ok) throw new Error(r.failures[0].category); })), /GENESIS_MISMATCH/);
  assert.match(await rejection((async () => { for await (const _ of readSnapshotLines(held, { pubkey: 'ed25519:' + '1'.repeat(64) })) void _; })()), /not by the expected key/);
});

test.run();
