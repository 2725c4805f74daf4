// `aura audit verify --range A..B`, the commit side: every commit in the range must carry an
// `Aura-Intent` trailer naming a `commit` entry of the log, bound to exactly this commit
// (parents, tree without .aura/), whose ast_delta equals the delta recomputed from the commit.
// (The log side — hashes, signatures, trust — is the verify engine's; run both.)
import { deltaHash } from '../entry/hash';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { gitRaw } from '../git/exec';
import { readObjects } from '../git/objects';
import { treeIdsWithoutAura } from '../git/binding';
import { parseCommit, CommitObject } from '../git/commit-object';
import { readAuraTrailer } from '../intent/message';
import { readEntries } from '../log/read';
import { requireRepo } from '../repo';

export type RangeCategory = 'UNLOGGED_COMMIT' | 'COMMIT_MISMATCH' | 'DELTA_MISMATCH';

export interface RangeFinding {
  commit: string;
  subject: string;
  category: RangeCategory;
  reason: string;
}

export interface RangeResult {
  range: string;
  commits: number;
  findings: RangeFinding[];
}

/** What a range check needs of a commit entry (the log can be big: keep only these). */
interface Bound {
  hash: string;
  commit_parents: unknown;
  tree: unknown;
  ast_delta_hash: unknown;
  deltaOk: boolean; // ast_delta_hash is the hash of the entry's own ast_delta
}

async function commitEntries(logPath: string): Promise<Map<string, Bound>> {
  const byId = new Map<string, Bound>();
  for await (const { entry } of readEntries(logPath)) {
    if (entry.capability !== 'commit') continue;
    const e = entry as Entry & { ast_delta?: unknown };
    byId.set(e.id, {
      hash: e.hash, commit_parents: e.commit_parents, tree: e.tree, ast_delta_hash: e.ast_delta_hash,
      deltaOk: e.ast_delta !== undefined && deltaHash(e.ast_delta) === e.ast_delta_hash,
    });
  }
  return byId;
}

/** The range's commits (`A..B`, or rev-list arguments), oldest first, read with one `git cat-file --batch`. */
function rangeCommits(range: string | string[], cwd: string): CommitObject[] {
  const r = gitRaw(['rev-list', '--reverse', '--topo-order', ...(Array.isArray(range) ? range : [range]), '--'], { cwd, okCodes: [128] });
  if (r.status !== 0) throw new AuraError(`bad range ${JSON.stringify(range)}: ${r.stderr.trim()}`, 'give two revisions, e.g. --range origin/main..HEAD');
  const ids = r.stdout.toString('utf8').split('\n').filter(Boolean);
  return readObjects(cwd, ids).map((o, i) => {
    if (!o || o.type !== 'commit') throw new AuraError(`cannot read commit ${ids[i]} of the range`, 'run git fsck');
    return parseCommit(o.oid, o.content);
  });
}

const same = (a: unknown, b: string[]): boolean => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

export async function verifyRange(range: string | string[], opts: { cwd: string; logPath: string; maxFileBytes?: number }): Promise<RangeResult> {
  const commits = rangeCommits(range, opts.cwd);
  const entries = commits.length ? await commitEntries(opts.logPath) : new Map<string, Bound>();
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  const repo = commits.length ? requireRepo(opts.cwd) : undefined; // once, not per commit's delta
  const trees = treeIdsWithoutAura(commits.map((c) => c.tree), opts.cwd); // all in one git process
  const findings: RangeFinding[] = [];
  for (const [i, c] of commits.entries()) {
    const message = c.message.toString('utf8');
    const subject = message.split('\n')[0];
    const fail = (category: RangeCategory, reason: string) => findings.push({ commit: c.sha, subject, category, reason });
    const trailer = readAuraTrailer(message);
    if (!trailer) {
      fail('UNLOGGED_COMMIT', 'no Aura-Intent trailer (committed with --no-verify, or without aura\'s hooks)');
      continue;
    }
    const e = entries.get(trailer.id);
    if (!e) {
      fail('UNLOGGED_COMMIT', `its trailer names ${trailer.id}, which is not a commit entry of the log`);
      continue;
    }
    if (e.hash !== trailer.hash) {
      fail('COMMIT_MISMATCH', `its trailer names ${trailer.id} with hash ${trailer.hash}, but the log's entry has ${e.hash}`);
      continue;
    }
    if (!same(e.commit_parents, c.parents)) {
      fail('COMMIT_MISMATCH', `entry ${trailer.id} is bound to parents [${String(e.commit_parents)}], the commit has [${c.parents.join(',')}] (rebased or cherry-picked?)`);
      continue;
    }
    const tree = trees[i];
    if (e.tree !== tree) {
      fail('COMMIT_MISMATCH', `entry ${trailer.id} is bound to tree ${String(e.tree)}, the commit's tree without .aura/ is ${tree}`);
      continue;
    }
    const delta = await revisionDelta(c.parents[0] ?? null, c.sha, { cwd: opts.cwd, repo, maxFileBytes: opts.maxFileBytes, cache: false }); // recomputed from the commit, never from local state
    const recomputed = deltaHash(delta);
    if (!e.deltaOk || e.ast_delta_hash !== recomputed) {
      fail('DELTA_MISMATCH', `entry ${trailer.id} records ast_delta_hash ${String(e.ast_delta_hash)}${e.deltaOk ? '' : ' (not even the hash of its own ast_delta)'}; recomputed from the commit: ${recomputed}`);
    }
  }
  return { range: Array.isArray(range) ? range.join(' ') : range, commits: commits.length, findings };
}

export function formatRangeResult(r: RangeResult): string {
  if (r.findings.length === 0) return `range ${r.range}: OK — ${r.commits} commit${r.commits === 1 ? '' : 's'}, each logged, bound and with a matching delta`;
  const lines = [`range ${r.range}: ${r.findings.length} of ${r.commits} commits FAILED`];
  for (const f of r.findings) lines.push(`  ${f.category} ${f.commit.slice(0, 12)} ${JSON.stringify(f.subject)}: ${f.reason}`);
  return lines.join('\n');
}
