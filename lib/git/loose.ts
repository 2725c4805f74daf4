// Objects read from their loose files, without a git process. A hook reads what Git has just
// written — the commit, its trees, the blobs `git add` stored — and Git writes those loose:
// git processes spared on every commit. Content is checked against its id, so a damaged or
// half-written file reads as null, as does anything not loose here (packed, in an alternate,
// GIT_OBJECT_DIRECTORY set): the caller then asks git.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { GitObject, objectId } from './objects';

const HEADER = /^(commit|tree|blob|tag) (\d+)$/;

const fileOf = (commonDir: string, oid: string): string | null =>
  process.env.GIT_OBJECT_DIRECTORY ? null : join(commonDir, 'objects', oid.slice(0, 2), oid.slice(2));

type Zlib = typeof import('node:zlib');
const zlib = (): Zlib => require('node:zlib') as Zlib; // loaded when an object is read

/** A loose object's type and size, from its first bytes only (a large blob is not inflated). */
export function looseHeader(commonDir: string, oid: string): { type: string; size: number } | null {
  const file = fileOf(commonDir, oid);
  if (!file) return null;
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(256);
      const n = readSync(fd, buf, 0, buf.length, 0);
      head = zlib().inflateSync(buf.subarray(0, n), { finishFlush: zlib().constants.Z_SYNC_FLUSH });
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // not loose here, or not a zlib stream
  }
  const nul = head.indexOf(0);
  const m = nul > 0 ? HEADER.exec(head.toString('latin1', 0, nul)) : null;
  return m ? { type: m[1], size: Number(m[2]) } : null;
}

/** A loose object, whole; null when absent, damaged, or larger than `maxSize` bytes. */
export function readLoose(commonDir: string, oid: string, maxSize = 1 << 30): GitObject | null {
  const file = fileOf(commonDir, oid);
  if (!file) return null;
  let data: Buffer;
  try {
    data = zlib().inflateSync(readFileSync(file), { maxOutputLength: maxSize + 64 });
  } catch {
    return null; // not loose here, not a zlib stream, or over maxSize
  }
  const nul = data.indexOf(0);
  const head = nul > 0 ? HEADER.exec(data.toString('latin1', 0, nul)) : null;
  if (!head) return null;
  const content = data.subarray(nul + 1);
  if (content.length !== Number(head[2]) || objectId(head[1], content, oid.length) !== oid) return null;
  return { oid, type: head[1], content };
}
