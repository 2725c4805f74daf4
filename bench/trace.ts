// npm run bench:trace — `aura trace` on a long log: generates a log of N entries with
// bench/gen-log.ts (17 signers, a merge every 1,000 entries, two delta nodes per commit) in a
// scratch Git repository, then runs the real CLI (node dist/lib/cli.js trace …):
//   cold      the first trace: no index yet, the whole log is read and the index written
//   warm      the same trace again: the index is loaded and checked, a few lines read
//   appended  after 1,000 more entries: only those are read, the index saved again
//   full scan --no-index: what every trace would cost without the index
// Each with wall time, CPU time (user+sys of the process, from bash's `time`) and the load
// average: on a machine shared with other work, wall time also measures the neighbours.
//   N=100000 npm run bench:trace           (default)
//   N=100000 RUNS=3 npm run bench:trace    each warm/full figure the median of RUNS runs
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitRaw } from '../lib/git/exec';
import { findRepo } from '../lib/repo';
import { generateEntries, writeLog } from './gen-log';

const N = Number((process.env.N ?? '100000').replace(/_/g, ''));
const RUNS = Number(process.env.RUNS ?? '3');
const CLI = join(__dirname, '..', 'lib', 'cli.js');
// A symbol gen-log modifies every 8,827 entries (i ≡ 5 mod 97, 13 and 7): about a dozen events.
const SYMBOL = 'src/mod5/file5.ts:Service.method5';

interface Timing {
  wall: number;
  cpu: number;
  stderr: string;
}

function traceOnce(root: string, args: string[], command = 'trace'): Timing {
  const cmd = `TIMEFORMAT='%R %U %S'; time node ${JSON.stringify(CLI)} ${command} ${args.map((a) => JSON.stringify(a)).join(' ')} >/dev/null 2>"$AURA_BENCH_ERR"`;
  const err = join(root, 'trace.err');
  const r = spawnSync('bash', ['-c', cmd], { cwd: root, env: { ...process.env, AURA_BENCH_ERR: err } });
  const [wall, user, sys] = r.stderr.toString('utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const stderr = require('node:fs').readFileSync(err, 'utf8') as string;
  if (r.status !== 0) throw new Error(`aura ${command} ${args.join(' ')} failed: ${stderr}`);
  return { wall, cpu: user + sys, stderr: stderr.trim() };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function many(root: string, args: string[]): Timing {
  const runs = Array.from({ length: RUNS }, () => traceOnce(root, args));
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), stderr: runs[runs.length - 1].stderr };
}

const fmt = (label: string, t: Timing): string => `  ${label.padEnd(10)} ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU   (${t.stderr})\n`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function main(): void {
  const root = mkdtempSync(join(tmpdir(), 'aura-bench-trace-'));
  try {
    gitRaw(['init', '-q', root]);
    const repo = findRepo(root)!;
    mkdirSync(dirname(repo.logPath), { recursive: true });
    const t0 = Date.now();
    const { keys } = writeLog(repo.logPath, N, { start: Date.now() - (N + 2_000) * 60_000 });
    const mb = statSync(repo.logPath).size / 2 ** 20;
    process.stdout.write(`N=${N.toLocaleString('en-US')} entries, ${mb.toFixed(0)} MiB, generated in ${((Date.now() - t0) / 1000).toFixed(1)} s; tracing ${SYMBOL}\n`);
    process.stdout.write(`load average before: ${load()}\n`);
    const cold = traceOnce(root, [SYMBOL, '--stats']);
    const warm = many(root, [SYMBOL, '--stats']);
    // 1,000 more entries (another run of the generator, same keys: a second chain, which trace,
    // not being a verifier, reads like any other lines), then the next trace
    let extra = '';
    generateEntries(1_000, { keys, mergeEvery: 0, onEntry: (_e, line) => (extra += line + '\n') });
    appendFileSync(repo.logPath, extra);
    const appended = traceOnce(root, [SYMBOL, '--stats']);
    const full = many(root, [SYMBOL, '--no-index', '--stats']);
    const index = statSync(join(repo.commonDir, 'aura', 'trace-index.json')).size / 2 ** 20;
    const baseline = Array.from({ length: RUNS }, () => traceOnce(root, [], '--version'));
    const base: Timing = { wall: median(baseline.map((r) => r.wall)), cpu: median(baseline.map((r) => r.cpu)), stderr: 'aura --version: Node start, for comparison' };
    process.stdout.write(
      fmt('baseline', base) + fmt('cold', cold) + fmt('warm', warm) + fmt('appended', appended) + fmt('full scan', full) +
        `  index ${index.toFixed(1)} MiB in ${join('<git-common-dir>', 'aura', 'trace-index.json')}; warm and full scan: median of ${RUNS}\n` +
        `load average after: ${load()}\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
