// The checkpoint part of `aura audit verify`: every checkpoint given (or kept in
// .aura/checkpoints/) checked against the verified log, as report lines and JSON.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyReport } from '../verify/types';
import { checkCheckpointFile, CheckpointResult } from './check';
import { logStateOf } from './log-state';

export interface CheckpointSection {
  lines: string[];
  failure: string | null; // the first problem, for the BROKEN line
  results: CheckpointResult[];
}

/** The checkpoint files kept in the repository: <.aura>/checkpoints/*.note, by name. */
export function keptCheckpoints(auraDir: string): string[] {
  const dir = join(auraDir, 'checkpoints');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.note')).sort().map((f) => join(dir, f));
}

export function checkpointSection(logPath: string, report: VerifyReport, files: string[]): CheckpointSection {
  const log = logStateOf(logPath, report);
  const results = files.map((f) => checkCheckpointFile(f, log));
  const lines: string[] = [];
  let failure: string | null = null;
  for (const r of results) {
    if (r.problems.length === 0) {
      lines.push(`checkpoint ${r.file}: OK — the log holds all ${r.checkpoint!.size} entries it commits to (${r.checkpoint!.time}); signed by ${r.signers.join(', ')}${r.ignored.length ? `; ignored unknown keys: ${r.ignored.join(', ')}` : ''}`);
      continue;
    }
    lines.push(`checkpoint ${r.file}: FAILED`);
    for (const p of r.problems) lines.push(`  ${p}`);
    failure ??= `checkpoint ${r.file}: ${r.problems[0]}`;
  }
  return { lines, failure, results };
}
