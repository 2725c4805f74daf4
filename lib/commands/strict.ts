// `aura strict on|off`: a signed `policy` entry (admin keys only). Hooks read strict mode from
// the log's signed policy entries, never from a file a committer could edit.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { appendSigned } from '../trust/append-signed';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura strict on|off [--refuse-parse-errors | --allow-parse-errors] [--reason "…"]';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    reason: { type: 'string' }, 'refuse-parse-errors': { type: 'boolean' }, 'allow-parse-errors': { type: 'boolean' },
  } });
  if (positionals.length !== 1 || !['on', 'off'].includes(positionals[0])) throw new UsageError('say on or off', USAGE);
  const on = positionals[0] === 'on';
  // Refusing unparsable source files is a strict-mode rule (lib/intent/check.ts): set with "on".
  if ((values['refuse-parse-errors'] || values['allow-parse-errors']) && !on) throw new UsageError('--refuse-parse-errors / --allow-parse-errors go with "on"', USAGE);
  if (values['refuse-parse-errors'] && values['allow-parse-errors']) throw new UsageError('refuse or allow parse errors, not both', USAGE);
  const repo = requireRepo();
  const key = loadActiveKey();
  const { state } = await loadTrust(repo.logPath);
  const refuse = values['refuse-parse-errors'] ? true : values['allow-parse-errors'] ? false : state.policy.refuse_parse_errors === true;
  if (state.policy.strict === on && (state.policy.refuse_parse_errors === true) === refuse) {
    process.stdout.write(`strict mode is already ${positionals[0]}${on && refuse ? ' (refusing unparsable source files)' : ''}\n`);
    return 0;
  }
  const { refuse_parse_errors: _old, ...rest } = state.policy;
  const policy = { ...rest, strict: on, ...(refuse ? { refuse_parse_errors: true } : {}) };
  const entry = await appendSigned(repo, key, 'policy', values.reason ?? `strict mode ${positionals[0]}${on && refuse ? ', refusing unparsable source files' : ''}`, { policy },
    'only an admin key may change the policy: ask an admin to run it, or to make your key admin (aura key add … --admin)');
  process.stdout.write(`strict mode ${positionals[0]}${on && refuse ? ', refusing unparsable source files,' : ''} (policy entry ${entry.id}); it takes effect for the next commit and travels with the log\n`);
  return 0;
}
