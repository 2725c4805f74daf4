// aura key approve <key id> [--admin]: an admin turns a teammate's request file
// (.aura/key-requests/<key id>.pub, see `aura key request`) into a signed key-add entry, and
// removes the file (staged, so the commit that carries the entry also drops the request).
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { afterAppend } from '../export/after-append';
import { gitRaw } from '../git/exec';
import { loadActiveKey } from '../keys/store';
import { logPathInRepo } from '../hooks/fold';
import { requireRepo } from '../repo';
import { listRequests, readRequest, removeRequest, requestPath } from '../trust/key-requests';
import { addKey } from '../trust/keys';

export const USAGE = 'aura key approve <key id> [--admin]';
export const HELP = `usage: ${USAGE}\n\nRegisters the key requested in .aura/key-requests/<key id>.pub with a key-add entry signed by the\nactive key (an admin key of this log), then removes the request file. --admin grants the admin role.`;

/** The request file for `keyId`: by its file name, else by the key_id inside a file. */
function findRequest(auraDir: string, keyId: string): string {
  const direct = requestPath(auraDir, keyId);
  if (existsSync(direct)) return direct;
  const all = listRequests(auraDir);
  const hit = all.find((r) => r.request?.key_id === keyId);
  if (hit) return hit.file;
  const pending = all.map((r) => r.request?.key_id ?? r.file);
  throw new AuraError(
    `no key request for ${JSON.stringify(keyId)} in .aura/key-requests/${pending.length ? ` (pending: ${pending.join(', ')})` : ' (none pending)'}`,
    'fetch and merge the branch that carries it (git pull), or see: aura key list',
    1,
  );
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { admin: { type: 'boolean' } }, strict: true });
  if (positionals.length !== 1) throw new UsageError('give exactly one key id (aura key list shows pending requests)', USAGE);
  const repo = requireRepo();
  const file = findRequest(repo.auraDir, positionals[0]);
  const req = readRequest(file);
  const signer = loadActiveKey();
  const { entry } = await addKey(repo.logPath, signer, { pubkey: req.pubkey, keyId: req.key_id, kind: req.kind, admin: !!values.admin }, { fsyncEvery: repo.config.audit.fsync_every });
  await afterAppend(repo, entry);
  removeRequest(file);
  // Stage both: the removal and the entry go into the admin's next commit together.
  const rel = relative(repo.root, file).split('\\').join('/');
  gitRaw(['update-index', '--remove', '--', rel], { cwd: repo.root, okCodes: [128] });
  const logRel = logPathInRepo(repo);
  if (logRel) gitRaw(['update-index', '--add', '--', logRel], { cwd: repo.root, okCodes: [128] });
  process.stdout.write(
    `approved ${req.kind} key ${req.key_id}${values.admin ? ' as admin' : ''}: ${req.pubkey}\n` +
      `  entry ${entry.id} ${entry.hash}, signed by ${signer.keyId}; removed ${rel}\n` +
      `  both are staged: commit and push them (e.g. git commit -m "Approve aura key for ${req.key_id}")\n`,
  );
  return 0;
}
