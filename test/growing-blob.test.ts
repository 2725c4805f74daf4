// Loose objects written from the compressed pieces of a file's earlier version
// (lib/git/growing-blob.ts): Adler-32 against RFC 1950's definition and zlib's combine, and the
// objects themselves read back by git (cat-file, fsck) in a real repository.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { adler32, adler32Combine, GROWING_MIN_BYTES, storeGrowingBlob } from '../lib/git/growing-blob';
import { objectId } from '../lib/git/objects';
import { gitIn, newRepo, sandbox } from './helpers/env';

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

test('storeGrowingBlob: each version is a loose object git reads back byte for byte; fsck accepts them; the kept pieces grow', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const common = join(dir, '.git');
    const state = join(common, 'aura');
    const file = join(dir, 'log.jsonl');
    let content = logLike(GROWING_MIN_BYTES + 1000, 'a');
    const ids: string[] = [];
    const piecesSizes: number[] = [];
    let stored = content;
    for (let i = 0; i < 12; i++) {
      const oid = objectId('blob', content, 40);
      storeGrowingBlob(state, common, file, content, oid)();
      ids.push(oid);
      stored = content;
      piecesSizes.push(statSync(join(state, 'growing-blob.pieces')).size);
      content = Buffer.concat([content, logLike(i % 5 === 0 ? 40_000 : 1500, `v${i}`)]);
    }
    for (const oid of ids) assert.is(gitIn(sb, dir, ['cat-file', '-t', oid]).stdout.trim(), 'blob');
    const last = ids[ids.length - 1];
    const read = Buffer.from(gitIn(sb, dir, ['cat-file', 'blob', last]).stdout, 'utf8');
    assert.ok(read.equals(stored), 'the last version reads back as written');
    assert.is(gitIn(sb, dir, ['fsck', '--strict']).code, 0);
    // the object's own framing: an empty final block, then the checksum
    const raw = readFileSync(objectFile(common, last));
    assert.is(raw.subarray(raw.length - 9, raw.length - 4).toString('hex'), '010000ffff');
    for (let i = 1; i < piecesSizes.length; i++) assert.ok(piecesSizes[i] > piecesSizes[i - 1], 'each version adds a piece');
  } finally {
    sb.cleanup();
  }
});

test('storeGrowingBlob: a content that does not extend the kept one, or damaged pieces, is compressed whole, and still right', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const common = join(dir, '.git');
    const state = join(common, 'aura');
    const file = join(dir, 'log.jsonl');
    const base = logLike(GROWING_MIN_BYTES + 10, 'b');
    storeGrowingBlob(state, common, file, base, objectId('blob', base, 40))();
    const whole = statSync(join(state, 'growing-blob.pieces')).size;
    const changed = Buffer.concat([base, Buffer.from('{"x":1}\n')]);
    changed[100] ^= 1;
    const tries: [string, Buffer, string, () => void][] = [
      ['a byte changed', changed, file, () => {}],
      ['shorter', base.subarray(0, base.length - 10), file, () => {}],
      ['another file', Buffer.concat([base, Buffer.from('{"x":2}\n')]), join(dir, 'other.jsonl'), () => {}],
      ['pieces damaged', Buffer.concat([base, Buffer.from('{"x":3}\n')]), file, () => {
        const p = join(state, 'growing-blob.pieces');
        const b = readFileSync(p);
        b[b.length >> 1] ^= 0xff;
        writeFileSync(p, b);
      }],
    ];
    for (const [why, content, path, damage] of tries) {
      storeGrowingBlob(state, common, file, base, objectId('blob', base, 40))(); // kept: base
      damage();
      const oid = objectId('blob', content, 40);
      storeGrowingBlob(state, common, path, content, oid)();
      assert.ok(Buffer.from(gitIn(sb, dir, ['cat-file', 'blob', oid]).stdout, 'utf8').equals(content), `${why}: git reads the content back`);
      assert.ok(statSync(join(state, 'growing-blob.pieces')).size >= whole - 64, `${why}: compressed whole`);
    }
    assert.is(gitIn(sb, dir, ['fsck', '--strict']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test.run();
