// The key that signs manifests (exports, archives, snapshots): the active aura key.
import type { SigningKey } from '../entry/seal';

export type ManifestKey = SigningKey & { keyId?: string };

export function activeManifestKey(): ManifestKey {
  const { loadActiveKey } = require('../keys/store') as typeof import('../keys/store');
  const k = loadActiveKey();
  return { publicKey: k.signing.publicKey, sign: (m: Uint8Array) => k.signing.sign(m), keyId: k.keyId };
}
