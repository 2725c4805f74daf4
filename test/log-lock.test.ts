// The writer lock against real processes: holders that crash, hang, are killed by a signal,
// and pids that were reused.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPair, signer } from '../lib/crypto/ed25519';
import { sealEntry } from '../lib/entry/seal';
import { AuraError } from '../lib/errors';
import { appendEntry } from '../lib/log/append';
import { acquireLock } from '../lib/log/lock';
import { PROJECT, sandbox } from './helpers/env';

const LOCK_JS = join(PROJECT, 'dist', 'lib', 'log', 'lock.js');
const kp = generateKeyPair();
const key = { publicKey: kp.publicKey, sign: signer(kp.seed) };
const seal = (intent: string, parents: string[]) => sealEntry({ capability: 'commit', intent, author: { kind: 'agent', id: 'bot', peer_id: 'peer-t' }, parents }, key);

/** A process that takes the lock of `log`, prints "locked", then does `then`. */
function holder(log: string, then: string): { child: ChildProcess; locked: Promise<void>; closed: Promise<{ code: number | null; signal: string | null }> } {
  const code = `require(${JSON.stringify(LOCK_JS)}).acquireLock(process.argv[1]).then(() => { process.stdout.write('locked\\n'); ${then} });`;
  const child = spawn(process.execPath, ['-e', code, log], { stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('locked') && resolve()));
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, locked, closed };
}

test('a holder that crashed (SIGKILL) is detected and its lock taken over at once', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const h = holder(log, "process.kill(process.pid, 'SIGKILL');");
    await h.locked;
    await h.closed;
    assert.ok(existsSync(log + '.lock'), 'the killed holder left its lock');
    const t = Date.now();
    // Undetected, the waiter would sit out its whole 60 s bound (the lock is minutes from stale);
    // detected, it takes over at once. 10 s leaves room for a loaded machine.
    await appendEntry(log, (tips) => seal('after crash', tips), { lock: { timeoutMs: 60_000 } });
    assert.ok(Date.now() - t < 10_000, `took ${Date.now() - t} ms`);
    assert.not.ok(existsSync(log + '.lock'));
    assert.equal(readdirSync(sb.dir).sort(), ['home', 'log.jsonl', 'log.jsonl.tips'], 'no lock debris left');
  } finally {
    sb.cleanup();
  }
});

test('a live holder: the waiter gives up after its bound, naming the holder and the fix', async () => {
  const sb = sandbox();
  const log = join(sb.dir, 'log.jsonl');
  const h = holder(log, 'setTimeout(() => {}, 30000);');
  try {
    await h.locked;
    const t = Date.now();
    try {
      await acquireLock(log, { timeoutMs: 400 });
      assert.unreachable('the lock is held');
    } catch (e) {
      assert.instance(e, AuraError);
      const err = e as AuraError;
      assert.match(err.message, `process ${h.child.pid} on ${hostname()}`);
      assert.match(err.fix ?? '', `remove ${log}.lock`);
    }
    assert.ok(Date.now() - t >= 400 && Date.now() - t < 3000);
  } finally {
    h.child.kill('SIGKILL');
    await h.closed;
    sb.cleanup();
  }
});

test('SIGTERM and SIGINT release a held lock; the process still dies of the signal', async () => {
  const sb = sandbox();
  try {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      const log = join(sb.dir, `log-${sig}.jsonl`);
      const h = holder(log, 'setTimeout(() => {}, 30000);');
      await h.locked;
      assert.ok(existsSync(log + '.lock'));
      h.child.kill(sig);
      const { signal } = await h.closed;
      assert.is(signal, sig);
      assert.not.ok(existsSync(log + '.lock'), `${sig} released the lock`);
    }
  } finally {
    sb.cleanup();
  }
});

