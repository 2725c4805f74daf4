// npm run bench:secrets — the secret scan's quality and cost:
//   recall on fake credentials of every provider (bench/secrets/labelled.ts; target ≥ 0.9 over
//   ≥ 15 providers), false positives on close look-alikes (target ≤ 5 %) and on the sources of
//   real repositories (--corpus DIR, default /work/corpus when present: every finding listed,
//   masked), that no printed finding shows a secret in full, and the engine's load and scan time.
// Options: --corpus DIR, --max-files N (default 4000), --verbose.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { scanText } from '../lib/secrets/engine';
import { describe, Finding } from '../lib/secrets/finding';
import { lookalikes, positives, Sample } from './secrets/labelled';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, 'max-files': { type: 'string', default: '4000' }, verbose: { type: 'boolean' } } });

/** True when a printed string holds 8 or more consecutive characters of the secret past its first 4. */
function leaks(f: Finding, secret: string): boolean {
  const tail = secret.slice(4);
  for (let i = 0; i + 8 <= tail.length; i++) {
    const w = tail.slice(i, i + 8);
    if (f.excerpt.includes(w) || f.masked.includes(w)) return true;
  }
  return false;
}

async function findings(s: Sample): Promise<{ found: Finding[]; leaked: boolean }> {
  const raws = await scanText(s.file, s.text);
  const found = describe(s.file, s.text, raws);
  return { found, leaked: raws.some((r, i) => leaks(found[i], s.text.slice(r.start, r.end))) };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await scanText('warm.txt', 'AKIA'); // loads secretlint (its pre-filter admits this)
  const load = performance.now() - t0;

  const pos = positives();
  const providers = new Map<string, { n: number; hit: number }>();
  let leaked = 0;
  const missed: string[] = [];
  const t1 = performance.now();
  for (const s of pos) {
    const r = await findings(s);
    const p = providers.get(s.label) ?? { n: 0, hit: 0 };
    p.n++;
    if (r.found.length) p.hit++;
    else missed.push(`${s.label} (${s.file})`);
    if (r.leaked) leaked++;
    providers.set(s.label, p);
    if (values.verbose) for (const f of r.found) console.log(`  + ${s.label}: ${f.rule} ${f.excerpt}`);
  }
  const hits = pos.filter((_, i) => i >= 0).length - missed.length;
  const look = lookalikes();
  const fps: string[] = [];
  for (const s of look) {
    const r = await findings(s);
    if (r.found.length) fps.push(`${s.label} (${s.file}): ${r.found.map((f) => `${f.rule} ${f.excerpt}`).join('; ')}`);
    if (r.leaked) leaked++;
  }
  const labelledMs = performance.now() - t1;

  console.log(`secretlint core + recommended preset: first load ${load.toFixed(0)} ms (paid only when a staged file passes the pre-filter)`);
  console.log(`positives: ${hits}/${pos.length} found, recall ${(hits / pos.length).toFixed(3)} over ${providers.size} providers/forms (target ≥ 0.9 over ≥ 15)`);
  for (const m of missed) console.log(`  missed: ${m}`);
  console.log(`look-alikes: ${fps.length}/${look.length} reported, false-positive rate ${((100 * fps.length) / look.length).toFixed(1)} % (target ≤ 5 %)`);
  for (const f of fps) console.log(`  false positive: ${f}`);
  console.log(`secrets shown in full in any finding: ${leaked} (target 0)`);
  console.log(`labelled set scanned in ${labelledMs.toFixed(0)} ms (${pos.length + look.length} samples)`);

  const corpus = values.corpus ?? (existsSync('/work/corpus') ? '/work/corpus' : undefined);
  if (!corpus) {
    console.log('real sources: no --corpus DIR given and /work/corpus is absent: skipped');
    return;
  }
  const max = Number(values['max-files']);
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (files.length >= max) return;
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size <= 1 << 20) files.push(p);
    }
  };
  walk(corpus);
  let bytes = 0;
  let flagged = 0;
  const lines: string[] = [];
  const t2 = performance.now();
  for (const f of files) {
    const buf = readFileSync(f);
    if (buf.subarray(0, 8000).includes(0)) continue;
    bytes += buf.length;
    const text = buf.toString('utf8');
    const found = describe(relative(corpus, f), text, await scanText(f, text));
    if (found.length) flagged++;
    for (const x of found) lines.push(`  ${x.path}:${x.line}  ${x.rule}  ${x.excerpt}`);
  }
  const ms = performance.now() - t2;
  console.log(`real sources (${corpus}): ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms; ${lines.length} findings in ${flagged} files (${((100 * flagged) / files.length).toFixed(2)} % of files)`);
  for (const l of lines.slice(0, 60)) console.log(l);
  if (lines.length > 60) console.log(`  … ${lines.length - 60} more (--max-files to narrow)`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
