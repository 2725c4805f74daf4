// Appending under real concurrency: many separate processes append at once; every entry must
// land exactly once, on its own line, chained to the one before it.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPair, signer } from '../lib/crypto/ed25519';
import { entryHash } from '../lib/entry/hash';
import { sealEntry } from '../lib/entry/seal';
import { canonicalize } from '../lib/json/canonical';
import { parseStrictJson } from '../lib/json/strict-parse';
import { appendEntries, appendEntry } from '../lib/log/append';
import { currentTips } from '../lib/log/tips';
import { PROJECT, sandbox } from './helpers/env';

const DIST = join(PROJECT, 'dist', 'lib');
const kp = generateKeyPair();
const key = { publicKey: kp.publicKey, sign: signer(kp.seed) };
const seal = (intent: string, parents: string[]) =>
  sealEntry({ capability: 'commit', intent, author: { kind: 'human', id: 'alice@example.ch', peer_id: 'peer-test' }, parents, fields: { ast_delta: { added: 0, modified: 0, removed: 0, nodes: [] } } }, key);

// A writer process: appends COUNT entries through appendEntry, each naming the tips it was given.
// Its lock wait is long: 24 Node processes on a loaded 2-core machine can queue for more than the
// default 10 s, and what this test checks is the chain, not the wait (test/log-lock.test.ts does).
const WORKER = `
const { appendEntry } = require(${JSON.stringify(join(DIST, 'log', 'append.js'))});
const { sealEntry } = require(${JSON.stringify(join(DIST, 'entry', 'seal.js'))});
const { signer, publicKeyFromSeed } = require(${JSON.stringify(join(DIST, 'crypto', 'ed25519.js'))});
const seed = Buffer.from(process.env.SEED, 'hex');
const key = { publicKey: publicKeyFromSeed(seed), sign: signer(seed) };
(async () => {
  for (let i = 0; i < Number(process.env.COUNT); i++) {
    await appendEntry(process.env.LOG, (tips) => sealEntry({ capability: 'commit', intent: 'writer ' + process.env.W + ' entry ' + i,
      author: { kind: 'human', id: 'w' + process.env.W, peer_id: 'peer-w' }, parents: tips }, key), { fsyncEvery: Number(process.env.FSYNC), lock: { timeoutMs: 120000 } });
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

function runWriters(dir: string, log: string, writers: number, count: number, fsync: number): Promise<number[]> {
  const script = join(dir, 'writer.js');
  writeFileSync(script, WORKER);
  return Promise.all(
    Array.from({ length: writers }, (_, w) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [script], {
          env: { ...process.env, SEED: kp.seed.toString('hex'), LOG: log, COUNT: String(count), W: String(w), FSYNC: String(fsync) },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.on('close', (code) => resolve(code ?? -1));
      }),
    ),
  );
}

/** Every line: strict JSON, canonical, hash intact; parents = the hash of the line before. */
function checkLinearLog(log: string): Record<string, any>[] {
  const text = readFileSync(log, 'utf8');
  assert.ok(text.endsWith('\n'), 'log ends with a newline');
  const entries: Record<string, any>[] = [];
  text.slice(0, -1).split('\n').forEach((l, i) => {
    const e = parseStrictJson(l) as Record<string, any>;
    assert.is(canonicalize(e), l, `line ${i + 1} is canonical`);
    assert.is(entryHash(e), e.hash, `line ${i + 1} hash`);
    assert.equal(e.parents, i === 0 ? [] : [entries[i - 1].hash], `line ${i + 1} names the previous entry as its only parent`);
    entries.push(e);
  });
  return entries;
}

test('24 processes appending at once: every entry exactly once, no interleaving, one chain', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'nested', 'dir', 'log.jsonl'); // parent dirs are created
    const codes = await runWriters(sb.dir, log, 24, 10, 7);
    assert.equal(codes, Array(24).fill(0), 'every writer succeeded');
    const entries = checkLinearLog(log);
    assert.is(entries.length, 240);
    const intents = entries.map((e) => e.intent).sort();
    const expected = [];
    for (let w = 0; w < 24; w++) for (let i = 0; i < 10; i++) expected.push(`writer ${w} entry ${i}`);
    assert.equal(intents, expected.sort(), 'each entry present exactly once');
    assert.equal(await currentTips(log), [entries[239].hash]);
    assert.not.ok(existsSync(log + '.lock'), 'lock released');
    // fsync_every counted across processes: 240 entries with N = 7 leave 240 mod 7 unsynced.
    assert.is(JSON.parse(readFileSync(log + '.tips', 'utf8')).unsynced, 240 % 7);
  } finally {
    sb.cleanup();
  }
});

test('fsync_every N: one fsync per N entries, counted across calls', async () => {
  const sb = sandbox();
  const fs = require('node:fs');
  const real = fs.fsyncSync;
  const synced: number[] = [];
  try {
    const log = join(sb.dir, 'log.jsonl');
    // Spy (the real fsync still runs): which appends fsynced the log, by line count at the time.
    fs.fsyncSync = (fd: number) => {
      synced.push(readFileSync(log, 'utf8').split('\n').length - 1);
      return real(fd);
    };
    for (let i = 0; i < 10; i++) await appendEntry(log, (tips) => seal(`e${i}`, tips), { fsyncEvery: 4 });
    // the directory fsync after creating the file reads as line 1; then every 4th entry
    assert.equal(synced, [1, 4, 8]);
    synced.length = 0;
    for (let i = 0; i < 3; i++) await appendEntry(log, (tips) => seal(`f${i}`, tips), { fsyncEvery: 1 });
    assert.equal(synced, [11, 12, 13]);
  } finally {
    fs.fsyncSync = real;
    sb.cleanup();
  }
});

test('tips cache: extended when the log grows, rebuilt when the file is rewritten', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const a = await appendEntry(log, (tips) => seal('a', tips));
    const b = await appendEntry(log, (tips) => seal('b', tips));
    assert.equal(b.parents, [a.hash]);
    // Another writer's entry arrives by a file rewrite (as git merge=union does): b's sibling c.
    const c = seal('c', [a.hash]);
    appendFileSync(log, canonicalize(c) + '\n');
    assert.equal(await currentTips(log), [b.hash, c.hash].sort(), 'grown file: both branches are tips');
    // Now rewrite the file with different content of the same length as before plus more.
    const d = seal('d', [a.hash]);
    writeFileSync(log, canonicalize(a) + '\n' + canonicalize(d) + '\n');
    assert.equal(await currentTips(log), [d.hash], 'rewritten file: the stale cache is not trusted');
    const e = await appendEntry(log, (tips) => seal('e', tips));
    assert.equal(e.parents, [d.hash]);
    // A damaged cache is only a cache.
    writeFileSync(log + '.tips', '{not json');
    assert.equal(await currentTips(log), [e.hash]);
    // Two tips are joined by the next entry.
    appendFileSync(log, canonicalize(seal('f', [d.hash])) + '\n');
    const g = await appendEntry(log, (tips) => seal('join', tips));
    assert.is(g.parents.length, 2);
    assert.equal(await currentTips(log), [g.hash]);
  } finally {
    sb.cleanup();
  }
});

test('tips cache: written in place, and a torn one (old and new bytes mixed, or cut short) is not trusted', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const a = await appendEntry(log, (tips) => seal('a', tips));
    const b = await appendEntry(log, (tips) => seal('b', tips));
    const text = readFileSync(log + '.tips', 'utf8');
    assert.ok(!readdirSync(sb.dir).some((n) => n.endsWith('.tmp')), 'no temp file: the cache is rewritten in place');
    // What a reader could meet while the cache after b is written over the one after a: the
    // new header (size and last line: they match the log) with the old tips. Without the
    // digest it would pass every other check and name a as the tip.
    const mixed = JSON.parse(text);
    mixed.tips = [a.hash];
    writeFileSync(log + '.tips', JSON.stringify(mixed) + '\n');
    assert.equal(await currentTips(log), [b.hash]);
    writeFileSync(log + '.tips', text.slice(0, text.length >> 1));
    assert.equal(await currentTips(log), [b.hash]);
    const c = await appendEntry(log, (tips) => seal('c', tips));
    assert.equal(c.parents, [b.hash]);
    assert.ok(readFileSync(log + '.tips', 'utf8').endsWith('}\n'), 'a shorter cache leaves no bytes of the longer one behind');
  } finally {
    sb.cleanup();
  }
});

test('a rewritten big log is scanned once, outside the lock, and the next append fsyncs', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const lines: string[] = [];
    let parents: string[] = [];
    const pad = 'x'.repeat(400);
    while (lines.join('\n').length < 1.2e6) {
      const e = seal(`entry ${lines.length} ${pad}`, parents);
      lines.push(canonicalize(e));
      parents = [e.hash];
    }
    writeFileSync(log, lines.join('\n') + '\n'); // as a checkout would: no cache describes it
    assert.equal(await currentTips(log), parents);
    const cache = JSON.parse(readFileSync(log + '.tips', 'utf8'));
    assert.equal([cache.size, cache.lines, cache.tips, cache.unsynced], [statSync(log).size, lines.length, parents, null]);
    const fs = require('node:fs');
    const real = fs.fsyncSync;
    let fsyncs = 0;
    fs.fsyncSync = (fd: number) => (fsyncs++, real(fd));
    try {
      const e = await appendEntry(log, (tips) => seal('next', tips), { fsyncEvery: 100 });
      assert.equal(e.parents, parents);
      assert.is(fsyncs, 1, 'unknown count: fsync now');
      await appendEntry(log, (tips) => seal('next 2', tips), { fsyncEvery: 100 });
      assert.is(fsyncs, 1, 'then every 100th');
    } finally {
      fs.fsyncSync = real;
    }
    assert.is(JSON.parse(readFileSync(log + '.tips', 'utf8')).unsynced, 1);
  } finally {
    sb.cleanup();
  }
});

test('appendEntries writes pre-sealed entries in order; a failing make appends nothing', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const a = seal('a', []);
    const b = seal('b', [a.hash]);
    await appendEntries(log, [a, b]);
    assert.is(readFileSync(log, 'utf8'), canonicalize(a) + '\n' + canonicalize(b) + '\n');
    const before = readFileSync(log);
    try {
      await appendEntry(log, () => {
        throw new Error('refused by make');
      });
      assert.unreachable('should throw');
    } catch (e) {
      assert.is((e as Error).message, 'refused by make');
    }
    assert.ok(readFileSync(log).equals(before));
    assert.not.ok(existsSync(log + '.lock'), 'lock released after a failure');
  } finally {
    sb.cleanup();
  }
});

test('a torn last line: append refused with the fix, nothing written', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    for (let i = 0; i < 3; i++) await appendEntry(log, (tips) => seal(`e${i}`, tips));
    const torn = canonicalize(seal('crashed', [])).slice(0, 57);
    appendFileSync(log, torn);
    const before = readFileSync(log);
    try {
      await appendEntry(log, (tips) => seal('after crash', tips));
      assert.unreachable('should refuse');
    } catch (e) {
      const err = e as { message: string; fix?: string };
      assert.match(err.message, `${log}:4:`);
      assert.match(err.message, 'incomplete');
      assert.match(err.message, `57 bytes from byte offset ${before.length - 57}`);
      assert.match(err.fix ?? '', 'aura audit repair');
    }
    assert.ok(readFileSync(log).equals(before), 'log unchanged');
    // currentTips ignores the fragment (it is not an entry) rather than failing a reader.
    assert.is((await currentTips(log)).length, 1);
  } finally {
    sb.cleanup();
  }
});

test('a writer killed mid-run leaves no torn line and no blocking lock', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    // Six writers of 200 appends each; SIGKILL them all after a short while.
    const script = join(sb.dir, 'writer.js');
    writeFileSync(script, WORKER);
    const children = Array.from({ length: 6 }, (_, w) =>
      spawn(process.execPath, [script], { env: { ...process.env, SEED: kp.seed.toString('hex'), LOG: log, COUNT: '200', W: String(w), FSYNC: '100' }, stdio: 'ignore' }),
    );
    const closed = children.map((c) => new Promise((r) => c.on('close', r)));
    await new Promise((r) => setTimeout(r, 700));
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(closed);
    // one more writer finishes normally, recovering a lock a killed writer may have left
    const started = Date.now();
    const last = await appendEntry(log, (tips) => seal('after the kills', tips), { lock: { timeoutMs: 5000 } });
    assert.ok(Date.now() - started < 3000, 'a dead holder does not make us wait out the timeout');
    const entries = checkLinearLog(log);
    assert.is(entries[entries.length - 1].hash, last.hash);
  } finally {
    sb.cleanup();
  }
});

test.run();
