// `aura audit repair`: setting a torn last line aside. The torn bytes are evidence of what a
// crashed writer was doing, so they are moved to a side file next to the log and kept, never
// deleted; complete lines are never touched. Runs under the writer lock.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { entryHash } from '../entry/hash';
import { AuraError } from '../errors';
import { fsyncDir } from '../fs/atomic-file';
import { withLock } from './lock';
import { pread, TornTail, tornTail } from './tail';

export interface RepairResult extends TornTail {
  /** "moved": bytes moved to sideFile and the log truncated; "terminated": the bytes were one
   *  whole, intact entry missing only its "\n", which was added (nothing to set aside) */
  action: 'moved' | 'terminated';
  sideFile: string | null;
}

/** True when `bytes` are a whole entry whose hash checks: only its newline is missing. */
function isIntactEntry(bytes: Buffer): boolean {
  try {
    const e = JSON.parse(bytes.toString('utf8'));
    return !!e && typeof e === 'object' && typeof e.hash === 'string' && entryHash(e) === e.hash;
  } catch {
    return false;
  }
}

/** A side-file name that sorts by time and is valid on every filesystem (no ":"). */
const sideFileName = (logPath: string, now = new Date()): string => `${logPath}.torn-${now.toISOString().replace(/:/g, '-')}`;

const noLog = (logPath: string) => new AuraError(`there is no intent log at ${logPath}; nothing to repair`, undefined, 1);

/** Sets a torn last line aside; null (nothing changed) when the last line is complete. */
export async function repairTornLog(logPath: string): Promise<RepairResult | null> {
  if (!existsSync(logPath)) throw noLog(logPath); // before locking: the lock lives next to the log
  return withLock(logPath, () => {
    let fd: number;
    try {
      fd = openSync(logPath, 'r+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw noLog(logPath);
      throw e;
    }
    try {
      const size = fstatSync(fd).size;
      const torn = tornTail(fd, size);
      if (!torn) return null;
      const bytes = pread(fd, torn.offset, torn.length);
      if (isIntactEntry(bytes)) {
        writeSync(fd, '\n', size);
        fsyncSync(fd);
        return { ...torn, action: 'terminated' as const, sideFile: null };
      }
      const sideFile = sideFileName(logPath);
      const side = openSync(sideFile, 'wx', 0o644);
      try {
        writeSync(side, bytes);
        fsyncSync(side);
      } finally {
        closeSync(side);
      }
      fsyncDir(dirname(logPath));
      // Only once the bytes are safely elsewhere is the log cut back to its last complete line.
      ftruncateSync(fd, torn.offset);
      fsyncSync(fd);
      return { ...torn, action: 'moved' as const, sideFile };
    } finally {
      closeSync(fd);
    }
  });
}
