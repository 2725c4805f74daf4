// aura audit sync-check [<remote>/<branch>...] [--accept] [--json]: does each ref's log still
// hold every entry this clone has seen on it? ROLLBACK (seen entries gone) or FORK (the log was
// rewritten from an earlier entry) exit 1. Reads the refs as they are: `git fetch` first for news.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { requireRepo, Repo } from '../repo';
import { headRef, refValue } from '../git/ref-files';
import { RefCheck, syncCheck } from '../omission/observe';
import { formatCheck } from '../omission/report';
import { seenRefs } from '../omission/seen';

export const USAGE = 'aura audit sync-check [<remote>/<branch>|<branch>...] [--accept] [--json]';

export const HELP = `usage: ${USAGE}

Checks that the intent log on each ref still holds every entry this clone has seen there
(recorded by the hooks after each commit, merge, fetch, pull and push, and by aura audit verify):

  ROLLBACK  entries this clone saw are gone (a force-push cut the log back)
  FORK      the log was rewritten from an earlier entry: seen entries replaced by others

Without a ref: the checked-out branch, its remote-tracking branches, and every ref seen before.
No network: run git fetch first to check what the remote holds now.

  --accept  after review, record the refs' current logs as seen (ends a ROLLBACK/FORK alert)
  --json    one object per ref, with every entry that is gone

exit: 0 every ref holds what was seen, 1 ROLLBACK or FORK, 2 usage or I/O error`;

/** "origin/main" → refs/remotes/origin/main, "main" → refs/heads/main, "refs/…" as given. */
function refFor(repo: Repo, name: string): string {
  if (name.startsWith('refs/')) return name;
  if (refValue(repo.commonDir, `refs/heads/${name}`) && !name.includes('/')) return `refs/heads/${name}`;
  if (refValue(repo.commonDir, `refs/remotes/${name}`)) return `refs/remotes/${name}`;
  if (refValue(repo.commonDir, `refs/heads/${name}`)) return `refs/heads/${name}`;
  throw new UsageError(`no branch or remote-tracking branch named ${JSON.stringify(name)}`, USAGE);
}

function defaultRefs(repo: Repo): string[] {
  const refs = new Set(seenRefs(repo.commonDir));
  const head = headRef(repo.gitDir);
  if (head) {
    refs.add(head);
    const branch = head.slice('refs/heads/'.length);
    let remotes: string[] = [];
    try {
      remotes = readdirSync(join(repo.commonDir, 'refs', 'remotes'));
    } catch {
      /* no remotes */
    }
    for (const r of remotes) if (refValue(repo.commonDir, `refs/remotes/${r}/${branch}`)) refs.add(`refs/remotes/${r}/${branch}`);
  }
  return [...refs].sort();
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { accept: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  const repo = requireRepo();
  const refs = positionals.length ? positionals.map((p) => refFor(repo, p)) : defaultRefs(repo);
  const checks = await syncCheck(repo, refs, { accept: values.accept });
  const bad = checks.filter((c) => c.comparison.verdict !== 'OK');
  if (values.json) process.stdout.write(JSON.stringify(checks.map(toJson), null, 2) + '\n');
  else {
    for (const c of checks) {
      if (c.comparison.verdict === 'OK') process.stdout.write(`OK  ${c.ref}${c.commit ? ` at ${c.commit.slice(0, 12)}` : ''}${c.seen ? '' : ' (first seen now)'}\n`);
    }
    for (const c of bad) process.stderr.write(formatCheck(c).map((l) => `aura: ${l}\n`).join(''));
    if (bad.length && values.accept) process.stdout.write(`accepted: the current logs of ${bad.map((c) => c.ref).join(', ')} are now what this clone has seen\n`);
  }
  return bad.length && !values.accept ? 1 : 0;
}

const toJson = (c: RefCheck) => ({
  ref: c.ref,
  result: c.comparison.verdict,
  commit: c.commit,
  seen: c.seen && { tips: c.seen.tips, commit: c.seen.commit, at: c.seen.at },
  gone: c.comparison.gone,
  fork_point: c.comparison.forkPoint,
  incoming_tips: c.comparison.incomingTips,
});
