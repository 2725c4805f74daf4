// Loose objects written from the compressed pieces of a file's earlier version
// (lib/git/growing-blob.ts): Adler-32 against RFC 1950's definition and zlib's combine, and the
// objects themselves read back by git (cat-file, fsck) in a real repository.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { adler32, adler32Combine, GROWING_MIN_BYTES, storeGrowingBlob } from '../lib/git/growing-blob';
import { objectId } from '../lib/git/objects';
import { gitIn, newRepo, Sandbox, sandbox } from './helpers/env';

/** The Adler-32 zlib itself writes at the end of a stream. */
const zlibAdler = (bytes: Buffer): number => deflateSync(bytes).readUInt32BE(deflateSync(bytes).length - 4);

test('adler32: the textbook value, and what zlib writes, for small and large inputs', () => {
  assert.is(adler32(Buffer.from('Wikipedia')), 0x11e60398);
  assert.is(adler32(Buffer.alloc(0)), 1);
  for (const n of [1, 5551, 5552, 5553, 100_000]) {
    const b = randomBytes(n);
    assert.is(adler32(b), zlibAdler(b), `${n} bytes`);
  }
  const ff = Buffer.alloc(70_000, 0xff); // the largest sums
  assert.is(adler32(ff), zlibAdler(ff));
});

test('adler32Combine: adler(A ‖ B) from the parts, as zlib combines them', () => {
  for (const [la, lb] of [[0, 10], [10, 0], [1, 1], [65521, 3], [70_000, 131_042], [5, 200_000]]) {
    const a = randomBytes(la);
    const b = randomBytes(lb);
    assert.is(adler32Combine(adler32(a), adler32(b), lb), adler32(Buffer.concat([a, b])), `${la} + ${lb}`);
  }
});

/** A log-like text of about `bytes`: JSON lines with repeated keys, as the log is. */
function logLike(bytes: number, seed: string): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let size = 0; size < bytes; n++) {
    const l = JSON.stringify({ id: `${seed}-${n}`, hash: randomBytes(32).toString('hex'), intent: `Change ${n} in src/mod${n % 50}.ts`, sig: randomBytes(64).toString('base64') });
    lines.push(l);
    size += l.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const objectFile = (common: string, oid: string): string => join(common, 'objects', oid.slice(0, 2), oid.slice(2));

interface Setup {
  sb: Sandbox;
  dir: string;
  common: string;
  file: string;
}

/** A test in a fresh repository whose log file would be `file`. */
function inRepo(name: string, body: (r: Setup) => void): void {
  test(name, () => {
    const sb = sandbox();
    try {
      const dir = newRepo(sb);
      body({ sb, dir, common: join(dir, '.git'), file: join(dir, 'log.jsonl') });
    } finally {
      sb.cleanup();
    }
  });
}

const piecesSize = (state: string): number => statSync(join(state, 'growing-blob.pieces')).size;
const readsBack = (r: Setup, oid: string, content: Buffer): boolean => Buffer.from(gitIn(r.sb, r.dir, ['cat-file', 'blob', oid]).stdout, 'utf8').equals(content);

inRepo('storeGrowingBlob: each version is a loose object git reads back byte for byte; fsck accepts them; the kept pieces grow', (r) => {
  const state = join(r.common, 'aura');
  let content = logLike(GROWING_MIN_BYTES + 1000, 'a');
  const ids: string[] = [];
  const sizes: number[] = [];
  let stored = content;
  for (let i = 0; i < 12; i++) {
    const oid = objectId('blob', content, 40);
    storeGrowingBlob(state, r.common, r.file, content, oid)();
    ids.push(oid);
    stored = content;
    sizes.push(piecesSize(state));
    content = Buffer.concat([content, logLike(i % 5 === 0 ? 40_000 : 1500, `v${i}`)]);
  }
  for (const oid of ids) assert.is(gitIn(r.sb, r.dir, ['cat-file', '-t', oid]).stdout.trim(), 'blob');
  const last = ids[ids.length - 1];
  assert.ok(readsBack(r, last, stored), 'the last version reads back as written');
  assert.is(gitIn(r.sb, r.dir, ['fsck', '--strict']).code, 0);
  // the object's own framing: an empty final block, then the checksum
  const raw = readFileSync(objectFile(r.common, last));
  assert.is(raw.subarray(raw.length - 9, raw.length - 4).toString('hex'), '010000ffff');
  for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] > sizes[i - 1], 'each version adds a piece');
});

