// An object read from its loose file, without a git process. post-commit reads the commit Git
// has just written (and its trees), which Git writes loose: one `git cat-file` fewer on every
// commit. The content is checked against its id, so a damaged or half-written file reads as
// null, as does anything not loose here (packed, in an alternate, GIT_OBJECT_DIRECTORY set):
// the caller then asks git.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitObject, objectId } from './objects';

const HEADER = /^(commit|tree|blob|tag) (\d+)$/;

export function readLoose(commonDir: string, oid: string): GitObject | null {
  if (process.env.GIT_OBJECT_DIRECTORY) return null;
  let data: Buffer;
  try {
    const { inflateSync } = require('node:zlib') as typeof import('node:zlib');
    data = inflateSync(readFileSync(join(commonDir, 'objects', oid.slice(0, 2), oid.slice(2))));
  } catch {
    return null; // not loose here, or not a zlib stream
  }
  const nul = data.indexOf(0);
  const head = nul > 0 ? HEADER.exec(data.toString('latin1', 0, nul)) : null;
  if (!head) return null;
  const content = data.subarray(nul + 1);
  if (content.length !== Number(head[2]) || objectId(head[1], content, oid.length) !== oid) return null;
  return { oid, type: head[1], content };
}
