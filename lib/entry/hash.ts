// SPEC.md "Hash and signature": the hashed form replaces the redactable fields (intent,
// author.id) with salted commitments, so retention can later redact them without breaking
// the chain. A redacted entry has no salt; its `redacted` member holds the commitments.
import { blake3, blake3Parts, hashRef } from '../crypto/blake3';
import { canonicalize } from '../json/canonical';

/** "blake3:" + hex(BLAKE3(salt ‖ utf8(text))). */
export function commitment(saltHex: string, text: string): string {
  return hashRef(blake3Parts([Buffer.from(saltHex, 'hex'), text]));
}

export class HashFormError extends Error {}

/**
 * The object whose canonical form is hashed. Throws HashFormError when a redactable field
 * can be neither committed (no salt) nor taken from `redacted`.
 */
export function hashedForm(entry: Record<string, any>): Record<string, unknown> {
  const { hash: _h, signature: _s, salt, redacted, intent, author, ...rest } = entry;
  const recorded = (redacted ?? {}) as Record<string, unknown>;
  const commit = (field: 'intent' | 'author.id', text: unknown): string => {
    const r = recorded[field];
    if (r !== undefined) return r as string;
    if (typeof salt !== 'string') throw new HashFormError(`no salt to commit ${field} and no recorded commitment`);
    if (typeof text !== 'string') throw new HashFormError(`${field} is missing or not a string`);
    return commitment(salt, text);
  };
  const { id: authorId, ...authorRest } = (author ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    intent_commitment: commit('intent', intent),
    author: { ...authorRest, id_commitment: commit('author.id', authorId) },
  };
}

/** The 32-byte digest the entry's `hash` encodes and its signature signs. */
export const entryDigest = (entry: Record<string, any>): Buffer => blake3(canonicalize(hashedForm(entry)));
export const entryHash = (entry: Record<string, any>): string => hashRef(entryDigest(entry));

/** ast_delta_hash = BLAKE3(canonical(ast_delta)). */
export const deltaHash = (delta: unknown): string => hashRef(blake3(canonicalize(delta)));
