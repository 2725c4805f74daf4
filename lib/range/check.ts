// `aura audit verify --range A..B`, the commit side: every commit in the range must carry an
// `Aura-Intent` trailer naming a `commit` entry of the log, bound to exactly this commit
// (parents, tree without .aura/), whose ast_delta equals the delta recomputed from the commit.
// A commit no trailer binds may instead be covered by a `backfilled` commit entry naming it by id
// (`aura audit backfill`): accepted and reported apart ("logged late"), or, with
// strictBinding, a LOGGED_LATE failure.
// (The log side — hashes, signatures, trust — is the verify engine's; run both.)
import { deltaHash } from '../entry/hash';
import { ALGORITHM, ALGORITHMS, knownAlgorithm } from '../delta/algorithm';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { gitRaw } from '../git/exec';
import { readObjects } from '../git/objects';
import { treeIdsWithoutAura } from '../git/binding';
import { parseCommit, CommitObject } from '../git/commit-object';
import { readAuraTrailer } from '../intent/message';
import { readEntries } from '../log/read';
import { requireRepo } from '../repo';
import { checkAgentChange, ViolationType } from '../agents/check';
import { AgentCommitContext, PolicyPositions } from './policy-at';

export type RangeCategory = 'UNLOGGED_COMMIT' | 'COMMIT_MISMATCH' | 'DELTA_MISMATCH' | 'LOGGED_LATE' | 'POLICY_VIOLATION';

export interface RangeFinding {
  commit: string;
  subject: string;
  category: RangeCategory;
  reason: string;
  /** POLICY_VIOLATION: which agent rule, and the path (or symbol) it is about */
  violation?: { type: ViolationType; path: string };
}

/** A commit covered only by a backfill entry. */
export interface LateCommit {
  commit: string;
  subject: string;
  entry: string; // id of the backfill entry
  by: string; // its author.id (the key id that logged it)
  ts: string;
}

export interface RangeResult {
  range: string;
  commits: number;
  findings: RangeFinding[];
  late: LateCommit[];
}

/** What a range check needs of a commit entry (the log can be big: keep only these). */
interface Bound {
  id: string;
  hash: string;
  commit_parents: unknown;
  tree: unknown;
  ast_delta_hash: unknown;
  deltaOk: boolean; // ast_delta_hash is the hash of the entry's own ast_delta
  agent: AgentCommitContext | null; // signed by an agent key: the policy in force at its position
  algorithm: unknown; // the symbol algorithm its ast_delta records: recomputed with the same one
}

/** What a backfill entry adds: who logged the commit late, and when. */
interface LateBound extends Bound {
  by: string;
  ts: string;
}

interface CommitEntries {
  byId: Map<string, Bound>;
  backfilled: Map<string, LateBound[]>; // by the commit id they name
  positions: PolicyPositions;
}

async function commitEntries(logPath: string): Promise<CommitEntries> {
  const byId = new Map<string, Bound>();
  const backfilled = new Map<string, LateBound[]>();
  const positions = new PolicyPositions();
  for await (const { entry } of readEntries(logPath)) {
    const agent = positions.add(entry);
    if (entry.capability !== 'commit') continue;
    const e = entry as Entry & { ast_delta?: unknown };
    const bound: Bound = {
      id: e.id, hash: e.hash, commit_parents: e.commit_parents, tree: e.tree, ast_delta_hash: e.ast_delta_hash,
      deltaOk: e.ast_delta !== undefined && deltaHash(e.ast_delta) === e.ast_delta_hash,
      agent,
      algorithm: (e.ast_delta as { algorithm?: unknown } | null)?.algorithm,
    };
    byId.set(e.id, bound);
    if (e.backfilled === true && typeof e.commit === 'string') {
      const list = backfilled.get(e.commit) ?? [];
      list.push({ ...bound, by: typeof e.author?.id === 'string' ? e.author.id : e.author?.pubkey, ts: e.ts });
      backfilled.set(e.commit, list);
    }
  }
  return { byId, backfilled, positions };
}

