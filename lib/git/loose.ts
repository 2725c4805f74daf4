// Objects read from their loose files, without a git process. A hook reads what Git has just
// written — the commit, its trees, the blobs `git add` stored — and Git writes those loose:
// git processes spared on every commit. Content is checked against its id, so a damaged or
// half-written file reads as null, as does anything not loose here (packed, in an alternate,
// GIT_OBJECT_DIRECTORY set): the caller then asks git.
import { closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writevSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GitObject, NewObject, objectId, writeObjects } from './objects';

const HEADER = /^(commit|tree|blob|tag) (\d+)$/;

const fileOf = (commonDir: string, oid: string): string | null =>
  process.env.GIT_OBJECT_DIRECTORY ? null : join(commonDir, 'objects', oid.slice(0, 2), oid.slice(2));

/** Whether the object is there as a loose file (it may also be packed: then false). */
export function looseExists(commonDir: string, oid: string): boolean {
  const file = fileOf(commonDir, oid);
  return file !== null && existsSync(file);
}

type Zlib = typeof import('node:zlib');
const zlib = (): Zlib => require('node:zlib') as Zlib; // loaded when an object is read

// Trees and commits read in this process, by id (objects never change): post-commit reads
// HEAD's root tree for its snapshot and again to compare it with the parent's.
const memo = new Map<string, GitObject>();

/** A loose object, whole; null when absent, damaged, or larger than `maxSize` bytes. */
export function readLoose(commonDir: string, oid: string, maxSize = 1 << 30): GitObject | null {
  const r = readLooseWithin(commonDir, oid, maxSize);
  return r && 'object' in r ? r.object : null;
}

/**
 * A loose object read once from its file: the object when it is at most `maxSize` bytes, only
 * its size when it is larger (never inflated whole), null when it is not loose here or damaged.
 */
export function readLooseWithin(commonDir: string, oid: string, maxSize: number): { object: GitObject } | { size: number } | null {
  const known = memo.get(oid);
  if (known) return known.content.length <= maxSize ? { object: known } : { size: known.content.length };
  const file = fileOf(commonDir, oid);
  if (!file) return null;
  let raw: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      // deflate adds at most 5 bytes per 64 kB to what it cannot compress, so a file this much
      // larger than maxSize holds more than that: only its start is read, for the size
      const big = fstatSync(fd).size > maxSize + (maxSize >> 6) + 1024;
      raw = big ? Buffer.alloc(256) : readFileSync(fd);
      if (big) {
        const head = parseHeader(headerBytes(raw.subarray(0, readSync(fd, raw, 0, raw.length, 0))));
        return head && head.size > maxSize ? { size: head.size } : null;
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // not loose here, or not a zlib stream
  }
  let data: Buffer;
  try {
    data = zlib().inflateSync(raw, { maxOutputLength: maxSize + 64 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return null;
    const head = parseHeader(headerBytes(raw.subarray(0, 256)));
    return head && head.size > maxSize ? { size: head.size } : null;
  }
  const nul = data.indexOf(0);
  const head = nul > 0 ? parseHeader(data.subarray(0, nul + 1)) : null;
  if (!head) return null;
  const content = data.subarray(nul + 1);
  if (content.length !== head.size || objectId(head.type, content, oid.length) !== oid) return null;
  const object = { oid, type: head.type, content };
  if (head.type !== 'blob' && memo.size < 256) memo.set(oid, object);
  return { object };
}

/** The start of a loose object's inflated bytes, from its first compressed bytes. */
function headerBytes(compressed: Buffer): Buffer {
  return zlib().inflateSync(compressed, { finishFlush: zlib().constants.Z_SYNC_FLUSH });
}

function parseHeader(bytes: Buffer): { type: string; size: number } | null {
  const nul = bytes.indexOf(0);
  const m = nul > 0 ? HEADER.exec(bytes.toString('latin1', 0, nul)) : null;
  return m ? { type: m[1], size: Number(m[2]) } : null;
}

/**
 * Writes `objects` as loose files, as Git does (deflated, mode 0444, a temporary file in the
 * object's directory linked into place), one git process fewer on every commit; with
 * GIT_OBJECT_DIRECTORY set, or a shared repository (core.sharedRepository: Git adjusts the
 * modes), `git unpack-objects` writes them. Returns their ids.
 */
export function storeObjects(commonDir: string, cwd: string, objects: NewObject[], oidHexLength: number): string[] {
  if (!looseWritable(commonDir)) return writeObjects(cwd, objects, oidHexLength);
  return objects.map((o) => {
    const oid = objectId(o.type, o.content, oidHexLength);
    storeLoose(commonDir, oid, () => [zlib().deflateSync(Buffer.concat([Buffer.from(`${o.type} ${o.content.length}\0`, 'latin1'), o.content]))]);
    return oid;
  });
}

/** Whether this process may write loose objects itself (storeObjects, storeCompressed). */
export function looseWritable(commonDir: string): boolean {
  return !process.env.GIT_OBJECT_DIRECTORY && !/sharedrepository/i.test(readText(join(commonDir, 'config')));
}

/**
 * Writes the loose file of `oid` from its zlib stream, given in parts (lib/git/growing-blob.ts
 * has most of it compressed already); nothing when it is there. The caller answers for the
 * stream holding that object, and checks looseWritable first.
 */
export function storeCompressed(commonDir: string, oid: string, parts: Buffer[]): void {
  storeLoose(commonDir, oid, () => parts);
}

/** Writes `oid`'s loose file from its zlib stream (`stream()`, made only when the file is not there yet). */
function storeLoose(commonDir: string, oid: string, stream: () => Buffer[]): void {
  const file = fileOf(commonDir, oid)!; // callers checked looseWritable: no GIT_OBJECT_DIRECTORY
  if (existsSync(file)) return;
  const parts = stream();
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `tmp_obj_aura_${process.pid}_${Math.random().toString(36).slice(2)}`);
  const fd = openSync(tmp, 'wx', 0o444);
  try {
    writevAll(fd, parts);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file); // never replaces an object already there (another writer's)
    unlinkSync(tmp);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') unlinkSync(tmp);
    else renameSync(tmp, file); // no hard links on this file system
  }
}

function writevAll(fd: number, parts: Buffer[]): void {
  const rest = parts.filter((p) => p.length > 0);
  let i = 0;
  while (i < rest.length) {
    let n = writevSync(fd, rest.slice(i, i + 1024)); // at most IOV_MAX buffers a call
    while (n > 0 && n >= rest[i].length) n -= rest[i++].length;
    if (n > 0) rest[i] = rest[i].subarray(n); // written in part
  }
}

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
