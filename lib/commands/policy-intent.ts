// `aura policy intent --require-pattern REGEX [--message "…"]`: an intent convention (a ticket
// reference, a Conventional Commits prefix …) the hooks enforce for every committer, in every
// mode. A signed `policy` entry (admin keys only), like strict mode: the policy object is
// replaced whole by each entry, so the current one is spread and only intent_pattern changes.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { intentPolicy, patternProblem } from '../intent/policy';
import { loadActiveKey } from '../keys/store';
import { requireRepo } from '../repo';
import { appendSigned } from '../trust/append-signed';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura policy intent --require-pattern REGEX [--message "…"] [--reason "…"] | aura policy intent --clear | aura policy intent';
export const HELP = `usage: ${USAGE}\n\nREGEX is a JavaScript regular expression (flag u) tested against the whole intent:\nanchor it with ^ for the subject's start, e.g. '^(feat|fix|docs|chore|refactor|test)(\\(.+\\))?!?: ' or '#\\d+|[A-Z]+-\\d+'.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'require-pattern': { type: 'string' },
      message: { type: 'string' },
      clear: { type: 'boolean' },
      reason: { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, USAGE);
  const repo = requireRepo();
  const { state } = await loadTrust(repo.logPath);
  const current = intentPolicy(state.policy).convention;
  const pattern = values['require-pattern'];
  if (pattern === undefined && !values.clear) {
    if (values.message !== undefined) throw new UsageError('--message goes with --require-pattern', USAGE);
    process.stdout.write(current ? `intent convention: /${current.pattern}/${current.message ? ` — ${current.message}` : ''}\n` : 'no intent convention (any intent that states something is accepted)\n');
    return 0;
  }
  if (pattern !== undefined && values.clear) throw new UsageError('give --require-pattern or --clear, not both', USAGE);
  if (pattern !== undefined) {
    const problem = patternProblem(pattern);
    if (problem) throw new UsageError(`the pattern /${pattern}/ cannot be a convention: ${problem}`, USAGE);
  }
  if (values.clear && !current) {
    process.stdout.write('no intent convention is set\n');
    return 0;
  }
  const key = loadActiveKey();
  const { intent_pattern: _old, ...rest } = state.policy;
  const policy = pattern !== undefined
    ? { ...rest, intent_pattern: { pattern, ...(values.message ? { message: values.message } : {}) } }
    : rest;
  const reason = values.reason ?? (pattern !== undefined ? `intent convention /${pattern}/` : 'intent convention removed');
  const entry = await appendSigned(repo, key, 'policy', reason, { policy },
    'only an admin key may change the policy: ask an admin to run it, or to make your key admin (aura key add … --admin)');
  process.stdout.write(pattern !== undefined
    ? `intent convention set (policy entry ${entry.id}): every commit's intent must match /${pattern}/; it takes effect for the next commit and travels with the log\n`
    : `intent convention removed (policy entry ${entry.id})\n`);
  return 0;
}
