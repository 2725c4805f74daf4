// Git objects handled in-process, to spare the hooks one git process per object: reading
// several objects in one `git cat-file --batch`, hashing and serializing trees exactly as
// `git mktree` does, and writing a handful of new objects with one `git unpack-objects`
// (which honours the object directory, fsync and shared-repository settings like any git
// write). SHA-1 and SHA-256 repositories both work: the algorithm follows the ids' length.
import { createHash } from 'node:crypto';
import { gitRaw } from './exec';

export interface GitObject {
  oid: string;
  type: string;
  content: Buffer;
}

/**
 * Each name's object (`rev`, `rev^{tree}`, `rev:path` …) in one `git cat-file --batch`; null
 * when it does not resolve. With `maxBytes`, throws OutputTooLarge (lib/git/exec.ts) once git
 * has printed more than that, instead of holding it all.
 */
export function readObjects(cwd: string, names: string[], maxBytes?: number): (GitObject | null)[] {
  if (names.length === 0) return [];
  if (names.some((n) => n.includes('\n'))) throw new Error('object names must be single lines');
  const out = gitRaw(['cat-file', '--batch', '--buffer'], { cwd, input: names.map((n) => n + '\n').join(''), maxBuffer: maxBytes }).stdout;
  const objects: (GitObject | null)[] = [];
  let pos = 0;
  for (let i = 0; i < names.length; i++) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) throw new Error('short git cat-file --batch output');
    const line = out.toString('utf8', pos, nl);
    pos = nl + 1;
    const head = /^([0-9a-f]+) ([a-z]+) (\d+)$/.exec(line);
    if (!head) {
      objects.push(null); // "<name> missing" / "<name> ambiguous" (a name may hold spaces)
      continue;
    }
    const size = Number(head[3]);
    objects.push({ oid: head[1], type: head[2], content: out.subarray(pos, pos + size) });
    pos += size + 1; // content, then a newline
  }
  return objects;
}

const algorithm = (oidHexLength: number): string => (oidHexLength === 64 ? 'sha256' : 'sha1');

/** The id Git gives an object of `type` with this content. */
export function objectId(type: string, content: Buffer, oidHexLength: number): string {
  return createHash(algorithm(oidHexLength)).update(`${type} ${content.length}\0`).update(content).digest('hex');
}

export interface RawTreeEntry {
  mode: number; // canonical, as Git reads it (0o100644, 0o100755, 0o120000, 0o40000, 0o160000)
  name: Buffer; // one path component, raw bytes
  oid: string;
}

export const MODE_TREE = 0o40000;

// tree-walk.c canon_mode(): what every Git command sees (ls-tree prints it, mktree writes it).
function canonMode(mode: number): number {
  switch (mode & 0o170000) {
    case 0o100000: return mode & 0o111 ? 0o100755 : 0o100644;
    case 0o120000: return 0o120000;
    case 0o040000: return 0o40000;
    default: return 0o160000;
  }
}

/** Parses a raw tree object ("<mode> <name>\0<binary id>"…). */
export function parseTree(raw: Buffer, oidHexLength: number): RawTreeEntry[] {
  const idLen = oidHexLength / 2;
  const entries: RawTreeEntry[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const sp = raw.indexOf(0x20, pos);
    const nul = raw.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 1 + idLen > raw.length) throw new Error('malformed tree object');
    entries.push({
      mode: canonMode(parseInt(raw.toString('latin1', pos, sp), 8)),
      name: raw.subarray(sp + 1, nul),
      oid: raw.toString('hex', nul + 1, nul + 1 + idLen),
    });
    pos = nul + 1 + idLen;
  }
  return entries;
}

// base_name_compare(): names compare as bytes, a tree's name as if it ended with "/".
function compareEntries(a: RawTreeEntry, b: RawTreeEntry): number {
  const n = Math.min(a.name.length, b.name.length);
  const c = a.name.subarray(0, n).compare(b.name.subarray(0, n));
  if (c !== 0) return c;
  const ca = a.name.length > n ? a.name[n] : a.mode === MODE_TREE ? 0x2f : 0;
  const cb = b.name.length > n ? b.name[n] : b.mode === MODE_TREE ? 0x2f : 0;
  return ca - cb;
}

/** A tree object's content, entries sorted as `git mktree` sorts them. */
export function serializeTree(entries: RawTreeEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of [...entries].sort(compareEntries)) {
    parts.push(Buffer.from(`${e.mode.toString(8)} `, 'latin1'), e.name, Buffer.from([0]), Buffer.from(e.oid, 'hex'));
  }
  return Buffer.concat(parts);
}

const PACK_TYPE: Record<string, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };

export interface NewObject {
  type: 'commit' | 'tree' | 'blob';
  content: Buffer;
}

/** Writes `objects` into the repository with one `git unpack-objects`; returns their ids (lib/git/loose.ts storeObjects, when it cannot write them itself). */
export function writeObjects(cwd: string, objects: NewObject[], oidHexLength: number): string[] {
  const { deflateSync } = require('node:zlib') as typeof import('node:zlib'); // loaded when writing, not for reading
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  const parts: Buffer[] = [header];
  for (const o of objects) {
    let size = o.content.length;
    const h: number[] = [];
    let byte = (PACK_TYPE[o.type] << 4) | (size & 0x0f);
    size = Math.floor(size / 16);
    while (size > 0) {
      h.push(byte | 0x80);
      byte = size & 0x7f;
      size = Math.floor(size / 128);
    }
    h.push(byte);
    parts.push(Buffer.from(h), deflateSync(o.content));
  }
  const body = Buffer.concat(parts);
  const pack = Buffer.concat([body, createHash(algorithm(oidHexLength)).update(body).digest()]);
  gitRaw(['unpack-objects', '-q'], { cwd, input: pack });
  return objects.map((o) => objectId(o.type, o.content, oidHexLength));
}
