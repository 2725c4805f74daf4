// ULID ids ("in_" + 26 Crockford base32 chars): 48-bit millisecond time, 80 random bits.
// Monotonic within one writer: a second id in the same millisecond increments the random
// part instead of drawing a new one, so ids from one process always sort in creation order.
import { randomBytes } from 'node:crypto';

/** Crockford's base32 digits, as ULIDs use them. */
export const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

function encode(time: number, rand: Uint8Array): string {
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = ULID_ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  // 80 random bits as 16 base32 chars, most significant first.
  let bits = 0n;
  for (const b of rand) bits = (bits << 8n) | BigInt(b);
  let r = '';
  for (let i = 0; i < 16; i++) {
    r = ULID_ALPHABET[Number(bits & 31n)] + r;
    bits >>= 5n;
  }
  return out + r;
}

function increment(rand: Uint8Array): Uint8Array {
  const next = Uint8Array.from(rand);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] === 0xff) next[i] = 0;
    else {
      next[i]++;
      return next;
    }
  }
  throw new Error('ULID random part overflowed within one millisecond');
}

export function newId(now = Date.now()): string {
  if (now <= lastTime) lastRandom = increment(lastRandom);
  else {
    lastTime = now;
    lastRandom = randomBytes(10);
  }
  return 'in_' + encode(lastTime, lastRandom);
}

export const ID_RE = /^in_[0-9A-HJKMNP-TV-Z]{26}$/;
export const isId = (s: unknown): s is string => typeof s === 'string' && ID_RE.test(s);