/** The range's commits (`A..B`, or rev-list arguments), oldest first, read with one `git cat-file --batch`. */
export function rangeCommits(range: string | string[], cwd: string): CommitObject[] {
  const r = gitRaw(['rev-list', '--reverse', '--topo-order', ...(Array.isArray(range) ? range : [range]), '--'], { cwd, okCodes: [128] });
  if (r.status !== 0) throw new AuraError(`bad range ${JSON.stringify(range)}: ${r.stderr.trim()}`, 'give two revisions, e.g. --range origin/main..HEAD');
  const ids = r.stdout.toString('utf8').split('\n').filter(Boolean);
  return readObjects(cwd, ids).map((o, i) => {
    if (!o || o.type !== 'commit') throw new AuraError(`cannot read commit ${ids[i]} of the range`, 'run git fsck');
    return parseCommit(o.oid, o.content);
  });
}

export const same = (a: unknown, b: string[]): boolean => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

export interface RangeOptions {
  cwd: string;
  logPath: string;
  maxFileBytes?: number;
  strictBinding?: boolean; // a commit covered only by a backfill entry is a LOGGED_LATE failure
}

export type Problem = { category: RangeCategory; reason: string };

/** What binding a commit needs of an entry. */
export interface BindingFields {
  hash: string;
  commit_parents?: unknown;
  tree?: unknown;
}

/** The entry c's trailer names if it binds c (parents, tree without .aura/), else why not. */
export function trailerBinding<B extends BindingFields>(c: CommitObject, message: string, tree: string, entries: Map<string, B>): B | Problem {
  const trailer = readAuraTrailer(message);
  if (!trailer) return { category: 'UNLOGGED_COMMIT', reason: 'no Aura-Intent trailer (committed with --no-verify, without aura\'s hooks, or by a key the log did not trust)' };
  const e = entries.get(trailer.id);
  if (!e) return { category: 'UNLOGGED_COMMIT', reason: `its trailer names ${trailer.id}, which is not a commit entry of the log` };
  if (e.hash !== trailer.hash) return { category: 'COMMIT_MISMATCH', reason: `its trailer names ${trailer.id} with hash ${trailer.hash}, but the log's entry has ${e.hash}` };
  if (!same(e.commit_parents, c.parents)) {
    return { category: 'COMMIT_MISMATCH', reason: `entry ${trailer.id} is bound to parents [${String(e.commit_parents)}], the commit has [${c.parents.join(',')}] (rebased or cherry-picked?)` };
  }
  if (e.tree !== tree) return { category: 'COMMIT_MISMATCH', reason: `entry ${trailer.id} is bound to tree ${String(e.tree)}, the commit's tree without .aura/ is ${tree}` };
  return e;
}

/** The range's commits that no entry binds (what `aura audit backfill` covers), with their binding trees. */
export interface Unbound {
  commit: CommitObject;
  tree: string;
  problem: Problem;
}

