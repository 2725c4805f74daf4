// npm run bench:append — how fast the intent log takes entries.
//   1. appendEntry in one process, fsync_every = 1 and = 100 (appends/s)
//   2. one process per append (what a hook pays), fsync_every = 1 and = 100
//   3. the real CLI: `aura key add` (process start, trust replay, sign, append)
//   4. the tips on a 100k-entry log: full scan, cached, grown by one entry, and one append
// Sizes: BENCH_APPENDS (default 400 with fsync, 4000 without), BENCH_PROCS (20), BENCH_TIPS_ENTRIES (100000).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, pubkeyRef, signer } from '../lib/crypto/ed25519';
import { sealEntry } from '../lib/entry/seal';
import { canonicalize } from '../lib/json/canonical';
import { appendEntry } from '../lib/log/append';
import { currentTips, tipsCachePath } from '../lib/log/tips';
import { writeLog } from './gen-log';

const DIST_LIB = join(__dirname, '..', 'lib');
const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const kp = generateKeyPair();
const key = { publicKey: kp.publicKey, sign: signer(kp.seed) };
const author = { kind: 'human' as const, id: 'bench@example.ch', peer_id: 'peer-bench' };
const delta = { added: 1, modified: 2, removed: 0, nodes: [] };
const seal = (intent: string, tips: string[]) => sealEntry({ capability: 'commit', intent, author, parents: tips, fields: { ast_delta: delta } }, key);

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const rate = (n: number, msTotal: number) => `${Math.round((n * 1000) / msTotal).toLocaleString('en-US')} appends/s`;
const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(46)} ${value}\n`);

async function inProcess(dir: string, fsyncEvery: number, n: number): Promise<void> {
  const log = join(dir, `inproc-${fsyncEvery}.jsonl`);
  await appendEntry(log, (tips) => seal('warm-up', tips), { fsyncEvery });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await appendEntry(log, (tips) => seal(`entry ${i}`, tips), { fsyncEvery });
  const t = ms(t0);
  line(`appendEntry, fsync_every=${fsyncEvery} (${n} appends)`, `${rate(n, t)}  (${(t / n).toFixed(3)} ms each)`);
}

function perProcess(dir: string, fsyncEvery: number, n: number): void {
  const log = join(dir, `proc-${fsyncEvery}.jsonl`);
  const script = join(dir, 'one-append.js');
  writeFileSync(
    script,
    `const { appendEntry } = require(${JSON.stringify(join(DIST_LIB, 'log', 'append.js'))});
const { sealEntry } = require(${JSON.stringify(join(DIST_LIB, 'entry', 'seal.js'))});
const { signer, publicKeyFromSeed } = require(${JSON.stringify(join(DIST_LIB, 'crypto', 'ed25519.js'))});
const seed = Buffer.from(process.env.SEED, 'hex');
const key = { publicKey: publicKeyFromSeed(seed), sign: signer(seed) };
appendEntry(process.env.LOG, (tips) => sealEntry({ capability: 'commit', intent: 'one process', author: { kind: 'human', id: 'b' }, parents: tips }, key),
  { fsyncEvery: Number(process.env.FSYNC) }).catch((e) => { console.error(e.message); process.exit(1); });\n`,
  );
  const env = { ...process.env, SEED: kp.seed.toString('hex'), LOG: log, FSYNC: String(fsyncEvery) };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, [script], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('append process failed');
  }
  const t = ms(t0);
  line(`one process per append, fsync_every=${fsyncEvery} (${n})`, `${rate(n, t)}  (${(t / n).toFixed(1)} ms each)`);
}

function nodeStart(n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) spawnSync(process.execPath, ['-e', '0']);
  return ms(t0) / n;
}

function cli(dir: string, n: number): void {
  const home = join(dir, 'home');
  const repo = join(dir, 'repo');
  mkdirSync(repo, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
  const run = (args: string[], cwd = repo) => {
    const r = spawnSync(process.execPath, [join(DIST_LIB, 'cli.js'), ...args], { cwd, env });
    if (r.status !== 0) throw new Error(`aura ${args.join(' ')}: ${r.stderr}`);
  };
  spawnSync('git', ['init', '-q', repo], { env });
  run(['key', 'init', '--id', 'bench@example.ch']);
  run(['key', 'add', pubkeyRef(generateKeyPair().publicKey), '--id', 'first', '--kind', 'agent']); // genesis + first key-add
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run(['key', 'add', pubkeyRef(generateKeyPair().publicKey), '--id', `agent${i}`, '--kind', 'agent']);
  const t = ms(t0);
  line(`aura key add, real CLI (${n})`, `${(t / n).toFixed(1)} ms per command`);
}

async function bigLog(dir: string, n: number): Promise<void> {
  const log = join(dir, 'big.jsonl');
  let t0 = process.hrtime.bigint();
  writeLog(log, n);
  process.stdout.write(`  (generated ${n.toLocaleString('en-US')} entries, ${(statSync(log).size / 1e6).toFixed(1)} MB, in ${(ms(t0) / 1000).toFixed(1)} s)\n`);
  rmSync(tipsCachePath(log), { force: true });
  t0 = process.hrtime.bigint();
  const tips = await currentTips(log);
  line('currentTips, no cache (full scan, then saved)', `${ms(t0).toFixed(1)} ms`);
  const reps = 200;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) await currentTips(log);
  line('currentTips, cache valid', `${(ms(t0) / reps).toFixed(3)} ms`);
  appendFileSync(log, canonicalize(seal('written by another clone', tips)) + '\n');
  t0 = process.hrtime.bigint();
  await currentTips(log);
  line('currentTips, log grew by one entry (incremental)', `${ms(t0).toFixed(3)} ms`);
  rmSync(tipsCachePath(log), { force: true });
  t0 = process.hrtime.bigint();
  await appendEntry(log, (t) => seal('first append after a rewrite', t), { fsyncEvery: 100 });
  line('appendEntry, no cache (rescan before the lock)', `${ms(t0).toFixed(1)} ms`);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) await appendEntry(log, (t) => seal(`append ${i}`, t), { fsyncEvery: 100 });
  line(`appendEntry on the big log, fsync_every=100 (${reps})`, `${rate(reps, ms(t0))}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aura-bench-append-'));
  try {
    process.stdout.write(`bench:append — Node ${process.version}, temp dir ${dir}${process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set: every process start is slower)' : ''}\n`);
    process.stdout.write('in one process:\n');
    await inProcess(dir, 1, num('BENCH_APPENDS', 400));
    await inProcess(dir, 100, num('BENCH_APPENDS', 4000));
    process.stdout.write(`one process per append (node -e 0 alone: ${nodeStart(5).toFixed(1)} ms):\n`);
    perProcess(dir, 1, num('BENCH_PROCS', 20));
    perProcess(dir, 100, num('BENCH_PROCS', 20));
    cli(dir, 5);
    process.stdout.write('tips on a big log:\n');
    await bigLog(dir, num('BENCH_TIPS_ENTRIES', 100_000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exitCode = 1;
});
