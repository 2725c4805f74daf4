// npm run bench:symbol-matcher — the equivalence check of lib/delta/patterns.ts: for every
// source file of the corpus (bench/corpus.ts), the symbol table (every symbol's name, kind and
// hash, the module hash, the parse-error flag) computed with the symbols query matched in
// JavaScript must equal the one computed with tree-sitter's own Query, for every symbol
// algorithm. Prints the files that differ (exit 1 if any) and the time each matcher took.
//   --limit N   only the first N files (a quick look)
import { readFileSync } from 'node:fs';
import { grammarFor } from '../grammars/registry';
import { ALGORITHMS } from '../lib/delta/algorithm';
import { extractSymbols, useSymbolMatcher } from '../lib/delta/extract';
import { corpusFiles, HOW_TO_BUILD } from './corpus';

const MAX = 1024 * 1024; // the delta engine's default max_file_bytes: larger files are never parsed

function main(): number {
  const c = corpusFiles();
  if ('missing' in c) {
    console.log(`bench:symbol-matcher skipped: the corpus is absent (${c.missing}); ${HOW_TO_BUILD}`);
    return 0;
  }
  const at = process.argv.indexOf('--limit');
  const files = c.files.filter((f) => grammarFor(f.path)).slice(0, at > 0 ? Number(process.argv[at + 1]) : undefined);
  const time = { js: 0, query: 0 };
  let compared = 0, symbols = 0;
  const differing: string[] = [];
  for (const f of files) {
    const spec = grammarFor(f.path)!;
    const buf = readFileSync(f.file);
    if (buf.length > MAX) continue;
    const text = buf.toString('utf8').replace(/^\uFEFF/, '');
    for (const algorithm of ALGORITHMS) {
      const run = (native: boolean): string => {
        useSymbolMatcher(native ? 'query' : 'javascript');
        const t0 = process.hrtime.bigint();
        const table = JSON.stringify(extractSymbols(spec, text, algorithm));
        time[native ? 'query' : 'js'] += Number(process.hrtime.bigint() - t0) / 1e6;
        return table;
      };
      const js = run(false);
      const query = run(true);
      compared++;
      symbols += (JSON.parse(js) as { symbols: unknown[] }).symbols.length;
      if (js !== query) differing.push(`${f.repo} ${f.path} (${algorithm})`);
    }
  }
  useSymbolMatcher('auto');
  console.log(`bench:symbol-matcher — ${compared} (file, algorithm) tables over ${files.length} corpus files, ${symbols} symbols`);
  console.log(`  identical: ${compared - differing.length}, different: ${differing.length}`);
  for (const d of differing.slice(0, 50)) console.log(`  DIFFERS ${d}`);
  console.log(`  extraction time: symbols.scm matched in JavaScript ${time.js.toFixed(0)} ms, by tree-sitter's Query ${time.query.toFixed(0)} ms (each Query compiled once per grammar)`);
  return differing.length ? 1 : 0;
}

process.exitCode = main();
