// Where a repository's hook helper can be reached (lib/helper/server.ts): one line in the hook
// state directory, "<port> <token> <pid>", mode 0600. hooks/helper-client.bash reads it with the
// shell's own `read`; a hook that finds no such file, or nobody at that port, runs Node itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeFile, replaceFile } from '../fs/atomic-file';

export interface HelperAddress {
  port: number;
  token: string; // 32 random bytes, hex: only someone who can read the state directory's file knows it
  pid: number;
}

export const addressPath = (stateDir: string): string => join(stateDir, 'helper');
/** One line per request served or refused, the newest last (kept under 64 KiB). */
export const helperLogPath = (stateDir: string): string => join(stateDir, 'helper.log');

export function readAddress(stateDir: string): HelperAddress | null {
  let text: string;
  try {
    text = readFileSync(addressPath(stateDir), 'utf8');
  } catch {
    return null;
  }
  const m = /^(\d+) ([0-9a-f]{64}) (\d+)\n$/.exec(text);
  return m ? { port: Number(m[1]), token: m[2], pid: Number(m[3]) } : null;
}

export function writeAddress(stateDir: string, a: HelperAddress): void {
  replaceFile(addressPath(stateDir), [`${a.port} ${a.token} ${a.pid}\n`], 0o600);
}

/** Removes the file if it still names `pid` (a newer helper may have replaced it). */
export function removeAddressOf(stateDir: string, pid: number): void {
  if (readAddress(stateDir)?.pid === pid) removeFile(addressPath(stateDir));
}

/**
 * Whether a helper of ours with that id runs: the id may be a zombie not yet reaped (a helper
 * killed outright) or, after a reboot, another process's.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // gone, or another user's
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('helper.js');
  } catch {
    return process.platform !== 'linux';
  }
}
