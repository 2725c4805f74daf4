// npm run bench:delta-ab [-- --base <rev>] [--mb N] [--rounds N] [--only <grammar>]
// A load-independent before/after of parse + extract throughput: the extraction code of an
// older revision (default: main just before aura-symbol/2) and this checkout's, loaded in one
// process and run alternately on the same texts (the order flips every file and every round),
// so whatever the shared machine's load does to one side it does to the other. Prints, per
// grammar, both sides' MB per CPU second (process.cpuUsage around each call) and the ratio new/base (1.000 = as fast; the issue's target: ≥ 0.90).
// It also checks that this checkout computes the base's default algorithm exactly as the base
// did (every table equal, byte for byte): old log entries must keep verifying.
// The base is built once into $TMPDIR/aura-delta-ab-<commit> (git archive + tsc, its
// node_modules linked to this checkout's).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchSources, MB } from './delta-sources';

const PROJECT = resolve(__dirname, '..', '..');
/** main just before 4df3f5e (the first aura-symbol/2 commit): aura-symbol/1 only. */
const DEFAULT_BASE = 'f2dbf44';

interface Side {
  /** the side's default symbol algorithm */
  algorithm: string;
  extractSymbols(spec: unknown, text: string, algorithm?: string): unknown;
  grammarByName(name: string): unknown;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString();
}

/** The base revision's dist, built on first use. */
function buildBase(rev: string): string {
  const sha = run('git', ['rev-parse', '--verify', `${rev}^{commit}`], PROJECT).trim();
  const dir = join(tmpdir(), `aura-delta-ab-${sha.slice(0, 12)}`);
  const done = join(dir, 'dist', 'lib', 'delta', 'extract.js');
  if (existsSync(done)) return dir;
  mkdirSync(dir, { recursive: true });
  const tar = spawnSync('sh', ['-c', `git -C "${PROJECT}" archive ${sha} lib grammars tsconfig.json | tar -x -C "${dir}"`]);
  if (tar.status !== 0) throw new Error(`git archive ${sha}: ${tar.stderr}`);
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(PROJECT, 'node_modules'), join(dir, 'node_modules'));
  // only what the extraction needs: the delta engine and the grammar folders
  writeFileSync(join(dir, 'tsconfig.ab.json'), JSON.stringify({ extends: './tsconfig.json', include: ['lib/delta/extract.ts', 'grammars/**/*.ts'] }));
  console.log(`building ${rev} (${sha.slice(0, 12)}) into ${dir} …`);
  run(process.execPath, [join(PROJECT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.ab.json'], dir);
  return dir;
}

function side(root: string): Side {
  const x = require(join(root, 'dist', 'lib', 'delta', 'extract.js'));
  const r = require(join(root, 'dist', 'grammars', 'registry.js'));
  return { algorithm: x.ALGORITHM, extractSymbols: x.extractSymbols, grammarByName: r.grammarByName };
}

let only = '';
const turn = () => new Promise((r) => setImmediate(r)); // lets GC finalizers free native trees

async function compare(base: Side, cur: Side, grammar: string, label: string, texts: string[], rounds: number): Promise<number> {
  const sa = base.grammarByName(grammar), sb = cur.grammarByName(grammar);
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  if (only && only !== grammar) return Infinity;
  base.extractSymbols(sa, texts[0]); // load the grammar and compile the query outside the timing
  cur.extractSymbols(sb, texts[0]);
  let differ = 0;
  for (let i = 0; i < texts.length; i++) {
    if (JSON.stringify(base.extractSymbols(sa, texts[i])) !== JSON.stringify(cur.extractSymbols(sb, texts[i], base.algorithm))) differ++;
    if (i % 20 === 19) await turn();
  }
  let ta = 0, tb = 0;
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let ra = 0, rb = 0;
    for (let i = 0; i < texts.length; i++) {
      const baseFirst = (i + round) % 2 === 0;
      for (let k = 0; k < 2; k++) {
        const isBase = (k === 0) === baseFirst;
        // CPU time, not wall time: a call preempted by another process is not charged for it
        const t = process.cpuUsage();
        if (isBase) base.extractSymbols(sa, texts[i]);
        else cur.extractSymbols(sb, texts[i]);
        const u = process.cpuUsage(t);
        const us = u.user + u.system;
        if (isBase) ra += us;
        else rb += us;
      }
      if (i % 20 === 19) await turn();
    }
    ta += ra, tb += rb;
    ratios.push(ra / rb);
  }
  const mbs = (us: number) => ((bytes * rounds) / MB / (us / 1e6)).toFixed(2);
  const ratio = ta / tb;
  console.log(
    `${label.padEnd(32)} ${String(texts.length).padStart(4)} files ${(bytes / MB).toFixed(1).padStart(4)} MB  ` +
      `base ${mbs(ta).padStart(5)} MB/s CPU  new ${mbs(tb).padStart(5)} MB/s CPU  new/base ${ratio.toFixed(3)} ` +
      `(rounds ${ratios.map((r) => r.toFixed(3)).join(' ')})  ${base.algorithm} tables differing: ${differ}`,
  );
  return ratio;
}

async function main(): Promise<void> {
  const rev = arg('--base', DEFAULT_BASE);
  const budget = Number(arg('--mb', '2')) * MB;
  const rounds = Number(arg('--rounds', '3'));
  only = arg('--only', '');
  const base = side(buildBase(rev));
  const cur = side(PROJECT);
  const { ts, dts, js, py, pyDir } = benchSources(join(PROJECT, 'node_modules'), budget);
  const cpu0 = process.cpuUsage(), wall0 = Date.now();
  console.log(`bench:delta-ab — base ${rev} (${base.algorithm}) vs this checkout (${cur.algorithm}), ${rounds} rounds, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  const ratios = [
    await compare(base, cur, 'typescript', 'typescript (node_modules .ts)', ts, rounds),
    await compare(base, cur, 'typescript', 'typescript (node_modules .d.ts)', dts, rounds),
    await compare(base, cur, 'tsx', 'tsx (the same .ts, tsx grammar)', ts, rounds),
    await compare(base, cur, 'javascript', 'javascript (node_modules .js)', js, rounds),
  ];
  if (py.length) ratios.push(await compare(base, cur, 'python', `python (${pyDir})`, py, rounds));
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `\nworst new/base ${Math.min(...ratios).toFixed(3)} (target ≥ 0.90); wall ${((Date.now() - wall0) / 1000).toFixed(1)} s, ` +
      `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
