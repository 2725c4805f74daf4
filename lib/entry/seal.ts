// Turning a draft into a signed entry: id, timestamp, fresh salt, hash, signature.
import { randomBytes } from 'node:crypto';
import { hashRef } from '../crypto/blake3';
import { pubkeyRef, signatureRef } from '../crypto/ed25519';
import { newId } from '../ids';
import { nowTs } from '../time';
import { entryDigest } from './hash';
import { Draft, Entry, ENVELOPE_FIELDS } from './types';

export interface SigningKey {
  publicKey: Buffer;
  sign(msg: Uint8Array): Buffer;
}

export function sealEntry(draft: Draft, key: SigningKey, now = Date.now()): Entry {
  if (typeof draft.intent !== 'string' || draft.intent.trim() === '') throw new Error('an entry needs a non-empty intent');
  for (const k of Object.keys(draft.fields ?? {})) {
    if (ENVELOPE_FIELDS.has(k)) throw new Error(`capability field "${k}" collides with an envelope field`);
  }
  const entry: Record<string, unknown> = {
    version: 1,
    id: newId(now),
    ts: nowTs(now),
    author: { ...draft.author, pubkey: pubkeyRef(key.publicKey) },
    capability: draft.capability,
    intent: draft.intent,
    salt: randomBytes(16).toString('hex'),
    parents: [...draft.parents],
    ...draft.fields,
  };
  const digest = entryDigest(entry);
  entry.hash = hashRef(digest);
  entry.signature = signatureRef(key.sign(digest));
  return entry as unknown as Entry;
}
