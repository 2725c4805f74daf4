// `aura agent allow <agent-id|glob> --paths GLOB… [--deny GLOB…] [--max-symbols N]
// [--may-add-files] [--expires 30d] --reason "…"`: a signed `agent-policy` entry (admin keys).
// The rule replaces any earlier rule for the same agent pattern whole (docs/governance.md).
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { parseExpiry } from '../time';
import { appendSigned } from '../trust/append-signed';

export const USAGE = 'aura agent allow <agent-id|glob> --paths GLOB [--paths …] [--deny GLOB …] [--max-symbols N] [--may-add-files] [--expires 30d] --reason "…"';
export const HELP = `usage: ${USAGE}\n  paths and deny are globs over repository paths: "src/**", "docs/*.md", "src/auth" (a directory)`;
export const ADMIN_FIX = 'only an admin key may change the agent policy: ask an admin to run it (aura key list shows admins)';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      paths: { type: 'string', multiple: true }, deny: { type: 'string', multiple: true }, 'max-symbols': { type: 'string' },
      'may-add-files': { type: 'boolean' }, expires: { type: 'string' }, reason: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0].trim() === '') throw new UsageError('name one agent key id (or a glob over ids, e.g. "ci-*")', USAGE);
  const paths = (values.paths ?? []).filter((p) => p.trim() !== '');
  if (paths.length === 0) throw new UsageError('say which paths the agent may change: --paths "src/**"', USAGE);
  if (!values.reason || values.reason.trim() === '') throw new UsageError('a policy change needs a reason: --reason "…"', USAGE);
  const fields: Record<string, unknown> = {
    action: 'allow', agent: positionals[0], paths, deny: (values.deny ?? []).filter((p) => p.trim() !== ''), may_add_files: values['may-add-files'] === true,
  };
  if (values['max-symbols'] !== undefined) {
    const n = Number(values['max-symbols']);
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`bad --max-symbols ${JSON.stringify(values['max-symbols'])}: a whole number ≥ 0`, USAGE);
    fields.max_symbols = n;
  }
  if (values.expires !== undefined) {
    const at = parseExpiry(values.expires);
    if (!at) throw new UsageError(`bad --expires ${JSON.stringify(values.expires)}: use e.g. 12h, 30d, 2w, or a future date 2026-12-31`, USAGE);
    fields.expires = at;
  }
  const repo = requireRepo();
  const entry = await appendSigned(repo, loadActiveKey(), 'agent-policy', values.reason.trim(), fields, ADMIN_FIX);
  process.stdout.write(`agent "${positionals[0]}" may change ${paths.join(', ')}${(fields.deny as string[]).length ? `, never ${(fields.deny as string[]).join(', ')}` : ''}` +
    `${fields.max_symbols !== undefined ? `, at most ${fields.max_symbols} symbols per commit` : ''}${fields.may_add_files ? ', may add files' : ', may not add files'}` +
    `${fields.expires ? `, until ${fields.expires}` : ''} (agent-policy entry ${entry.id})\n`);
  return 0;
}
