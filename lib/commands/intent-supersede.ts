// aura intent supersede <intent-id> "corrected intent": appends a `supersede` entry naming the
// entry it corrects. The corrected entry is never changed or removed; readers show both.
import { parseArgs } from 'node:util';
import { isHashRef } from '../crypto/blake3';
import type { Entry } from '../entry/types';
import { AuraError, UsageError } from '../errors';
import { isId } from '../ids';
import { appendSigned } from '../trust/append-signed';
import { loadActiveKey } from '../keys/store';
import { requireLog } from '../export/source';
import { requireRepo } from '../repo';

export const USAGE = 'aura intent supersede <intent-id> "the corrected intent"';
export const HELP = `usage: ${USAGE}\n  the id (in_…) or hash (blake3:…) of the entry to correct; the correction is signed by your key`;

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 2) throw new UsageError('name the entry and give the corrected intent', USAGE);
  const [ref, text] = positionals;
  if (!isId(ref) && !isHashRef(ref)) throw new UsageError(`${JSON.stringify(ref)} is neither an intent id (in_ + 26 characters) nor an entry hash`, USAGE);
  if (text.trim() === '') throw new UsageError('the corrected intent is empty', USAGE);
  const repo = requireRepo();
  requireLog(repo.logPath);
  const target = await findEntry(repo.logPath, ref);
  if (!target) throw new AuraError(`no entry ${ref} in ${repo.logPath}`, 'list entries with: aura intent export');
  if (target.capability === 'genesis') throw new AuraError(`${ref} is the genesis entry: it states no intent to correct`);
  const key = loadActiveKey();
  const entry = await appendSigned(repo, key, 'supersede', text.trim(), { supersedes: target.hash },
    'sign with a key registered in this log (aura key list; an admin adds keys with aura key add)');
  process.stdout.write(`${entry.id} supersedes ${target.id}: "${text.trim()}"\n  (${target.id} stays in the log as it was; readers show it with this correction)\n`);
  return 0;
}

async function findEntry(logPath: string, ref: string): Promise<Entry | null> {
  const { readEntries } = require('../log/read') as typeof import('../log/read');
  const field = isId(ref) ? 'id' : 'hash';
  let found: Entry | null = null;
  // The last match wins: ids are unique in a sound log, and verify reports ID_REUSED otherwise.
  for await (const { entry } of readEntries(logPath)) if (entry[field] === ref) found = entry;
  return found;
}
