// Replacing a file so that a crash leaves either the old or the new content, never a mix:
// write a temp file beside it, fsync it, rename it over the target, fsync the directory.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes all of `b` at the fd's position (writeSync may write less than asked). */
export function writeAll(fd: number, b: Buffer): void {
  for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off);
}

/** Writes `chunks` (in order) to a temp file and renames it over `path` durably. */
export function replaceFile(path: string, chunks: Iterable<Buffer | string>, mode = 0o644): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', mode);
  try {
    for (const c of chunks) {
      writeAll(fd, typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
    }
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

export const replaceJson = (path: string, value: unknown): void => replaceFile(path, [JSON.stringify(value) + '\n']);

/**
 * Removes a file if it is there. (fs.rmSync with force does the same through an lstat and
 * rimraf's module, loaded on first use: ~0.5 ms the hooks spend on every commit.)
 */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
