// `aura intent authorize-delete <path:symbol|glob>… --reason "…" [--expires 7d]`: lets the
// next commit(s) in strict mode remove the named symbols. Human keys only; consumed once.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { isValidTarget } from '../intent/glob';
import { appendSigned } from '../trust/append-signed';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { nowTs, parseDuration } from '../time';

export const USAGE = 'aura intent authorize-delete <file:Symbol|glob>… --reason "why" [--expires 7d]';
export const HELP = `usage: ${USAGE}\n  targets: "src/a.ts:Class.method", "src/a.ts:*" (one name level), "src/legacy/**", or a file path for all its symbols`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { reason: { type: 'string' }, expires: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('name at least one symbol path or glob', USAGE);
  const bad = positionals.find((t) => !isValidTarget(t));
  if (bad !== undefined) throw new UsageError(`empty target ${JSON.stringify(bad)}`, USAGE);
  if (!values.reason || values.reason.trim() === '') throw new UsageError('a deletion needs a reason: --reason "…"', USAGE);
  const fields: Record<string, unknown> = { targets: positionals };
  if (values.expires !== undefined) {
    const ms = parseDuration(values.expires);
    if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`bad --expires ${JSON.stringify(values.expires)}: use e.g. 90m, 12h, 7d, 2w`, USAGE);
    fields.expires = nowTs(Date.now() + ms);
  }
  const repo = requireRepo();
  const key = loadActiveKey();
  if (key.kind !== 'human') {
    throw new AuraError(`key "${key.keyId}" is an agent key: an agent can never authorize a deletion`, 'a human runs this command with their own key (AURA_KEY=<human key file>)');
  }
  const entry = await appendSigned(repo, key, 'authorize-delete', values.reason.trim(), fields,
    'sign with a human key registered in this log (aura key list; an admin adds keys with aura key add)');
  process.stdout.write(`authorized deleting ${positionals.join(', ')} (${entry.id}${fields.expires ? `, expires ${fields.expires}` : ''}); the next commit that removes them consumes it\n`);
  return 0;
}
