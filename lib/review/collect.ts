// `aura pr-review`: what a reviewer of a pull request's range needs, from what exists:
// the range check (lib/range/check.ts: unlogged and unbound commits, recomputed deltas), the
// intent check re-run on each commit's recorded delta (lib/intent/check.ts), the secret scan
// of the range's diff with recorded overrides (lib/secrets/), the layer rules of
// [[review.layers]] (lib/review/layers.ts), and a summary of symbols, authors and keys.
import { dirname } from 'node:path';
import type { AstDelta, Entry } from '../entry/types';
import { AuraError } from '../errors';
import { loadCorrections, effectiveIntent } from '../export/corrections';
import { git } from '../git/exec';
import { treeChanges } from '../git/tree';
import { checkIntent, Authorization } from '../intent/check';
import { readAuraTrailer } from '../intent/message';
import { readEntries } from '../log/read';
import { rangeCommits, verifyRange, RangeCategory, RangeFinding } from '../range/check';
import { PolicyPositions } from '../range/policy-at';
import type { TrustState } from '../entry/trust';
import { deltaPaths, touchedZones } from '../zones/check';
import type { Repo } from '../repo';
import { activeOverrides, overrideFor } from '../secrets/overrides';
import { scanChanges } from '../secrets/scan';
import { loadTrust } from '../trust/load';
import type { Kind } from './kinds';
import { layerFindings } from './layers';
import type { DirSummary, ReviewCommit, ReviewFinding, ReviewReport } from './report';

const RANGE_KIND: Record<RangeCategory, Kind> = { UNLOGGED_COMMIT: 'unlogged-commit', COMMIT_MISMATCH: 'commit-mismatch', DELTA_MISMATCH: 'delta-mismatch', LOGGED_LATE: 'logged-late', POLICY_VIOLATION: 'policy-violation' };

/** A range finding's kind: agent path rules and agent deletions are kinds of their own, the other agent rules stay policy-violation. */
function rangeKind(f: RangeFinding): Kind {
  const v = f.violation?.type;
  if (v === 'outside-paths' || v === 'denied') return 'agent-path-violation';
  if (v === 'deletion') return 'agent-deletion';
  return RANGE_KIND[f.category];
}

const fileOf = (symbolPath: string): string => {
  const i = symbolPath.lastIndexOf(':');
  return i > 0 ? symbolPath.slice(0, i) : symbolPath;
};

/** The first file a commit changed: where a commit-level finding is shown (SARIF needs a file). */
function firstChangedFile(repo: Repo, sha: string, parent: string | null): string | null {
  const c = treeChanges(repo.root, parent, sha).find((x) => !(x.new ?? x.old)!.path.startsWith('.aura/'));
  return c ? (c.new ?? c.old)!.path : null;
}

interface LogIndex {
  commits: Map<string, Entry>; // commit entries by id
  authorizations: Map<string, Authorization>; // authorize-delete entries by hash
  atCommit: Map<string, TrustState>; // trust at each commit entry's parents: its strict mode and zone claims
}

async function indexLog(logPath: string): Promise<LogIndex> {
  const commits = new Map<string, Entry>();
  const authorizations = new Map<string, Authorization>();
  const positions = new PolicyPositions();
  for await (const { entry } of readEntries(logPath)) {
    positions.add(entry);
    if (entry.capability === 'commit') commits.set(entry.id, entry);
    else if (entry.capability === 'authorize-delete' && Array.isArray(entry.targets)) {
      authorizations.set(entry.hash, { hash: entry.hash, id: entry.id, keyId: '', targets: entry.targets.filter((t): t is string => typeof t === 'string') });
    }
  }
  return { commits, authorizations, atCommit: positions.atCommit };
}

