// What rewritten commits (rebase, cherry-pick, revert, squash) share: knowing one is being
// made, the log it must carry, the entries it supersedes and the verdict it gets. Used by
// relog-pick.ts (post-commit) and relog-rebase.ts (post-rewrite); see docs/hooks.md.
import { existsSync, readFileSync } from 'node:fs';
import { deltaHash } from '../entry/hash';
import type { DeltaSides } from '../delta/edit-kinds';
import type { AstDelta, Entry } from '../entry/types';
import { replaceFile } from '../fs/atomic-file';
import { readObjects } from '../git/objects';
import { formatReport } from '../intent/check';
import type { LoadedKey } from '../keys/store';
import { withLock } from '../log/lock';
import type { Repo } from '../repo';
import { evaluateIntent } from './evaluate';
import { logPathInRepo } from './fold';
import { unionLog } from './log-union';

export const say = (text: string): void => void process.stderr.write(text + '\n');

const AURA_LINE = /^Aura-Intent:[ \t]*in_[0-9A-Z]{26}[ \t]+blake3:[0-9a-f]{64}[ \t]*\n?/gm;

/** `message` without any Aura-Intent line (a squash joins several; a pick copies one), blank runs left by them closed. */
export function withoutAuraLines(message: Buffer): Buffer {
  const text = message.toString('utf8');
  const out = text.replace(AURA_LINE, '');
  if (out === text) return message;
  return Buffer.from(out.replace(/\n{3,}/g, '\n\n').replace(/\n+$/, '\n'), 'utf8');
}

/** Every Aura-Intent hash named in a message, in order (a squash message holds several). */
export const auraHashesIn = (message: string): string[] =>
  [...message.matchAll(/^Aura-Intent:[ \t]*in_[0-9A-Z]{26}[ \t]+(blake3:[0-9a-f]{64})[ \t]*$/gm)].map((m) => m[1]);

/** The log file as committed in each rev ('' for a root's missing parent or a commit without it). */
export function committedLogs(repo: Repo, revs: (string | null)[]): Buffer[] {
  const logRel = logPathInRepo(repo);
  if (!logRel) return revs.map(() => Buffer.alloc(0));
  const names = revs.filter((r): r is string => r !== null).map((r) => `${r}:${logRel}`);
  const objs = names.length ? readObjects(repo.root, names) : [];
  let i = 0;
  return revs.map((r) => {
    if (r === null) return Buffer.alloc(0);
    const o = objs[i++];
    return o && o.type === 'blob' ? o.content : Buffer.alloc(0);
  });
}

export const worktreeLog = (repo: Repo): Buffer => (existsSync(repo.logPath) ? readFileSync(repo.logPath) : Buffer.alloc(0));

/** Entries of these log texts by hash (unreadable lines skipped). */
export function entriesByHash(texts: Buffer[]): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const t of texts) {
    for (const line of t.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as Entry;
        if (typeof e.hash === 'string') map.set(e.hash, e);
      } catch {
        /* a torn or foreign line: not an entry */
      }
    }
  }
  return map;
}

/**
 * Makes the working log `base` plus what `others` add (lib/hooks/log-union.ts), under the
 * writer lock, before the rewritten commit's entry is appended to it. Only for a log kept in
 * the repository: a log outside it is never touched by git.
 */
export async function mendWorktreeLog(repo: Repo, base: Buffer, others: Buffer[]): Promise<void> {
  if (!logPathInRepo(repo)) return;
  await withLock(repo.logPath, () => {
    const now = worktreeLog(repo);
    const { text, left } = unionLog(base, [...others, now]);
    if (left > 0) {
      say(`aura: ${left} log line${left === 1 ? '' : 's'} git brought into this commit name parents this branch's log does not have ` +
        '(copies from the picked commit\'s branch, where they stay): left out');
    }
    if (!text.equals(now)) replaceFile(repo.logPath, [text]);
  });
}

export interface RewriteVerdict {
  authorizations: string[];
  strict: boolean;
  /** the policy needs commit-msg (strict mode, an intent convention): no policy-ok hint */
  gated: boolean;
  blocked: boolean;
  reused: boolean; // the verdict of a superseded entry with the same delta
}

/**
 * Strict mode for a rewritten commit: the same delta as an entry it supersedes keeps that
 * entry's verdict and authorizations; a changed delta is checked anew, with the authorizations
 * the superseded entries consumed counted as open again. Prints the report when it matters.
 */
export async function judgeRewrite(repo: Repo, key: LoadedKey, intent: string, delta: AstDelta, superseded: Entry[], sides: DeltaSides | null = null): Promise<RewriteVerdict> {
  const consumed = [...new Set(superseded.flatMap((e) => (Array.isArray(e.authorizations) ? e.authorizations.filter((h): h is string => typeof h === 'string') : [])))];
  const hash = deltaHash(delta);
  const same = superseded.find((e) => e.ast_delta_hash === hash);
  const ev = await evaluateIntent(repo, intent, delta, key, sides, { reopen: consumed });
  if (same) return { authorizations: consumed, strict: ev.strict, gated: ev.gated, blocked: false, reused: true };
  const { result } = ev;
  if (result.blocked || result.verdict !== 'consistent') say(formatReport(intent, result, ev.strict));
  return { authorizations: result.used, strict: ev.strict, gated: ev.gated, blocked: result.blocked, reused: false };
}

export function loadKey(): LoadedKey {
  return (require('../keys/store') as typeof import('../keys/store')).loadActiveKey();
}

export async function deltaOf(repo: Repo, base: string | null, target: string): Promise<AstDelta> {
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  return revisionDelta(base, target, { cwd: repo.root, repo });
}
