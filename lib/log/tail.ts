// The end of the log: whether its last line is complete, and where a torn one starts.
// A crash (or a full disk) in the middle of a write can leave a last line with no "\n";
// nothing may be appended after it, since the next entry would be glued onto the fragment.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AuraError } from '../errors';

const CHUNK = 1 << 16;

/** Bytes [pos, pos+len) of the file (fewer at its end). */
export function pread(fd: number, pos: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Offset just after the last "\n" before `end` (0 when there is none). */
export function lineStartBefore(fd: number, end: number): number {
  let pos = end;
  while (pos > 0) {
    const from = Math.max(0, pos - CHUNK);
    const i = pread(fd, from, pos - from).lastIndexOf(0x0a);
    if (i >= 0) return from + i + 1;
    pos = from;
  }
  return 0;
}

/** Number of "\n" in [0, end): the 0-based number of the line starting at `end`. */
export function countLines(fd: number, end: number): number {
  let n = 0;
  for (let pos = 0; pos < end; pos += CHUNK) {
    const buf = pread(fd, pos, Math.min(CHUNK, end - pos));
    for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  }
  return n;
}

/**
 * The last line of the file at `path`, without its "\n" (`complete` says whether it had one),
 * read from the end only; null when the file is missing or empty.
 */
export function lastLine(path: string): { text: Buffer; complete: boolean } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    const complete = pread(fd, size - 1, 1)[0] === 0x0a;
    const end = complete ? size - 1 : size;
    const start = lineStartBefore(fd, end);
    return { text: pread(fd, start, end - start), complete };
  } finally {
    closeSync(fd);
  }
}

export interface TornTail {
  offset: number; // where the incomplete last line starts
  length: number; // its bytes, all of them up to the end of the file
  lineNo: number; // 1-based
}

/** The incomplete last line of a file of `size` bytes, or null when it ends with "\n" (or is empty). */
export function tornTail(fd: number, size: number): TornTail | null {
  if (size === 0 || pread(fd, size - 1, 1)[0] === 0x0a) return null;
  const offset = lineStartBefore(fd, size);
  return { offset, length: size - offset, lineNo: countLines(fd, offset) + 1 };
}

export function tornLogError(logPath: string, t: TornTail): AuraError {
  return new AuraError(
    `${logPath}:${t.lineNo}: the last line is incomplete (${t.length} bytes from byte offset ${t.offset} with no ` +
      `newline), probably left by a crash during a write; nothing was appended after it`,
    'run: aura audit repair   (it moves those bytes to a side file next to the log, keeps them, and leaves every complete line as it is)\n' +
      `  or drop every entry not committed yet: git restore --source=HEAD --staged --worktree -- ${logPath}`,
  );
}
