// Loose objects for a file that only grows: the log, which every commit stages whole. Git
// deflates the whole file into a new loose object each time (~21 ms a MB here, most of a long
// log's cost per commit). A zlib stream may be cut into pieces that each end on a byte boundary
// (a sync flush) and were compressed with the 32 kB before them as their dictionary (as pigz
// does): so the stream of the file's new version is the pieces already compressed for the last
// version, then the appended bytes compressed alone, an empty final block and the Adler-32 of
// the whole, which combines from the parts' checksums. The hook helper keeps those pieces for
// the log in memory between commits (lib/helper/server.ts); writing the object then costs about
// what compressing the new entry costs, and `git update-index` finds it there and only hashes
// the file. What a piece stands for is checked byte for byte against the file before use.
import type { ZlibOptions } from 'node:zlib';
import { storeCompressed } from './loose';

/** Below this size Git's own deflate costs less than a few milliseconds: left to Git. */
export const GROWING_MIN_BYTES = 256 << 10;

/** Writes the loose object of a file's content from what it kept of the content's earlier version. */
export interface GrowingBlobs {
  /**
   * Writes `content`'s loose object (`oid`, the id of a blob with exactly these bytes) when
   * `content` extends the version of `file` last kept; false when it does not (nothing written).
   */
  store(commonDir: string, file: string, content: Buffer, oid: string): boolean;
  /** Keeps `content` of `file` for the next store(), compressing what it has not compressed yet. */
  keep(file: string, content: Buffer): void;
}

let current: GrowingBlobs | null = null;
/** Set by the hook helper for the hooks it serves; a hook's own process keeps nothing. */
export function useGrowingBlobs(g: GrowingBlobs | null): void {
  current = g;
}
export const growingBlobs = (): GrowingBlobs | null => current;

const WINDOW = 32 << 10; // deflate's history: what a piece's dictionary needs
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]); // BFINAL, stored, length 0
const ZLIB_HEADER = Buffer.from([0x78, 0x01]); // deflate, 32 kB window, no dictionary, check bits

interface Kept {
  content: Buffer; // what the pieces stand for
  pieces: Buffer[]; // raw deflate, each ending with a sync flush
  adler: number; // Adler-32 of `content`
}

/** The hook helper's GrowingBlobs: the last version of a few files (one per worktree's log), in memory. */
export class GrowingBlobCache implements GrowingBlobs {
  private readonly kept = new Map<string, Kept>();

  store(commonDir: string, file: string, content: Buffer, oid: string): boolean {
    const k = this.kept.get(file);
    const at = k?.content.length ?? 0;
    if (!k || content.length < at || content.compare(k.content, 0, at, 0, at) !== 0) return false;
    const tail = compress(content, at, content.length);
    const header = Buffer.from(`blob ${content.length}\0`, 'latin1');
    const adler = adler32Combine(adler32Combine(adler32(header), k.adler, at), adler32(content.subarray(at)), content.length - at);
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler);
    // the header alone, flushed: the content's pieces never refer back into it, whatever its size
    storeCompressed(commonDir, oid, [ZLIB_HEADER, rawDeflate(header, {}), ...k.pieces, tail, FINAL_EMPTY_BLOCK, trailer]);
    this.kept.set(file, { content, pieces: morePieces(k.pieces, tail), adler: adler32Combine(k.adler, adler32(content.subarray(at)), content.length - at) });
    return true;
  }

  keep(file: string, content: Buffer): void {
    const k = this.kept.get(file);
    if (k && (k.content === content || (k.content.length === content.length && k.content.equals(content)))) return; // store() kept it
    if (content.length < GROWING_MIN_BYTES) {
      this.kept.delete(file);
      return;
    }
    if (this.kept.size >= 4 && !k) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(file, { content, pieces: [compress(content, 0, content.length)], adler: adler32(content) });
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

/** One piece per commit adds up over a long-lived helper: past 64, joined into one. */
function morePieces(pieces: Buffer[], next: Buffer): Buffer[] {
  return pieces.length >= 64 ? [Buffer.concat([...pieces, next])] : [...pieces, next];
}

const MOD = 65521;

/** Adler-32 (RFC 1950) of `bytes`, continuing from `start`. */
export function adler32(bytes: Uint8Array, start = 1): number {
  let a = start & 0xffff;
  let b = start >>> 16;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(i + 3800, bytes.length); // sums stay below 2^31 before the modulo
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
