// Loose objects written from the compressed pieces of a file's earlier version
// (lib/git/growing-blob.ts): Adler-32 against RFC 1950's definition and zlib's combine, and the
// objects themselves read back by git (cat-file, fsck) in a real repository.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { adler32, adler32Combine, GROWING_MIN_BYTES, GrowingBlobCache } from '../lib/git/growing-blob';
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

test('store: each version is a loose object git reads back byte for byte; fsck accepts them', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const common = join(dir, '.git');
    const file = join(dir, 'log.jsonl');
    const cache = new GrowingBlobCache();
    let content = logLike(GROWING_MIN_BYTES + 1000, 'a');
    const first = objectId('blob', content, 40);
    assert.not.ok(cache.store(common, file, content, first), 'nothing kept yet: git writes it');
    assert.not.ok(existsSync(join(common, 'objects', first.slice(0, 2), first.slice(2))));
    cache.keep(file, content);
    const ids: string[] = [];
    // past 64 versions the pieces are joined: 70 appends cover both
    for (let i = 0; i < 70; i++) {
      content = Buffer.concat([content, logLike(i % 7 === 0 ? 40_000 : 1500, `v${i}`)]);
      const oid = objectId('blob', content, 40);
      assert.ok(cache.store(common, file, content, oid), `version ${i} extends the last`);
      cache.keep(file, content);
      ids.push(oid);
    }
    for (const oid of [ids[0], ids[40], ids[69]]) assert.is(gitIn(sb, dir, ['cat-file', '-t', oid]).stdout.trim(), 'blob');
    const last = gitIn(sb, dir, ['cat-file', 'blob', ids[69]]).stdout;
    assert.is(Buffer.byteLength(last), content.length);
    assert.ok(Buffer.from(last).equals(content), 'the last version reads back as written');
    assert.is(gitIn(sb, dir, ['fsck', '--strict']).code, 0);
    // the object's own framing: an empty final block, then the checksum
    const raw = readFileSync(join(common, 'objects', ids[69].slice(0, 2), ids[69].slice(2)));
    assert.is(raw.subarray(raw.length - 9, raw.length - 4).toString('hex'), '010000ffff');
  } finally {
    sb.cleanup();
  }
});

test('store: a content that does not extend the kept one (a byte changed, shorter, another file) writes nothing', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const common = join(dir, '.git');
    const file = join(dir, 'log.jsonl');
    const cache = new GrowingBlobCache();
    const base = logLike(GROWING_MIN_BYTES + 10, 'b');
    cache.keep(file, base);
    const changed = Buffer.concat([base, Buffer.from('{"x":1}\n')]);
    changed[100] ^= 1;
    const tries: [string, Buffer, string][] = [
      ['a byte changed', changed, file],
      ['shorter', base.subarray(0, base.length - 10), file],
      ['another file', Buffer.concat([base, Buffer.from('{"x":2}\n')]), join(dir, 'other.jsonl')],
    ];
    for (const [why, content, path] of tries) {
      const oid = objectId('blob', content, 40);
      assert.not.ok(cache.store(common, path, content, oid), why);
      assert.not.ok(existsSync(join(common, 'objects', oid.slice(0, 2), oid.slice(2))), `${why}: no object`);
    }
    // the kept version is still good for a true extension
    const next = Buffer.concat([base, Buffer.from('{"x":3}\n')]);
    const oid = objectId('blob', next, 40);
    assert.ok(cache.store(common, file, next, oid));
    assert.ok(Buffer.from(gitIn(sb, dir, ['cat-file', 'blob', oid]).stdout).equals(next));
  } finally {
    sb.cleanup();
  }
});

test('keep: a file under the size worth it is not kept', () => {
  const cache = new GrowingBlobCache();
  const small = logLike(1000, 'c');
  cache.keep('/nowhere/log.jsonl', small);
  const next = Buffer.concat([small, Buffer.from('{}\n')]);
  assert.not.ok(cache.store('/nowhere/.git', '/nowhere/log.jsonl', next, objectId('blob', next, 40)));
});

test.run();
