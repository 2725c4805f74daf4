// `aura pr-review export --pr N | --range <base>..<head>`: the recorded review — its signed
// `review` entry (with hash and signature, checked here against the log's trust) and the
// report it digests, when this clone kept it (the clone that ran --record).
import { parseArgs } from 'node:util';
import { hashBytes } from '../crypto/blake3';
import { refBytes, verify } from '../crypto/ed25519';
import { entryHash } from '../entry/hash';
import { checkSigner } from '../entry/trust';
import { AuraError, UsageError } from '../errors';
import { requireRepo } from '../repo';
import { findReview } from '../review/record';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura pr-review export --pr N | --range <base>..<head>';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { pr: { type: 'string' }, range: { type: 'string' } } });
  if ((values.pr === undefined) === (values.range === undefined)) throw new UsageError('give --pr N or --range <base>..<head>', USAGE);
  const pr = values.pr === undefined ? undefined : Number(values.pr);
  const repo = requireRepo();
  const found = await findReview(repo, { pr, range: values.range });
  if (!found) {
    throw new AuraError(`no review recorded for ${pr !== undefined ? `PR #${pr}` : `range ${values.range}`}`, 'record one: aura pr-review <base>..<head> --record --pr N');
  }
  const { entry, report } = found;
  const { state } = await loadTrust(repo.logPath);
  let signature = false;
  try {
    signature = entryHash(entry) === entry.hash && verify(refBytes(entry.author.pubkey), hashBytes(entry.hash), refBytes(entry.signature));
  } catch {
    signature = false;
  }
  const signer = checkSigner(state, entry);
  process.stdout.write(JSON.stringify({ entry, verified: { hash_and_signature: signature, signer: signer ?? 'registered key' }, report }, null, 2) + '\n');
  return signature && !signer ? 0 : 1;
}
