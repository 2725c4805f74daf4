// npm run bench:hooks — what aura's hooks add to `git commit`, in a generated repository of
// 520 TypeScript files. Median wall time of committing a 5-file change:
//   (a) no hooks, (b) one hook that only starts Node (`node -e ''`), (c) aura's hooks, served by
//   the hook helper once the first commit started it (lib/helper), (c0) aura's hooks with the
//   helper off (AURA_HELPER=0: every post-commit starts Node); (e) and (e0) the same with strict
//   mode on (commit-msg checks the intent before the commit: Node, or the helper, runs twice);
// prints them and the ratio (c−a)/(b−a) (target ≤ 2: one Node start is the floor for a Node
// tool). With NODE_EXTRA_CA_CERTS set, every Node start reads that CA file (~80 ms here) and
// aura's hooks do not (hooks/dispatch.sh): then (b′) is `node -e ''` without it, and the ratio
// that counts is against (b′), the cheaper Node start. Then a 500-file change (≤ 2 s added).
// Wall time is what a developer waits; on a shared, loaded machine it mostly measures the
// queue for a CPU, so CPU time is printed beside it: that of `git commit` and every process it
// started (bash's `times`), plus what the hook helper spent meanwhile (its threads'
// schedstat), with the same ratio.
// (f) is (c) in a repository whose log already holds --log-entries entries (default 3000,
// ~4 MB), (f0) the same with the helper off: the log is one file in the commit's tree, so every
// commit makes a new blob of it, a cost that grows with the log (lib/git/growing-blob.ts,
// README → Performance).
// Options: --runs N (default 11), --files N (default 520), --log-entries N, --baseline DIR
// (another aura checkout, built: its hooks are timed in the same rounds, another repository,
// so a change is measured before and after under the same load).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadActiveKey } from '../lib/keys/store';
import { generateEntries } from './gen-log';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, files: { type: 'string', default: '520' }, 'log-entries': { type: 'string', default: '3000' }, baseline: { type: 'string' } } });
const RUNS = Math.max(3, Number(values.runs));
const FILES = Math.max(500, Number(values.files));
const CLI = resolve(__dirname, '..', 'lib', 'cli.js');

const root = mkdtempSync(join(tmpdir(), 'aura-bench-hooks-'));
const home = join(root, 'home');
mkdirSync(home);
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.ch\n[init]\n\tdefaultBranch = main\n');
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
for (const k of Object.keys(env)) if (k.startsWith('GIT_') && k !== 'GIT_CONFIG_NOSYSTEM') delete env[k];

