// npm run bench:format-invariance — does a formatter-only commit change symbol hashes?
// Formats a sample of the corpus (bench/corpus.ts) with Prettier (its defaults, then one common
// option flipped at a time) and Python files with Black (Debian's `black`), then compares every
// symbol's hash before and after. Target (issue 13): 0 changed, except where the formatter
// changes the syntax tree itself (docs/delta.md lists those).
//   --per-repo N   files per repository and language (default 40; 0: all)
//   --show N       print N examples of each kind of difference (default 0)
//   --algorithm A  the symbol algorithm (default: the newest; aura-symbol/1 shows what /2 fixed)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { grammarFor } from '../grammars/registry';
import { ALGORITHM, extractSymbols, symbolTokens } from '../lib/delta/extract';
import { corpusFiles, HOW_TO_BUILD, type CorpusFile } from './corpus';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

/** Prettier configurations: its defaults, then each common option flipped from its default. */
const PRETTIER: [string, Record<string, unknown>][] = [
  ['prettier defaults', {}],
  ['arrowParens: "avoid"', { arrowParens: 'avoid' }],
  ['trailingComma: "none"', { trailingComma: 'none' }],
  ['singleQuote: true', { singleQuote: true }],
  ['semi: false', { semi: false }],
  ['printWidth: 120', { printWidth: 120 }],
  ['printWidth: 40', { printWidth: 40 }],
];
const BLACK: [string, string[]][] = [
  ['black defaults', []],
  ['black -l 120', ['-l', '120']],
  ['black --skip-string-normalization', ['-S']],
];

interface Tally {
  files: number;
  symbols: number;
  changed: number;
  skipped: number; // the formatter failed, or a side does not parse cleanly
}

/** The first token where two token lists differ, with a little context: the kind of difference. */
function firstDifference(a: string[], b: string[]): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (x: string[]) => x.slice(Math.max(0, i - 2), i + 2).map((t) => t.replace(/\u0000[\s\S]*/, (m) => '\u00b7' + JSON.stringify(m.slice(1)).slice(0, 24))).join(' ');
  return `${show(a)}  →  ${show(b)}`;
}

const algorithmArg = process.argv.includes('--algorithm') ? process.argv[process.argv.indexOf('--algorithm') + 1] : ALGORITHM;

function compare(path: string, before: string, after: string, t: Tally, kinds: Map<string, { n: number; where: string[] }>): void {
  const spec = grammarFor(path)!;
  const a = extractSymbols(spec, before, algorithmArg), b = extractSymbols(spec, after, algorithmArg);
  if (a.parse_error || b.parse_error) {
    t.skipped++;
    return;
  }
  t.files++;
  const hb = new Map(b.symbols.map((s) => [s.name, s.hash]));
  let ta: Map<string, string[]> | undefined, tb: Map<string, string[]> | undefined;
  for (const s of a.symbols) {
    t.symbols++;
    if (hb.get(s.name) === s.hash) continue;
    t.changed++;
    ta ??= symbolTokens(spec, before, algorithmArg);
    tb ??= symbolTokens(spec, after, algorithmArg);
    const x = ta.get(s.name), y = tb.get(s.name);
    const kind = x && y ? firstDifference(x, y) : 'symbol not found after formatting';
    const k = kinds.get(kind) ?? { n: 0, where: [] };
    k.n++;
    if (k.where.length < 3) k.where.push(`${path}:${s.name}`);
    kinds.set(kind, k);
  }
}

function sample(files: CorpusFile[], per: number, keep: (f: CorpusFile) => boolean): CorpusFile[] {
  const byRepo = new Map<string, CorpusFile[]>();
  for (const f of files) if (keep(f)) byRepo.set(f.repo, [...(byRepo.get(f.repo) ?? []), f]);
  const out: CorpusFile[] = [];
  for (const list of byRepo.values()) {
    if (!per || list.length <= per) out.push(...list);
    else for (let i = 0; i < per; i++) out.push(list[Math.floor((i * list.length) / per)]); // evenly spread, deterministic
  }
  return out.filter((f) => readFileSync(f.file).length <= 256 * 1024);
}

