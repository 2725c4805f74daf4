// `aura intent "TEXT"`: the intent of the next commit in this worktree (consumed by it).
// `aura intent` shows the pending intent; `aura intent --clear` drops it. An intent that is
// exactly a subcommand's name ("check", "export" …) is that subcommand: log it after `--`.
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { clearPending, readPending, requireIntentText, writePending } from '../intent/pending';
import { requireRepo } from '../repo';

export const USAGE = 'aura intent [--] "what the next commit does and why" | aura intent [--clear] | aura intent check|authorize-delete|supersede|export …';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { clear: { type: 'boolean' } } });
  const repo = requireRepo();
  if (values.clear) {
    clearPending(repo.gitDir);
    process.stdout.write('pending intent cleared\n');
    return 0;
  }
  if (positionals.length === 0) {
    const p = readPending(repo.gitDir);
    process.stdout.write(p ? `pending intent (since ${p.ts}): ${p.intent}\n` : 'no pending intent: the next commit message is the intent\n');
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('give the intent as ONE argument (quote it)', USAGE);
  const text = requireIntentText(positionals[0], 'aura intent');
  writePending(repo.gitDir, text);
  process.stdout.write(`pending intent recorded; the next commit in this worktree is logged with it:\n  ${text}\n`);
  return 0;
}