/** Removals strict mode refuses in a commit logged in strict mode: the hooks' check did not run (a skipped check, a forged hint). */
function strictBypass(entry: Entry, delta: AstDelta, authorizations: Authorization[], sha: string, subject: string): ReviewFinding[] {
  const atCommit = checkIntent({ intent: entry.intent, delta, authorizations, committer: entry.author.kind, strict: true, now: Date.parse(entry.ts) });
  return atCommit.findings
    .filter((f) => f.blocks && f.change === 'removed')
    .map((f) => ({
      kind: 'strict-bypass' as const, commit: sha, path: fileOf(f.path), line: null, symbol: f.path,
      message: `${sha.slice(0, 12)} "${subject}": logged in strict mode, but strict mode refuses removing ${f.path} — ${f.reason}`,
    }));
}

/** Paths the commit changed inside active zone claims of other keys, as the log stood when it was logged. */
function zoneFindings(trust: TrustState, entry: Entry, delta: AstDelta, sha: string, subject: string): ReviewFinding[] {
  const pubkey = entry.author.pubkey;
  const admin = trust.keys.get(pubkey)?.admin === true;
  const touches = touchedZones(trust.zones, deltaPaths(delta), { pubkey, admin }, trust.policy.strict === true, Date.parse(entry.ts));
  const name = (pk: string) => trust.keys.get(pk)?.keyId ?? pk.slice(0, 24) + '…';
  return touches.map((t) => {
    const c = t.claim;
    const how = c.block ? 'blocking claim' : trust.policy.strict ? 'claim, blocking in strict mode' : 'claim';
    const by = admin && (c.block || trust.policy.strict) ? '; committed with an admin key' : '';
    return {
      kind: 'zone-conflict' as const, commit: sha, path: t.paths[0], line: null, symbol: null,
      message: `${sha.slice(0, 12)} "${subject}": edits ${t.paths.join(', ')} inside zone ${c.id} (${how} by ${name(c.owner)} since ${c.since}: ${JSON.stringify(c.reason)})${by}`,
    };
  });
}

function splitRange(repo: Repo, range: string): { base: string; head: string } {
  const m = /^(.+?)\.\.(?!\.)(.+)$/.exec(range);
  if (!m) throw new AuraError(`bad range ${JSON.stringify(range)}`, 'give <base>..<head>, e.g. aura pr-review origin/main..HEAD');
  const rev = (r: string): string => git(['rev-parse', '--verify', '--end-of-options', `${r}^{commit}`], { cwd: repo.root });
  return { base: rev(m[1]), head: rev(m[2]) };
}

