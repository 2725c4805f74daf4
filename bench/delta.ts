// npm run bench:delta — how fast the delta engine is on real code already on this machine.
//   1. parse + extract throughput (MB/s, one thread) per language: the .ts and .js files in
//      node_modules, the Python standard library; TSX: the same .ts sources through the tsx grammar.
//   2. `aura diff --staged` wall time and peak memory on a staged change of 1,000 files (~10 MB),
//      with a cold symbol cache and with the base blobs already cached (a hook's steady state:
//      the previous commit's hook cached them when they were staged); and the floor of the cold
//      diff: tree-sitter's parse alone and one cursor visit of every node, over the same blobs.
// Targets (issue 3, 2-core machine): ≥ 10 MB/s per core for parse + extract; ≤ 2 s and
// < 500 MB for the 1,000-file diff.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { grammarByName, grammarFor } from '../grammars/registry';
import { extractSymbols } from '../lib/delta/extract';
import { benchSources, MB } from './delta-sources';

const PROJECT = resolve(__dirname, '..', '..');
const CLI = join(PROJECT, 'dist', 'lib', 'cli.js');

async function throughput(grammar: string, label: string, texts: string[]): Promise<void> {
  const spec = grammarByName(grammar)!;
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  extractSymbols(spec, texts[0]); // load the grammar and compile the query outside the timing
  const Parser = require('tree-sitter');
  const parser = new Parser();
  parser.setLanguage(spec.language());
  // yield now and then, as the engine does, so GC finalizers free the native trees
  const turn = () => new Promise((r) => setImmediate(r));
  let parseMs = 0;
  for (let i = 0; i < texts.length; i++) {
    const t = process.hrtime.bigint();
    parser.parse(texts[i], null, { bufferSize: texts[i].length + 1 });
    parseMs += Number(process.hrtime.bigint() - t) / 1e6;
    if (i % 50 === 49) await turn();
  }
  let ms = 0, symbols = 0, errors = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) {
    const t = process.hrtime.bigint();
    const table = extractSymbols(spec, texts[i]);
    ms += Number(process.hrtime.bigint() - t) / 1e6;
    symbols += table.symbols.length;
    if (table.parse_error) errors++;
    if (i % 50 === 49) await turn();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000; // beside wall time: the machine may be shared
  const mbs = (x: number) => (bytes / MB / (x / 1000)).toFixed(1);
  console.log(
    `${label.padEnd(34)} ${String(texts.length).padStart(5)} files ${(bytes / MB).toFixed(1).padStart(5)} MB  ` +
      `parse+extract ${mbs(ms).padStart(5)} MB/s (${mbs(cpuMs).padStart(5)} per CPU s)  (parse alone ${mbs(parseMs)} MB/s)  ${symbols} symbols, ${errors} with parse errors`,
  );
}

function git(cwd: string, args: string[]): void {
  const r = spawnSync('git', args, { cwd, env: benchEnv });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

const home = mkdtempSync(join(tmpdir(), 'aura-bench-delta-'));
const benchEnv = {
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.ch', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.ch',
};

function timedDiff(cwd: string, extra: string[]): { seconds: number; cpu: number; maxRssMb: number; nodes: number } {
  const out = join(home, 'out.json');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, CLI, 'diff', '--staged', '--json', ...extra], { cwd, env: benchEnv, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`aura diff failed: ${r.stderr}`);
  writeFileSync(out, r.stdout);
  const [seconds, kb, user, sys] = r.stderr.toString().trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpu: user + sys, maxRssMb: kb / 1024, nodes: JSON.parse(r.stdout.toString()).nodes.length };
}

/**
 * What no extraction of `texts` goes below, on one thread: tree-sitter's parse alone, and one
 * visit of every node with its cursor (moves only, nothing read), in CPU ms.
 */
async function floor(texts: { path: string; text: string }[]): Promise<{ parse: number; visit: number }> {
  const Parser = require('tree-sitter');
  const parsers = new Map<string, any>();
  const parse = (f: { path: string; text: string }) => {
    const spec = grammarFor(f.path)!;
    let p = parsers.get(spec.name);
    if (!p) {
      p = new Parser();
      p.setLanguage({ ...(spec.language() as object), nodeTypeInfo: undefined });
      parsers.set(spec.name, p);
    }
    return p.parse(f.text, null, { bufferSize: f.text.length + 1 });
  };
  const turn = () => new Promise((r) => setImmediate(r));
  const cpuMs = async (fn: (f: { path: string; text: string }) => void): Promise<number> => {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < texts.length; i++) {
      fn(texts[i]);
      if (i % 50 === 49) await turn(); // GC finalizers free the native trees
    }
    const c = process.cpuUsage(cpu0);
    return (c.user + c.system) / 1000;
  };
  parse(texts[0]);
  const parseMs = await cpuMs(parse);
  const withVisit = await cpuMs((f) => {
    const c = parse(f).walk();
    for (;;) {
      if (c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) if (!c.gotoParent()) return;
    }
  });
  return { parse: parseMs, visit: withVisit - parseMs };
}

