// BLAKE3 through blake3-wasm (2.1.5: 3.0.0 does not install, see ../shared/DEPENDENCIES.md).
// Loaded on first use so commands that never hash do not pay for instantiating the wasm.
// We call its wasm-bindgen glue (dist/wasm/nodejs, the module its own Node entry wraps): that
// entry also builds node:stream Transform classes we never use, ~9 ms of CPU on every hook.
type Blake3 = {
  hash(data: Uint8Array): Buffer;
  createHash(): { update(data: Uint8Array): unknown; digest(): Buffer };
};
interface Glue {
  hash(data: Uint8Array, out: Uint8Array): void;
  create_hasher(): { update(data: Uint8Array): void; digest(out: Uint8Array): void; free(): void };
}
let impl: Blake3 | undefined;
function lib(): Blake3 {
  if (impl) return impl;
  const glue = require('blake3-wasm/dist/wasm/nodejs/blake3_js.js') as Glue;
  return (impl = {
    hash(data) {
      const out = Buffer.alloc(32);
      glue.hash(data, out);
      return out;
    },
    createHash() {
      const h = glue.create_hasher();
      return {
        update: (data: Uint8Array) => h.update(data),
        digest() {
          const out = Buffer.alloc(32);
          h.digest(out);
          h.free();
          return out;
        },
      };
    },
  });
}

// Strings are encoded into this buffer rather than a new one per call: the verifier hashes
// two canonical strings per entry, and the wasm copies its input anyway, so nothing keeps a
// reference to it after hash() returns.
const scratch = Buffer.allocUnsafe(64 * 1024);

/** 32-byte BLAKE3 digest of `data` (strings are hashed as UTF-8). */
export function blake3(data: Uint8Array | string): Buffer {
  if (typeof data !== 'string') return lib().hash(data);
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so a string within this bound always fits.
  if (data.length * 3 > scratch.length) return lib().hash(Buffer.from(data, 'utf8'));
  const n = scratch.write(data, 0, 'utf8');
  return lib().hash(scratch.subarray(0, n));
}

/**
 * BLAKE3 over the concatenation of `parts`. Small inputs (commitments: a 16-byte salt and a
 * short text) are laid out in the scratch buffer and hashed in one call — creating a
 * streaming hasher in the wasm costs more than the copy; large ones go through the
 * streaming hasher.
 */
export function blake3Parts(parts: (Uint8Array | string)[]): Buffer {
  let bound = 0; // an upper bound of the UTF-8 size (see blake3)
  for (const p of parts) bound += typeof p === 'string' ? p.length * 3 : p.length;
  if (bound <= scratch.length) {
    let n = 0;
    for (const p of parts) {
      if (typeof p === 'string') n += scratch.write(p, n, 'utf8');
      else {
        scratch.set(p, n);
        n += p.length;
      }
    }
    return lib().hash(scratch.subarray(0, n));
  }
  const h = lib().createHash();
  for (const p of parts) h.update(typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
  return h.digest();
}

/** A streaming hasher, for inputs read in chunks (large files, exports). */
export function blake3Hasher(): { update(data: Uint8Array | string): void; digest(): Buffer } {
  const h = lib().createHash();
  return {
    update: (data) => void h.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data),
    digest: () => h.digest(),
  };
}

/** The log's hash encoding: "blake3:" + 64 lowercase hex. */
export function hashRef(digest: Uint8Array): string {
  return 'blake3:' + Buffer.from(digest).toString('hex');
}

/**
 * Whether `s` is `prefix` followed by exactly `digits` lowercase hex digits. A loop rather
 * than a regex: the verifier checks several references per entry, and a call into the
 * regex engine costs more than looking at 64 characters.
 */
export function isHexRef(s: unknown, prefix: string, digits: number): s is string {
  if (typeof s !== 'string' || s.length !== prefix.length + digits || !s.startsWith(prefix)) return false;
  for (let i = prefix.length; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false; // 0-9, a-f
  }
  return true;
}

/** "blake3:" + 64 lowercase hex. */
export const isHashRef = (s: unknown): s is string => isHexRef(s, 'blake3:', 64);

/** The 32 raw bytes of a "blake3:…" reference. */
export function hashBytes(ref: string): Buffer {
  if (!isHashRef(ref)) throw new Error(`not a blake3 hash reference: ${JSON.stringify(ref)}`);
  return Buffer.from(ref.slice(7), 'hex');
}
