// `aura audit verify --report DIR`: prints lib/report/check.ts's result. Exit 0 when the pack
// is intact and its log verifies, 3 when the log is forked, 1 otherwise.
import { existsSync, statSync } from 'node:fs';
import { AuraError } from '../errors';

export async function verifyReportCommand(dir: string, opts: { pubkey?: string; json?: boolean }): Promise<number> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AuraError(`${dir} is not a folder`, 'pass the folder aura audit report --out wrote', 2);
  const { checkPack } = require('../report/check') as typeof import('../report/check');
  const c = await checkPack(dir, opts);
  const logResult = c.log?.result ?? 'BROKEN';
  const result = c.problems.length ? 'BROKEN' : logResult;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ result, pack: dir, problems: c.problems, period: c.period, signer: c.signer, log: c.log }, null, 2) + '\n');
  } else if (result === 'BROKEN') {
    const lines = [...c.problems, ...(c.log && c.log.result === 'BROKEN' ? [`the pack's log does not verify: ${c.log.failure_count} problem(s), first: ${c.log.failures[0]?.category} at line ${c.log.failures[0]?.line}: ${c.log.failures[0]?.reason}`] : [])];
    process.stdout.write(`BROKEN — evidence pack ${dir}\n${lines.map((l) => `  ✗ ${l}`).join('\n')}\n`);
  } else {
    const v = c.log!;
    process.stdout.write(
      `${result} — evidence pack ${dir}, period ${c.period!.since} – ${c.period!.until}\n` +
        `  manifest signed by ${c.signer!.key_id} (${c.signer!.pubkey}); every file matches it\n` +
        `  log: ${v.entries} entries, ${v.signatures.ok} signatures valid, chain continuous${v.tips.length > 1 ? `, FORKED (${v.tips.length} tips)` : ''}; genesis ${v.genesis?.hash ?? 'none'}\n` +
        `  report.json re-derived from the log: identical; report.html is report.json rendered\n`,
    );
  }
  return result === 'OK' ? 0 : result === 'FORKED' ? 3 : 1;
}
