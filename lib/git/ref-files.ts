// Refs read from their files, without starting git: the branch HEAD names, and a ref's commit
// (its loose file, else packed-refs). For the hooks and checks that only need to look; anything
// these cannot read (a symbolic ref, the reftable backend) is null and the caller asks git.
// And one write: the fold's move of HEAD's branch, in the plain case only (moveHeadByFiles).
import { appendFileSync, closeSync, existsSync, fchmodSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
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

/** A reflog line's "<name> <<email>> <unix seconds> <+hhmm>": who moved the ref, and when. */
export interface ReflogIdent {
  name: string;
  email: string;
  date: string;
}

/**
 * Moves HEAD's branch from `old` to `fresh` the way Git's files backend does, without a git
 * process: HEAD.lock and <branch>.lock taken (O_EXCL, as Git takes them), the CAS checked under
 * the locks, one line appended to the branch's reflog and to HEAD's, the branch's lock renamed
 * over it, HEAD.lock removed. Only in the plain case: HEAD a file naming a branch whose loose
 * file holds `old`, both reflogs there already (every core.logAllRefUpdates setting then
 * appends), no lock held by anyone. Anything else — a detached HEAD, a packed or symbolic
 * branch, the reftable backend, a lock in the way, a CAS that fails — returns false having
 * changed nothing, and the caller runs `git update-ref`, which handles it or says why not.
 * Runs no reference-transaction hook: for callers that would run Git's with hooks off.
 */
export function moveHeadByFiles(gitDir: string, commonDir: string, fresh: string, old: string, message: string, who: ReflogIdent): boolean {
  if (!OID.test(fresh) || !OID.test(old) || existsSync(join(commonDir, 'reftable'))) return false;
  const ref = headRef(gitDir);
  const refFile = ref && join(commonDir, ref);
  const logs = ref ? [join(commonDir, 'logs', ref), join(gitDir, 'logs', 'HEAD')] : [];
  if (!refFile || !regularFile(join(gitDir, 'HEAD')) || !regularFile(refFile) || !logs.every(regularFile)) return false;
  const headLock = join(gitDir, 'HEAD.lock');
  const branchLock = refFile + '.lock';
  const heldHead = lock(headLock);
  if (heldHead === null) return false;
  let heldBranch: number | null = null;
  let moved = false;
  try {
    heldBranch = lock(branchLock);
    if (heldBranch === null || headRef(gitDir) !== ref || readFileSync(refFile, 'utf8').trim() !== old) return false;
    writeSync(heldBranch, `${fresh}\n`);
    fchmodSync(heldBranch, statSync(refFile).mode & 0o7777); // what core.sharedRepository gave the branch file
    // Git writes the reflogs before it renames the lock: the same order
    const line = `${old} ${fresh} ${who.name} <${who.email}> ${who.date}\t${message.replace(/\s+/g, ' ').trim()}\n`;
    for (const log of logs) appendFileSync(log, line);
    renameSync(branchLock, refFile);
    moved = true;
    return true;
  } finally {
    if (heldBranch !== null) {
      closeSync(heldBranch);
      if (!moved) unlinkSync(branchLock);
    }
    closeSync(heldHead);
    unlinkSync(headLock);
  }
}

/** An open, newly created lock file, or null when it exists (someone holds the lock). */
function lock(file: string): number | null {
  try {
    return openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw e;
  }
}

function regularFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}
