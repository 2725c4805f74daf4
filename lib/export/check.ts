// What can be checked about exported entries from the export alone: each line is one
// canonical JSON entry whose hash recomputes and whose signature verifies under its
// author.pubkey. (Whether that key was trusted, and whether the chain is complete, is what
// `aura audit verify` checks over a whole log.)
import { isPubkeyRef, isSignatureRef, refBytes, verify } from '../crypto/ed25519';
import { isHashRef, hashBytes } from '../crypto/blake3';
import { entryDigest } from '../entry/hash';
import type { Entry } from '../entry/types';
import { canonicalize } from '../json/canonical';
import { parseStrictJson } from '../json/strict-parse';

/** The entry on `line`, or the reason it does not stand on its own. */
export function checkEntryLine(line: string): { entry?: Entry; problem?: string } {
  let entry: Entry;
  try {
    entry = parseStrictJson(line) as Entry;
  } catch (e) {
    return { problem: `not JSON: ${(e as Error).message}` };
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { problem: 'not a JSON object' };
  try {
    if (canonicalize(entry) !== line) return { entry, problem: 'not in canonical (RFC 8785) form: the exported bytes were changed' };
  } catch (e) {
    return { entry, problem: `cannot be canonicalized: ${(e as Error).message}` };
  }
  if (!isHashRef(entry.hash)) return { entry, problem: 'hash is missing or malformed' };
  let digest: Buffer;
  try {
    digest = entryDigest(entry);
  } catch (e) {
    return { entry, problem: `cannot recompute the hash: ${(e as Error).message}` };
  }
  if (!digest.equals(hashBytes(entry.hash))) return { entry, problem: 'HASH_MISMATCH: the entry does not hash to its hash field' };
  const pub = entry.author?.pubkey;
  if (!isPubkeyRef(pub) || !isSignatureRef(entry.signature)) return { entry, problem: 'author.pubkey or signature is missing or malformed' };
  if (!verify(refBytes(pub), digest, refBytes(entry.signature))) return { entry, problem: 'SIGNATURE_INVALID: the signature does not verify under author.pubkey' };
  return { entry };
}
