// [[review.layers]] in .aura/config.toml: which paths may not import which, checked on the
// imports tree-sitter finds (lib/delta/imports.ts) in the files a range adds or changes.
//   [[review.layers]]
//   from = "lib/**"          # files this rule applies to
//   deny = ["hooks/**"]      # import targets they may not use (resolved repository paths or package names)
import { grammarFor } from '../../grammars/registry';
import { importsOf } from '../delta/imports';
import { readBlobs } from '../git/batch';
import { treeChanges } from '../git/tree';
import { symbolMatches } from '../intent/glob';
import type { Repo } from '../repo';
import type { ReviewFinding } from './report';

export interface LayerRule {
  from: string;
  deny: string[];
}

/** A target matches a deny glob as written, or with the extension a relative import leaves out. */
const denied = (glob: string, target: string): boolean => symbolMatches(glob, target) || /\/\*\*$/.test(glob) && target === glob.slice(0, -3);

export async function layerFindings(repo: Repo, base: string, head: string): Promise<ReviewFinding[]> {
  const rules = (repo.config['review.layers'] ?? []) as LayerRule[];
  if (rules.length === 0) return [];
  const files = treeChanges(repo.root, base, head)
    .map((c) => c.new)
    .filter((n): n is NonNullable<typeof n> => !!n && (n.mode === '100644' || n.mode === '100755') && !!grammarFor(n.path) && rules.some((r) => symbolMatches(r.from, n.path)));
  const blobs = readBlobs(repo.root, [...new Set(files.map((f) => f.oid))]);
  const out: ReviewFinding[] = [];
  for (const f of files) {
    const refs = importsOf(grammarFor(f.path)!, f.path, blobs.get(f.oid)!.toString('utf8'));
    for (const rule of rules.filter((r) => symbolMatches(r.from, f.path))) {
      for (const ref of refs) {
        const glob = rule.deny.find((g) => denied(g, ref.target));
        if (glob) {
          out.push({ kind: 'layer-violation', commit: null, path: f.path, line: ref.line, symbol: null,
            message: `${f.path}:${ref.line} imports "${ref.specifier}" (${ref.target}), which [[review.layers]] from = "${rule.from}" denies (${glob})` });
        }
      }
    }
  }
  return out;
}
