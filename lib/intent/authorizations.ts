// Open `authorize-delete` entries: signed by a registered, unrevoked HUMAN key (hash and
// signature checked here — a line typed into the file authorizes nothing), not consumed by
// any `commit` entry's `authorizations`. Expiry is judged by checkIntent against its clock.
// signedByHuman is also how secret overrides are checked (lib/secrets/overrides.ts).
import { hashBytes } from '../crypto/blake3';
import { refBytes, verify } from '../crypto/ed25519';
import { entryHash } from '../entry/hash';
import type { Entry } from '../entry/types';
import { readEntries } from '../log/read';
import type { TrustState } from '../entry/trust';
import type { Authorization } from './check';

export function signedByHuman(entry: Entry, trust: TrustState): boolean {
  const key = trust.keys.get(entry.author.pubkey);
  if (!key || key.revoked || key.kind !== 'human' || entry.author.kind !== 'human') return false;
  try {
    if (entryHash(entry) !== entry.hash) return false;
    return verify(refBytes(entry.author.pubkey), hashBytes(entry.hash), refBytes(entry.signature));
  } catch {
    return false;
  }
}

/**
 * `reopen`: hashes to count as open even though an entry consumed them (the entries a rewritten commit supersedes).
 * `forEntry`: the hash of a commit entry being re-checked; what it consumed stays open for it.
 */
export async function openAuthorizations(logPath: string, trust: TrustState, reopen: string[] = [], forEntry?: string): Promise<Authorization[]> {
  const candidates: Authorization[] = [];
  const consumed = new Set<string>();
  for await (const { entry } of readEntries(logPath)) {
    if (entry.capability === 'commit' && Array.isArray(entry.authorizations) && entry.hash !== forEntry) {
      for (const h of entry.authorizations) if (typeof h === 'string') consumed.add(h);
    } else if (entry.capability === 'authorize-delete' && Array.isArray(entry.targets) && signedByHuman(entry, trust)) {
      const key = trust.keys.get(entry.author.pubkey)!;
      candidates.push({
        hash: entry.hash,
        id: entry.id,
        keyId: key.keyId,
        targets: entry.targets.filter((t): t is string => typeof t === 'string'),
        ...(typeof entry.expires === 'string' ? { expires: entry.expires } : {}),
      });
    }
  }
  for (const h of reopen) consumed.delete(h);
  return candidates.filter((a) => !consumed.has(a.hash));
}
