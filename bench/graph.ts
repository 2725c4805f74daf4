// npm run bench:graph — `aura graph export` on the biggest repository of the parse corpus
// (bench/corpus.ts; by source bytes in $AURA_CORPUS): a clone of its mirror sharing its
// objects, an empty intent log (so the whole history is walked for bindings), the export at
// the corpus commit run cold (empty symbol cache) then warm. Prints wall time, CPU time
// (user+sys of the aura process and the git processes it waited for) and the load average.
//   --repo owner/name   another corpus repository
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusDir, REPOS } from './corpus';

const CLI = join(__dirname, '..', 'lib', 'cli.js');
const slug = (name: string) => name.replace('/', '+');

function bytesUnder(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

/** CPU seconds of waited-for children (/proc/self/stat cutime + cstime, clock ticks of 1/100 s). */
function childCpu(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

function main(): void {
  const i = process.argv.indexOf('--repo');
  const present = REPOS.filter((r) => { try { return statSync(join(corpusDir(), slug(r.name))).isDirectory(); } catch { return false; } });
  if (present.length === 0) throw new Error(`no corpus in ${corpusDir()}: see bench/corpus.ts`);
  const repo = i > 0 ? REPOS.find((r) => r.name === process.argv[i + 1])! : present.map((r) => ({ r, b: bytesUnder(join(corpusDir(), slug(r.name))) })).sort((a, b) => b.b - a.b)[0].r;
  const mirror = join(process.env.AURA_MIRROR || '/work/.mirror', slug(repo.name), 'repo');
  const scratch = join(tmpdir(), `aura-bench-graph-${process.pid}`);
  const home = join(scratch, 'home');
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
  const dir = join(scratch, 'repo');
  const run = (cmd: string, args: string[], cwd = scratch) => {
    const r = spawnSync(cmd, args, { cwd, env, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.toString();
  };
  run('git', ['clone', '-q', '--shared', '--no-checkout', mirror, dir]);
  mkdirSync(join(dir, '.aura'));
  writeFileSync(join(dir, '.aura', 'intent_log.jsonl'), ''); // an empty log: the walk still reads every commit
  run(process.execPath, [CLI, 'key', 'init', '--id', 'bench@example.org'], dir);
  const commits = run('git', ['rev-list', '--count', repo.commit], dir).trim();
  console.log(`${repo.name} @ ${repo.commit.slice(0, 12)}: ${commits} commits in its history; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const label of ['cold (empty symbol cache)', 'warm (symbol cache filled)']) {
    const cpu0 = childCpu();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'graph', 'export', '--rev', repo.commit, '--out', join(scratch, 'graph.json')], { cwd: dir, env });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = childCpu() - cpu0;
    if (r.status !== 0) throw new Error(`graph export failed: ${r.stderr}`);
    const doc = JSON.parse(readFileSync(join(scratch, 'graph.json'), 'utf8'));
    console.log(`  ${label.padEnd(28)} wall ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s — ${doc.totals.symbols} symbols in ${doc.totals.parsed_files} parsed files of ${doc.totals.files}; ${doc.incomplete_files.length} incomplete`);
  }
  spawnSync('rm', ['-rf', scratch]);
}

main();
