// Checkpoints of the intent log (docs/format.md "Checkpoints"), in the C2SP tlog-checkpoint
// layout: origin, number of entries, root hash, then extension lines. The log is a DAG, not a
// Merkle tree: its root hash is BLAKE3 over its sorted tip hashes (each followed by "\n"), which
// commit to every ancestor through the chain; the tips themselves are extension lines, so a
// verifier can check that a log holds everything a checkpoint commits to.
import { blake3 } from '../crypto/blake3';
import type { KeyRecord, TrustState } from '../entry/trust';
import { ancestry, LogGraph, tipsOf } from '../omission/graph';
import { isKeyName, KnownKey } from './note';

export const ORIGIN_PREFIX = 'aura.invalid/log/';

export interface Checkpoint {
  origin: string; // ORIGIN_PREFIX + the genesis hash's hex
  size: number; // entries: the tips and all their ancestors
  root: Buffer; // BLAKE3(sorted tips, each + "\n")
  time: string; // RFC 3339, when it was made (the signer's claim; a timestamp token proves it)
  tips: string[];
}

export const originOf = (genesis: string): string => ORIGIN_PREFIX + genesis.slice('blake3:'.length);
export const rootOf = (tips: string[]): Buffer => blake3([...tips].sort().map((t) => t + '\n').join(''));

export function formatCheckpoint(c: Checkpoint): string {
  return [c.origin, String(c.size), c.root.toString('base64'), `time ${c.time}`, ...c.tips.map((t) => `tip ${t}`)].join('\n') + '\n';
}

/** The checkpoint a note's text holds; throws an Error naming what is malformed. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root, ...ext] = lines;
  if (!origin || !origin.startsWith(ORIGIN_PREFIX) || !/^[0-9a-f]{64}$/.test(origin.slice(ORIGIN_PREFIX.length))) throw new Error(`origin line is not ${ORIGIN_PREFIX}<genesis hash>`);
  if (!/^(0|[1-9][0-9]*)$/.test(size ?? '')) throw new Error('tree size line is not a decimal number');
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) throw new Error('root hash line is not base64 of 32 bytes');
  const time = ext.find((l) => l.startsWith('time '))?.slice(5);
  const tips = ext.filter((l) => l.startsWith('tip ')).map((l) => l.slice(4));
  if (!time || tips.some((t) => !/^blake3:[0-9a-f]{64}$/.test(t))) throw new Error('extension lines need "time <RFC 3339>" and "tip blake3:<hex>" lines');
  return { origin, size: Number(size), root: rootBytes, time, tips };
}

/** The checkpoint of a log now. */
export function checkpointOfLog(g: LogGraph, genesis: string, time: string): Checkpoint {
  const tips = tipsOf(g);
  return { origin: originOf(genesis), size: ancestry(g, tips).size, root: rootOf(tips), time, tips };
}

/** What the log lacks of what `c` commits to ([] when it holds all of it). */
export function problemsAgainstLog(c: Checkpoint, g: LogGraph, genesis: string | null): string[] {
  const out: string[] = [];
  if (!genesis || c.origin !== originOf(genesis)) out.push(`it is a checkpoint of another log (origin ${c.origin}, this log's genesis ${genesis ?? 'missing'})`);
  if (!rootOf(c.tips).equals(c.root)) out.push('its root hash is not the digest of its tip lines');
  const missing = c.tips.filter((t) => !g.parents.has(t));
  for (const t of missing) out.push(`the log lacks entry ${t}, a tip the checkpoint commits to`);
  if (missing.length === 0) {
    const n = ancestry(g, c.tips).size;
    if (n !== c.size) out.push(`the log holds ${n} entries up to its tips, the checkpoint says ${c.size} (entries between were removed or added)`);
  }
  return out;
}

/** The key name a key signs checkpoints with: its key_id in the log when that is a valid note key name. */
export const keyNameOf = (k: { keyId: string; pubkey: string }): string =>
  isKeyName(k.keyId) ? k.keyId : `aura.invalid/key/${k.pubkey.slice('ed25519:'.length, 'ed25519:'.length + 16)}`;

/** Keys whose checkpoint signatures count: registered in the log and not revoked, at its tips. */
export function trustedKeys(trust: TrustState): (KnownKey & { record: KeyRecord })[] {
  return [...trust.keys.values()].filter((k) => k.addedBy !== '' && !k.revoked).map((k) => ({ name: keyNameOf(k), pubkey: k.pubkey, record: k }));
}
