// How a ROLLBACK or FORK is told: loudly, naming the entries, with what to do next.
import type { RefCheck } from './observe';

const shortRef = (ref: string): string => ref.replace(/^refs\/(heads|remotes)\//, '');
const shortHash = (h: string): string => h.slice(0, 'blake3:'.length + 12) + '…';
const MAX_NAMED = 20;

/** The lines for one check, or [] when nothing seen is missing. */
export function formatCheck(c: RefCheck): string[] {
  const { verdict, gone, forkPoint, incomingTips } = c.comparison;
  if (verdict === 'OK') return [];
  const name = shortRef(c.ref);
  const remote = c.ref.startsWith('refs/remotes/');
  const out: string[] = [];
  const n = gone.length;
  if (verdict === 'ROLLBACK') {
    out.push(`*** ROLLBACK on ${name}: ${n} log entr${n === 1 ? 'y' : 'ies'} this clone saw ${n === 1 ? 'is' : 'are'} gone from its log ***`);
  } else {
    out.push(`*** FORK on ${name}: its log was rewritten — ${n} entr${n === 1 ? 'y' : 'ies'} this clone saw ${n === 1 ? 'is' : 'are'} gone, replaced by ${incomingTips.length} line${incomingTips.length === 1 ? '' : 's'} of history it never saw ***`);
    if (forkPoint.length) out.push(`  branches off after: ${forkPoint.map(shortHash).join(', ')}`);
    out.push(`  new tips: ${incomingTips.map(shortHash).join(', ')}`);
  }
  for (const g of gone.slice(0, MAX_NAMED)) out.push(`  gone: ${g.id ?? '(id unknown)'} ${g.hash}`);
  if (gone.length > MAX_NAMED) out.push(`  … and ${gone.length - MAX_NAMED} more (aura audit sync-check --json lists them all)`);
  const was = c.seen?.commit ? ` (seen in commit ${c.seen.commit.slice(0, 12)}${c.commit ? `, now ${c.commit.slice(0, 12)}` : ''})` : '';
  out.push(`  seen ${c.seen?.at ?? ''}${was}`);
  if (remote) {
    out.push('  Someone force-pushed a history whose log lacks them, or edited the log. Keep your copy (do not reset onto it);');
    out.push(`  compare with your team. This repeats until ${name} holds them again; after review: aura audit sync-check --accept ${name}`);
  } else {
    out.push('  This clone\'s own branch lost them (a reset, rebase or merge that dropped log lines). The reflog still has them: git reflog');
  }
  return out;
}

export function formatChecks(checks: RefCheck[], prefix = ''): string {
  return checks.flatMap(formatCheck).map((l) => prefix + l + '\n').join('');
}
