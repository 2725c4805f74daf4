// The kinds of finding `aura pr-review` reports: one SARIF rule each, and the names
// `[review] fail_on` lists (docs/review.md).
export type Level = 'error' | 'warning' | 'note';

export interface KindSpec {
  title: string;
  level: Level;
  help: string; // what to do about it
}

export const KINDS = {
  'unlogged-commit': { title: 'Commit without a log entry', level: 'error', help: 'The commit carries no Aura-Intent trailer naming a commit entry (committed with --no-verify or without the hooks). Re-log it: git commit --amend --no-edit on that commit, or rebase with the hooks installed.' },
  'commit-mismatch': { title: 'Entry not bound to this commit', level: 'error', help: 'The entry the trailer names is bound to other parents or another tree (a rebase or cherry-pick without re-logging). Re-log the commit.' },
  'logged-late': { title: 'Commit logged late', level: 'note', help: 'The commit is covered by a backfill entry (aura audit backfill) instead of an entry written when it was made.' },
  'delta-mismatch': { title: 'Recorded delta differs from the commit', level: 'error', help: 'The entry\'s ast_delta is not the delta recomputed from the commit: the log or the commit was altered. Investigate with aura audit verify.' },
  'policy-violation': { title: 'Agent commit outside its agent policy', level: 'error', help: 'A commit signed by an agent key changes what the agent policy at its position does not allow (the check of aura audit verify --range, POLICY_VIOLATION). See aura agent policy.' },
  'agent-path-violation': { title: 'Agent commit outside its allowed paths', level: 'error', help: 'A commit signed by an agent key changes a file outside the paths its agent rule allows, or one the rule denies (checked against the agent policy at the entry\'s position, as aura audit verify --range does). Widen the rule (aura agent allow, an admin key) or have a human key make the change.' },
  'agent-deletion': { title: 'Agent deletion without a human authorization', level: 'error', help: 'A commit signed by an agent key removes a symbol or file that no human authorize-delete entry it consumed covers. Agents never delete on their own: aura intent authorize-delete (a human key) before the commit.' },
  'strict-bypass': { title: 'Removal strict mode refuses, logged in strict mode', level: 'error', help: 'The commit was logged while strict mode was on, yet strict mode refuses one of its removals (no authorize-delete covers it, the intent does not name it): the hooks\' check did not run (a skipped check on a stale or forged policy hint). Investigate; authorize the deletion after the fact only if it was intended.' },
  'zone-conflict': { title: 'Edit inside a zone another key claimed', level: 'warning', help: 'The commit changes paths inside an active zone claim (aura zone claim) held by another key when it was logged. Coordinate with the claimant; a blocking claim (or any claim in strict mode) is refused by the hooks unless an admin key commits.' },
  'intent-inconsistent': { title: 'Intent contradicts the change', level: 'warning', help: 'The intent check (re-run on the recorded delta) finds the stated intent inconsistent with this symbol\'s change. Correct it with aura intent supersede.' },
  'intent-ambiguous': { title: 'Intent says nothing about the change', level: 'note', help: 'The intent is generic ("fix", "wip") for a non-trivial change. Correct it with aura intent supersede.' },
  'unexpected-deletion': { title: 'Symbol removed without authorization', level: 'warning', help: 'A symbol was removed with neither an authorize-delete entry nor an intent naming it.' },
  'secret': { title: 'Possible secret', level: 'error', help: 'A credential pattern in the changed files (masked). Remove and rotate it, or record an override: aura secret allow <fingerprint> --reason "…".' },
  'secret-override': { title: 'Secret allowed by a recorded override', level: 'note', help: 'A secret-scan finding that a human key allowed with a signed secret-override entry.' },
  'layer-violation': { title: 'Import across a declared layer', level: 'error', help: 'A changed file imports a path its [[review.layers]] rule in .aura/config.toml denies.' },
} as const satisfies Record<string, KindSpec>;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as Kind[];