function report(label: string, t: Tally, kinds: Map<string, { n: number; where: string[] }>, show: number): void {
  const pct = t.symbols ? ((100 * t.changed) / t.symbols).toFixed(2) : '0.00';
  console.log(`${label.padEnd(36)} ${String(t.files).padStart(5)} files ${String(t.symbols).padStart(7)} symbols ${String(t.changed).padStart(6)} changed (${pct.padStart(5)} %)${t.skipped ? `  [${t.skipped} skipped]` : ''}`);
  if (!show) return;
  for (const [k, v] of [...kinds].sort((a, b) => b[1].n - a[1].n).slice(0, show)) console.log(`    ${String(v.n).padStart(5)}  ${k}\n           e.g. ${v.where.join(', ')}`);
}

async function main(): Promise<void> {
  const c = corpusFiles();
  if ('missing' in c) {
    console.log(`bench:format-invariance skipped: the corpus is absent (${c.missing}); ${HOW_TO_BUILD}`);
    return;
  }
  const per = arg('--per-repo', 40), show = arg('--show', 0);
  // generated bundles (dist/, *.min.js) are nobody's formatted source
  const source = (f: CorpusFile) => !/(^|\/)dist\/|\.min\.js$/.test(f.path);
  const js = sample(c.files, per, (f) => source(f) && !!grammarFor(f.path) && grammarFor(f.path)!.name !== 'python');
  const py = sample(c.files, per, (f) => grammarFor(f.path)?.name === 'python');
  console.log(`bench:format-invariance (${algorithmArg}) — ${js.length} TS/TSX/JS files, ${py.length} Python files (${per ? `≤ ${per} per repository` : 'all'}); share of symbols whose hash a formatter changed\n`);
  // prettier is ESM-only: a real dynamic import (tsc would turn `import()` into require)
  const prettier = await (new Function('s', 'return import(s)') as (s: string) => Promise<any>)('prettier');
  const texts = new Map(js.map((f) => [f, readFileSync(f.file, 'utf8')]));
  const turn = () => new Promise((r) => setImmediate(r));
  for (const [label, options] of PRETTIER) {
    const t: Tally = { files: 0, symbols: 0, changed: 0, skipped: 0 };
    const kinds = new Map<string, { n: number; where: string[] }>();
    let i = 0;
    for (const f of js) {
      let out: string;
      try {
        out = await prettier.format(texts.get(f)!, { ...options, filepath: f.path });
      } catch {
        t.skipped++;
        continue;
      }
      compare(`${f.repo}/${f.path}`, texts.get(f)!, out, t, kinds);
      if (++i % 25 === 0) await turn();
    }
    report(label, t, kinds, show);
  }
  if (spawnSync('black', ['--version']).status !== 0) {
    console.log('black: not installed (apt-get install black); Python skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'aura-format-'));
  try {
    for (const [label, flags] of BLACK) {
      const t: Tally = { files: 0, symbols: 0, changed: 0, skipped: 0 };
      const kinds = new Map<string, { n: number; where: string[] }>();
      const copies = py.map((f, i) => join(dir, String(i), f.path.replace(/.*\//, '')));
      py.forEach((f, i) => {
        mkdirSync(dirname(copies[i]), { recursive: true });
        writeFileSync(copies[i], readFileSync(f.file));
      });
      spawnSync('black', ['-q', ...flags, ...copies], { maxBuffer: 1 << 26 });
      py.forEach((f, i) => compare(`${f.repo}/${f.path}`, readFileSync(f.file, 'utf8'), readFileSync(copies[i], 'utf8'), t, kinds));
      report(label, t, kinds, show);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
