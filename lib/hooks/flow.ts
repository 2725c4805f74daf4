// The commit flow (docs/hooks.md). Two paths, chosen by where the intent comes from:
//  (a) a pending intent (`aura intent "…"` beforehand): pre-commit computes the delta of the
//      index Git is committing, checks it, seals and appends the entry and stages the log, so
//      the entry is part of the commit Git writes; commit-msg only adds the trailer. Works with
//      signed commits (one signature, by Git).
//  (b) the commit message is the intent: commit-msg checks it (and can refuse the commit);
//      post-commit (post-merge for `git merge`) appends the entry for the commit actually made
//      and folds the log and trailer into a replacement commit (lib/hooks/fold.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AstDelta, Entry } from '../entry/types';
import { AuraError } from '../errors';
import { git, gitRaw } from '../git/exec';
import { indexedTree } from '../git/index-file';
import { looseExists } from '../git/loose';
import { formatReport } from '../intent/check';
import { intentFromMessage, readAuraTrailer } from '../intent/message';
import { clearPending, clearState, readPending, readState, requireIntentText, stateDir, writeState } from '../intent/pending';
import type { LoadedKey } from '../keys/store';
import type { Repo } from '../repo';
import { CommitBinding, snapshotTreeWithoutAura, treeIdsWithoutAura } from '../git/binding';
import { beforeAppend } from '../export/after-append';
import { CommitObject, CommitSnapshot, dirsAbove, findCommit, findHeadCommit, headSnapshotFromFiles, readCommitSnapshot } from '../git/commit-object';
import { currentBranch, enteredRecursively, hookContext, lastHeadReflog, mergeHeads } from './context';
import { evaluateIntent, Evaluation } from './evaluate';
import { formatGovernance } from './governance';
import { foldIntoHead, LogStaging, logPathInRepo, prewriteLog, stageLog, startStaging, withTrailer } from './fold';
import { isAmendInvocation, signsExplicitly } from './git-invocation';
import { messageReading } from './message-reading';
import { noIntentInMessage } from './no-intent';
import { notePolicy, takeDeferred } from './policy-cache';
import { notLogged } from './signer-gate';
import { pickOf, rebaseInProgress } from './rewrite-kind';
import { gateSecrets, overridesFor } from './secret-gate';

/** Path (a): the entry pre-commit appended and staged, waiting for its commit. */
interface Prepared {
  id: string;
  hash: string;
  intent: string;
  commit_parents: string[];
  tree: string;
  gated: boolean; // the policy needs commit-msg (evaluate.ts): no policy-ok hint
}

/** Path (b): what commit-msg computed, reused by post-commit when the commit matches. */
interface Checked {
  intent: string;
  indexTree: string; // the tree Git was committing
  base: string | null; // the commit the delta was computed against
  delta: AstDelta;
  used: string[]; // authorizations consumed
  gated: boolean;
}

const preparedPath = (repo: Repo): string => join(stateDir(repo.gitDir), 'prepared.json');
const checkedPath = (repo: Repo): string => join(stateDir(repo.gitDir), 'checked.json');
const say = (text: string): void => void process.stderr.write(text + '\n');

// Sealing and appending (ed25519, the log writer) only load where an entry is made: commit-msg
// and pre-commit mostly never make one.
const appendCommitEntry: typeof import('./commit-entry').appendCommitEntry = (...args) =>
  (require('./commit-entry') as typeof import('./commit-entry')).appendCommitEntry(...args);

function loadKey(): LoadedKey {
  return (require('../keys/store') as typeof import('../keys/store')).loadActiveKey();
}

async function deltaBetween(repo: Repo, base: string | null, target: string): Promise<AstDelta> {
  const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
  return revisionDelta(base, target, { cwd: repo.root, repo }); // maxFileBytes: the repo's [delta] max_file_bytes
}

/**
 * The tree of the index Git gives the hook (GIT_INDEX_FILE honoured): the one Git computed
 * when it prepared the commit, from the index's cache-tree, when it is up to date there and
 * stored (no process; `oidLength` is HEAD's id's, unknown before the first commit); else
 * `git write-tree`.
 */
function indexTree(repo: Repo, oidLength: number | undefined): string {
  if (oidLength) {
    const index = process.env.GIT_INDEX_FILE ? resolve(repo.root, process.env.GIT_INDEX_FILE) : join(repo.gitDir, 'index');
    const tree = indexedTree(index, oidLength);
    if (tree && looseExists(repo.commonDir, tree)) return tree;
  }
  return git(['write-tree'], { cwd: repo.root });
}

