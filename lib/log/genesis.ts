// A new log starts with a `genesis` entry, self-signed by the first admin key (SPEC.md → Trust).
import { statSync } from 'node:fs';
import { sealEntry } from '../entry/seal';
import { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { draftAuthor, LoadedKey } from '../keys/store';
import { appendToLog, AppendOptions } from './append';

function logIsEmpty(logPath: string): boolean {
  try {
    return statSync(logPath).size === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

/** The genesis entry naming `key` as the first admin, ready to append to an empty log. */
export function sealGenesis(key: LoadedKey): Entry {
  return sealEntry(
    {
      capability: 'genesis',
      intent: `start the intent log; first admin key ${key.keyId}`,
      author: draftAuthor(key),
      parents: [],
      fields: { key: key.pubkey, key_id: key.keyId, key_kind: 'human', roles: ['admin'] },
    },
    key.signing,
  );
}

/**
 * If the log is missing or empty, appends a genesis entry signed by `key` (a human key) and
 * returns it; otherwise returns null and changes nothing. Checked again under the lock, so two
 * processes starting the same log produce one genesis.
 */
export async function ensureGenesis(logPath: string, key: LoadedKey, opts?: AppendOptions): Promise<Entry | null> {
  if (!logIsEmpty(logPath)) return null;
  if (key.kind !== 'human') {
    throw new AuraError(
      `the intent log ${logPath} does not exist yet, and its first entry must be signed by a human key; the active key ${key.keyId} is an agent key`,
      'create or select a human key (aura key init, or AURA_KEY=<file>) and run the command again',
    );
  }
  const [entry] = await appendToLog(logPath, (state) => (state.size > 0 ? null : [sealGenesis(key)]), opts);
  return entry ?? null;
}
