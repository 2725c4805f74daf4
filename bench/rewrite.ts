// npm run bench:rewrite — what aura's hooks add to `git rebase`: a 20-commit branch (each
// commit changes one TypeScript function) rebased onto a main that moved by one commit, in a
// repository of 200 source files, with aura's hooks (post-rewrite logs all 20 rebased commits
// in one pass) and without hooks. Median wall time of the rebase; target ≤ 3 s added.
// Options: --runs N (default 5), --commits N (default 20).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, commits: { type: 'string', default: '20' } } });
const RUNS = Math.max(3, Number(values.runs));
const COMMITS = Math.max(1, Number(values.commits));
const FILES = 200;
const CLI = resolve(__dirname, '..', 'lib', 'cli.js');

const root = mkdtempSync(join(tmpdir(), 'aura-bench-rewrite-'));
const home = join(root, 'home');
mkdirSync(home);
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.ch\n[init]\n\tdefaultBranch = main\n');
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), GIT_CONFIG_NOSYSTEM: '1' };
for (const k of Object.keys(env)) if (k.startsWith('GIT_') && k !== 'GIT_CONFIG_NOSYSTEM') delete env[k];

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

const source = (i: number, v: number): string =>
  `export function limit${i}(n: number): number {\n  return Math.min(n, ${100 + v});\n}\n\nexport class Cache${i} {\n  size(): number {\n    return ${v};\n  }\n}\n`;

/** A repository (aura's hooks or none) with main and topic (COMMITS commits) diverged; returns topic's tip. */
function makeRepo(name: string, withAura: boolean): { dir: string; tip: string } {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  run('git', ['init', '-q', '-b', 'main'], dir);
  if (withAura) run(process.execPath, [CLI, 'init'], dir);
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, 'src', `m${i}.ts`), source(i, 0));
  run('git', ['add', '.'], dir);
  run('git', ['commit', '-q', '-m', 'Add the limit modules'], dir);
  run('git', ['checkout', '-q', '-b', 'topic'], dir);
  for (let c = 1; c <= COMMITS; c++) {
    writeFileSync(join(dir, 'src', `m${c}.ts`), source(c, c));
    run('git', ['add', 'src'], dir);
    run('git', ['commit', '-q', '-m', `Raise limit${c} to ${100 + c}`], dir);
  }
  const tip = run('git', ['rev-parse', 'HEAD'], dir);
  run('git', ['checkout', '-q', 'main'], dir);
  writeFileSync(join(dir, 'src', 'extra.ts'), source(FILES, 1));
  run('git', ['add', 'src'], dir);
  run('git', ['commit', '-q', '-m', 'Add an extra limit module'], dir);
  run('git', ['checkout', '-q', 'topic'], dir);
  return { dir, tip };
}

/** Resets topic to its pre-rebase tip (hooks not involved), then times `git rebase main`. */
function timedRebase(r: { dir: string; tip: string }): number {
  run('git', ['reset', '-q', '--hard', r.tip], r.dir);
  const t0 = process.hrtime.bigint();
  run('git', ['rebase', '-q', 'main'], r.dir);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  console.log(`aura bench:rewrite — rebase of a ${COMMITS}-commit branch, ${FILES} source files, ${RUNS} runs each (median), node ${process.version}`);
  const plain = makeRepo('plain', false);
  const aura = makeRepo('aura', true);
  const logged = run('git', ['log', '-1', '--format=%(trailers:key=Aura-Intent,valueonly)', aura.tip], aura.dir);
  if (!logged) throw new Error('the aura repository\'s commits were not logged: is dist/ built?');
  const tp: number[] = [];
  const ta: number[] = [];
  timedRebase(plain); // warm-up
  timedRebase(aura);
  for (let i = 0; i < RUNS; i++) {
    tp.push(timedRebase(plain)); // interleaved: drift on a shared machine hits both alike
    ta.push(timedRebase(aura));
  }
  const check = run('git', ['log', '-1', '--format=%(trailers:key=Aura-Intent,valueonly)', 'HEAD'], aura.dir);
  if (!check || check === logged) throw new Error('the rebased tip was not logged again');
  const [mp, ma] = [median(tp), median(ta)];
  console.log(`rebase, no hooks    ${mp.toFixed(0)} ms`);
  console.log(`rebase, aura hooks  ${ma.toFixed(0)} ms   (+${(ma - mp).toFixed(0)} ms for ${COMMITS} commits, ${((ma - mp) / COMMITS).toFixed(0)} ms each; target ≤ 3000 ms) ${ma - mp <= 3000 ? 'OK' : 'OVER'}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
