// The key that signs manifests (exports, archives, snapshots): the active aura key.
import type { SigningKey } from '../entry/seal';
import type { LoadedKey } from '../keys/store';

export type ManifestKey = SigningKey & { keyId?: string };

/** `k` (by default the active key, loaded now) as a manifest signer. */
export function activeManifestKey(k: LoadedKey = (require('../keys/store') as typeof import('../keys/store')).loadActiveKey()): ManifestKey {
  return { publicKey: k.signing.publicKey, sign: (m: Uint8Array) => k.signing.sign(m), keyId: k.keyId };
}
