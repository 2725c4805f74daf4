// A per-user cache of the trust at a log's tips, so a hook does not replay a big log on every
// commit. It records where the verified prefix ended (size, and a BLAKE3 of its last 4 KiB) and
// the trust state at each tip. The log is append-only: when it has only grown, only the new
// lines are replayed (their trust entries fully verified) on top of the cached tips; anything
// else (a rewrite, a merge that inserted lines, a missing parent) replays the whole log.
//
// It lives under $XDG_CACHE_HOME/aura/trust (not in the repository, so nobody can ship a
// forged cache through Git); a state in it was computed by this verifier from a log that
// verified, so a stale entry can only be a state the log really had.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { blake3 } from '../crypto/blake3';
import type { Entry } from '../entry/types';
import { canonicalize } from '../json/canonical';
import { pread } from '../log/tail';
import type { Tip } from '../verify/types';
import { checkSigner, KeyRecord, mergeTrust, TRUST_CAPABILITIES, TrustState } from '../entry/trust';
import type { AgentRule, RuleOrigin } from '../entry/agents';
import type { ZoneClaim } from '../entry/zones';

const TAIL = 4096;

interface StoredState {
  genesis: string | null;
  keys: KeyRecord[];
  policy: TrustState['policy'];
  policyAt: TrustState['policyAt'];
  agents: { rules: AgentRule[]; fallback: { allow: boolean; at: RuleOrigin | null } };
  zones: ZoneClaim[];
}

export interface TrustCache {
  v: 2; // 2: states hold agent policy and zones
  log: string;
  size: number;
  tail: string; // hex BLAKE3 of the prefix's last TAIL bytes
  lines: number;
  genesis: string | null;
  tips: { tip: Tip; trust: number }[];
  states: StoredState[];
}

function cacheFile(logPath: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'aura', 'trust', blake3(resolve(logPath)).toString('hex').slice(0, 32) + '.json');
}

/** BLAKE3 of the `TAIL` bytes of `path` that end at `size`. */
function tailDigest(path: string, size: number): string {
  const fd = openSync(path, 'r');
  try {
    const n = Math.min(size, TAIL);
    return blake3(pread(fd, size - n, n)).toString('hex');
  } finally {
    closeSync(fd);
  }
}

const toStored = (s: TrustState): StoredState => ({
  genesis: s.genesis, keys: [...s.keys.values()], policy: s.policy, policyAt: s.policyAt,
  agents: { rules: [...s.agents.rules.values()], fallback: s.agents.fallback }, zones: [...s.zones.values()],
});
function fromStored(s: StoredState): TrustState {
  return Object.freeze({
    genesis: s.genesis,
    keys: new Map(s.keys.map((k) => [k.pubkey, Object.freeze({ ...k, ...(k.revoked ? { revoked: Object.freeze(k.revoked) } : {}) })])),
    policy: Object.freeze(s.policy),
    policyAt: s.policyAt && Object.freeze(s.policyAt),
    agents: Object.freeze({ rules: new Map(s.agents.rules.map((r) => [r.agent, Object.freeze(r)])), fallback: Object.freeze(s.agents.fallback) }),
    zones: new Map(s.zones.map((z) => [z.id, Object.freeze(z)])),
  });
}

/** The cached prefix of `logPath` if the file still starts with it; null otherwise. */
export function readTrustCache(logPath: string, size: number): { cache: TrustCache; tips: { tip: Tip; trust: TrustState }[] } | null {
  let cache: TrustCache;
  try {
    cache = JSON.parse(readFileSync(cacheFile(logPath), 'utf8')) as TrustCache;
  } catch {
    return null;
  }
  if (cache.v !== 2 || cache.log !== resolve(logPath) || cache.size > size || !Array.isArray(cache.tips)) return null;
  try {
    if (tailDigest(logPath, cache.size) !== cache.tail) return null;
  } catch {
    return null;
  }
  const states = cache.states.map(fromStored);
  return { cache, tips: cache.tips.map(({ tip, trust }) => ({ tip, trust: states[trust] })) };
}

/** Records the verified prefix; best effort (a read-only home only costs speed). */
export function writeTrustCache(logPath: string, size: number, lines: number, genesis: string | null, tips: Tip[], tipTrust: TrustState[]): void {
  const states: TrustState[] = [];
  const index = (s: TrustState) => {
    let i = states.indexOf(s);
    if (i < 0) i = states.push(s) - 1;
    return i;
  };
  const cache: TrustCache = {
    v: 2,
    log: resolve(logPath),
    size,
    tail: tailDigest(logPath, size),
    lines,
    genesis,
    tips: tips.map((tip, i) => ({ tip, trust: index(tipTrust[i]) })),
    states: [],
  };
  cache.states = states.map(toStored);
  const file = cacheFile(logPath);
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cache), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    /* no cache: the next call replays the log */
  }
}

/**
 * After this process appended `entry` as the line starting at `prevSize`, moves the cache
 * forward over it — so the next hook does not replay it — but only when nothing needs
 * verifying: the cache covered exactly the log before the append, the entry follows exactly
 * the cached tips, changes no trust, and its signer may sign it there (what a replay would
 * conclude). In every other case the cache is left alone and the next loadTrust replays.
 */
export function advanceTrustCache(logPath: string, prevSize: number, entry: Entry): void {
  const line = Buffer.from(canonicalize(entry) + '\n', 'utf8');
  const size = prevSize + line.length;
  const cached = readTrustCache(logPath, size);
  if (!cached || cached.cache.size !== prevSize || TRUST_CAPABILITIES.has(entry.capability)) return;
  const tipHashes = cached.tips.map((t) => t.tip.hash).sort();
  if (tipHashes.join() !== [...entry.parents].sort().join()) return;
  const trust = mergeTrust(cached.tips.map((t) => t.trust));
  if (checkSigner(trust, entry) !== null) return;
  const fd = openSync(logPath, 'r');
  try {
    if (!pread(fd, prevSize, line.length).equals(line)) return;
  } finally {
    closeSync(fd);
  }
  const { cache } = cached;
  writeTrustCache(logPath, size, cache.lines + 1, cache.genesis, [{ hash: entry.hash, entry: entry.id, line: cache.lines + 1 }], [trust]);
}
