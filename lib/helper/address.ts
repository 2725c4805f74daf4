// Where a repository's hook helper can be reached (lib/helper/server.ts): one line in the hook
// state directory, "<port> <token> <proof> <pid>", mode 0600. The client shows the token; the
// helper answers with the proof, so a process that took the port after the helper ended (it
// learns the token of a helper that is gone) cannot pass itself off as one. Both are new for
// every helper. hooks/helper-client.bash reads the file with the shell's own `read`; a hook that
// finds no such file, or no helper at that port, runs Node itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeFile, replaceFile } from '../fs/atomic-file';

export interface HelperAddress {
  port: number;
  token: string; // 32 random bytes, hex: only someone who can read the state directory's file knows it
  proof: string; // 32 more, what the helper answers with
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
  const m = /^(\d+) ([0-9a-f]{64}) ([0-9a-f]{64}) (\d+)\n$/.exec(text);
  return m ? { port: Number(m[1]), token: m[2], proof: m[3], pid: Number(m[4]) } : null;
}

export function writeAddress(stateDir: string, a: HelperAddress): void {
  replaceFile(addressPath(stateDir), [`${a.port} ${a.token} ${a.proof} ${a.pid}\n`], 0o600);
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
