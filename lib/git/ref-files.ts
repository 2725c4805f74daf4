// Refs read from their files, without starting git: the branch HEAD names, and a ref's commit
// (its loose file, else packed-refs). For the hooks and checks that only need to look; anything
// these cannot read (a symbolic ref, the reftable backend) is null and the caller asks git.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The branch HEAD names in the worktree whose git directory is `gitDir` ("refs/heads/…"), or null (detached, unreadable). */
export function headRef(gitDir: string): string | null {
  try {
    const m = /^ref: (refs\/heads\/.+)$/m.exec(readFileSync(join(gitDir, 'HEAD'), 'utf8'));
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

/** The commit HEAD is at: the branch's commit, or the id of a detached HEAD; null when unknown here. */
export function headCommit(gitDir: string, commonDir: string): string | null {
  let head: string;
  try {
    head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  } catch {
    return null;
  }
  if (OID.test(head)) return head;
  const ref = headRef(gitDir);
  return ref ? refValue(commonDir, ref) : null;
}

/** A ref's commit (loose ref, then packed-refs), or null. */
export function refValue(commonDir: string, ref: string): string | null {
  try {
    const v = readFileSync(join(commonDir, ref), 'utf8').trim();
    return OID.test(v) ? v : null; // a loose file wins over packed-refs, even one we cannot read (a symbolic ref)
  } catch {
    /* packed */
  }
  try {
    for (const line of readFileSync(join(commonDir, 'packed-refs'), 'utf8').split('\n')) {
      const [oid, name] = line.split(' ');
      if (name === ref && OID.test(oid)) return oid;
    }
  } catch {
    /* no packed-refs */
  }
  return null;
}
