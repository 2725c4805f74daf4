// `aura intent check`: the hooks' intent check as a dry run — for trying a message before
// committing, and for CI re-checking a pull request's commits. It appends nothing.
//   aura intent check [--staged | REV] [--message TEXT | -F FILE] [--strict] [--json]
// Exit 0: the commit would pass; 1: it would be refused; 2: usage error.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AstDelta } from '../entry/types';
import { AuraError, UsageError } from '../errors';
import { git, gitRaw } from '../git/exec';
import { findCommit } from '../git/commit-object';
import { formatReport } from '../intent/check';
import { intentFromMessage, readAuraTrailer } from '../intent/message';
import { readPending } from '../intent/pending';
import { requireRepo, Repo } from '../repo';

export const USAGE = 'aura intent check [--staged | REV] [--message TEXT | -F FILE] [--strict] [--json]';
export const HELP = `usage: ${USAGE}

Runs the intent check of the hooks without committing or logging anything.

  (no argument), --staged   the staged change, with the pending intent (aura intent "…")
  REV                       the change commit REV made, with its own message
  --message TEXT, -F FILE   check this intent instead (FILE "-" reads stdin)
  --strict                  judge as strict mode would, whatever the policy says
  --json                    {verdict, blocked, findings: [{path, change, severity, reason}], fixes}

Exit status: 0 the commit would pass, 1 it would be refused, 2 usage error.`;

interface Target {
  delta: AstDelta;
  intent: string | null;
  sides: { base: string | null; target: string };
  entryHash?: string; // REV's own entry: the authorizations it consumed still count for it
}

async function stagedTarget(repo: Repo): Promise<Target> {
  const head = findCommit('HEAD', repo.root);
  const target = git(['write-tree'], { cwd: repo.root });
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  const delta = await revisionDelta(head?.sha ?? null, target, { cwd: repo.root, repo });
  return { delta, intent: readPending(repo.gitDir)?.intent ?? null, sides: { base: head?.sha ?? null, target } };
}

async function revisionTarget(repo: Repo, rev: string): Promise<Target> {
  const commit = gitRaw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd: repo.root, okCodes: [1] });
  const sha = commit.stdout.toString('utf8').trim();
  if (commit.status !== 0 || !sha) throw new UsageError(`"${rev}" is not a commit`, USAGE);
  const c = findCommit(sha, repo.root)!;
  const base = c.parents[0] ?? null;
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  const delta = await revisionDelta(base, sha, { cwd: repo.root, repo });
  const message = c.message.toString('utf8');
  return { delta, intent: intentFromMessage(message), sides: { base, target: sha }, entryHash: readAuraTrailer(message)?.hash };
}

function activeKey(): import('../keys/store').LoadedKey | null {
  try {
    return (require('../keys/store') as typeof import('../keys/store')).loadActiveKey();
  } catch {
    return null; // CI without a key: judged as a human's commit (an agent's is stricter on deletions)
  }
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      staged: { type: 'boolean' },
      message: { type: 'string', short: 'm' },
      file: { type: 'string', short: 'F' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`one revision, not ${positionals.length}: ${positionals.join(' ')}`, USAGE);
  if (values.staged && positionals.length) throw new UsageError('--staged checks the index and takes no revision', USAGE);
  if (values.message !== undefined && values.file !== undefined) throw new UsageError('give --message or -F, not both', USAGE);
  const repo = requireRepo();
  const t = positionals.length ? await revisionTarget(repo, positionals[0]) : await stagedTarget(repo);
  let intent = t.intent;
  if (values.message !== undefined) intent = values.message;
  if (values.file !== undefined) {
    const { STORED } = require('../intent/message') as typeof import('../intent/message');
    // a message file as `git commit -F` reads it: Git's default cleanup without an editor keeps "#" lines
    intent = intentFromMessage(readFileSync(values.file === '-' ? 0 : values.file, 'utf8'), { ...STORED, mode: 'whitespace' });
  }
  if (intent === null) {
    throw new AuraError('nothing to check: no intent is pending and no --message was given', `say what the commit does: aura intent check --message "…" (or log it: aura intent "…"; to log the words "check …" themselves: aura intent -- "check …")\n  usage: ${USAGE}`, 2);
  }
  if (intent.trim() === '') throw new AuraError('the intent is empty (only comments and trailers)', 'give a message that says what the commit does and why', 1);

  const { evaluateIntent } = require('../hooks/evaluate') as typeof import('../hooks/evaluate');
  const ev = await evaluateIntent(repo, intent, t.delta, activeKey(), t.sides, { strict: values.strict, forEntry: t.entryHash });
  const { result } = ev;
  if (values.json) {
    const findings = result.findings.map(({ path, change, severity, reason }) => ({ path, change, severity, reason }));
    process.stdout.write(JSON.stringify({ verdict: result.verdict, blocked: result.blocked, findings, fixes: [...new Set(result.fixes)] }) + '\n');
  } else {
    process.stdout.write(formatReport(intent, result, ev.strict) + '\n');
  }
  return result.blocked ? 1 : 0;
}
