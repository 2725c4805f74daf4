// The entries an export reads from the log, in file order (which lists parents first).
import { existsSync } from 'node:fs';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { parseTs } from '../time';
import { ExportRecord, toRecord } from './record';

export function requireLog(logPath: string): void {
  if (!existsSync(logPath)) throw new AuraError(`no intent log at ${logPath}`, 'run aura init (and commit something) first, or set [audit] log_path in .aura/config.toml');
}

/** The entries with ts ≥ sinceMs (all when undefined), in file order. */
export async function* entriesSince(logPath: string, sinceMs?: number): AsyncGenerator<{ lineNo: number; entry: Entry }> {
  requireLog(logPath);
  const { readEntries } = require('../log/read') as typeof import('../log/read');
  for await (const e of readEntries(logPath)) {
    if (sinceMs === undefined || parseTs(e.entry.ts) >= sinceMs) yield e;
  }
}

/** Records of the entries with ts ≥ sinceMs (all when undefined). */
export async function* logRecords(logPath: string, sinceMs?: number): AsyncGenerator<ExportRecord & { lineNo: number }> {
  for await (const { lineNo, entry } of entriesSince(logPath, sinceMs)) yield { ...toRecord(entry), lineNo };
}
