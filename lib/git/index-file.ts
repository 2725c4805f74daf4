// One path's blob id as Git's index file holds it (Documentation/gitformat-index.txt), read
// without a git process: the fold checks that what `git update-index` staged for the log is the
// blob it wrote itself (lib/git/growing-blob.ts). Versions 2 to 4; an index this reader does not
// fully see (split index: entries live in a shared file; sparse index: directories stand for
// their files) is "cannot tell", and the caller asks git.
import { readFileSync } from 'node:fs';

/** The blob id of `relPath`'s stage-0 entry; null when it has none; undefined when this reader cannot tell. */
export function indexedBlob(indexFile: string, relPath: string, oidHexLength: number): string | null | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(indexFile);
  } catch {
    return undefined;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buf.readUInt32BE(8);
  const want = Buffer.from(relPath, 'utf8');
  const idLength = oidHexLength / 2;
  let found: string | null = null;
  let pos = 12;
  let name: Buffer = Buffer.alloc(0); // version 4 names are stored as the previous one's prefix + a suffix
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
      if (((flags >> 12) & 3) === 0 && name.equals(want)) found = buf.toString('hex', start + 40, start + 40 + idLength);
    }
    // extensions, up to the trailing checksum
    for (let at = pos; at + 8 <= buf.length - idLength; ) {
      const sig = buf.toString('latin1', at, at + 4);
      if (sig === 'link') return undefined; // split index: the entry may be the shared file's
      if (sig === 'sdir' && !found) return undefined; // sparse index: the path may be inside a directory entry
      at += 8 + buf.readUInt32BE(at + 4);
    }
  } catch {
    return undefined; // cut short: not an index this reader can read
  }
  return found;
}