/** The range check, with the commits no entry binds (what `aura audit backfill` logs). */
export async function checkRange(range: string | string[], opts: RangeOptions): Promise<RangeResult & { unbound: Unbound[] }> {
  const commits = rangeCommits(range, opts.cwd);
  const { byId, backfilled, positions } = commits.length
    ? await commitEntries(opts.logPath)
    : { byId: new Map<string, Bound>(), backfilled: new Map<string, LateBound[]>(), positions: new PolicyPositions() };
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  const repo = commits.length ? requireRepo(opts.cwd) : undefined; // once, not per commit's delta
  const trees = treeIdsWithoutAura(commits.map((c) => c.tree), opts.cwd); // all in one git process
  const findings: RangeFinding[] = [];
  const late: LateCommit[] = [];
  const unbound: Unbound[] = [];
  for (const [i, c] of commits.entries()) {
    const message = c.message.toString('utf8');
    const subject = message.split('\n')[0];
    const fail = (category: RangeCategory, reason: string, violation?: RangeFinding['violation']) =>
      findings.push({ commit: c.sha, subject, category, reason, ...(violation ? { violation } : {}) });
    const tree = trees[i];
    const bound = trailerBinding(c, message, tree, byId);
    const covering = 'category' in bound ? (backfilled.get(c.sha) ?? []).find((b) => same(b.commit_parents, c.parents) && b.tree === tree) : undefined;
    if ('category' in bound && !covering) {
      fail(bound.category, bound.reason);
      unbound.push({ commit: c, tree, problem: bound });
      continue;
    }
    const e = covering ?? (bound as Bound);
    // recomputed from the commit, never from local state, with the symbol algorithm the entry used
    const known = knownAlgorithm(e.algorithm);
    const delta = await revisionDelta(c.parents[0] ?? null, c.sha, { cwd: opts.cwd, repo, maxFileBytes: opts.maxFileBytes, cache: false, algorithm: known ? (e.algorithm as string) : ALGORITHM });
    const recomputed = deltaHash(delta);
    if (!e.deltaOk || e.ast_delta_hash !== recomputed) {
      const why = known ? '' : `; its ast_delta names symbol algorithm ${JSON.stringify(e.algorithm)}, which this version of aura does not compute (it knows ${ALGORITHMS.join(', ')}: upgrade aura-hooks)`;
      fail('DELTA_MISMATCH', `entry ${e.id} records ast_delta_hash ${String(e.ast_delta_hash)}${e.deltaOk ? '' : ' (not even the hash of its own ast_delta)'}; recomputed from the commit: ${recomputed}${why}`);
      continue;
    }
    if (e.agent) {
      // the commit itself (recomputed delta) against the agent policy at the entry's position
      const grants = e.agent.authorizations.map((h) => positions.grants.get(h)).filter((g) => g !== undefined);
      const check = checkAgentChange(e.agent.state.agents, e.agent.agentId, delta, grants.map((g) => ({ targets: g.targets })), e.agent.ts);
      for (const v of check.violations) fail('POLICY_VIOLATION', `agent "${check.agent}" (entry ${e.id}, checked against ${check.rule}): ${v.path} — ${v.why}`, { type: v.type, path: v.path });
    }
    if (!covering) continue;
    if (opts.strictBinding) fail('LOGGED_LATE', `not logged by its own commit; only by backfill entry ${covering.id} (by ${covering.by} at ${covering.ts}), and --strict-binding was given`);
    else late.push({ commit: c.sha, subject, entry: covering.id, by: covering.by, ts: covering.ts });
  }
  return { range: Array.isArray(range) ? range.join(' ') : range, commits: commits.length, findings, late, unbound };
}

export async function verifyRange(range: string | string[], opts: RangeOptions): Promise<RangeResult> {
  const { unbound: _, ...result } = await checkRange(range, opts);
  return result;
}

export function formatRangeResult(r: RangeResult): string {
  const lines: string[] = [];
  if (r.findings.length === 0) lines.push(`range ${r.range}: OK — ${r.commits} commit${r.commits === 1 ? '' : 's'}, each logged, bound, with a matching delta and within the agent policy${r.late.length ? ` (${r.late.length} logged late)` : ''}`);
  else lines.push(`range ${r.range}: ${r.findings.length} of ${r.commits} commits FAILED`);
  for (const f of r.findings) lines.push(`  ${f.category} ${f.commit.slice(0, 12)} ${JSON.stringify(f.subject)}: ${f.reason}`);
  for (const l of r.late) lines.push(`  logged late: ${l.commit.slice(0, 12)} ${JSON.stringify(l.subject)}: by ${l.by} at ${l.ts} (backfill entry ${l.entry})`);
  return lines.join('\n');
}