test('storeGrowingBlob in a SHA-256 repository: the objects git reads back', () => {
  const sb = sandbox();
  try {
    const dir = join(sb.dir, 'sha256');
    gitIn(sb, sb.dir, ['init', '-q', '--object-format=sha256', dir]);
    const common = join(dir, '.git');
    let content = logLike(GROWING_MIN_BYTES + 100, 's');
    for (let i = 0; i < 3; i++) {
      const oid = objectId('blob', content, 64);
      storeGrowingBlob(join(common, 'aura'), common, join(dir, 'log.jsonl'), content, oid)();
      assert.ok(Buffer.from(gitIn(sb, dir, ['cat-file', 'blob', oid]).stdout, 'utf8').equals(content), `version ${i}`);
      content = Buffer.concat([content, logLike(2000, `s${i}`)]);
    }
    assert.is(gitIn(sb, dir, ['fsck', '--strict']).code, 0);
  } finally {
    sb.cleanup();
  }
});

inRepo('storeGrowingBlob: content that does not extend the kept version is compressed whole, and still right', (r) => {
  const state = join(r.common, 'aura');
  const base = logLike(GROWING_MIN_BYTES + 10, 'b');
  const changed = Buffer.concat([base, Buffer.from('{"x":1}\n')]);
  changed[100] ^= 1;
  const tries: [string, Buffer, string][] = [
    ['a byte changed', changed, r.file],
    ['shorter', base.subarray(0, base.length - 10), r.file],
    ['another file', Buffer.concat([base, Buffer.from('{"x":2}\n')]), join(r.dir, 'other.jsonl')],
  ];
  for (const [why, content, path] of tries) {
    storeGrowingBlob(state, r.common, r.file, base, objectId('blob', base, 40))(); // kept: base
    const oid = objectId('blob', content, 40);
    storeGrowingBlob(state, r.common, path, content, oid)();
    assert.ok(readsBack(r, oid, content), `${why}: git reads the content back`);
  }
  assert.is(gitIn(r.sb, r.dir, ['fsck', '--strict']).code, 0);
});

inRepo('storeGrowingBlob from the files alone (another process): kept pieces are used; damaged ones are not', (r) => {
  const kept = join(r.common, 'aura');
  const base = logLike(GROWING_MIN_BYTES + 10, 'c');
  storeGrowingBlob(kept, r.common, r.file, base, objectId('blob', base, 40))();
  const whole = piecesSize(kept);
  // a state directory this process has never written: what it finds there is all it has
  for (const damage of [false, true]) {
    const why = damage ? 'damaged pieces' : 'pieces as kept';
    const state = join(r.common, damage ? 'aura-damaged' : 'aura-copy');
    mkdirSync(state);
    for (const f of ['growing-blob.pieces', 'growing-blob.json']) copyFileSync(join(kept, f), join(state, f));
    const piecesFile = join(state, 'growing-blob.pieces');
    if (damage) {
      const b = readFileSync(piecesFile);
      b[b.length >> 1] ^= 0xff;
      writeFileSync(piecesFile, b);
    }
    const found = readFileSync(piecesFile);
    const next = Buffer.concat([base, Buffer.from(`{"next":"${why}"}\n`)]);
    const oid = objectId('blob', next, 40);
    storeGrowingBlob(state, r.common, r.file, next, oid)();
    assert.ok(readsBack(r, oid, next), `${why}: git reads the content back`);
    const after = readFileSync(piecesFile);
    assert.is(after.subarray(0, whole).equals(found), !damage, damage ? 'damaged pieces: compressed anew' : 'kept pieces: one piece appended');
    if (!damage) assert.ok(after.length > whole && after.length < whole + 256);
  }
  assert.is(gitIn(r.sb, r.dir, ['fsck', '--strict']).code, 0);
});

test.run();