async function thousandFiles(ts: string[], js: string[], py: string[]): Promise<void> {
  const repo = join(home, 'repo');
  mkdirSync(repo);
  git(repo, ['init', '-q', '-b', 'main']);
  // 1,000 whole real files of 4–20 KB (~10 MB), a third per language
  const pools: [string, string[]][] = [['ts', ts], ['js', js], ['py', py]];
  const files: { path: string; text: string }[] = [];
  for (let i = 0; i < 1000; i++) {
    const [ext, pool] = pools[i % 3];
    const fit = pool.filter((t) => t.length >= 4000 && t.length <= 20000);
    files.push({ path: `pkg${i % 20}/mod${i}.${ext}`, text: (fit.length ? fit : pool)[Math.floor(i / 3) % (fit.length || pool.length)] });
  }
  const write = (f: { path: string; text: string }) => {
    mkdirSync(dirname(join(repo, f.path)), { recursive: true });
    writeFileSync(join(repo, f.path), f.text);
  };
  files.forEach(write);
  git(repo, ['add', '-A']);
  const initial = timedDiff(repo, []); // also caches the blobs it staged, as the pre-commit hook would
  git(repo, ['commit', '-q', '-m', 'base']);
  const sides = files.map((f) => ({ ...f }));
  // change every file: an edit to the first return and a new function at the end
  for (const f of files) {
    const py = f.path.endsWith('.py');
    const add = py ? '\n\ndef added_by_bench(x):\n    return x + 1\n' : '\nfunction addedByBench(x) { return x + 1; }\n';
    f.text = f.text.replace(/\breturn (?=\w)/, py ? 'return None or ' : 'return void 0 || ').concat(add);
    write(f);
  }
  git(repo, ['add', '-A']);
  const bytes = files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  const cold = timedDiff(repo, ['--no-cache']);
  const warm = timedDiff(repo, []); // base cached by the first run; staged blobs parsed (and cached) now
  const hot = timedDiff(repo, []); // everything cached: a second diff of the same staged change
  const fl = await floor(sides.concat(files));
  console.log(`\naura diff --staged, 1,000 files staged (${(bytes / MB).toFixed(1)} MB new + the same base), ${cold.nodes} nodes:`);
  console.log(`  initial commit (1,000 files added)      ${initial.seconds.toFixed(2)} s (CPU ${initial.cpu.toFixed(2)} s)   peak RSS ${initial.maxRssMb.toFixed(0)} MB`);
  console.log(`  cold, no cache (both sides parsed)      ${cold.seconds.toFixed(2)} s (CPU ${cold.cpu.toFixed(2)} s)   peak RSS ${cold.maxRssMb.toFixed(0)} MB`);
  console.log(`  base cached (a hook's steady state)     ${warm.seconds.toFixed(2)} s (CPU ${warm.cpu.toFixed(2)} s)   peak RSS ${warm.maxRssMb.toFixed(0)} MB`);
  console.log(`  both sides cached                       ${hot.seconds.toFixed(2)} s (CPU ${hot.cpu.toFixed(2)} s)   peak RSS ${hot.maxRssMb.toFixed(0)} MB`);
  console.log(
    `  floor of the cold diff, one thread: tree-sitter's parse alone ${(fl.parse / 1000).toFixed(2)} s CPU (${(fl.parse / sides.length / 2).toFixed(2)} ms a file), ` +
      `+ visiting every node once with its cursor ${(fl.visit / 1000).toFixed(2)} s; ≥ ${((fl.parse + fl.visit) / 2000).toFixed(2)} s wall on two cores`,
  );
}

async function main(): Promise<void> {
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`bench:delta — node ${process.version}, ${availableParallelism()} cores, load average ${load()}\n`);
  const { ts, dts, js, py, pyDir } = benchSources(join(PROJECT, 'node_modules'), 8 * MB);
  console.log('parse + extract, one thread (symbols, normalized hashes):');
  await throughput('typescript', 'typescript (node_modules .ts)', ts);
  await throughput('typescript', 'typescript (node_modules .d.ts)', dts);
  await throughput('tsx', 'tsx (the same .ts, tsx grammar)', ts);
  await throughput('javascript', 'javascript (node_modules .js)', js);
  if (py.length) await throughput('python', `python (${pyDir})`, py);
  else console.log('python: no standard library found (python3 not installed); skipped');
  await thousandFiles(ts.concat(dts), js, py.length ? py : ts);
  console.log(`\nload average ${load()}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(home, { recursive: true, force: true }));
