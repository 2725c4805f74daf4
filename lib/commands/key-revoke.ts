// aura key revoke <pubkey|id> --reason TEXT: end a key's validity with a signed key-revoke
// entry (admin keys only). Entries it signed before stay valid; later ones do not.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { revokeKey } from '../trust/keys';
import { afterAppend } from '../export/after-append';
import { requireRepo } from '../repo';

export const USAGE = 'aura key revoke <pubkey|key-id> --reason TEXT';
export const HELP = `usage: ${USAGE}\n\nAppends a key-revoke entry signed by the active key, which must be an admin key of this log.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } }, strict: true });
  if (positionals.length !== 1) throw new UsageError('give exactly one public key or key id', USAGE);
  if (!values.reason || !values.reason.trim()) throw new UsageError('--reason TEXT is required (it is recorded in the log)', USAGE);
  const repo = requireRepo();
  const signer = loadActiveKey();
  const { entry, revoked } = await revokeKey(repo.logPath, signer, positionals[0], values.reason.trim(), { fsyncEvery: repo.config.audit.fsync_every });
  await afterAppend(repo, entry); // continuous export and anything else that follows new entries
  process.stdout.write(`revoked ${revoked.kind} key ${revoked.keyId}: ${revoked.pubkey}\n  entry ${entry.id} ${entry.hash}, signed by ${signer.keyId}\n`);
  return 0;
}
