// report.html: one self-contained page (inline CSS, no script, no network), readable by a
// non-engineer and printable. A pure function of report.json, so `aura audit verify --report`
// can check that the page says what the data says by rendering it again.
import type { EntryRef, ReportJson, Signer } from './types';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const short = (h: string): string => (h.length > 20 ? h.slice(0, 19) + '…' : h);
const day = (ts: string | null): string => (ts ? ts.slice(0, 10) : '—');
const who = (s: Signer): string => `${esc(s.key_id)} <span class="kind ${s.kind}">${s.kind}</span>`;
const entryCell = (r: EntryRef): string => `<code title="${esc(r.hash)}">${esc(r.entry)}</code>`;
/** The commit when the entry names it (backfilled entries do), else the entry: a commit's Aura-Intent trailer names it. */
const commitCell = (c: string | null, r: EntryRef): string => (c ? `commit <code>${esc(c.slice(0, 12))}</code>` : entryCell(r));

function table(head: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="none">${esc(empty)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const section = (id: string, title: string, body: string): string => `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;

/** Commits per week as stacked bars (humans below, agents above), with the numbers in each bar's title. */
function activityChart(weeks: ReportJson['activity']['weeks']): string {
  if (weeks.length === 0) return '<p class="none">No commits in the period.</p>';
  const max = Math.max(1, ...weeks.map((w) => w.human + w.agent));
  const bw = Math.max(6, Math.min(40, Math.floor(640 / weeks.length) - 4));
  const h = 160;
  const width = Math.max(200, weeks.length * (bw + 4) + 70);
  const scale = (n: number) => Math.round((n / max) * h);
  const bars = weeks
    .map((w, i) => {
      const x = 40 + i * (bw + 4);
      const hh = scale(w.human);
      const ha = scale(w.agent);
      const label = i % Math.ceil(weeks.length / 8) === 0 ? `<text x="${x}" y="${h + 34}" class="lbl">${esc(w.start)}</text>` : '';
      return `<g><title>${esc(w.week)} (from ${esc(w.start)}): ${w.human} by humans, ${w.agent} by agents</title><rect class="human" x="${x}" y="${h + 10 - hh}" width="${bw}" height="${hh}"/><rect class="agent" x="${x}" y="${h + 10 - hh - ha}" width="${bw}" height="${ha}"/></g>${label}`;
    })
    .join('');
  return `<svg role="img" aria-label="Commits per week, humans and agents" width="${width}" height="${h + 44}" viewBox="0 0 ${width} ${h + 44}"><text x="0" y="14" class="lbl">${max}</text><text x="0" y="${h + 10}" class="lbl">0</text><line x1="36" y1="${h + 10}" x2="${width}" y2="${h + 10}" class="axis"/>${bars}</svg>
<p class="legend"><span class="sw human"></span> humans <span class="sw agent"></span> agents</p>`;
}

const CSS = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:.88em ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.result{font-size:1.3em;font-weight:700;padding:.4em .8em;border-radius:6px;display:inline-block}
.OK{background:#dafbe1;color:#116329}.BROKEN{background:#ffebe9;color:#a40e26}.FORKED{background:#fff8c5;color:#7d4e00}
.kind{font-size:.75em;border-radius:4px;padding:0 .3em;background:#eaeef2}.kind.agent{background:#ffe6cc}
.none{color:#57606a;font-style:italic}.muted{color:#57606a}.figures{display:flex;gap:1.5em;flex-wrap:wrap}
.figures div{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em}.figures b{display:block;font-size:1.4em}
rect.human,.sw.human{fill:#0969da;background:#0969da}rect.agent,.sw.agent{fill:#fb8f44;background:#fb8f44}
.sw{display:inline-block;width:.9em;height:.9em;vertical-align:middle}.lbl{font-size:10px;fill:#57606a}.axis{stroke:#8c959f}
.cov-none{color:#a40e26;font-weight:600}.cov-authorization,.cov-intent{color:#116329}
@media print{body{margin:0;max-width:none;font-size:11px}section{break-inside:avoid-page}a{color:inherit}}`;

export function renderHtml(r: ReportJson): string {
  const v = r.verification;
  const rep = r.repository;
  const unexplained = r.deletions.filter((d) => d.covered_by === 'none').length;
  const summary = `<p><span class="result ${v.result}">${v.result}</span> <span class="muted">the signed log of this pack (${v.entries} entries), re-checkable with <code>aura audit verify --report &lt;this folder&gt;</code></span></p>
<div class="figures"><div><b>${r.log.in_period}</b>entries in the period</div><div><b>${r.activity.commits.human + r.activity.commits.agent}</b>commits (${r.activity.commits.human} human, ${r.activity.commits.agent} agent)</div><div><b>${r.deletions.length}</b>deleted symbols (${unexplained} unexplained)</div><div><b>${r.intents.length}</b>inconsistent or ambiguous intents</div><div><b>${r.backfilled.length + (rep.binding?.findings.length ?? 0)}</b>unlogged or late-logged commits</div></div>`;

  const verification = `<table><tbody>
<tr><th>Result</th><td>${v.result}${v.failure_count ? ` — ${v.failure_count} problem(s)` : ''}</td></tr>
<tr><th>Entries checked</th><td>${v.entries} (hashes and signatures: ${v.signatures.ok} of ${v.signatures.checked} valid, ${v.signatures.signers} signers)</td></tr>
<tr><th>Chain</th><td>${v.parents.ok} of ${v.parents.checked} parent links found; ${v.tips.length} tip(s)${v.tips.length > 1 ? ' — a fork: two lines of history never joined' : ''}</td></tr>
<tr><th>Genesis (trust pin)</th><td>${v.genesis ? `<code>${esc(v.genesis.hash)}</code>, admin key ${esc(v.genesis.key_id)} <code>${esc(v.genesis.key)}</code>` : 'none'}</td></tr>
<tr><th>Whole log in the repository</th><td>${esc(rep.full_log.result)}, ${rep.full_log.entries} entries (<code>${esc(rep.log_path)}</code>)</td></tr>
<tr><th>Commit binding</th><td>${rep.binding ? `${esc(rep.binding.range)}: ${rep.binding.commits} commits, ${rep.binding.findings.length} finding(s)` : 'not checked (no Git history given)'}</td></tr>
</tbody></table>${v.failures.length ? table(['category', 'entry', 'line', 'reason'], v.failures.map((f) => [esc(f.category), esc(f.entry ?? '—'), String(f.line), esc(f.reason)]), '') : ''}
<h3>Signers</h3>${table(['key id', 'kind', 'admin', 'entries in period', 'public key'], r.signers.map((s) => [esc(s.key_id), s.kind, s.admin ? 'yes' : 'no', String(s.entries_in_period), `<code>${esc(short(s.key))}</code>`]), 'No keys.')}`;

  const activity = `${activityChart(r.activity.weeks)}${table(['week', 'from', 'by humans', 'by agents'], r.activity.weeks.map((w) => [esc(w.week), esc(w.start), String(w.human), String(w.agent)]), 'No commits in the period.')}`;

  const strict = table(['from', 'until', 'strict mode', 'set by', 'entry', 'reason'], r.strict_periods.map((p) => [day(p.from), p.to ? day(p.to) : 'end of period', p.strict ? '<b>on</b>' : 'off', who(p.by), `<code>${esc(p.entry)}</code>`, esc(p.reason)]), 'Strict mode was never set: off for the whole period.');

  const deletions = table(['date', 'symbol', 'commit or entry', 'by', 'accounted for by', 'intent'], r.deletions.map((d) => [
    day(d.ts), `<code>${esc(d.path)}</code>`, commitCell(d.commit, d), who(d.by),
    `<span class="cov-${d.covered_by}">${d.covered_by === 'authorization' ? `authorization ${esc(d.authorization!.entry)} by ${esc(d.authorization!.by.key_id)}: “${esc(d.authorization!.intent)}”` : d.covered_by === 'intent' ? 'the intent names it' : 'nothing: ' + esc(d.reason)}</span>`,
    esc(d.intent),
  ]), 'No symbol was deleted in the period.');

  const intents = table(['date', 'verdict', 'commit or entry', 'by', 'intent', 'why'], r.intents.map((i) => [day(i.ts), `<b>${i.verdict}</b>${i.strict ? ' (strict)' : ''}`, commitCell(i.commit, i), who(i.by), esc(i.intent), i.reasons.map(esc).join('<br>')]), 'Every intent in the period fits its change.');

  const supersedes = table(['date', 'entry', 'by', 'corrects', 'original intent', 'correction'], r.supersedes.map((s) => [day(s.ts), entryCell(s), who(s.by), `<code>${esc(short(s.corrects))}</code>`, esc(s.original_intent ?? '(not in the pack)'), esc(s.correction)]), 'No corrections in the period.');

  const keys = `<h3>Added</h3>${table(['date', 'key id', 'kind', 'admin', 'by', 'public key'], r.keys.added.map((k) => [day(k.ts), esc(k.key_id), esc(k.kind), k.admin ? 'yes' : 'no', who(k.by), `<code>${esc(short(k.key))}</code>`]), 'No keys added in the period.')}
<h3>Revoked</h3>${table(['date', 'key id', 'reason', 'by'], r.keys.revoked.map((k) => [day(k.ts), esc(k.key_id ?? short(k.key)), esc(k.reason), who(k.by)]), 'No keys revoked in the period.')}
<h3>Pending requests</h3>${table(['key id', 'kind', 'public key'], rep.pending_key_requests.map((k) => [esc(k.key_id), esc(k.kind), `<code>${esc(short(k.key))}</code>`]), 'No pending key requests.')}`;

  const agents = `${table(['agent key', 'commits', 'files', 'symbols changed'], r.agents.map((a) => [esc(a.key_id), String(a.commits), String(a.files), String(a.symbols)]), 'No commits by agent keys in the period.')}
<h3>Policy, zones, reviews and overrides</h3>${table(['date', 'what', 'by', 'intent', 'details'], r.governance.map((g) => [day(g.ts), `<code>${esc(g.capability)}</code>`, who(g.by), esc(g.intent), `<code>${esc(JSON.stringify(g.fields).slice(0, 600))}</code>`]), 'No governance entries in the period.')}`;

  const unlogged = `${table(['date', 'commit', 'logged late by', 'entry'], r.backfilled.map((b) => [day(b.ts), commitCell(b.commit, b), who(b.by), entryCell(b)]), 'No backfilled commits.')}
${rep.binding ? table(['commit', 'subject', 'finding', 'reason'], rep.binding.findings.map((f) => [`<code>${esc(f.commit.slice(0, 12))}</code>`, esc(f.subject), esc(f.category), esc(f.reason)]), `Every commit of ${rep.binding.range} is bound to its entry.`) : ''}`;

  const frameworks = r.frameworks
    .map((f) => `<h3>${esc(f.framework)}</h3>${table(['control', 'evidence in this report', 'sections', 're-derive with'], f.controls.map((c) => [`<b>${esc(c.control)}</b> ${esc(c.title)}`, esc(c.evidence), c.sections.map((s) => `<a href="#${esc(s)}">${esc(s)}</a>`).join(', '), `<code>${esc(c.command)}</code>`]), '')}`)
    .join('');

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Change evidence ${esc(day(r.period.since))} – ${esc(day(r.period.until))}</title><style>${CSS}</style></head>
<body><header><h1>Change evidence report</h1><p class="muted">Period ${esc(r.period.since)} – ${esc(r.period.until)} · made ${esc(rep.generated_at)} by aura ${esc(rep.aura_version)} · schema ${esc(r.schema)}</p></header>
${section('summary', 'Summary', summary)}
${section('verification', 'Verification: what the signatures and the chain cover', verification)}
${section('activity', 'Activity: commits per week', activity)}
${section('strict_periods', 'Strict mode periods', strict)}
${section('deletions', 'Deleted symbols and what accounts for each', deletions)}
${section('intents', 'Inconsistent and ambiguous intents', intents)}
${section('supersedes', 'Corrections (superseded intents)', supersedes)}
${section('keys', 'Keys: additions, revocations, pending requests', keys)}
${section('agents', 'Agents and governance', agents)}
${section('backfilled', 'Unlogged and backfilled commits', unlogged)}
${section('frameworks', 'Controls this evidence supports', frameworks)}
<footer><p class="muted">Aura produces evidence; your auditor evaluates it. This page is generated from report.json; manifest.json signs every file of the pack.</p></footer>
</body></html>
`;
}
