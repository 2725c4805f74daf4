// `aura zone claim <glob>… --reason "…" [--expires 4h] [--block]`: a `zone-claim` entry signed
// by the claimant. Others committing inside get a warning (with --block, or in strict mode, a
// refusal unless they hold an admin key). Coordination, not access control (docs/governance.md).
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { parseExpiry } from '../time';
import { appendSigned } from '../trust/append-signed';

export const USAGE = 'aura zone claim <glob>… --reason "…" [--expires 4h] [--block]';
export const HELP = `usage: ${USAGE}\n  globs over repository paths: "src/auth/**", "docs/*.md", "src/auth" (a directory)`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { reason: { type: 'string' }, expires: { type: 'string' }, block: { type: 'boolean' } },
  });
  const paths = positionals.filter((p) => p.trim() !== '');
  if (paths.length === 0) throw new UsageError('name at least one path or glob to claim', USAGE);
  if (!values.reason || values.reason.trim() === '') throw new UsageError('say why: --reason "…"', USAGE);
  const fields: Record<string, unknown> = { paths, block: values.block === true };
  if (values.expires !== undefined) {
    const at = parseExpiry(values.expires);
    if (!at) throw new UsageError(`bad --expires ${JSON.stringify(values.expires)}: use e.g. 90m, 4h, 2d, or a future date`, USAGE);
    fields.expires = at;
  }
  const repo = requireRepo();
  const entry = await appendSigned(repo, loadActiveKey(), 'zone-claim', values.reason.trim(), fields,
    'sign with a key registered in this log (aura key list; an admin adds keys with aura key add)');
  process.stdout.write(`claimed ${paths.join(', ')} as zone ${entry.id}${fields.block ? ' (blocking)' : ''}${fields.expires ? ` until ${fields.expires}` : ''}; ` +
    `it travels with the log (commit and push it); release it with: aura zone release ${entry.id}\n`);
  return 0;
}
