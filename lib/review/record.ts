// `--record`: a signed `review` entry — the evidence that the review of a range happened —
// holding the range, its base and head commits, the PR number if given, the count of findings
// per kind and the BLAKE3 digest of the canonical JSON report. The report itself is kept
// beside the log under <git-common-dir>/aura/reviews/<digest hex>.json for `pr-review export`.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { blake3, hashRef } from '../crypto/blake3';
import type { Entry } from '../entry/types';
import { replaceFile } from '../fs/atomic-file';
import { canonicalize } from '../json/canonical';
import { readEntries } from '../log/read';
import type { Repo } from '../repo';
import type { ReviewReport } from './report';

export const reportDigest = (r: ReviewReport): string => hashRef(blake3(canonicalize(r)));

const reviewsDir = (repo: Repo): string => join(repo.commonDir, 'aura', 'reviews');
const reportFile = (repo: Repo, digest: string): string => join(reviewsDir(repo), digest.replace(/^blake3:/, '') + '.json');

export function reviewFields(r: ReviewReport, pr: number | undefined): Record<string, unknown> {
  return { range: r.range, base: r.base, head: r.head, ...(pr !== undefined ? { pr } : {}), counts: r.counts, report_digest: reportDigest(r) };
}

export function keepReport(repo: Repo, r: ReviewReport): void {
  mkdirSync(reviewsDir(repo), { recursive: true });
  replaceFile(reportFile(repo, reportDigest(r)), [JSON.stringify(r, null, 2) + '\n']);
}

/** The newest `review` entry for PR `pr` or range `range`, and its kept report if its digest still matches. */
export async function findReview(repo: Repo, by: { pr?: number; range?: string }): Promise<{ entry: Entry; report: ReviewReport | null } | null> {
  let found: Entry | null = null;
  for await (const { entry } of readEntries(repo.logPath)) {
    if (entry.capability !== 'review') continue;
    if ((by.pr !== undefined && entry.pr === by.pr) || (by.range !== undefined && entry.range === by.range)) found = entry;
  }
  if (!found) return null;
  const file = reportFile(repo, String(found.report_digest));
  let report: ReviewReport | null = null;
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8')) as ReviewReport;
    if (reportDigest(r) === found.report_digest) report = r;
  }
  return { entry: found, report };
}
