// npm run bench:parse-corpus — how much real code the grammars parse.
// For every source file of the corpus (bench/corpus.ts) that its language's reference parser
// accepts (the TypeScript compiler for TS/TSX/JS, python3's `ast` for Python), the share whose
// tree-sitter tree has an ERROR or MISSING node: with the grammar alone ("raw") and as the
// delta engine parses (lib/delta/extract.ts, with its repair pass). Target (issue 13):
// ≤ 0.2 % of TS/TSX/JS files and 0 % of Python files.
//   --list    also prints every file that still fails, with the line of its first error
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { grammarFor } from '../grammars/registry';
import type { GrammarSpec } from '../grammars/types';
import { extractSymbols } from '../lib/delta/extract';
import { corpusFiles, HOW_TO_BUILD, REPOS, type CorpusFile } from './corpus';

const MAX = 1024 * 1024; // the delta engine's default max_file_bytes: larger files are never parsed

/** Files the TypeScript compiler parses without a syntax diagnostic. */
function tsValid(file: string, text: string): boolean {
  const ts = require('typescript');
  const kind = /\.tsx$/i.test(file) ? ts.ScriptKind.TSX : /\.(ts|mts|cts)$/i.test(file) ? ts.ScriptKind.TS : /\.jsx$/i.test(file) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  return sf.parseDiagnostics.length === 0;
}

/** The Python files python3's `ast` rejects (one process for all). */
export function pythonInvalid(files: string[]): Set<string> {
  const script = 'import ast,sys\nfor p in sys.stdin.read().split("\\0"):\n  if not p: continue\n  try: ast.parse(open(p,"rb").read(), p)\n  except Exception: print(p)\n';
  const r = spawnSync('python3', ['-c', script], { input: files.join('\0'), maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python3 ast failed: ${r.stderr}`);
  return new Set(r.stdout.toString().split('\n').filter(Boolean));
}

/** Whether the grammar alone leaves an ERROR or MISSING node, and the line of the first one. */
function rawError(spec: GrammarSpec, text: string): number {
  const Parser = require('tree-sitter');
  const parser = new Parser();
  parser.setLanguage(spec.language());
  const tree = parser.parse(text, null, { bufferSize: text.length + 1 });
  if (!tree.rootNode.hasError) return 0;
  const c = tree.walk();
  for (;;) {
    if (c.nodeType === 'ERROR' || c.nodeIsMissing) return c.startPosition.row + 1;
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) return 1;
  }
}

interface Tally {
  files: number;
  invalid: number;
  raw: number;
  now: number;
}

async function main(): Promise<void> {
  const c = corpusFiles();
  if ('missing' in c) {
    console.log(`bench:parse-corpus skipped: the corpus is absent (${c.missing}); ${HOW_TO_BUILD}`);
    return;
  }
  const list = process.argv.includes('--list');
  const files = c.files.filter((f) => grammarFor(f.path));
  const badPy = pythonInvalid(files.filter((f) => grammarFor(f.path)!.name === 'python').map((f) => f.file));
  const byGrammar = new Map<string, Tally>();
  const byRepo = new Map<string, Tally>();
  const failing: { f: CorpusFile; line: number }[] = [];
  const turn = () => new Promise((r) => setImmediate(r));
  let i = 0;
  for (const f of files) {
    const spec = grammarFor(f.path)!;
    const buf = readFileSync(f.file);
    if (buf.length > MAX) continue;
    const text = buf.toString('utf8').replace(/^\uFEFF/, '');
    const g = byGrammar.get(spec.name) ?? { files: 0, invalid: 0, raw: 0, now: 0 };
    const r = byRepo.get(f.repo) ?? { files: 0, invalid: 0, raw: 0, now: 0 };
    byGrammar.set(spec.name, g), byRepo.set(f.repo, r);
    const valid = spec.name === 'python' ? !badPy.has(f.file) : tsValid(f.path, text);
    if (!valid) {
      g.invalid++, r.invalid++;
      continue;
    }
    g.files++, r.files++;
    const line = rawError(spec, text);
    if (line) g.raw++, r.raw++;
    if (extractSymbols(spec, text).parse_error) {
      g.now++, r.now++;
      failing.push({ f, line });
    }
    if (++i % 50 === 0) await turn(); // let GC finalizers free native trees
  }
  const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(2) : '0.00').padStart(6) + ' %';
  const row = (label: string, t: Tally) =>
    `${label.padEnd(24)} ${String(t.files).padStart(6)} ${String(t.invalid).padStart(8)}   ${String(t.raw).padStart(4)} ${pct(t.raw, t.files)}   ${String(t.now).padStart(4)} ${pct(t.now, t.files)}`;
  const head = `${''.padEnd(24)} ${'files'.padStart(6)} ${'excluded'.padStart(8)}   ${'grammar alone'.padStart(13)}   ${'as parsed'.padStart(13)}`;
  console.log(`bench:parse-corpus — ${REPOS.length} repositories, files the reference parser accepts (excluded: it rejects them)\n`);
  console.log(head);
  for (const [name, t] of [...byGrammar].sort()) console.log(row(name, t));
  const js = [...byGrammar].filter(([n]) => n !== 'python').reduce((a, [, t]) => ({ files: a.files + t.files, invalid: a.invalid + t.invalid, raw: a.raw + t.raw, now: a.now + t.now }), { files: 0, invalid: 0, raw: 0, now: 0 });
  console.log(row('TS/TSX/JS together', js));
  console.log(`\nby repository (target: ≤ 0.2 % of TS/TSX/JS files, 0 % of Python files, with an ERROR or MISSING node):`);
  console.log(head);
  for (const r of REPOS) console.log(row(r.name, byRepo.get(r.name) ?? { files: 0, invalid: 0, raw: 0, now: 0 }));
  if (list) {
    console.log('\nstill failing (first error line of the grammar alone):');
    for (const { f, line } of failing) console.log(`  ${f.repo}  ${f.path}:${line}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
