// aura audit snapshot <path>: writes a legal-hold snapshot — the whole log (archives included)
// in one signed file, verifiable without the repository: aura audit verify --snapshot <path>.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { requireLog } from '../export/source';
import { activeManifestKey } from '../export/signing';
import { writeSnapshot } from '../snapshot/snapshot';
import { requireRepo } from '../repo';

export const USAGE = 'aura audit snapshot <path> [--force]';
export const HELP = `usage: ${USAGE}\n  verify it anywhere with: aura audit verify --snapshot <path> [--trust-genesis HASH]`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('name the snapshot file to write', USAGE);
  const out = positionals[0];
  if (existsSync(out) && !values.force) throw new AuraError(`${out} exists`, 'a snapshot is evidence: choose a new name, or pass --force to replace it');
  const repo = requireRepo();
  requireLog(repo.logPath);
  const m = await writeSnapshot(repo.logPath, out, activeManifestKey(), basename(repo.root));
  process.stdout.write(
    `snapshot of ${m.count} entries written to ${out}\n  genesis ${m.genesis}\n  tips ${(m.tips as string[]).join(', ')}\n  signed by ${m.signer.pubkey}${m.signer.key_id ? ` (${m.signer.key_id})` : ''}\nverify it anywhere with: aura audit verify --snapshot ${out} --trust-genesis ${m.genesis}\n`,
  );
  return 0;
}
