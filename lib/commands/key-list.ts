// aura key list: the keys on this machine (id, kind, public key, file; the active one marked)
// and, inside a repository with an intent log, each key's standing in that log.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatError } from '../errors';
import { activeKeyFile, defaultKeyFile, KeyInfo, keyInfo, keysDir, listKeys } from '../keys/store';
import { findRepo } from '../repo';
import type { TrustState } from '../entry/trust';

export const USAGE = 'aura key list';
export const HELP = `usage: ${USAGE}\n\nLists your keys (* marks the one aura signs with) and, in a repository, their status in its log.`;

async function logTrust(): Promise<{ logPath: string; state: TrustState } | { logPath: string; error: string } | null> {
  const repo = findRepo();
  if (!repo || !existsSync(repo.logPath)) return null;
  try {
    const { loadTrust } = require('../trust/load') as typeof import('../trust/load');
    return { logPath: repo.logPath, state: (await loadTrust(repo.logPath)).state };
  } catch (e) {
    return { logPath: repo.logPath, error: formatError(e) };
  }
}

/** The key requests waiting in .aura/key-requests/ (aura key request), with the command that approves each. */
function pendingRequests(auraDir: string, state: TrustState | null): string[] {
  const { listRequests } = require('../trust/key-requests') as typeof import('../trust/key-requests');
  const { keyStatus } = require('../trust/keys') as typeof import('../trust/keys');
  const reqs = listRequests(auraDir);
  if (reqs.length === 0) return [];
  const out = ['\npending key requests (.aura/key-requests/):'];
  for (const r of reqs) {
    if (!r.request) {
      out.push(`  ${r.file}: unreadable: ${r.error}`);
      continue;
    }
    const st = state ? keyStatus(state, r.request.pubkey) : 'unknown';
    const note = st === 'unknown' ? `approve: aura key approve ${JSON.stringify(r.request.key_id)} [--admin]` : `already ${st} in this log: the file can be removed`;
    out.push(`  ${r.request.key_id}  ${r.request.kind}  ${r.request.pubkey}${r.request.requested_at ? `  requested ${r.request.requested_at}` : ''}\n    ${note}`);
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const { keyStatus } = require('../trust/keys') as typeof import('../trust/keys');
  const keys: KeyInfo[] = listKeys();
  const active = activeKeyFile();
  const dflt = defaultKeyFile();
  let activeNote = '';
  if (active && !keys.some((k) => k.file === active)) {
    try {
      keys.push(keyInfo(active)); // AURA_KEY naming a file outside the keys directory
    } catch (e) {
      activeNote = `AURA_KEY: ${formatError(e)}\n`;
    }
  }
  const trust = await logTrust();
  const out: string[] = [];
  if (keys.length === 0) out.push(`no keys in ${keysDir()}\n  run: aura key init`);
  else out.push(`keys (* = the one aura signs with):`);
  for (const k of keys) {
    const tags = [k.file === dflt ? 'default' : '', k.file === active && process.env.AURA_KEY ? 'AURA_KEY' : ''].filter(Boolean);
    const status = trust && 'state' in trust ? `  ${keyStatus(trust.state, k.pubkey)} in this log` : '';
    out.push(`${k.file === active ? '*' : ' '} ${k.keyId}  ${k.kind}  ${k.pubkey}${tags.length ? `  (${tags.join(', ')})` : ''}${status}\n    ${k.file}`);
  }
  if (activeNote) out.push(activeNote.trimEnd());
  if (trust && 'error' in trust) out.push(`cannot read the trust state of ${trust.logPath}:\n  ${trust.error}`);
  if (trust && 'state' in trust) {
    out.push(`\nkeys registered in ${trust.logPath}:`);
    const records = [...trust.state.keys.values()].filter((r) => keyStatus(trust.state, r.pubkey) !== 'unknown');
    if (records.length === 0) out.push('  (none: the log has no genesis entry)');
    for (const r of records) {
      const st = keyStatus(trust.state, r.pubkey);
      out.push(`  ${r.keyId}  ${r.kind}  ${st}  ${r.pubkey}${r.revoked ? `  (revoked ${r.revoked.ts}: ${r.revoked.reason})` : ''}`);
    }
  }
  const repo = findRepo();
  if (repo) out.push(...pendingRequests(repo.auraDir, trust && 'state' in trust ? trust.state : null));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