/**
 * The log into the index Git is about to write (GIT_INDEX_FILE), so the entry is in this very
 * commit; a long log's blob written first (lib/hooks/fold.ts prewriteLog), so git only hashes it.
 */
const stageForCommit = (repo: Repo, logRel: string | null, oidLength: number | undefined): void => {
  if (!logRel) return;
  if (oidLength) prewriteLog(repo, oidLength);
  gitRaw(['update-index', '--add', '--', logRel], { cwd: repo.root });
};

const gpgSignConfigured = (repo: Repo): boolean =>
  git(['config', '--type=bool', 'commit.gpgsign'], { cwd: repo.root, okCodes: [1] }) === 'true';

/** Parents the commit being made will have, and the entry an amend supersedes. */
function upcomingParents(repo: Repo): { parents: string[]; supersedes?: string } {
  const head = findHeadCommit(repo.gitDir, repo.commonDir, repo.root);
  if (!head) return { parents: [] };
  if (isAmendInvocation() === true) return { parents: head.parents, supersedes: readAuraTrailer(head.message.toString('utf8'))?.hash };
  return { parents: [head.sha, ...mergeHeads(repo)] };
}

function printReport(intent: string, ev: Evaluation): void {
  const { result, strict } = ev;
  if (result.verdict === 'consistent' && !result.blocked) {
    say(`aura: intent check — consistent (${result.findings.length} symbol${result.findings.length === 1 ? '' : 's'})`);
  } else {
    say(formatReport(intent, result, strict));
  }
  const governance = formatGovernance(ev.governance, ev.state, strict);
  if (governance) say(governance);
}

/** Refused by strict mode's intent check, or by the agent policy or a blocking zone (in every mode). */
const refused = (ev: Evaluation): boolean => ev.result.blocked || ev.governance.refused;
/** Whether the next commit-msg may take the fast path (policy-cache.ts): not when a check there could refuse. */
const holdsHint = (ev: Evaluation): boolean => ev.gated || ev.governance.holdHint;

// ─── pre-commit / pre-merge-commit ──────────────────────────────────────────────────────────
export async function preCommit(): Promise<number> {
  if (enteredRecursively()) return 0;
  const repo = hookContext();
  const secrets = await gateSecrets(repo); // before anything is logged (lib/hooks/secret-gate.ts)
  if (secrets.refused) return 1;
  if (rebaseInProgress(repo)) return 0; // post-rewrite logs the rebased commits (lib/hooks/relog-rebase.ts)
  const pending = readPending(repo.gitDir);
  if (!pending) {
    if (gpgSignConfigured(repo) || signsExplicitly()) {
      throw new AuraError(
        'this commit will be signed (commit.gpgsign or -S), and aura cannot add its entry to a signed commit afterwards without asking you to sign a second time',
        'log the intent first, then commit: aura intent "what this commit does and why"',
        1,
      );
    }
    return 0;
  }
  const intent = requireIntentText(pending.intent, 'pending intent');
  const key = loadKey();
  const { parents, supersedes } = upcomingParents(repo);
  const staged = indexTree(repo, parents[0]?.length);
  const binding: CommitBinding = { branch: currentBranch(repo), commit_parents: parents, tree: treeIdsWithoutAura([staged], repo.root)[0] };
  const logRel = logPathInRepo(repo);

  // A retry after an aborted commit (editor closed empty, commit-msg refused …) reuses its entry.
  const before = readState<Prepared>(preparedPath(repo));
  if (before && before.intent === intent && before.tree === binding.tree && before.commit_parents.join() === parents.join()) {
    stageForCommit(repo, logRel, parents[0]?.length);
    return 0;
  }
  const delta = await deltaBetween(repo, parents[0] ?? null, staged);
  const ev = await evaluateIntent(repo, intent, delta, key, { base: parents[0] ?? null, target: staged });
  printReport(intent, ev);
  if (refused(ev)) return 1;
  if (ev.untrusted) return 0; // normal mode: the commit goes through unlogged; post-commit says so (signer-gate.ts)
  await beforeAppend(repo);
  const entry = await appendCommitEntry(repo, key, { intent, delta, binding, authorizations: ev.result.used, supersedes, secretOverrides: secrets.overrides });
  stageForCommit(repo, logRel, parents[0]?.length);
  writeState(preparedPath(repo), { id: entry.id, hash: entry.hash, intent, commit_parents: parents, tree: binding.tree, gated: holdsHint(ev) } satisfies Prepared);
  return 0;
}

