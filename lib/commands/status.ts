// `aura status`: one screen — hooks, key in use and its kind, strict mode, pending intent, log health.
import { parseArgs } from 'node:util';
import { hookHealth } from '../../install';
import { formatError } from '../errors';
import { gitRaw } from '../git/exec';
import { logPathInRepo } from '../hooks/fold';
import { frameworkHealth } from '../hooks/pre-commit-framework';
import { readPending, stateDir } from '../intent/pending';
import { intentPolicy } from '../intent/policy';
import { loadActiveKey } from '../keys/store';
import { readEntries } from '../log/read';
import { requireRepo } from '../repo';
import { loadTrust } from '../trust/load';
import type { TrustState } from '../entry/trust';
import { activeClaims } from '../entry/zones';
import { pathMatches } from '../intent/glob';

/** The active zone claims that cover a staged path (yours marked), one line each. */
function stagedClaims(root: string, state: TrustState): string[] {
  const now = Date.now();
  const claims = activeClaims(state.zones, now);
  if (claims.length === 0) return [];
  const staged = gitRaw(['diff', '--cached', '--name-only', '-z', '--no-renames'], { cwd: root, okCodes: [128] }).stdout.toString('utf8').split('\0').filter(Boolean);
  let key: string | null = null;
  try {
    key = loadActiveKey().pubkey;
  } catch {
    /* no key: nothing is "yours" */
  }
  const out: string[] = [];
  for (const c of claims) {
    const inside = staged.filter((p) => c.paths.some((g) => pathMatches(g, p)));
    if (!inside.length) continue;
    const who = c.owner === key ? 'yours' : `by ${state.keys.get(c.owner)?.keyId ?? c.owner.slice(0, 24) + '…'}`;
    out.push(`zone:     ${c.id} ${who}${c.block ? ' (blocking)' : ''} covers staged ${inside.join(', ')}${c.expires ? ` until ${c.expires}` : ''} — ${JSON.stringify(c.reason)}`);
  }
  return out;
}

export const USAGE = 'aura status';

export async function run(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const repo = requireRepo();
  const lines: string[] = [];
  let healthy = true;

  const { place, hooks } = hookHealth(repo.root);
  const missing = hooks.filter((h) => !h.installed).map((h) => h.hook);
  const broken = hooks.filter((h) => h.problem);
  const framework = missing.length === hooks.length ? frameworkHealth(repo.root, place.dir) : null;
  if (framework) {
    // the Git hooks are pre-commit's, running aura's hook ids (lib/hooks/pre-commit-framework.ts)
    const lacking = [
      ...framework.unlisted.map((h) => `aura-${h} is not listed in ${framework.config}`),
      ...framework.notInstalled.map((h) => `pre-commit's ${h} hook is not installed (run: pre-commit install -t ${h})`),
    ];
    lines.push(`hooks:    via the pre-commit framework (${framework.config}: ${framework.running.map((h) => `aura-${h}`).join(', ') || 'none running'}) — ${place.dir}`);
    for (const l of lacking) lines.push(`          ${l}`);
    if (lacking.length) healthy = false;
  } else lines.push(`hooks:    ${missing.length === 0 ? 'installed' : missing.length === hooks.length ? 'NOT installed (run: aura init)' : `missing ${missing.join(', ')} (run: aura init)`} — ${place.mode === 'husky' ? 'via husky, ' : ''}${place.dir}`);
  for (const b of broken) lines.push(`          ${b.hook}: ${b.problem} (run: aura init)`);
  lines.push(`helper:   ${(require('../helper/start') as typeof import('../helper/start')).helperSummary(stateDir(repo.gitDir), repo.root)}`);
  if (!framework && (missing.length || broken.length)) healthy = false;

  let trust: Awaited<ReturnType<typeof loadTrust>> | null = null;
  try {
    trust = await loadTrust(repo.logPath);
  } catch (e) {
    lines.push(`log:      UNREADABLE — ${formatError(e).replace(/^aura: /, '')}`);
    healthy = false;
  }
  try {
    const key = loadActiveKey();
    const rec = trust?.state.keys.get(key.pubkey);
    const role = !trust ? 'cannot tell (the log is unreadable)' : !rec ? 'not registered in this log (ask an admin: aura key add)' : rec.revoked ? 'REVOKED' : rec.admin ? 'admin' : 'registered';
    lines.push(`key:      ${key.keyId} (${key.kind}) — ${role}`);
  } catch (e) {
    lines.push(`key:      none — ${formatError(e).replace(/^aura: /, '')}`);
    healthy = false;
  }
  if (trust) lines.push(`strict:   ${trust.state.policy.strict ? 'ON' : 'off'}${trust.state.policy.strict && trust.state.policy.refuse_parse_errors === true ? ', refusing unparsable source files' : ''}${trust.state.policyAt ? ` (policy ${trust.state.policyAt.ts})` : ''}`);
  const convention = trust ? intentPolicy(trust.state.policy).convention : null;
  if (convention) lines.push(`convention: intents must match /${convention.pattern}/${convention.message ? ` — ${convention.message}` : ''} (signed policy)`);
  if (trust) {
    for (const line of stagedClaims(repo.root, trust.state)) lines.push(line);
  }
  const pending = readPending(repo.gitDir);
  lines.push(`intent:   ${pending ? `pending — ${JSON.stringify(pending.intent)}` : 'none pending (the commit message is the intent)'}`);

  if (trust) {
    let entries = 0;
    try {
      for await (const _ of readEntries(repo.logPath)) entries++;
      const tips = trust.tips.length;
      const logRel = logPathInRepo(repo);
      const dirty = logRel && gitRaw(['diff', '--quiet', 'HEAD', '--', logRel], { cwd: repo.root, okCodes: [1, 128] }).status !== 0;
      lines.push(`log:      ${entries} entries, ${tips} tip${tips === 1 ? '' : 's'}${tips > 1 ? ' (FORK: run aura audit verify)' : ''}${dirty ? '; has entries not yet committed (the next commit carries them)' : ''}`);
      if (tips > 1) healthy = false;
    } catch (e) {
      lines.push(`log:      BROKEN — ${formatError(e).replace(/^aura: /, '')}`);
      healthy = false;
    }
  }
  if (trust) {
    const { recentUnbound } = require('../range/backfill') as typeof import('../range/backfill');
    const recent = await recentUnbound(repo);
    if (recent && recent.unbound.length) {
      const n = recent.unbound.length;
      lines.push(`commits:  ${n} on this branch since ${recent.base.slice(0, 10)} ha${n === 1 ? 's' : 've'} no entry (committed with --no-verify, without aura, or a cherry-pick ended with --quit): run aura audit backfill ${recent.base.slice(0, 10)}..HEAD`);
      healthy = false;
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  return healthy ? 0 : 1;
}
