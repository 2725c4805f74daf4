// npm run bench:report — the evidence pack over a long log: generates a log of N entries (17
// signers, a merge every 1,000 entries) in a scratch Git repository, then times
// `aura audit report` (writeReport: select, copy, verify twice, collect, render, sign) and
// `aura audit verify --report` (checkPack), with the process's peak RSS after each.
//   N=100000 npm run bench:report           (default) target: under 30 s, memory flat
//   N=100000,300000 npm run bench:report    two sizes, to show RSS does not grow with N
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gitRaw } from '../lib/git/exec';
import { checkPack } from '../lib/report/check';
import { writeReport } from '../lib/report/write';
import { findRepo } from '../lib/repo';
import { writeLog } from './gen-log';

const sizes = (process.env.N ?? '100000').split(',').map((s) => Number(s.replace(/_/g, '')));
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
// CPU seconds of the whole process (worker threads included): on a machine shared with other
// work, wall time measures the neighbours; CPU time measures the report.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main(): Promise<void> {
  for (const n of sizes) {
    const root = mkdtempSync(join(tmpdir(), 'aura-bench-report-'));
    try {
      gitRaw(['init', '-q', root]);
      const repo = findRepo(root)!;
      mkdirSync(dirname(repo.logPath), { recursive: true });
      const start = Date.now() - n * 60_000;
      const t0 = Date.now();
      const { keys } = writeLog(repo.logPath, n, { start });
      const gen = (Date.now() - t0) / 1000;
      const rssBefore = rssMb();
      const key = { ...keys[0].signing, keyId: keys[0].keyId };
      const t1 = Date.now();
      const c1 = cpu();
      const out = join(root, 'pack');
      // The period: the last half of the log (its ancestors, the first half, come along).
      const { report } = await writeReport(repo, { since: start + (n / 2) * 60_000, until: Date.now() + n * 60_000, out, key });
      const write = (Date.now() - t1) / 1000;
      const writeCpu = cpu() - c1;
      const rssWrite = rssMb();
      const t2 = Date.now();
      const c2 = cpu();
      const check = await checkPack(out);
      const verify = (Date.now() - t2) / 1000;
      const verifyCpu = cpu() - c2;
      if (check.problems.length) throw new Error(`the pack does not verify: ${check.problems.join('; ')}`);
      process.stdout.write(
        `N=${n.toLocaleString('en-US')} (generated in ${gen.toFixed(1)} s, peak RSS ${rssBefore} MiB so far)\n` +
          `  aura audit report:          ${write.toFixed(1)} s (CPU ${writeCpu.toFixed(1)} s), ${report.log.in_period.toLocaleString('en-US')} entries in the period, pack log ${report.log.entries.toLocaleString('en-US')} entries; peak RSS ${rssWrite} MiB\n` +
          `  aura audit verify --report: ${verify.toFixed(1)} s (CPU ${verifyCpu.toFixed(1)} s, ${check.log!.result}); peak RSS ${rssMb()} MiB\n`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
