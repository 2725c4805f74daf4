// The secret scan in the commit path (docs/secrets.md). pre-commit (and pre-merge-commit)
// scan the index Git gives them before anything is logged; a finding without an override
// refuses the commit. Overrides used are passed to the commit entry (`secret_overrides`):
// directly when pre-commit appends it (pending intent), else through a state file keyed by
// the tree being committed, read by post-commit. The dispatcher starts Node for this only when an
// added line matches the pre-filter (hooks/dispatch.sh, lib/secrets/prefilter.ts), independently of the
// strict-mode hint (lib/hooks/policy-cache.ts), which never skips the scan.
import { join } from 'node:path';
import { git } from '../git/exec';
import { clearState, readState, stateDir, writeState } from '../intent/pending';
import type { Repo } from '../repo';
import type { Finding } from '../secrets/finding';

const statePath = (repo: Repo): string => join(stateDir(repo.gitDir), 'secret-overrides.json');
const say = (text: string): void => void process.stderr.write(text + '\n');

interface Used {
  tree: string; // the index tree the scan read
  overrides: string[]; // hashes of the secret-override entries that allowed findings
}

export function printFindings(findings: Finding[], allowedBy: Map<Finding, string>): void {
  for (const f of findings) {
    const by = allowedBy.get(f);
    say(`  ${f.path}:${f.line}:${f.column}  ${f.rule}  ${f.fingerprint}${by ? `  (allowed by override ${by})` : ''}`);
    say(`      ${f.excerpt}`);
  }
}

/** Scans the staged content; prints and refuses on a finding no override allows. */
export async function gateSecrets(repo: Repo): Promise<{ refused: boolean; overrides: string[] }> {
  clearState(statePath(repo));
  const { scanStaged } = require('../secrets/scan') as typeof import('../secrets/scan');
  const findings = await scanStaged(repo);
  if (findings.length === 0) return { refused: false, overrides: [] };
  const { loadTrust } = require('../trust/load') as typeof import('../trust/load');
  const { activeOverrides, overrideFor, scanningOn } = require('../secrets/overrides') as typeof import('../secrets/overrides');
  const { state } = await loadTrust(repo.logPath);
  if (!scanningOn(state)) return { refused: false, overrides: [] };
  const overrides = await activeOverrides(repo.logPath, state);
  const allowedBy = new Map<Finding, string>();
  const used = new Set<string>();
  for (const f of findings) {
    const o = overrideFor(f, overrides);
    if (o) {
      allowedBy.set(f, o.id);
      used.add(o.hash);
    }
  }
  const blocking = findings.filter((f) => !allowedBy.has(f));
  if (blocking.length > 0) {
    say(`aura: secret scan — ${blocking.length} possible secret${blocking.length === 1 ? '' : 's'} in the staged changes: commit refused`);
    printFindings(findings, allowedBy);
    say('  Remove it from the staged file (git restore --staged / edit, then git add), or, if it is not a secret,');
    say('  record an override with a human key: aura secret allow <fingerprint> --reason "…" [--expires 7d]');
    return { refused: true, overrides: [] };
  }
  say(`aura: secret scan — ${findings.length} finding${findings.length === 1 ? '' : 's'} allowed by recorded override${used.size === 1 ? '' : 's'}:`);
  printFindings(findings, allowedBy);
  const overridesUsed = [...used];
  writeState(statePath(repo), { tree: git(['write-tree'], { cwd: repo.root }), overrides: overridesUsed } satisfies Used);
  return { refused: false, overrides: overridesUsed };
}

/** The overrides pre-commit used for the commit of `tree` (consumed). */
export function overridesFor(repo: Repo, tree: string): string[] {
  const used = readState<Used>(statePath(repo));
  if (!used) return [];
  clearState(statePath(repo));
  return used.tree === tree ? used.overrides : [];
}
