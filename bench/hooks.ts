// npm run bench:hooks — what aura's hooks add to `git commit`, in a generated repository of
// 520 TypeScript files. Median wall time of committing a 5-file change:
//   (a) no hooks, (b) one hook that only starts Node (`node -e ''`), (c) aura's hooks;
// prints all three and the ratio (c−a)/(b−a) (target ≤ 2: one Node start is the floor for a
// Node tool). Then a 500-file change with and without aura (target: ≤ 2 s added).
// Wall time is what a developer waits; on a shared, loaded machine it mostly measures the
// queue for a CPU, so the CPU time of `git commit` and every process it started (bash's
// `times`) is printed beside it, with the same ratio.
// Options: --runs N (default 11), --files N (default 520), --baseline DIR (another aura
// checkout, built: its hooks are timed in the same rounds, a fourth repository, so a change is
// measured before and after under the same load).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, files: { type: 'string', default: '520' }, baseline: { type: 'string' } } });
const RUNS = Math.max(3, Number(values.runs));
const FILES = Math.max(500, Number(values.files));
const CLI = resolve(__dirname, '..', 'lib', 'cli.js');

const root = mkdtempSync(join(tmpdir(), 'aura-bench-hooks-'));
const home = join(root, 'home');
mkdirSync(home);
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.ch\n[init]\n\tdefaultBranch = main\n');
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
for (const k of Object.keys(env)) if (k.startsWith('GIT_') && k !== 'GIT_CONFIG_NOSYSTEM') delete env[k];

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

function moduleSource(i: number, version: number): string {
  return `// module ${i}
export interface Item${i} { id: number; name: string }

export function load${i}(items: Item${i}[]): Item${i}[] {
  return items.filter((it) => it.id > ${version}).map((it) => ({ ...it, name: it.name.trim() }));
}

export class Store${i} {
  private items: Item${i}[] = [];
  add(item: Item${i}): void {
    this.items.push(item);
  }
  count(): number {
    return this.items.length + ${version};
  }
}
`;
}

function makeRepo(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  run('git', ['init', '-q', '-b', 'main'], dir);
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, 'src', `mod${i}.ts`), moduleSource(i, 0));
  run('git', ['add', '.'], dir);
  run('git', ['commit', '-q', '--no-verify', '-m', 'initial'], dir);
  return dir;
}

let version = 0;
let lastCpu = 0; // CPU ms (user + sys) of the last timed `git commit` and its children

/** Changes `count` files (a function body each), stages them, times `git commit`. */
function timedCommit(dir: string, count: number): number {
  version++;
  for (let k = 0; k < count; k++) {
    const i = (version * 7 + k) % FILES; // consecutive: `count` distinct files
    writeFileSync(join(dir, 'src', `mod${i}.ts`), moduleSource(i, version));
  }
  run('git', ['add', 'src'], dir);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'git commit -q -m "$1" >/dev/null 2>&1 || exit 1; times', '_', `Raise the load threshold to ${version} in ${count} modules`], { cwd: dir, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`git commit failed in ${dir}`);
  // `times`: the shell's own user/sys, then its children's: "0m0.120s 0m0.030s"
  const [user, sys] = r.stdout.trim().split('\n')[1].split(' ').map((t) => { const m = /(\d+)m([\d.]+)s/.exec(t)!; return Number(m[1]) * 60000 + Number(m[2]) * 1000; });
  lastCpu = user + sys;
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function series(dir: string, count: number, runs: number): number {
  timedCommit(dir, count); // warm-up: page cache, first-commit work (aura's .aura/ files)
  const xs: number[] = [];
  for (let r = 0; r < runs; r++) xs.push(timedCommit(dir, count));
  return median(xs);
}

try {
  console.log(`aura bench:hooks — ${FILES} source files, ${RUNS} runs each (median), node ${process.version}` +
    `${process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set (slows every Node start)' : ''}`);
  const a = makeRepo('a-none');
  const b = makeRepo('b-node');
  const c = makeRepo('c-aura');
  const hook = join(b, '.git', 'hooks', 'commit-msg');
  writeFileSync(hook, `#!/bin/sh\nexec '${process.execPath}' -e ''\n`);
  chmodSync(hook, 0o755);
  const init = (cli: string, dir: string): void => {
    const r = spawnSync(process.execPath, [cli, 'init'], { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`aura init (${cli}) failed: ${r.stderr}`);
  };
  init(CLI, c);
  const d = values.baseline ? makeRepo('d-baseline') : null;
  if (d) init(resolve(values.baseline!, 'dist', 'lib', 'cli.js'), d);

  // interleave the series so drift on a shared machine hits all three alike
  const ta: number[] = [], tb: number[] = [], tc: number[] = [];
  const ca: number[] = [], cb: number[] = [], cc: number[] = [];
  const td: number[] = [], cd: number[] = [];
  for (const repo of [a, b, c, d]) if (repo) timedCommit(repo, 5);
  for (let r = 0; r < RUNS; r++) {
    ta.push(timedCommit(a, 5));
    ca.push(lastCpu);
    tb.push(timedCommit(b, 5));
    cb.push(lastCpu);
    tc.push(timedCommit(c, 5));
    cc.push(lastCpu);
    if (d) {
      td.push(timedCommit(d, 5));
      cd.push(lastCpu);
    }
  }
  const [ma, mb, mc] = [median(ta), median(tb), median(tc)];
  const [pa, pb, pc] = [median(ca), median(cb), median(cc)];
  const ratio = (mc - ma) / (mb - ma);
  const cpuRatio = (pc - pa) / (pb - pa);
  console.log(`5-file commit   (a) no hooks        ${ma.toFixed(1)} ms   (CPU ${pa.toFixed(0)} ms)`);
  console.log(`                (b) node -e ''      ${mb.toFixed(1)} ms   (+${(mb - ma).toFixed(1)} ms; CPU ${pb.toFixed(0)} ms)`);
  console.log(`                (c) aura hooks      ${mc.toFixed(1)} ms   (+${(mc - ma).toFixed(1)} ms; CPU ${pc.toFixed(0)} ms)`);
  console.log(`ratio (c−a)/(b−a) = ${ratio.toFixed(2)}   (target ≤ 2) ${ratio <= 2 ? 'OK' : 'OVER'};   on CPU time ${cpuRatio.toFixed(2)}`);
  if (d) {
    const [md, pd] = [median(td), median(cd)];
    console.log(`baseline        (d) ${values.baseline}: ${md.toFixed(1)} ms (+${(md - ma).toFixed(1)} ms; CPU ${pd.toFixed(0)} ms), ratio ${((md - ma) / (mb - ma)).toFixed(2)}, on CPU ${((pd - pa) / (pb - pa)).toFixed(2)}`);
  }

  const big = Math.min(500, FILES);
  const bigRuns = Math.max(3, Math.round(RUNS / 3));
  const bigA = series(a, big, bigRuns);
  const bigC = series(c, big, bigRuns);
  console.log(`${big}-file commit (a) no hooks ${bigA.toFixed(0)} ms, (c) aura ${bigC.toFixed(0)} ms: +${(bigC - bigA).toFixed(0)} ms added (target ≤ 2000 ms) ${bigC - bigA <= 2000 ? 'OK' : 'OVER'}`);
  if (d) console.log(`${big}-file commit (d) baseline ${series(d, big, bigRuns).toFixed(0)} ms`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
