// SPEC.md "Hash and signature": the hashed form replaces the redactable fields (intent,
// author.id) with salted commitments, so retention can later redact them without breaking
// the chain. A redacted entry has no salt; its `redacted` member holds the commitments.
import { blake3, blake3Parts, hashRef } from '../crypto/blake3';
import { canonicalize, CanonicalMemo } from '../json/canonical';

/** "blake3:" + hex(BLAKE3(salt ‖ utf8(text))). */
export function commitment(saltHex: string, text: string): string {
  return hashRef(blake3Parts([Buffer.from(saltHex, 'hex'), text]));
}

export class HashFormError extends Error {}

/**
 * The own enumerable members of `src` except those in `skip`, as object spread copies them.
 * A loop rather than `{ a, b, ...rest }`: the verifier builds the hashed form of every entry,
 * and V8's rest/spread copies cost several times more.
 */
function copyExcept(src: Record<string, unknown>, skip: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    if (skip.has(k)) continue;
    // Assigning "__proto__" would set the prototype; spread defines an own member, so do that.
    if (k === '__proto__') Object.defineProperty(out, k, { value: src[k], enumerable: true, writable: true, configurable: true });
    else out[k] = src[k];
  }
  return out;
}

const NOT_HASHED = new Set(['hash', 'signature', 'salt', 'redacted', 'intent', 'author']);
const AUTHOR_NOT_HASHED = new Set(['id']);

/**
 * The object whose canonical form is hashed. Throws HashFormError when a redactable field
 * can be neither committed (no salt) nor taken from `redacted`.
 */
export function hashedForm(entry: Record<string, any>): Record<string, unknown> {
  const { salt, redacted, intent } = entry;
  const author = (entry.author ?? {}) as Record<string, unknown>;
  const recorded = (redacted ?? {}) as Record<string, unknown>;
  const commit = (field: 'intent' | 'author.id', text: unknown): string => {
    const r = recorded[field];
    if (r !== undefined) return r as string;
    if (typeof salt !== 'string') throw new HashFormError(`no salt to commit ${field} and no recorded commitment`);
    if (typeof text !== 'string') throw new HashFormError(`${field} is missing or not a string`);
    return commitment(salt, text);
  };
  const form = copyExcept(entry, NOT_HASHED);
  form.intent_commitment = commit('intent', intent);
  const hashedAuthor = copyExcept(author, AUTHOR_NOT_HASHED);
  hashedAuthor.id_commitment = commit('author.id', author.id);
  form.author = hashedAuthor;
  return form;
}

/** The 32-byte digest the entry's `hash` encodes and its signature signs. */
export const entryDigest = (entry: Record<string, any>): Buffer => blake3(canonicalize(hashedForm(entry)));
export const entryHash = (entry: Record<string, any>): string => hashRef(entryDigest(entry));

/** ast_delta_hash = BLAKE3(canonical(ast_delta)). */
export const deltaHash = (delta: unknown): string => deltaHashOfCanonical(canonicalize(delta));
export const deltaHashOfCanonical = (canonicalDelta: string): string => hashRef(blake3(canonicalDelta));

/**
 * entryDigest, plus the canonical form of the entry's ast_delta when it is an object. The
 * delta is most of an entry: serializing it once for both the entry hash and ast_delta_hash
 * saves the verifier a second walk. Same result and same errors as entryDigest (the hashed
 * form is built first, so a HashFormError still wins over a delta that cannot be encoded).
 */
export function entryDigestWithDelta(entry: Record<string, any>): { digest: Buffer; canonicalDelta?: string } {
  const form = hashedForm(entry);
  const delta: unknown = entry.ast_delta;
  if (delta === null || typeof delta !== 'object') return { digest: blake3(canonicalize(form)) };
  const canonicalDelta = canonicalize(delta);
  const memo: CanonicalMemo = new Map([[delta, canonicalDelta]]);
  return { digest: blake3(canonicalize(form, memo)), canonicalDelta };
}
