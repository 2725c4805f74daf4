// Git's index file read without a git process (Documentation/gitformat-index.txt), for two
// answers the commit's hooks need: the blob one path holds (the fold checks what `git
// update-index` staged for the log, lib/hooks/fold.ts) and the tree the index stands for, from
// the cache-tree extension when Git has it up to date (what `git write-tree` would print,
// lib/hooks/flow.ts). Versions 2 to 4. An index this reader does not fully see (split index:
// entries live in a shared file; sparse index: directories stand for their files) is "cannot
// tell", and the caller asks git.
import { readFileSync } from 'node:fs';

interface Read {
  buf: Buffer;
  idLength: number;
  /** offset and size of each extension, by signature */
  extensions: Map<string, { at: number; size: number }>;
}

/**
 * The index at `file`, each entry shown to `visit` (its path, flags, and its blob id on demand);
 * undefined when it cannot be read or is not an index this reader knows.
 */
function readIndex(file: string, oidHexLength: number, visit: (name: Buffer, flags: number, id: () => string) => void): Read | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buf.readUInt32BE(8);
  const idLength = oidHexLength / 2;
  let pos = 12;
  let name: Buffer = Buffer.alloc(0); // version 4 stores a name as the previous one's prefix + a suffix
  const extensions = new Map<string, { at: number; size: number }>();
  try {
    for (let i = 0; i < count; i++) {
      const start = pos;
      const flagsAt = start + 40 + idLength; // ctime, mtime, dev, ino, mode, uid, gid, size: 40 bytes, then the id
      const flags = buf.readUInt16BE(flagsAt);
      let at = flagsAt + 2 + (version >= 3 && flags & 0x4000 ? 2 : 0); // extended flags
      if (version === 4) {
        let c = buf[at++];
        let strip = c & 0x7f;
        while (c & 0x80) {
          c = buf[at++];
          strip = ((strip + 1) << 7) | (c & 0x7f);
        }
        const nul = buf.indexOf(0, at);
        if (nul < 0 || strip > name.length) return undefined;
        name = Buffer.concat([name.subarray(0, name.length - strip), buf.subarray(at, nul)]);
        pos = nul + 1;
      } else {
        const nul = buf.indexOf(0, at);
        if (nul < 0) return undefined;
        name = buf.subarray(at, nul);
        pos = start + ((at - start + name.length + 8) & ~7); // NUL-padded to a multiple of 8
      }
      visit(name, flags, () => buf.toString('hex', start + 40, start + 40 + idLength));
    }
    // extensions, up to the trailing checksum
    while (pos + 8 <= buf.length - idLength) {
      const size = buf.readUInt32BE(pos + 4);
      extensions.set(buf.toString('latin1', pos, pos + 4), { at: pos + 8, size });
      pos += 8 + size;
    }
  } catch {
    return undefined; // cut short: not an index this reader can read
  }
  return { buf, idLength, extensions };
}

/** The blob id of `relPath`'s stage-0 entry; null when it has none; undefined when this reader cannot tell. */
export function indexedBlob(indexFile: string, relPath: string, oidHexLength: number): string | null | undefined {
  const want = Buffer.from(relPath, 'utf8');
  let found: string | null = null;
  const read = readIndex(indexFile, oidHexLength, (name, flags, id) => {
    if (((flags >> 12) & 3) === 0 && name.equals(want)) found = id();
  });
  if (!read) return undefined;
  if (read.extensions.has('link')) return undefined; // split index: the entry may be the shared file's
  if (read.extensions.has('sdir') && !found) return undefined; // sparse index: the path may be inside a directory entry
  return found;
}

/**
 * The tree `git write-tree` would write for this index, from its cache-tree extension when the
 * root is up to date there (Git updates it when it prepares a commit); undefined otherwise.
 * Git wrote that tree's objects when it computed it: the caller checks the root is there.
 */
export function indexedTree(indexFile: string, oidHexLength: number): string | undefined {
  const read = readIndex(indexFile, oidHexLength, () => {});
  const tree = read?.extensions.get('TREE');
  if (!read || !tree || read.extensions.has('link') || read.extensions.has('sdir')) return undefined;
  // the root first: "" NUL, entry count (-1: not up to date) SP, subtree count LF, then its id
  const { buf, idLength } = read;
  const nul = buf.indexOf(0, tree.at);
  const lf = nul < 0 ? -1 : buf.indexOf(0x0a, nul);
  if (nul !== tree.at || lf < 0 || lf + 1 + idLength > tree.at + tree.size) return undefined;
  const entries = Number(buf.toString('latin1', nul + 1, lf).split(' ')[0]);
  return Number.isInteger(entries) && entries >= 0 ? buf.toString('hex', lf + 1, lf + 1 + idLength) : undefined;
}