// ─── commit-msg ─────────────────────────────────────────────────────────────────────────────
export async function commitMsg(msgFile: string): Promise<number> {
  if (enteredRecursively()) return 0;
  const repo = hookContext();
  if (rebaseInProgress(repo)) return 0; // checked in post-rewrite
  const file = resolve(repo.root, msgFile);
  const prepared = readState<Prepared>(preparedPath(repo));
  if (prepared) {
    writeFileSync(file, withTrailer(readFileSync(file), prepared, repo.root));
    return 0;
  }
  // `git config` (how Git cleans the message up) runs while the delta is computed; an empty
  // message leaves the delta unused
  const reading = messageReading(repo);
  const { parents } = upcomingParents(repo);
  const base = parents[0] ?? null;
  const staged = indexTree(repo, parents[0]?.length);
  const computing = deltaBetween(repo, base, staged);
  computing.catch(() => {}); // awaited below, unless the message is empty
  const intent = intentFromMessage(readFileSync(file, 'utf8'), await reading);
  if (intent === '') return noIntentInMessage(repo);
  const key = loadKey();
  const delta = await computing;
  const ev = await evaluateIntent(repo, intent, delta, key, { base, target: staged });
  printReport(intent, ev);
  if (refused(ev)) return 1;
  await beforeAppend(repo); // post-commit appends; a refusal must come while the commit can still be stopped
  writeState(checkedPath(repo), { intent, indexTree: staged, base, delta, used: ev.result.used, gated: holdsHint(ev) } satisfies Checked);
  return 0;
}

// ─── post-commit / post-merge ───────────────────────────────────────────────────────────────
function sameBinding(snap: CommitSnapshot, p: Prepared, repo: Repo): boolean {
  const head = snap.commit;
  return head.parents.join() === p.commit_parents.join() && snapshotTreeWithoutAura(snap, repo.root) === p.tree &&
    readAuraTrailer(head.message.toString('utf8'))?.hash === p.hash;
}

/** The entry the commit HEAD replaced by `git commit --amend` named, if this was an amend. */
function amendedEntry(repo: Repo, head: CommitObject): string | undefined {
  const last = lastHeadReflog(repo);
  if (!last || last.new !== head.sha || !last.subject.startsWith('commit (amend)')) return undefined;
  const old = findCommit(last.old, repo.root);
  return old ? readAuraTrailer(old.message.toString('utf8'))?.hash : undefined;
}

/**
 * Appends the entry for HEAD and folds it in. With `checked` (commit-msg's work, same base) the
 * delta is reused; otherwise it is computed from the commit and the check runs here — printed
 * when `report` (commit-msg deferred it: lib/hooks/policy-cache.ts).
 */
async function logAndFold(repo: Repo, snap: CommitSnapshot, intent: string, checked: Checked | null, report = false): Promise<Entry | null> {
  // git starts while the entry is made, then waits for the log's path (holding the index's lock)
  const staging = startStaging(repo, true);
  try {
    return await makeAndFold(repo, snap, intent, checked, report, staging);
  } finally {
    await staging?.finish('').catch(() => {}); // stages nothing unless the fold gave it the path; its failure was thrown there
  }
}

/** logAndFold's work, with the log's staging already started. */
async function makeAndFold(repo: Repo, snap: CommitSnapshot, intent: string, checked: Checked | null, report: boolean, staging: LogStaging | null): Promise<Entry | null> {
  const head = snap.commit;
  const key = loadKey();
  const base = head.parents[0] ?? null;
  let delta: AstDelta;
  let used: string[];
  let gated: boolean;
  if (checked && checked.base === base) {
    ({ delta, used, gated } = checked);
  } else {
    delta = await deltaBetween(repo, base, head.sha);
    const ev = await evaluateIntent(repo, intent, delta, key, { base, target: head.sha });
    ({ used } = ev.result);
    gated = holdsHint(ev);
    if (report) printReport(intent, { ...ev, result: { ...ev.result, blocked: false } });
    if (report && refused(ev)) {
      const by = ev.result.blocked ? 'strict mode' : 'the agent policy or a blocking zone';
      say(`aura: WARNING: ${by} would have refused this commit, but its check was skipped on a stale policy hint; it is logged with the findings above`);
    }
  }
  const binding: CommitBinding = { branch: currentBranch(repo), commit_parents: head.parents, tree: snapshotTreeWithoutAura(snap, repo.root) };
  const secretOverrides = overridesFor(repo, head.tree);
  const entry = await appendCommitEntry(repo, key, { intent, delta, binding, authorizations: used, supersedes: amendedEntry(repo, head), secretOverrides }).catch(notLogged(head.sha));
  if (!entry) return null;
  const fresh = await foldIntoHead(repo, snap, entry, staging);
  notePolicy(repo, gated);
  say(`aura: logged ${entry.id} (${fresh.slice(0, 10)} carries Aura-Intent)`);
  return entry;
}

