// Loose objects for a file that only grows: the log, which every commit stages whole. Git
// deflates the whole file into a new loose object each time (~21 ms a MB here, most of a long
// log's cost per commit). A zlib stream may be cut into pieces that each end on a byte boundary
// (a sync flush) and were compressed with the 32 kB before them as their dictionary (as pigz
// does): so the stream of the file's new version is the pieces already compressed for the last
// version, then the appended bytes compressed alone, an empty final block, and the Adler-32 of
// the whole, which combines from the parts' checksums. The pieces are kept in a directory of the
// caller's (the hooks' state directory) with what they stand for: the file's length and
// SHA-256 then, and their own SHA-256. Each use checks both, so a file changed otherwise than by
// an append, or pieces damaged or half written, only cost a full compression, never an object
// whose content is not its id's.
import { createHash, Hash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ZlibOptions } from 'node:zlib';
import { overwriteInPlace } from '../fs/overwrite';
import { storeCompressed } from './loose';

/** Below this size Git's own deflate costs a few milliseconds at most: left to Git. */
export const GROWING_MIN_BYTES = 256 << 10;

const WINDOW = 32 << 10; // deflate's history: what a piece's dictionary needs
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]); // BFINAL, stored, length 0
const ZLIB_HEADER = Buffer.from([0x78, 0x01]); // deflate, 32 kB window, no dictionary, check bits
const PIECES = 'growing-blob.pieces';
const META = 'growing-blob.json';

/** What the pieces file stands for. */
interface Meta {
  file: string; // the path whose content it is
  length: number; // how many of its bytes
  sha256: string; // of those bytes
  adler: number; // Adler-32 of those bytes
  pieces: { length: number; sha256: string }; // of the pieces file
}

/**
 * Writes the loose object of `content` (`file`'s bytes; `oid`, the id of a blob with exactly
 * these bytes) from the pieces kept in `dir` for its last version plus the appended bytes, or
 * compressing it whole when they do not fit. Returns what keeps this version's pieces for the
 * next commit: a write the caller may defer (a cache: losing it costs one full compression).
 */
export function storeGrowingBlob(dir: string, commonDir: string, file: string, content: Buffer, oid: string): () => void {
  const kept = keptInMemory(dir, file, content) ?? keptFor(dir, file, content);
  const at = kept ? kept.meta.length : 0;
  const tail = compress(content, at, content.length);
  const appended = content.subarray(at);
  const adler = kept ? adler32Combine(kept.meta.adler, adler32(appended), appended.length) : adler32(content);
  const header = Buffer.from(`blob ${content.length}\0`, 'latin1');
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32Combine(adler32(header), adler, content.length));
  // the header alone, flushed: the content's pieces never refer back into it, whatever its size
  storeCompressed(commonDir, oid, [ZLIB_HEADER, rawDeflate(header, {}), ...(kept ? [kept.pieces] : []), tail, FINAL_EMPTY_BLOCK, trailer]);
  return () => {
    const pieces = kept ? Buffer.concat([kept.pieces, tail]) : tail;
    const sha = (kept?.sha?.update(appended) ?? createHash('sha256').update(content)).digest('hex');
    const meta: Meta = { file, length: content.length, sha256: sha, adler, pieces: { length: pieces.length, sha256: createHash('sha256').update(pieces).digest('hex') } };
    try {
      mkdirSync(dir, { recursive: true });
      // in place (lib/fs/overwrite.ts): each use checks both files' SHA-256 (keptFor, keptInMemory)
      overwriteInPlace(join(dir, PIECES), pieces);
      overwriteInPlace(join(dir, META), Buffer.from(JSON.stringify(meta)));
      last = { dir, meta, content, pieces };
    } catch {
      // a read-only state directory: the next commit compresses the whole file again
    }
  };
}

/**
 * What this process kept last, with the content it stands for: in the hook helper, which loads
 * this module once (scripts/bundle-hooks.mjs), the next commit compares the log with it byte
 * for byte instead of hashing it and reading the pieces back (a few ms a MB, on the commit's
 * path, where `git update-index` hashes the same file meanwhile). Used only while the files on
 * disk still say the same.
 */
let last: { dir: string; meta: Meta; content: Buffer; pieces: Buffer } | null = null;

function keptInMemory(dir: string, file: string, content: Buffer): Kept | null {
  if (!last || last.dir !== dir || last.meta.file !== file || content.length < last.meta.length) return null;
  const meta = readMeta(dir);
  if (!meta || meta.sha256 !== last.meta.sha256 || meta.length !== last.meta.length || meta.pieces?.sha256 !== last.meta.pieces.sha256) return null;
  if (content.compare(last.content, 0, meta.length, 0, meta.length) !== 0) return null;
  return { meta, pieces: last.pieces, sha: null };
}

function readMeta(dir: string): Meta | null {
  try {
    return JSON.parse(readFileSync(join(dir, META), 'utf8')) as Meta;
  } catch {
    return null;
  }
}

/** Kept pieces that stand for a start of the content, and the SHA-256 state of that start when it was computed. */
interface Kept {
  meta: Meta;
  pieces: Buffer;
  sha: Hash | null;
}

/** The kept pieces when they stand for a start of `content`, checked by their SHA-256 and that start's; or null. */
function keptFor(dir: string, file: string, content: Buffer): Kept | null {
  try {
    const meta = readMeta(dir);
    if (!meta || meta.file !== file || !Number.isSafeInteger(meta.length) || meta.length > content.length || !Number.isSafeInteger(meta.adler)) return null;
    const sha = createHash('sha256').update(content.subarray(0, meta.length));
    if (sha.copy().digest('hex') !== meta.sha256) return null;
    const pieces = readFileSync(join(dir, PIECES));
    if (pieces.length !== meta.pieces.length || createHash('sha256').update(pieces).digest('hex') !== meta.pieces.sha256) return null;
    return { meta, pieces, sha };
  } catch {
    return null; // none kept, or not readable: compress it whole
  }
}

/** Bytes `from`..`to` of `content` as raw deflate ending with a sync flush, the 32 kB before them as dictionary. */
function compress(content: Buffer, from: number, to: number): Buffer {
  const dictionary = from > 0 ? content.subarray(Math.max(0, from - WINDOW), from) : undefined;
  return rawDeflate(content.subarray(from, to), dictionary ? { dictionary } : {});
}

function rawDeflate(bytes: Buffer, opts: ZlibOptions): Buffer {
  const zlib = require('node:zlib') as typeof import('node:zlib');
  // level 1, Git's default for loose objects (core.looseCompression)
  return zlib.deflateRawSync(bytes, { ...opts, level: 1, finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

const MOD = 65521;

/** Adler-32 (RFC 1950) of `bytes`, continuing from `start`. */
export function adler32(bytes: Uint8Array, start = 1): number {
  let a = start & 0xffff;
  let b = start >>> 16;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(i + 3800, bytes.length); // sums stay exact before the modulo
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/** The Adler-32 of A followed by B, from adler(A), adler(B) and B's length (zlib's adler32_combine). */
export function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % MOD;
  let a = adlerA & 0xffff;
  let b = (rem * a) % MOD;
  a += (adlerB & 0xffff) + MOD - 1;
  b += (adlerA >>> 16) + (adlerB >>> 16) + MOD - rem;
  if (a >= MOD) a -= MOD;
  if (a >= MOD) a -= MOD;
  if (b >= MOD * 2) b -= MOD * 2;
  if (b >= MOD) b -= MOD;
  return ((b << 16) | a) >>> 0;
}
