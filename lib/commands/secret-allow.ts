// `aura secret allow <fingerprint> --reason "…" [--expires 7d]`: records that a finding of the
// secret scan is not a secret (a test fixture, a revoked key) as a signed `secret-override`
// entry: the rule, the path, a salted fingerprint and the reason. Human keys only. The
// finding is looked up in the staged changes, where the refused commit left it.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { overrideFields } from '../secrets/overrides';
import { scanStaged } from '../secrets/scan';
import { nowTs, parseDuration } from '../time';
import { appendSigned } from '../trust/append-signed';

export const USAGE = 'aura secret allow <fingerprint> --reason "why this is not a secret" [--expires 7d]';
export const HELP = `usage: ${USAGE}\n  the fingerprint (sfp_…) is printed by the refused commit and by aura secret scan`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { reason: { type: 'string' }, expires: { type: 'string' } },
  });
  if (positionals.length !== 1 || !/^sfp_[0-9a-f]{24}$/.test(positionals[0])) throw new UsageError('name one finding fingerprint (sfp_ and 24 hex digits)', USAGE);
  if (!values.reason || values.reason.trim() === '') throw new UsageError('an override needs a reason: --reason "…"', USAGE);
  let expires: string | undefined;
  if (values.expires !== undefined) {
    const ms = parseDuration(values.expires);
    if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`bad --expires ${JSON.stringify(values.expires)}: use e.g. 90m, 12h, 7d, 2w`, USAGE);
    expires = nowTs(Date.now() + ms);
  }
  const repo = requireRepo();
  const key = loadActiveKey();
  if (key.kind !== 'human') {
    throw new AuraError(`key "${key.keyId}" is an agent key: an agent can never override the secret scan`, 'a human reviews the finding and runs this command with their own key');
  }
  const finding = (await scanStaged(repo)).find((f) => f.fingerprint === positionals[0]);
  if (!finding) {
    throw new AuraError(`no staged change holds a finding with fingerprint ${positionals[0]}`, 'stage the file the commit was refused for (git add), check with aura secret scan, then run this again');
  }
  const entry = await appendSigned(repo, key, 'secret-override', values.reason.trim(), overrideFields(finding, randomBytes(16).toString('hex'), expires),
    'sign with a human key registered in this log (aura key list; an admin adds keys with aura key add)');
  process.stdout.write(`allowed ${finding.rule} in ${finding.path} (${finding.masked}) by ${entry.id}${expires ? `, until ${expires}` : ''}; commit again\n`);
  return 0;
}
