// aura key add <pubkey> --id ID --kind human|agent [--admin]: register a key in this
// repository's intent log with a signed key-add entry (admin keys only).
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { addKey, parsePubkey } from '../trust/keys';
import { afterAppend } from '../export/after-append';
import { requireRepo } from '../repo';

export const USAGE = 'aura key add <pubkey> --id ID --kind human|agent [--admin]';
export const HELP = `usage: ${USAGE}\n\nAppends a key-add entry signed by the active key, which must be an admin key of this log.\nA repository without a log gets a genesis entry first, naming the active key as its admin.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { id: { type: 'string' }, kind: { type: 'string' }, admin: { type: 'boolean' } },
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one public key', USAGE);
  const pubkey = parsePubkey(positionals[0]);
  if (!pubkey) throw new AuraError(`${JSON.stringify(positionals[0])} is not an Ed25519 public key`, 'pass it as "ed25519:" + 64 hex digits, as aura key init and aura key list print it');
  if (!values.id || !values.id.trim()) throw new UsageError('--id ID is required', USAGE);
  if (values.kind !== 'human' && values.kind !== 'agent') throw new UsageError('--kind must be human or agent', USAGE);
  const repo = requireRepo();
  const signer = loadActiveKey();
  const { entry, genesis } = await addKey(repo.logPath, signer, { pubkey, keyId: values.id, kind: values.kind, admin: !!values.admin }, { fsyncEvery: repo.config.audit.fsync_every });
  // Continuous export and anything else that follows new entries sees these like any other.
  if (genesis) await afterAppend(repo, genesis);
  await afterAppend(repo, entry);
  if (genesis) process.stdout.write(`started the intent log ${repo.logPath}: genesis ${genesis.hash} names ${signer.keyId} (${signer.pubkey}) as its first admin\n`);
  process.stdout.write(`added ${values.kind} key ${values.id}${values.admin ? ' as admin' : ''}: ${pubkey}\n  entry ${entry.id} ${entry.hash}, signed by ${signer.keyId}\n`);
  return 0;
}