/** post-commit, and post-merge for a merge commit made by `git merge`. */
export async function postCommit(): Promise<number> {
  if (enteredRecursively()) return 0;
  const repo = hookContext();
  const prepared = readState<Prepared>(preparedPath(repo));
  const checked = readState<Checked>(checkedPath(repo));
  clearState(checkedPath(repo));
  if (rebaseInProgress(repo)) {
    takeDeferred(repo);
    return 0; // the whole rebase is logged at once by post-rewrite (lib/hooks/relog-rebase.ts)
  }
  const logRel = logPathInRepo(repo);
  // HEAD and the trees the fold edits: from the loose files Git has just written, else one git process
  const dirs = logRel ? dirsAbove(logRel) : [];
  const snap = headSnapshotFromFiles(repo.gitDir, repo.commonDir, dirs) ?? readCommitSnapshot('HEAD', repo.root, dirs);
  const head = snap.commit;
  if (prepared) {
    clearState(preparedPath(repo));
    const pending = readPending(repo.gitDir);
    clearPending(repo.gitDir);
    if (sameBinding(snap, prepared, repo)) {
      await stageLog(repo); // `git commit <path>` staged it only in its temporary index
      notePolicy(repo, prepared.gated);
      say(`aura: logged ${prepared.id} (Aura-Intent of ${head.sha.slice(0, 10)})`);
      return 0;
    }
    // The commit is not the one pre-commit prepared for (an amend this platform could not see).
    say(`aura: warning: entry ${prepared.id} was prepared for other parents; logging this commit again`);
    if (head.signed) return unloggedSigned(head);
    await logAndFold(repo, snap, pending?.intent ?? prepared.intent, null);
    return 0;
  }
  const pick = pickOf(repo, head, isAmendInvocation() === true);
  if (pick) {
    takeDeferred(repo);
    return (require('./relog-pick') as typeof import('./relog-pick')).relogPick(repo, snap, pick); // cherry-pick, revert, a copied message
  }
  const deferred = takeDeferred(repo);
  if ((!checked || checked.indexTree !== head.tree) && deferred) {
    if (head.signed) return unloggedSigned(head);
    const intent = intentFromMessage(head.message.toString('utf8'));
    if (intent === '') return noIntentStored(head);
    await logAndFold(repo, snap, intent, null, true);
    return 0;
  }
  if (!checked || checked.indexTree !== head.tree) {
    say(`aura: commit ${head.sha.slice(0, 10)} was made without aura's commit-msg hook (--no-verify?): NOT logged; aura audit verify --range reports it as UNLOGGED_COMMIT`);
    return 0;
  }
  if (head.signed) return unloggedSigned(head);
  // The intent logged is the message Git stored; commit-msg's check is reused when it read the same.
  const stored = intentFromMessage(head.message.toString('utf8'));
  if (stored === '') return noIntentStored(head);
  await logAndFold(repo, snap, stored, stored === checked.intent ? checked : null);
  return 0;
}

function noIntentStored(head: CommitObject): number {
  say(`aura: commit ${head.sha.slice(0, 10)} states no intent: NOT logged. Amend it with a message that says what it does: git commit --amend`);
  return 0;
}

function unloggedSigned(head: CommitObject): number {
  say(`aura: commit ${head.sha.slice(0, 10)} is signed: NOT logged (rewriting it would drop your signature). ` +
    'Log the intent before signed commits: aura intent "…", then commit.');
  return 0;
}

export async function postMerge(squash: string | undefined): Promise<number> {
  if (squash === '1') return 0; // a squash merge only stages; the later `git commit` is logged
  const repo = hookContext();
  const head = findHeadCommit(repo.gitDir, repo.commonDir, repo.root);
  if (!head || head.parents.length < 2) {
    clearState(checkedPath(repo)); // fast-forward: no commit was made
    return 0;
  }
  return postCommit();
}
