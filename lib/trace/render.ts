// `aura trace` as text: one block per event, newest first.
import type { Trace, TraceAuthorization, TraceEvent } from './walk';

/** Paths may hold newlines or control characters: those are shown JSON-quoted (as aura diff does). */
const show = (path: string): string => (/[\x00-\x1f\x7f]/.test(path) ? JSON.stringify(path) : path);
const quote = (text: string): string => JSON.stringify(text);

function what(e: TraceEvent): string {
  if (e.from !== null && e.from !== e.path) return `${show(e.from)} → ${show(e.path)}`;
  return show(e.path);
}

function authorization(a: TraceAuthorization): string {
  if (a.id === null) return `authorized  ${a.hash} (not in this log)`;
  return `authorized  ${a.id} by ${a.author!.id} (${a.author!.kind}) ${a.ts}: ${quote(a.reason ?? '')}${a.targets.length ? ` [${a.targets.map(show).join(', ')}]` : ''}`;
}

function block(e: TraceEvent): string[] {
  const lines = [`${e.entry.ts}  ${e.change.padEnd(8)} ${what(e)}${e.kind !== 'file' ? `  (${e.kind})` : ''}`];
  const where = [`entry ${e.entry.id}`, `line ${e.line}`];
  if (e.commit) where.push(`commit ${e.commit.slice(0, 12)}${e.branch ? ` on ${e.branch}` : ''}`);
  else if (e.entry.capability !== 'commit') where.push(e.entry.capability);
  if (e.backfilled) where.push('backfilled');
  lines.push(`  ${where.join(', ')}`);
  lines.push(`  author      ${e.author.id} (${e.author.kind})`);
  lines.push(`  intent      ${quote(e.intent)}`);
  for (const c of e.corrections) lines.push(`  corrected   ${c.id} by ${c.author.id} (${c.author.kind}) ${c.ts}: ${quote(c.intent)}`);
  for (const a of e.authorizations) lines.push(`  ${authorization(a)}`);
  for (const r of e.replaced_by) lines.push(`  replaced by ${r.id}${r.commit ? ` (commit ${r.commit.slice(0, 12)})` : ''}: the commit was amended or rebased`);
  return lines;
}

export function renderTrace(t: Trace): string {
  const n = t.events.length;
  const head = `${show(t.symbol)}: ${n} ${n === 1 ? 'entry' : 'entries'}, newest first` +
    (t.names.length > 1 ? `; earlier names: ${t.names.slice(1).map(show).join(', ')}` : '');
  const out = [head, ''];
  for (const e of t.events) out.push(...block(e), '');
  out.push(t.created
    ? `created by ${t.events[t.events.length - 1].entry.id}`
    : 'no entry of the log adds it: it predates the log, or was added by a commit the log does not hold (aura audit backfill)');
  if (t.unreadable_lines) out.push(`warning: ${t.unreadable_lines} line(s) of the log are not entries and were skipped (run: aura audit verify)`);
  return out.join('\n') + '\n';
}
