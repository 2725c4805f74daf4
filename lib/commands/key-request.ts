// aura key request [--kind human|agent]: ask the admins of this repository's log to register the
// active key. Writes .aura/key-requests/<key id>.pub (key id, kind, public key: nothing secret)
// and stages it, to be committed and reviewed like any file; an admin runs `aura key approve`.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { short } from '../entry/trust';
import { AuraError, UsageError } from '../errors';
import { gitRaw } from '../git/exec';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { writeRequest } from '../trust/key-requests';
import { keyStatus } from '../trust/keys';
import { loadTrust } from '../trust/load';
import { nowTs } from '../time';

export const USAGE = 'aura key request [--kind human|agent]';
export const HELP = `usage: ${USAGE}\n\nWrites the public half of the active key to .aura/key-requests/<key id>.pub and stages it.\nCommit and push it; an admin of the log runs: aura key approve <key id>\n--kind must match the active key's kind (select another key with AURA_KEY=<file>).`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { kind: { type: 'string' } }, strict: true });
  if (values.kind !== undefined && values.kind !== 'human' && values.kind !== 'agent') throw new UsageError('--kind must be human or agent', USAGE);
  const repo = requireRepo();
  const key = loadActiveKey();
  if (values.kind && values.kind !== key.kind) {
    // The kind is part of what the admin grants: a key registered with another kind than its
    // entries claim would make every one of them UNKNOWN_SIGNER.
    throw new AuraError(`the active key "${key.keyId}" is a ${key.kind} key, not ${values.kind}`, values.kind === 'agent' ? 'create one (aura key init --agent NAME) and select it: AURA_KEY=<its file> aura key request --kind agent' : 'select a human key with AURA_KEY=<file>, or create one: aura key init', 2);
  }
  const status = keyStatus((await loadTrust(repo.logPath)).state, key.pubkey);
  if (status === 'admin' || status === 'registered') {
    process.stdout.write(`your key "${key.keyId}" (${short(key.pubkey)}) is already ${status === 'admin' ? 'an admin key' : 'registered'} in this log: nothing to request\n`);
    return 0;
  }
  if (status === 'revoked') throw new AuraError(`your key "${key.keyId}" (${short(key.pubkey)}) was revoked in this log and cannot be registered again`, 'create a new key (aura key init --default), then run aura key request again', 1);
  const file = writeRequest(repo.auraDir, { key_id: key.keyId, kind: key.kind, pubkey: key.pubkey, requested_at: nowTs() });
  const rel = relative(repo.root, file).split('\\').join('/');
  gitRaw(['update-index', '--add', '--', rel], { cwd: repo.root, okCodes: [128] });
  process.stdout.write(
    `wrote ${rel} (${key.kind} key "${key.keyId}", ${key.pubkey}; no secret) and staged it\n` +
      `next:\n` +
      `  git commit -m "Request an aura key for ${key.keyId}" && git push   (or send the file to an admin: it holds only your public key)\n` +
      `  an admin of this log runs: aura key approve ${JSON.stringify(key.keyId)}\n` +
      `until then your commits are not logged (strict mode refuses them); afterwards: aura audit backfill <base>..HEAD\n`,
  );
  return 0;
}
