// npm run bench:export — export throughput (entries/s) per format to loopback collectors:
// a JSONL file, rsyslogd over UDP and TCP (if installed), and an OTLP/HTTP receiver decoding
// with the official .proto files (protobuf and JSON). AURA_BENCH_N entries (default 5000).
// The OTLP receiver runs in this process and shares its CPU with the sender: the OTLP figures
// are a lower bound. The UDP figure also reports how many datagrams rsyslogd received.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportAll } from '../lib/export/target';
import { deltaHash } from '../lib/entry/hash';
import { sealEntry } from '../lib/entry/seal';
import type { Entry } from '../lib/entry/types';
import { ExportDigest } from '../lib/entry/manifest';
import { logRecords } from '../lib/export/source';
import { ExportTarget } from '../lib/export/target';
import { createKey, draftAuthor, loadActiveKey } from '../lib/keys/store';
import { appendEntries, appendEntry } from '../lib/log/append';
import { exportAfterAppend } from '../lib/export/continuous';
import { findRepo } from '../lib/repo';
import { ensureGenesis, sealGenesis } from '../lib/log/genesis';
import { git } from '../lib/git/exec';
import { hasRsyslog, startOtlpReceiver, startRsyslog } from '../test/fixtures/otlp/collectors';

const N = Number(process.env.AURA_BENCH_N ?? 5000);

async function makeLog(dir: string): Promise<string> {
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir };
  createKey({ keyId: 'bench@example.ch', kind: 'human', makeDefault: true }, env);
  const key = loadActiveKey(env);
  const logPath = join(dir, 'log.jsonl');
  const entries: Entry[] = [sealGenesis(key)];
  for (let i = 0; i < N; i++) {
    const nodes = [0, 1, 2].map((j) => ({ path: `src/mod${i % 50}.ts:Class${j}.method${i}`, kind: 'method', change: 'modified', before: 'blake3:' + 'a'.repeat(64), after: 'blake3:' + 'b'.repeat(64) }));
    const delta = { added: 0, modified: 3, removed: 0, nodes };
    entries.push(
      sealEntry(
        { capability: 'commit', intent: `Refactor module ${i % 50}: "retry" with backoff \\ [${i}]`, author: draftAuthor(key), parents: [entries[entries.length - 1].hash], fields: { ast_delta: delta, ast_delta_hash: deltaHash(delta), branch: 'main' } },
        key.signing,
      ),
    );
  }
  await appendEntries(logPath, entries);
  return logPath;
}

async function measure(name: string, logPath: string, target: ExportTarget, after?: () => Promise<string>): Promise<void> {
  const d = new ExportDigest();
  const t0 = process.hrtime.bigint();
  await exportAll(logRecords(logPath), target, 30_000, d);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const extra = after ? await after() : '';
  console.log(`${name.padEnd(22)} ${String(d.count).padStart(7)} entries  ${(d.count / s).toFixed(0).padStart(7)} entries/s  ${(d.length / s / 1e6).toFixed(1).padStart(6)} MB/s of entry JSON${extra}`);
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** What continuous export adds to one hook run: one new entry, OTLP to a loopback receiver. */
async function hookPath(dir: string): Promise<void> {
  const repoDir = join(dir, 'hookrepo');
  mkdirSync(join(repoDir, '.aura'), { recursive: true });
  git(['init', '-q', repoDir]);
  // The key makeLog() created; exportAfterAppend reads the environment itself.
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  const key = loadActiveKey();
  const rx = await startOtlpReceiver();
  const logPath = join(repoDir, '.aura', 'intent_log.jsonl');
  await ensureGenesis(logPath, key);
  const runs = async (enabled: boolean): Promise<number[]> => {
    writeFileSync(join(repoDir, '.aura', 'config.toml'), `[audit.export]\nenabled = ${enabled}\nformat = "otlp"\nendpoint = "${rx.url}"\n`);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      await appendEntry(logPath, (tips) => sealEntry({ capability: 'commit', intent: `hook ${i}`, author: draftAuthor(key), parents: tips, fields: {} }, key.signing));
      const repo = findRepo(repoDir)!;
      const t0 = process.hrtime.bigint();
      await exportAfterAppend(repo);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return times;
  };
  const off = await runs(false);
  const on = await runs(true);
  await rx.stop();
  const load = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(join(__dirname, '..', 'lib', 'export', 'continuous.js'))});console.log(Number(process.hrtime.bigint()-t)/1e6)`]);
  console.log(`hook path, exportAfterAppend per commit (50 runs): export off p50 ${pct(off, 0.5).toFixed(2)} ms; OTLP on p50 ${pct(on, 0.5).toFixed(2)} ms, p95 ${pct(on, 0.95).toFixed(2)} ms; loading lib/export/continuous ${Number(load.stdout.toString()).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aura-bench-export-'));
  try {
    const logPath = await makeLog(dir);
    console.log(`export throughput, ${N + 1} entries (${(statSync(logPath).size / 1e6).toFixed(1)} MB log), loopback, node ${process.version}`);
    await measure('jsonl file', logPath, { format: 'jsonl', file: join(dir, 'out.jsonl') });
    for (const encoding of ['protobuf', 'json'] as const) {
      const rx = await startOtlpReceiver();
      await measure(`otlp/http ${encoding}`, logPath, { format: 'otlp', endpoint: rx.url, encoding }, async () => `  (${rx.records.length} decoded by the receiver)`);
      await rx.stop();
    }
    if (!hasRsyslog()) console.log('syslog                 skipped: rsyslogd is not installed (apt-get install rsyslog)');
    else {
      for (const protocol of ['tcp', 'udp'] as const) {
        const rs = await startRsyslog(join(dir, `rsyslog-${protocol}`));
        await measure(`syslog ${protocol} (rsyslogd)`, logPath, { format: 'syslog', host: '127.0.0.1', port: protocol === 'tcp' ? rs.tcpPort : rs.udpPort, protocol }, async () => {
          const got = await rs.waitFor(N + 1, 15_000);
          return `  (${got.length} written by rsyslogd)`;
        });
        await rs.stop();
      }
    }
    await hookPath(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
