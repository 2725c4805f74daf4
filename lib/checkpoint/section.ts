// The checkpoint part of `aura audit verify`: every checkpoint given (or kept in
// .aura/checkpoints/) checked against the verified log, as report lines and JSON.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyReport } from '../verify/types';
import { checkCheckpointFile, CheckpointResult } from './check';
import { entryIntervals, formatIntervals, Stamp } from './intervals';
import { logStateOf } from './log-state';
import { tokenPathOf, TokenCheck, verifyToken } from './timestamp';

export interface CheckpointSection {
  lines: string[];
  failure: string | null; // the first problem, for the BROKEN line
  results: (CheckpointResult & { timestamp?: TokenCheck })[];
  intervals?: ReturnType<typeof entryIntervals>;
}

/** The checkpoint files kept in the repository: <.aura>/checkpoints/*.note, by name. */
export function keptCheckpoints(auraDir: string): string[] {
  const dir = join(auraDir, 'checkpoints');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.note')).sort().map((f) => join(dir, f));
}

/**
 * Each checkpoint against the log; a token beside it (<file>.tsr) against `tsaCerts` (PEM files).
 * With valid timestamps, the trusted time interval of every entry.
 */
export function checkpointSection(logPath: string, report: VerifyReport, files: string[], tsaCerts: string[]): CheckpointSection {
  const log = logStateOf(logPath, report);
  const results: CheckpointSection['results'] = files.map((f) => checkCheckpointFile(f, log));
  const lines: string[] = [];
  const stamps: Stamp[] = [];
  let failure: string | null = null;
  for (const r of results) {
    if (r.problems.length === 0) {
      lines.push(`checkpoint ${r.file}: OK — the log holds all ${r.checkpoint!.size} entries it commits to (${r.checkpoint!.time}); signed by ${r.signers.join(', ')}${r.ignored.length ? `; ignored unknown keys: ${r.ignored.join(', ')}` : ''}`);
    } else {
      lines.push(`checkpoint ${r.file}: FAILED`);
      for (const p of r.problems) lines.push(`  ${p}`);
      failure ??= `checkpoint ${r.file}: ${r.problems[0]}`;
    }
    const token = tokenPathOf(r.file);
    if (!r.note || !existsSync(token)) continue;
    if (tsaCerts.length === 0) {
      lines.push(`  timestamp ${token}: not checked (no TSA certificate: set [audit.timestamp] tsa_certs)`);
      continue;
    }
    const t = (r.timestamp = verifyToken(readFileSync(token), r.note.text, tsaCerts));
    if (!t.ok) {
      lines.push(`  timestamp ${token}: FAILED — ${t.problem}`);
      failure ??= `timestamp ${token}: ${t.problem}`;
      continue;
    }
    lines.push(`  timestamped ${t.genTime}${t.accuracyMs ? ` ± ${t.accuracyMs} ms` : ''} by ${t.tsa ?? 'the TSA'} (RFC 3161, verified)`);
    if (r.problems.length === 0) stamps.push({ file: r.file, tips: r.checkpoint!.tips, genTime: t.genTime!, accuracyMs: t.accuracyMs ?? 0 });
  }
  if (stamps.length === 0) return { lines, failure, results };
  const intervals = entryIntervals(log, stamps);
  return { lines: [...lines, ...formatIntervals(intervals)], failure, results, intervals };
}