test('a reused pid: a live process that is not the one that took the lock', async () => {
  const sb = sandbox();
  // a live process whose pid the lock names, with a different start time than recorded
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  try {
    const log = join(sb.dir, 'log.jsonl');
    writeFileSync(log + '.lock', JSON.stringify({ pid: other.pid, host: hostname(), started: new Date().toISOString(), proc_start: '1', token: 'ab'.repeat(12) }));
    const lock = await acquireLock(log, { timeoutMs: 2000 });
    assert.is(JSON.parse(readFileSync(log + '.lock', 'utf8')).pid, process.pid);
    lock.release();
    assert.not.ok(existsSync(log + '.lock'));
  } finally {
    other.kill('SIGKILL');
    sb.cleanup();
  }
});

test('a lock naming our own pid that we do not hold (an earlier process with the same pid)', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    writeFileSync(log + '.lock', JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), proc_start: null, token: '12'.repeat(12) }));
    const t = Date.now();
    const lock = await acquireLock(log, { timeoutMs: 2000 });
    assert.ok(Date.now() - t < 500);
    lock.release();
  } finally {
    sb.cleanup();
  }
});

test('one process, many concurrent appends: queued, not deadlocked', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const done = await Promise.all(Array.from({ length: 20 }, (_, i) => appendEntry(log, (tips) => seal(`c${i}`, tips))));
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.is(lines.length, 20);
    assert.equal(new Set(done.map((e) => e.hash)).size, 20);
    lines.forEach((e, i) => assert.equal(e.parents, i ? [lines[i - 1].hash] : []));
  } finally {
    sb.cleanup();
  }
});

test('a lock older than the stale bound is taken over even if its pid lives (another host)', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    writeFileSync(log + '.lock', JSON.stringify({ pid: 1, host: 'elsewhere', started: '2020-01-01T00:00:00.000Z', proc_start: null, token: 'cd'.repeat(12) }));
    // fresh from another host: waited on (its pid means nothing here)…
    try {
      await acquireLock(log, { timeoutMs: 300 });
      assert.unreachable('a fresh lock from another host is respected');
    } catch (e) {
      assert.match((e as Error).message, 'process 1 on elsewhere');
    }
    // …until it is older than the bound.
    await new Promise((r) => setTimeout(r, 50));
    const lock = await acquireLock(log, { timeoutMs: 1000, staleMs: 20 });
    lock.release();
  } finally {
    sb.cleanup();
  }
});

test('many waiters racing to break the same stale lock: still one writer at a time', async () => {
  const sb = sandbox();
  try {
    const log = join(sb.dir, 'log.jsonl');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(log + '.lock', JSON.stringify({ pid: Number(dead), host: hostname(), started: new Date().toISOString(), proc_start: null, token: 'ef'.repeat(12) }));
    const script = `
      const { appendEntry } = require(${JSON.stringify(join(PROJECT, 'dist', 'lib', 'log', 'append.js'))});
      const { sealEntry } = require(${JSON.stringify(join(PROJECT, 'dist', 'lib', 'entry', 'seal.js'))});
      const { signer, publicKeyFromSeed } = require(${JSON.stringify(join(PROJECT, 'dist', 'lib', 'crypto', 'ed25519.js'))});
      const seed = Buffer.from(${JSON.stringify(kp.seed.toString('hex'))}, 'hex');
      const key = { publicKey: publicKeyFromSeed(seed), sign: signer(seed) };
      (async () => { for (let i = 0; i < 5; i++) await appendEntry(process.argv[1], (tips) => sealEntry({ capability: 'commit', intent: process.argv[2] + ':' + i, author: { kind: 'agent', id: 'bot' }, parents: tips }, key)); })()
        .catch((e) => { console.error(e.message); process.exit(1); });`;
    const codes = await Promise.all(
      Array.from({ length: 12 }, (_, w) => new Promise<number | null>((resolve) => spawn(process.execPath, ['-e', script, log, `w${w}`], { stdio: 'inherit' }).on('close', resolve))),
    );
    assert.equal(codes, Array(12).fill(0));
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.is(lines.length, 60);
    assert.is(new Set(lines.map((e) => e.intent)).size, 60);
    // a second holder would have produced two entries naming the same parent (a fork)
    lines.forEach((e, i) => assert.equal(e.parents, i ? [lines[i - 1].hash] : []));
  } finally {
    sb.cleanup();
  }
});

test.run();
