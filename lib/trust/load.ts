// The effective trust and policy at the log's tips, for hooks and commands that must know
// which keys are valid and whether strict mode is on. Replays the log through the verifier
// in its trust-only mode: trust entries (genesis, key-add, key-revoke, policy) count only
// when their hash, signature and signer verify, so editing the file cannot add a key or
// switch strict mode off. Fails closed: a log whose structure is inconsistent is an error.
// A per-user cache (lib/trust/cache.ts) makes a call on an unchanged or appended log cheap.
import { existsSync, statSync } from 'node:fs';
import { AuraError } from '../errors';
import type { RawLine } from '../log/read';
import type { VerifyOptions, VerifyReport } from '../verify/types';
import { readTrustCache, writeTrustCache } from './cache';
import { EMPTY_TRUST, mergeTrust, TrustState } from '../entry/trust';

async function replay(logPath: string, from: { offset: number; lineNo: number } | null, seed?: VerifyOptions['seed']): Promise<{ report: VerifyReport; end: number }> {
  const { readLines } = require('../log/read') as typeof import('../log/read');
  const { verifyLines } = require('../verify/engine') as typeof import('../verify/engine');
  let end = from?.offset ?? 0;
  // Track where the last complete line ends: the file may grow while it is read.
  async function* counted(): AsyncGenerator<RawLine> {
    for await (const l of readLines(logPath, { fromOffset: from?.offset, firstLineNo: from?.lineNo })) {
      if (l.terminated) end = l.offset + l.bytes.length + 1;
      yield l;
    }
  }
  // An archived log's live file names parents that now sit in archive segments: a full
  // replay reads the segments too (their lines carry no offsets into the live file, so the
  // cache records the size seen before reading; a line appended meanwhile is re-read later).
  const { archivedLines } = require('../log/segments') as typeof import('../log/segments');
  const archived = from ? null : archivedLines(logPath);
  if (archived) end = statSync(logPath).size;
  const report = await verifyLines(archived ?? counted(), { trustOnly: true, workers: 0, seed });
  return { report, end };
}

export async function loadTrust(logPath: string): Promise<{ state: TrustState; tips: string[] }> {
  if (!existsSync(logPath)) return { state: EMPTY_TRUST, tips: [] };
  const size = statSync(logPath).size;
  const cached = readTrustCache(logPath, size);
  if (cached) {
    const { cache, tips } = cached;
    if (cache.size === size) return { state: mergeTrust(tips.map((t) => t.trust)), tips: tips.map((t) => t.tip.hash) };
    const { report, end } = await replay(logPath, { offset: cache.size, lineNo: cache.lines + 1 }, { genesis: cache.genesis, tips });
    if (report.ok) {
      writeTrustCache(logPath, end, cache.lines + report.lines, report.genesis?.hash ?? cache.genesis, report.tips, report.tipTrust);
      return { state: report.trust, tips: report.tips.map((t) => t.hash) };
    }
    // Not a clean append to the cached prefix: replay the whole log, which names the real problem.
  }
  const { report, end } = await replay(logPath, null);
  if (!report.ok) {
    const f = report.failures[0];
    throw new AuraError(
      `the intent log ${logPath} is inconsistent at line ${f.line}: ${f.category} ${f.reason}`,
      `run: aura audit repair   (moves a torn last line, and lines not in HEAD's committed log that do not verify, to a side file: kept, never deleted)\n` +
        `  or drop every entry not committed yet: git restore --source=HEAD --staged --worktree -- ${logPath}\n` +
        `  aura audit verify shows the whole report`,
    );
  }
  writeTrustCache(logPath, end, report.lines, report.genesis?.hash ?? null, report.tips, report.tipTrust);
  return { state: report.trust, tips: report.tips.map((t) => t.hash) };
}
