// aura audit backfill A..B [--dry-run] [--no-commit]: log, late, every commit of the range that
// no entry binds (lib/range/backfill.ts), then commit the log on top ("aura: backfill N entries")
// through the hooks, so that commit is itself logged like any other.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { afterAppend } from '../export/after-append';
import { gitRaw } from '../git/exec';
import { logPathInRepo } from '../hooks/fold';
import { loadActiveKey } from '../keys/store';
import { backfillRange, unboundCommits } from '../range/backfill';
import { requireRepo } from '../repo';

export const USAGE = 'aura audit backfill <A>..<B> [--dry-run] [--no-commit]';
export const HELP = `usage: ${USAGE}

For every commit of the range that no log entry binds (UNLOGGED_COMMIT or COMMIT_MISMATCH in
aura audit verify --range), appends a commit entry signed by the active key that binds that
commit (its id, parents and tree) with its recomputed delta and "backfilled": true, then
commits the log on top: "aura: backfill N entries".
  --dry-run     list the commits it would log; append nothing
  --no-commit   append the entries, leave the log staged for your next commit
aura audit verify --range accepts such commits and lists them as "logged late";
--strict-binding makes them failures.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, 'no-commit': { type: 'boolean' } },
    strict: true,
  });
  if (positionals.length !== 1 || !positionals[0].includes('..')) throw new UsageError('give one range A..B (e.g. origin/main..HEAD)', USAGE);
  const repo = requireRepo();
  const range = positionals[0];
  const todo = await unboundCommits(repo, range);
  if (todo.length === 0) {
    process.stdout.write(`${range}: every commit is bound to an entry; nothing to backfill\n`);
    return 0;
  }
  const list = (sha: string, subject: string, why: string) => `  ${sha.slice(0, 12)} ${JSON.stringify(subject)} (${why})`;
  if (values['dry-run']) {
    process.stdout.write(`${range}: ${todo.length} commit${todo.length === 1 ? '' : 's'} would be backfilled:\n${todo.map((u) => list(u.commit.sha, u.commit.message.toString('utf8').split('\n')[0], u.problem.category)).join('\n')}\n`);
    return 0;
  }
  const key = loadActiveKey();
  const done = await backfillRange(repo, key, todo);
  for (const d of done) await afterAppend(repo, d.entry);
  const n = done.length;
  const out = [`appended ${n} backfill entr${n === 1 ? 'y' : 'ies'} signed by ${key.keyId}:`, ...done.map((d) => `${list(d.commit, d.subject, d.problem)} → ${d.entry.id}`)];
  const logRel = logPathInRepo(repo);
  if (!logRel) out.push(`the log ${repo.logPath} is outside the repository: nothing to commit`);
  else if (values['no-commit']) {
    gitRaw(['update-index', '--add', '--', logRel], { cwd: repo.root });
    out.push(`staged ${logRel}: your next commit carries the entries`);
  } else {
    // Only the log, whatever else is staged; through the hooks, so this commit is logged too.
    const r = gitRaw(['commit', '-q', '-m', `aura: backfill ${n} entr${n === 1 ? 'y' : 'ies'}`, '--', logRel], { cwd: repo.root, okCodes: [1, 128] });
    process.stderr.write(r.stderr);
    if (r.status !== 0) {
      throw new AuraError(`the entries are in ${logRel}, but committing it failed: ${r.stderr.trim() || r.stdout.toString('utf8').trim()}`, `commit it yourself: git commit -m "aura: backfill ${n} entries" -- ${logRel}`, 1);
    }
    out.push(`committed ${logRel} on top: "aura: backfill ${n} entr${n === 1 ? 'y' : 'ies'}"`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
