// `aura audit backfill A..B`: a `commit` entry, signed by the running key and marked
// `"backfilled": true`, for every commit of the range that no entry binds (made with
// --no-verify, without aura, by a key the log did not trust yet, rebased elsewhere). Each entry
// names its commit by id (`commit`) besides the usual binding (parents, tree without .aura/)
// and carries the delta recomputed from the commit, so `verify --range` can check it exactly
// like a trailer's entry — and report it apart, as logged late.
import { deltaHash } from '../entry/hash';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { gitRaw } from '../git/exec';
import { intentFromMessage, readAuraTrailer } from '../intent/message';
import type { LoadedKey } from '../keys/store';
import type { Repo } from '../repo';
import { appendTrusted } from '../trust/append-signed';
import { checkRange, Unbound } from './check';

export interface Backfilled {
  commit: string;
  subject: string;
  entry: Entry;
  problem: string; // why it needed one (the range check's category)
}

/** The fields of a backfill entry for `u` with its recomputed `delta`. */
function fields(u: Unbound, delta: import('../entry/types').AstDelta): Record<string, unknown> {
  return {
    commit: u.commit.sha,
    commit_parents: u.commit.parents,
    tree: u.tree,
    ast_delta: delta,
    ast_delta_hash: deltaHash(delta),
    authorizations: [],
    backfilled: true,
  };
}

/** What a backfill would cover, without appending (for --dry-run and for the run itself). */
export async function unboundCommits(repo: Repo, range: string): Promise<Unbound[]> {
  const r = await checkRange(range, { cwd: repo.root, logPath: repo.logPath, maxFileBytes: repo.config.delta.max_file_bytes });
  return r.unbound;
}

/**
 * HEAD's latest commits that no entry binds (a --no-verify commit, a cherry-pick sequence ended
 * with --quit, a key not yet approved): the first-parent commits above the nearest one with an
 * Aura-Intent trailer, judged by the range check (a backfilled commit is bound). Null when none
 * of the last `limit` carries a trailer (history from before aura, or no commit yet).
 */
export async function recentUnbound(repo: Repo, limit = 50): Promise<{ base: string; unbound: Unbound[] } | null> {
  const r = gitRaw(['log', '--first-parent', `-n${limit}`, '--format=%H%x00%B%x00', 'HEAD', '--'], { cwd: repo.root, okCodes: [128] });
  if (r.status !== 0) return null;
  const fields = r.stdout.toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (!readAuraTrailer(fields[i + 1])) continue;
    const base = fields[i].trim();
    return { base, unbound: i === 0 ? [] : await unboundCommits(repo, `${base}..HEAD`) };
  }
  return null;
}

export async function backfillRange(repo: Repo, key: LoadedKey, commits: Unbound[]): Promise<Backfilled[]> {
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  const out: Backfilled[] = [];
  for (const u of commits) {
    const c = u.commit;
    const message = c.message.toString('utf8');
    const delta = await revisionDelta(c.parents[0] ?? null, c.sha, { cwd: repo.root, repo, maxFileBytes: repo.config.delta.max_file_bytes, cache: false });
    const intent = intentFromMessage(message) || `(commit ${c.sha} states no intent)`;
    const entry = await appendTrusted(
      repo.logPath,
      key,
      () => ({ capability: 'commit', intent, fields: fields(u, delta) }),
      (reason) => new AuraError(`refused: the active key ${key.keyId} may not sign entries in this log: ${reason}`, 'backfill with a registered key (AURA_KEY=<key file>), or get yours approved first: aura key request', 1),
      { fsyncEvery: repo.config.audit.fsync_every },
    );
    out.push({ commit: c.sha, subject: message.split('\n')[0], entry, problem: u.problem.category });
  }
  return out;
}
