// npm run bench:verify — generates logs of N entries (17 signers, small ast_deltas, a merge
// every 1,000 entries) and times the real CLI, `node dist/lib/cli.js audit verify --log …`,
// on each: wall time, entries/s and peak RSS of the verifying process (workers included).
//   N=100000 npm run bench:verify          one size
//   N=100000,1000000 npm run bench:verify  (the default) both, to show RSS stays flat
//   WORKERS=0 npm run bench:verify         force the single-thread path (default: automatic)
//   ROUNDS=5 npm run bench:verify          run each size 5 times and report the median run
//                                          (by wall time): on a shared machine one run is noise
// Generated logs are kept in $AURA_BENCH_DIR (default: the OS temp dir) and reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeLog } from './gen-log';

const CLI = resolve(__dirname, '..', 'lib', 'cli.js');
const sizes = (process.env.N ?? '100000,1000000').split(',').map((s) => Number(s.replace(/_/g, '')));
const dir = process.env.AURA_BENCH_DIR ?? join(tmpdir(), 'aura-bench-verify');
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

interface Run {
  seconds: number;
  cpuSeconds: number; // user + system, all threads: what the run costs on a machine shared with others
  maxRssMb: number;
  code: number;
  stdout: string;
}

/** Runs the CLI under /usr/bin/time when present (peak RSS of the whole process), else via a wrapper that reports it. */
function timeCli(args: string[]): Run {
  const t0 = process.hrtime.bigint();
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', 'AURA_MAXRSS_KB=%M AURA_CPU=%U+%S', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const kb = Number(/AURA_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
    const cpu = /AURA_CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
    return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, maxRssMb: kb / 1024, code: r.status ?? -1, stdout: r.stdout };
  }
  const wrapper = `require(${JSON.stringify(CLI)}).main(process.argv.slice(1)).then((c) => { const u = process.resourceUsage(); process.stderr.write('AURA_MAXRSS_KB=' + u.maxRSS + ' AURA_CPU=' + u.userCPUTime / 1e6 + '+' + u.systemCPUTime / 1e6 + '\\n'); process.exitCode = c; })`;
  const r = spawnSync(process.execPath, ['-e', wrapper, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const kb = Number(/AURA_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const cpu = /AURA_CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN, maxRssMb: kb / 1024, code: r.status ?? -1, stdout: r.stdout };
}

function ensureLog(n: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `log-${n}.jsonl`);
  if (existsSync(file)) return file;
  process.stdout.write(`generating ${fmt(n)} entries (17 signers) → ${file}\n`);
  const t0 = Date.now();
  writeLog(file + '.tmp', n, { progress: (d) => process.stdout.write(`  ${fmt(d)} / ${fmt(n)}\n`) });
  require('node:fs').renameSync(file + '.tmp', file);
  process.stdout.write(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return file;
}

/** Runs the CLI `rounds` times; the run with the median wall time (each must succeed). */
function medianRun(args: string[], rounds: number): Run {
  const runs: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = timeCli(args);
    if (r.code !== 0) {
      process.stdout.write(r.stdout);
      throw new Error(`aura audit verify exited ${r.code} on the generated log`);
    }
    runs.push(r);
  }
  runs.sort((x, y) => x.seconds - y.seconds);
  return runs[runs.length >> 1];
}

const rows: string[] = [];
for (const n of sizes) {
  const file = ensureLog(n);
  const mb = statSync(file).size / 2 ** 20;
  const args = ['audit', 'verify', '--log', file];
  if (process.env.WORKERS !== undefined) args.push('--workers', process.env.WORKERS);
  const r = medianRun(args, Math.max(1, Number(process.env.ROUNDS ?? 1)));
  const rate = n / r.seconds;
  // CPU time shows the cost independent of other load: on an idle machine with 2 cores the
  // wall-clock rate approaches entries / (cpu / 2).
  const row =
    `${fmt(n).padStart(9)} entries  ${mb.toFixed(0).padStart(5)} MiB  ${r.seconds.toFixed(2).padStart(7)} s  ${fmt(rate).padStart(7)} entries/s` +
    `  cpu ${r.cpuSeconds.toFixed(1)} s (${(r.cpuSeconds * 1e6 / n).toFixed(0)} µs/entry)  peak RSS ${r.maxRssMb.toFixed(0)} MiB`;
  rows.push(row);
  process.stdout.write(row + '\n');
}
const load = require('node:os').loadavg()[0].toFixed(1);
process.stdout.write(`\naura audit verify (node ${process.version}, ${require('node:os').availableParallelism()} cores, load average ${load}${process.env.WORKERS !== undefined ? `, --workers ${process.env.WORKERS}` : ''}${process.env.ROUNDS ? `, median of ${process.env.ROUNDS} runs` : ''})\n${rows.join('\n')}\n`);
