// Changing who may sign: `key-add` and `key-revoke` entries, signed by the active key and
// refused before anything is written unless the trust state at the log's tips says that key
// is a valid admin (the verifier would otherwise report the entry as UNKNOWN_SIGNER).
import { publicKeyObject, refBytes } from '../crypto/ed25519';
import { KeyRecord, short, TrustState } from '../entry/trust';
import { AuthorKind, Entry } from '../entry/types';
import { AuraError } from '../errors';
import type { LoadedKey } from '../keys/store';
import type { AppendOptions } from '../log/append';
import { ensureGenesis } from '../log/genesis';
import { appendTrusted } from './append-signed';

export type KeyStatus = 'admin' | 'registered' | 'revoked' | 'unknown';

/** A key's standing in a log's trust state. */
export function keyStatus(state: TrustState, pubkey: string): KeyStatus {
  const rec = state.keys.get(pubkey);
  if (!rec || (rec.addedBy === '' && !rec.revoked)) return 'unknown';
  if (rec.revoked) return 'revoked';
  return rec.admin ? 'admin' : 'registered';
}

/** "ed25519:<64 hex>" (or the bare hex) → the canonical reference, or null when it is no Ed25519 public key. */
export function parsePubkey(s: string): string | null {
  const m = /^(?:ed25519:)?([0-9a-fA-F]{64})$/.exec(s.trim());
  if (!m) return null;
  const ref = 'ed25519:' + m[1].toLowerCase();
  return publicKeyObject(refBytes(ref)) ? ref : null; // null for a non-canonical encoding too
}

/** The refusal when the trust rules do not let `signer` sign what it is `doing`. */
const refusal = (signer: LoadedKey, doing: string) => (reason: string): AuraError =>
  new AuraError(
    `refused: the active key ${signer.keyId} (${short(signer.pubkey)}) may not ${doing}: ${reason}`,
    'ask an admin of this log to run it, or select an admin key with AURA_KEY=<key file>',
    1,
  );

export interface AddKeyRequest {
  pubkey: string;
  keyId: string;
  kind: AuthorKind;
  admin: boolean;
}

/**
 * Appends a `key-add` entry for `req`, signed by `signer`. A log that does not exist yet is
 * first started with a genesis entry naming `signer` as its first admin.
 */
export async function addKey(logPath: string, signer: LoadedKey, req: AddKeyRequest, opts?: AppendOptions): Promise<{ entry: Entry; genesis: Entry | null }> {
  const genesis = await ensureGenesis(logPath, signer, opts);
  const entry = await appendTrusted(
    logPath,
    signer,
    (state) => {
      const existing = state.keys.get(req.pubkey);
      const status = keyStatus(state, req.pubkey);
      if (status === 'revoked') {
        throw new AuraError(`key ${short(req.pubkey)} (${existing!.keyId}) was revoked (${existing!.revoked!.reason}); a revoked key cannot be added again`, 'create a new key (aura key init) and add that one', 1);
      }
      if (status !== 'unknown') {
        throw new AuraError(`key ${short(req.pubkey)} is already registered in this log as ${existing!.keyId} (${existing!.kind}${existing!.admin ? ', admin' : ''})`, 'nothing to do; to change its roles, revoke it and add a new key', 1);
      }
      return {
        capability: 'key-add',
        intent: `add ${req.kind} key ${req.keyId}${req.admin ? ' as admin' : ''}`,
        fields: { key: req.pubkey, key_id: req.keyId, key_kind: req.kind, roles: req.admin ? ['admin'] : [] },
      };
    },
    refusal(signer, 'add keys'),
    opts,
  );
  return { entry, genesis };
}

/** The registered, unrevoked key `target` names (a public key, or a key id), or a clear error. */
function resolveTarget(state: TrustState, target: string): KeyRecord {
  const pubkey = parsePubkey(target);
  if (pubkey) {
    const rec = state.keys.get(pubkey);
    if (!rec || keyStatus(state, pubkey) === 'unknown') throw new AuraError(`key ${short(pubkey)} is not registered in this log`, 'run: aura key list   to see the keys this log knows', 1);
    if (rec.revoked) throw new AuraError(`key ${short(pubkey)} (${rec.keyId}) is already revoked (${rec.revoked.reason}, at ${rec.revoked.ts})`, undefined, 1);
    return rec;
  }
  const all = [...state.keys.values()].filter((k) => k.keyId === target && k.addedBy !== '');
  const live = all.filter((k) => !k.revoked);
  if (live.length === 1) return live[0];
  if (live.length > 1) {
    throw new AuraError(`key id ${target} names ${live.length} registered keys: ${live.map((k) => k.pubkey).join(', ')}`, 'pass the public key of the one to revoke instead of its id', 1);
  }
  if (all.length > 0) throw new AuraError(`every key with id ${target} is already revoked`, undefined, 1);
  const ids = [...new Set([...state.keys.values()].filter((k) => !k.revoked && k.addedBy !== '').map((k) => k.keyId))];
  throw new AuraError(`no key with id ${JSON.stringify(target)} is registered in this log${ids.length ? ` (registered: ${ids.join(', ')})` : ''}`, 'pass a registered key id or public key; run: aura key list', 1);
}

/** Appends a `key-revoke` entry for `target` (public key or key id), signed by `signer`. */
export async function revokeKey(logPath: string, signer: LoadedKey, target: string, reason: string, opts?: AppendOptions): Promise<{ entry: Entry; revoked: KeyRecord }> {
  let revoked: KeyRecord | undefined;
  const entry = await appendTrusted(
    logPath,
    signer,
    (state) => {
      if (state.genesis === null) throw new AuraError(`the intent log ${logPath} has no genesis entry, so no key is registered to revoke`, undefined, 1);
      const rec = resolveTarget(state, target);
      const adminsLeft = [...state.keys.values()].filter((k) => k.admin && !k.revoked && k.addedBy !== '' && k.pubkey !== rec.pubkey);
      if (rec.admin && adminsLeft.length === 0) {
        throw new AuraError(`refused: ${rec.keyId} is the last admin key of this log; revoking it would leave nobody able to add, revoke or set policy`, 'add another admin first: aura key add <pubkey> --id ID --kind human --admin', 1);
      }
      revoked = rec;
      return { capability: 'key-revoke', intent: `revoke ${rec.kind} key ${rec.keyId}: ${reason}`, fields: { key: rec.pubkey, reason } };
    },
    refusal(signer, 'revoke keys'),
    opts,
  );
  return { entry, revoked: revoked! };
}