function run(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
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

/** Per repository: the environment its commits run with (AURA_HELPER, NODE_EXTRA_CA_CERTS). */
const envOf = new Map<string, NodeJS.ProcessEnv>();

/** CPU ms the repository's hook helper has used so far (0 when none runs). */
function helperCpu(dir: string): number {
  try {
    const pid = readFileSync(join(dir, '.git', 'aura', 'helper'), 'utf8').trim().split(' ')[3];
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return 0;
  }
}

/** Changes `count` files (a function body each), stages them, times `git commit`. */
function timedCommit(dir: string, count: number): number {
  version++;
  for (let k = 0; k < count; k++) {
    const i = (version * 7 + k) % FILES; // consecutive: `count` distinct files
    writeFileSync(join(dir, 'src', `mod${i}.ts`), moduleSource(i, version));
  }
  run('git', ['add', 'src'], dir);
  const helperBefore = helperCpu(dir);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', 'git commit -q -m "$1" >/dev/null 2>&1 || exit 1; times', '_', `Raise the load threshold to ${version} in ${count} modules`], { cwd: dir, env: { ...env, ...envOf.get(dir) }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // the helper writes cache files after it has answered: their CPU counts too
  if (helperBefore > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
  const helperAfter = helperCpu(dir);
  if (r.status !== 0) throw new Error(`git commit failed in ${dir}`);
  // `times`: the shell's own user/sys, then its children's: "0m0.120s 0m0.030s"
  const [user, sys] = r.stdout.trim().split('\n')[1].split(' ').map((t) => { const m = /(\d+)m([\d.]+)s/.exec(t)!; return Number(m[1]) * 60000 + Number(m[2]) * 1000; });
  lastCpu = user + sys + (helperAfter >= helperBefore ? helperAfter - helperBefore : helperAfter);
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

interface Setup {
  label: string;
  dir: string;
  wall: number[];
  cpu: number[];
}

try {
  console.log(`aura bench:hooks — ${FILES} source files, ${RUNS} runs each (median), node ${process.version}` +
    `${process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set (slows every Node start but aura\'s)' : ''}`);
  const nodeHook = (dir: string): void => {
    const hook = join(dir, '.git', 'hooks', 'commit-msg');
    writeFileSync(hook, `#!/bin/sh\nexec '${process.execPath}' -e ''\n`);
    chmodSync(hook, 0o755);
  };
  const init = (cli: string, dir: string): void => {
    const r = spawnSync(process.execPath, [cli, 'init'], { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`aura init (${cli}) failed: ${r.stderr}`);
  };
  const setups: Setup[] = [];
  const add = (label: string, name: string, prepare: (dir: string) => void, extraEnv: NodeJS.ProcessEnv = {}): Setup => {
    const dir = makeRepo(name);
    prepare(dir);
    envOf.set(dir, extraEnv);
    const s = { label, dir, wall: [], cpu: [] };
    setups.push(s);
    return s;
  };
  const a = add("(a) no hooks      ", 'a-none', () => {});
  const b = add("(b) node -e ''    ", 'b-node', nodeHook);
  const b2 = process.env.NODE_EXTRA_CA_CERTS ? add("(b′) node, no CA file", 'b2-node', nodeHook, { NODE_EXTRA_CA_CERTS: '' }) : null;
  const c = add('(c) aura hooks    ', 'c-aura', (dir) => init(CLI, dir), { AURA_HELPER: '1' });
  const c0 = add('(c0) aura, helper off', 'c0-aura', (dir) => init(CLI, dir), { AURA_HELPER: '0' });
  // strict mode: commit-msg checks the intent before the commit, in Node (or the helper)
  const strict = (dir: string): void => {
    init(CLI, dir);
    run(process.execPath, [CLI, 'strict', 'on'], dir);
  };
  const e = add('(e) aura, strict mode', 'e-strict', strict, { AURA_HELPER: '1' });
  const e0 = add('(e0) strict, helper off', 'e0-strict', strict, { AURA_HELPER: '0' });
  // a long log, signed by the key aura init uses here: (c)'s repository after thousands of commits
  const longLog = (dir: string): void => {
    const k = loadActiveKey(env); // (c)'s aura init made it
    const key = { keyId: k.keyId, kind: 'human' as const, admin: true, seed: Buffer.alloc(0), signing: k.signing, pubkey: k.pubkey };
    mkdirSync(join(dir, '.aura'));
    const lines: string[] = [];
    generateEntries(Number(values['log-entries']), { keys: [key], mergeEvery: 0, onEntry: (_e, line) => lines.push(line) });
    writeFileSync(join(dir, '.aura', 'intent_log.jsonl'), lines.join('\n') + '\n');
    run('git', ['add', '.aura'], dir);
    run('git', ['commit', '-q', '--no-verify', '-m', 'a long log'], dir);
    init(CLI, dir);
  };
  const f = add(`(f) aura, log of ${values['log-entries']} entries`, 'f-long-log', longLog, { AURA_HELPER: '1' });
  const f0 = add(`(f0) long log, helper off`, 'f0-long-log', longLog, { AURA_HELPER: '0' });
  const d = values.baseline ? add(`(d) ${values.baseline}`, 'd-baseline', (dir) => init(resolve(values.baseline!, 'dist', 'lib', 'cli.js'), dir)) : null;

  // warm-up (page cache, aura's first-commit work; (c)'s first commit starts its helper), then
  // the series interleaved, so drift on a shared machine hits them all alike
  for (const s of setups) timedCommit(s.dir, 5);
  for (let r = 0; r < RUNS; r++) {
    for (const s of setups) {
      s.wall.push(timedCommit(s.dir, 5));
      s.cpu.push(lastCpu);
    }
  }
  const wall = (s: Setup): number => median(s.wall);
  const cpu = (s: Setup): number => median(s.cpu);
  const floor = b2 ?? b; // the cheaper Node start
  const ratioOf = (s: Setup, f: (x: Setup) => number, base = floor): number => (f(s) - f(a)) / (f(base) - f(a));
  console.log('5-file commit');
  for (const s of setups) {
    const added = s === a ? '' : `+${(wall(s) - wall(a)).toFixed(1)} ms; `;
    const ratio = s === a || s === b || s === b2 ? '' : `   ratio ${ratioOf(s, wall).toFixed(2)} (CPU ${ratioOf(s, cpu).toFixed(2)})`;
    console.log(`  ${s.label}  ${wall(s).toFixed(1)} ms   (${added}CPU ${cpu(s).toFixed(0)} ms)${ratio}`);
  }
  if (process.env.BENCH_HOOKS_RUNS) for (const s of setups) console.log(`  ${s.label.trim()}: ${s.wall.map((x) => x.toFixed(0)).join(' ')}`);
  const ratio = ratioOf(c, wall);
  console.log(`ratio (c−a)/(${b2 ? 'b′' : 'b'}−a) = ${ratio.toFixed(2)}   (target ≤ 2) ${ratio <= 2 ? 'OK' : 'OVER'};   on CPU time ${ratioOf(c, cpu).toFixed(2)}` +
    (b2 ? `;   against (b), with the CA file: ${ratioOf(c, wall, b).toFixed(2)}` : ''));

  const big = Math.min(500, FILES);
  const bigRuns = Math.max(3, Math.round(RUNS / 3));
  const bigA = series(a.dir, big, bigRuns);
  const bigC = series(c.dir, big, bigRuns);
  console.log(`${big}-file commit (a) no hooks ${bigA.toFixed(0)} ms, (c) aura ${bigC.toFixed(0)} ms: +${(bigC - bigA).toFixed(0)} ms added (target ≤ 2000 ms) ${bigC - bigA <= 2000 ? 'OK' : 'OVER'}`);
  if (d) console.log(`${big}-file commit (d) baseline ${series(d.dir, big, bigRuns).toFixed(0)} ms`);
  const logMb = readFileSync(join(f.dir, '.aura', 'intent_log.jsonl')).length / 1e6;
  console.log(`(f) with a log of ${logMb.toFixed(1)} MB: +${(wall(f) - wall(c)).toFixed(0)} ms over (c) per commit; (f0): +${(wall(f0) - wall(c0)).toFixed(0)} ms over (c0)`);
  for (const s of [c, c0, e, e0, f, f0, ...(d ? [d] : [])]) run(process.execPath, [CLI, 'helper', 'stop'], s.dir);
} finally {
  rmSync(root, { recursive: true, force: true });
}