export async function reviewRange(repo: Repo, range: string, now = Date.now()): Promise<ReviewReport> {
  const { base, head } = splitRange(repo, range);
  const commits = rangeCommits(range, repo.root);
  const checked = await verifyRange(range, { cwd: repo.root, logPath: repo.logPath, maxFileBytes: repo.config.delta.max_file_bytes });
  const log = await indexLog(repo.logPath);
  const corrections = await loadCorrections(repo.logPath);
  const { state } = await loadTrust(repo.logPath);
  const findings: ReviewFinding[] = [];
  const failed = new Set<string>();

  for (const f of checked.findings) {
    const c = commits.find((x) => x.sha === f.commit)!;
    if (f.category !== 'POLICY_VIOLATION') failed.add(f.commit); // a policy violation's entry binds its commit: its intent and zones are still read
    const at = f.violation && f.violation.path !== '(whole commit)' ? f.violation.path : null;
    const symbol = at && f.violation!.type === 'deletion' && at.includes(':') ? at : null;
    findings.push({
      kind: rangeKind(f), commit: f.commit, path: at ? fileOf(at) : firstChangedFile(repo, f.commit, c.parents[0] ?? null), line: null, symbol,
      message: `${f.commit.slice(0, 12)} "${f.subject}": ${f.reason}`,
    });
  }

  const symbols: Record<string, DirSummary> = {};
  const count = (path: string, change: string): void => {
    const dir = dirname(fileOf(path));
    const s = (symbols[dir] ??= { added: 0, modified: 0, removed: 0 });
    if (change === 'added') s.added++;
    else if (change === 'removed') s.removed++;
    else s.modified++;
  };
  const reviewCommits: ReviewCommit[] = [];
  for (const c of commits) {
    const message = c.message.toString('utf8');
    const subject = message.split('\n')[0];
    const trailer = readAuraTrailer(message);
    const entry = trailer && !failed.has(c.sha) ? log.commits.get(trailer.id) ?? null : null;
    const key = entry ? state.keys.get(entry.author.pubkey) : undefined;
    const intent = entry ? effectiveIntent(entry, corrections) : null;
    reviewCommits.push({
      sha: c.sha, subject, author: c.author.name, entry: entry?.id ?? null,
      key: entry ? { id: key?.keyId ?? '(unregistered key)', kind: entry.author.kind } : null, intent,
    });
    let delta: AstDelta;
    if (entry) {
      delta = entry.ast_delta as AstDelta;
      const used = Array.isArray(entry.authorizations) ? entry.authorizations : [];
      const authorizations = used.map((h) => log.authorizations.get(h as string)).filter((a): a is Authorization => !!a);
      // Re-run on the recorded delta (verified against the commit by the range check above);
      // strict off: every finding is reported, none "blocks". Expiry is judged at commit time.
      const result = checkIntent({ intent: intent!, delta, authorizations, committer: entry.author.kind, strict: false, now: Date.parse(entry.ts) });
      // Logged in strict mode (the policy at the entry's parents), a removal was authorized or
      // the hooks refused the commit: not an unexpected deletion. Unless strict mode, re-run as
      // the hooks ran it (the intent as logged), refuses it: then its check was skipped.
      const trust = log.atCommit.get(entry.id);
      const strict = trust?.policy.strict === true;
      if (strict && !entry.redacted?.intent) findings.push(...strictBypass(entry, delta, authorizations, c.sha, subject));
      for (const f of result.findings) {
        if (f.severity === 'ok') continue;
        const kind: Kind = f.severity === 'ambiguous' ? 'intent-ambiguous' : f.change === 'removed' ? 'unexpected-deletion' : 'intent-inconsistent';
        if (kind === 'unexpected-deletion' && strict) continue;
        findings.push({ kind, commit: c.sha, path: fileOf(f.path), line: null, symbol: f.path, message: `${c.sha.slice(0, 12)} "${subject}": ${f.path} ${f.change} — ${f.reason}` });
      }
      if (trust) findings.push(...zoneFindings(trust, entry, delta, c.sha, subject));
    } else {
      const { revisionDelta } = require('../delta/index') as typeof import('../delta/index');
      delta = await revisionDelta(c.parents[0] ?? null, c.sha, { cwd: repo.root, repo, cache: false });
    }
    for (const n of delta.nodes) if (n.kind !== 'file') count(n.path, n.change);
  }

  // Secrets in the range's diff as a whole (what the merge would bring in), with overrides.
  const secretFindings = await scanChanges(repo, treeChanges(repo.root, base, head));
  const overrides = secretFindings.length ? await activeOverrides(repo.logPath, state, now) : [];
  for (const s of secretFindings) {
    const o = overrideFor(s, overrides);
    findings.push({
      kind: o ? 'secret-override' : 'secret', commit: null, path: s.path, line: s.line, symbol: null,
      message: `${s.rule} ${s.fingerprint}: ${s.excerpt}${o ? ` (allowed by ${o.id}: ${o.reason})` : ''}`,
    });
  }
  findings.push(...(await layerFindings(repo, base, head)));

  const counts: ReviewReport['counts'] = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  const keys = new Map(reviewCommits.filter((c) => c.key).map((c) => [`${c.key!.kind}:${c.key!.id}`, c.key!]));
  return {
    version: 1, range, base, head, commits: reviewCommits, findings, counts,
    summary: { symbols, authors: [...new Set(reviewCommits.map((c) => c.author))], keys: [...keys.values()] },
  };
}
