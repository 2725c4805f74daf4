// A pending intent: `aura intent "…"` before committing. Stored per worktree under the git
// dir (<git-dir>/aura/pending-intent.json, never committed) and consumed by the next commit.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { removeFile } from '../fs/atomic-file';
import { dirname, join } from 'node:path';
import { AuraError } from '../errors';
import { parseStrictJson } from '../json/strict-parse';

export interface PendingIntent {
  intent: string;
  ts: string;
}

/** <git-dir>/aura: per-worktree state of the hooks. */
export const stateDir = (gitDir: string): string => join(gitDir, 'aura');
export const pendingPath = (gitDir: string): string => join(stateDir(gitDir), 'pending-intent.json');

/** Writes a small JSON state file atomically (rename), so a crash never leaves half a file. */
export function writeState(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

export function readState<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return parseStrictJson(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new AuraError(`unreadable aura state file ${file}: ${(e as Error).message}`, `delete it (rm '${file}') and run the command again`);
  }
}

export const clearState = (file: string): void => removeFile(file);

export function readPending(gitDir: string): PendingIntent | null {
  return readState<PendingIntent>(pendingPath(gitDir));
}

export function writePending(gitDir: string, intent: string, now = Date.now()): PendingIntent {
  const p = { intent, ts: new Date(now).toISOString() };
  writeState(pendingPath(gitDir), p);
  return p;
}

export const clearPending = (gitDir: string): void => clearState(pendingPath(gitDir));

/** An intent must say something: blank text fails with the way to give one. */
export function requireIntentText(text: string, where: string): string {
  const t = text.trim();
  if (t === '') {
    throw new AuraError(`empty intent (${where})`, 'say what the commit does and why: aura intent "…", or a commit message that is more than comments and trailers');
  }
  return t;
}
