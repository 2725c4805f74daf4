// Compact open-addressing tables over typed arrays, keyed by 128 bits. Verifying a log of
// millions of entries must not hold the entries: per seen entry the verifier keeps only a
// 16-byte key and a few numbers (~40 bytes), not a JavaScript object or string.
import { randomBytes } from 'node:crypto';
import { ULID_ALPHABET } from '../ids';

/** 128-bit keys as four 32-bit words. */
export type Key = Uint32Array;

const HEX = new Int8Array(128).fill(0);
for (let i = 0; i < 16; i++) HEX['0123456789abcdef'.charCodeAt(i)] = i;

/** The first 128 bits of a "blake3:…" reference (the rest adds nothing against collisions among real entries). */
export function hashKey(ref: string, out: Key = new Uint32Array(4)): Key {
  // Callers pass validated references (lowercase hex), so a table lookup per digit is exact.
  for (let w = 0, p = 7; w < 4; w++) {
    let x = 0;
    for (let j = 0; j < 8; j++, p++) x = (x << 4) | HEX[ref.charCodeAt(p)];
    out[w] = x >>> 0;
  }
  return out;
}

const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) DIGIT[ULID_ALPHABET.charCodeAt(i)] = i;

/** The 128 bits of an "in_" + ULID id (26 base32 digits whose top 2 bits are zero). */
export function idKey(id: string, out: Key = new Uint32Array(4)): Key {
  out.fill(0);
  for (let i = 3; i < 29; i++) {
    const d = DIGIT[id.charCodeAt(i)];
    // Shift the 128-bit number left by 5 and add the digit, word by word (most significant first).
    for (let w = 0; w < 4; w++) out[w] = ((out[w] << 5) | (w < 3 ? out[w + 1] >>> 27 : 0)) >>> 0;
    out[3] = (out[3] | d) >>> 0;
  }
  return out;
}

// A per-process seed so nobody can craft keys that all land in the same slots.
const SEED = new Uint32Array(randomBytes(16).buffer.slice(0));

function slotHash(k: ArrayLike<number>, i: number): number {
  let h = Math.imul(k[i] ^ SEED[0], 0x9e3779b1);
  h ^= Math.imul(k[i + 1] ^ SEED[1], 0x85ebca77);
  h ^= Math.imul(k[i + 2] ^ SEED[2], 0xc2b2ae3d);
  h ^= Math.imul(k[i + 3] ^ SEED[3], 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/** A set of 128-bit keys, each given a dense index 0, 1, 2… in insertion order. */
export class KeyTable {
  private keys: Uint32Array;
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Uint32Array(capacity * 4);
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
  }

  /** The index of `k`, or -1. */
  find(k: Key): number {
    const keys = this.keys;
    for (let s = slotHash(k, 0) & this.mask; ; s = (s + 1) & this.mask) {
      const idx = this.slots[s];
      if (idx < 0) return -1;
      const o = idx * 4;
      if (keys[o] === k[0] && keys[o + 1] === k[1] && keys[o + 2] === k[2] && keys[o + 3] === k[3]) return idx;
    }
  }

  /** Adds `k` (which must be absent) and returns its index. */
  add(k: Key): number {
    if (this.size * 4 >= this.keys.length) this.grow();
    const idx = this.size++;
    this.keys.set(k, idx * 4);
    this.place(idx);
    return idx;
  }

  /** How many keys fit before the next growth; columns kept alongside must be at least this long. */
  get capacity(): number {
    return this.keys.length / 4;
  }

  private place(idx: number): void {
    let s = slotHash(this.keys, idx * 4) & this.mask;
    while (this.slots[s] >= 0) s = (s + 1) & this.mask;
    this.slots[s] = idx;
  }

  private grow(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < this.size; i++) this.place(i);
  }
}

/** A typed-array column that grows with its table. */
export function grown<T extends Float64Array | Uint32Array | Uint8Array>(col: T, capacity: number): T {
  if (col.length >= capacity) return col;
  const next = new (col.constructor as { new (n: number): T })(Math.max(capacity, col.length * 2));
  next.set(col);
  return next;
}
