// aura audit erase-identity <author-id> [--dry-run]: GDPR Art. 17. Replaces the author id in
// every entry it signed, and every mention of it in any intent, by one stable token, logged
// by an admin-signed `redact` entry. Hashes, signatures and the chain stay valid.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { requireLog } from '../export/source';
import { tokenFor, tokenKey } from '../retention/pii';
import { applyRedactions, planRedactions, tokenKeyPath } from '../retention/redact';
import { requireRepo } from '../repo';

export const USAGE = 'aura audit erase-identity <author-id> [--dry-run]';
export const HELP = `usage: ${USAGE}\n  needs an admin key; key ids in genesis/key-add entries are not redactable (SPEC.md v1)`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError('name one author id', USAGE);
  const id = positionals[0];
  if (/^\[author:[0-9a-f]{12}\]$/.test(id)) throw new UsageError(`${id} is already an erased identity`, USAGE);
  const repo = requireRepo();
  requireLog(repo.logPath);
  const token = tokenFor(tokenKey(tokenKeyPath(repo)), 'author', id);
  const plan = await planRedactions(repo.logPath, (e) => {
    const signed = e.author?.id === id;
    const mentioned = typeof e.intent === 'string' && e.intent.includes(id);
    if (!signed && !mentioned) return null;
    return { authorId: signed ? token : undefined, intent: mentioned ? e.intent.split(id).join(token) : undefined };
  });
  if (plan.changes.size === 0) throw new AuraError(`no entry of ${repo.logPath} was signed by or mentions ${JSON.stringify(id)}`, 'check the id with: aura intent export');
  if (values['dry-run']) {
    process.stdout.write(`would replace ${JSON.stringify(id)} by ${token} in ${plan.changes.size} entries\n`);
    return 0;
  }
  const { redactEntries } = await applyRedactions(repo, plan, `erase an identity (GDPR Art. 17) from ${plan.changes.size} entries; now ${token}`);
  process.stdout.write(`replaced the identity by ${token} in ${plan.changes.size} entries; logged by ${redactEntries.map((e) => e.id).join(', ')}\n`);
  return 0;
}
