// Scanning changed files for secrets: the staged index Git gives the hook (GIT_INDEX_FILE,
// through lib/git/tree's stagedChanges) or the changes between two revisions (pr-review).
// Each changed file is scanned whole; a finding whose secret was already in the file's old
// version (same rule, same secret) is not this change's, and is dropped.
import type { Repo } from '../repo';
import { readBlobs, objectSizes } from '../git/batch';
import { FileChange, FileSide, stagedChanges } from '../git/tree';
import { symbolMatches } from '../intent/glob';
import { scanText } from './engine';
import { describe, Finding } from './finding';

const isBinary = (b: Buffer): boolean => b.subarray(0, 8000).indexOf(0) !== -1;
const inAura = (p: string): boolean => p === '.aura' || p.startsWith('.aura/');

export interface ScanOptions {
  disabled: ReadonlySet<string>;
  exclude: string[];
  maxFileBytes: number;
}

export const scanOptions = (repo: Repo): ScanOptions => ({
  disabled: new Set(repo.config.secrets.disabled_rules as string[]),
  exclude: repo.config.secrets.exclude as string[],
  maxFileBytes: repo.config.secrets.max_file_bytes as number,
});

function scannable(s: FileSide | null, o: ScanOptions): s is FileSide {
  return !!s && (s.mode === '100644' || s.mode === '100755') && !inAura(s.path) && !o.exclude.some((g) => symbolMatches(g, s.path));
}

/** Findings in the new side of `changes` that the old side did not already hold. */
export async function scanChanges(repo: Repo, changes: FileChange[], o: ScanOptions = scanOptions(repo)): Promise<Finding[]> {
  const files = changes.filter((c) => scannable(c.new, o));
  const sizes = objectSizes(repo.root, [...new Set(files.map((c) => c.new!.oid))]);
  const small = files.filter((c) => (sizes.get(c.new!.oid) ?? 0) <= o.maxFileBytes);
  const blobs = readBlobs(repo.root, [...new Set(small.map((c) => c.new!.oid))]);
  const findings: Finding[] = [];
  for (const c of small) {
    const bytes = blobs.get(c.new!.oid)!;
    if (isBinary(bytes)) continue;
    const text = bytes.toString('utf8');
    const raws = await scanText(c.new!.path, text, o.disabled);
    if (raws.length === 0) continue;
    let found = describe(c.new!.path, text, raws);
    if (c.old && c.old.mode !== '160000') {
      const oldBytes = readBlobs(repo.root, [c.old.oid]).get(c.old.oid)!;
      if (!isBinary(oldBytes)) {
        const oldText = oldBytes.toString('utf8');
        const before = new Set(describe(c.old.path, oldText, await scanText(c.old.path, oldText, o.disabled)).map((f) => f.fingerprint));
        found = found.filter((f) => !before.has(f.fingerprint));
      }
    }
    findings.push(...found);
  }
  return findings;
}

/** The index Git is committing against HEAD. */
export const scanStaged = (repo: Repo): Promise<Finding[]> => scanChanges(repo, stagedChanges(repo.root));
