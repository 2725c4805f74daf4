// Entries `aura audit archive` moved out of the live log are still part of it: before calling
// a seen entry gone, look in the archive segments (<log dir>/archive/segment-NNNNNN.jsonl.gz)
// of the same commit, or of the working tree.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { gitRaw } from '../git/exec';
import { listSegments } from '../log/segments';
import { logPathInRepo, Repo } from '../repo';

const SEGMENT = /(^|\/)segment-\d{6}\.jsonl\.gz$/;

/** The segments' lines (placeholders included: they are not entries) of `commit`, or of the working tree when null. */
export function archivedText(repo: Repo, commit: string | null): Buffer {
  if (commit === null) return archivedTextOf(repo.logPath);
  const rel = logPathInRepo(repo);
  if (!rel) return Buffer.alloc(0);
  const dir = posix.join(posix.dirname(rel), 'archive');
  const ls = gitRaw(['ls-tree', '-z', '--name-only', `${commit}:${dir}`], { cwd: repo.root, okCodes: [128] });
  if (ls.status !== 0) return Buffer.alloc(0);
  const names = ls.stdout.toString('utf8').split('\0').filter((n) => SEGMENT.test(n)).sort();
  return Buffer.concat(names.map((n) => gunzipSync(gitRaw(['cat-file', 'blob', `${commit}:${dir}/${n}`], { cwd: repo.root }).stdout)));
}

/** The archive segments' lines of the log file at `logPath`. */
export const archivedTextOf = (logPath: string): Buffer => Buffer.concat(listSegments(logPath).map((s) => gunzipSync(readFileSync(s.body))));

/** The whole log at `logPath` as text: its archive segments, then the live file. */
export function logTextWithArchives(logPath: string): Buffer {
  return Buffer.concat([archivedTextOf(logPath), Buffer.from('\n'), readFileSync(logPath)]);
}
