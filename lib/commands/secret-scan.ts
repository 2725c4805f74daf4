// `aura secret scan [--json]`: the commit path's secret scan on the staged changes, without
// committing (exit 1 when something would be refused). Secrets are shown masked.
import { parseArgs } from 'node:util';
import { requireRepo } from '../repo';
import { activeOverrides, overrideFor, scanningOn } from '../secrets/overrides';
import { scanStaged } from '../secrets/scan';
import { loadTrust } from '../trust/load';

export const USAGE = 'aura secret scan [--json]';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const repo = requireRepo();
  const findings = await scanStaged(repo);
  const { state } = await loadTrust(repo.logPath);
  const overrides = findings.length ? await activeOverrides(repo.logPath, state) : [];
  const rows = findings.map((f) => ({ ...f, override: overrideFor(f, overrides)?.id ?? null }));
  const on = scanningOn(state);
  const blocking = on ? rows.filter((r) => !r.override).length : 0;
  if (values.json) {
    process.stdout.write(JSON.stringify({ scanning: on, findings: rows }, null, 2) + '\n');
  } else {
    if (!on) process.stdout.write('secret scanning is OFF by a signed policy entry (aura secret scanning on)\n');
    for (const r of rows) {
      process.stdout.write(`${r.path}:${r.line}:${r.column}  ${r.rule}  ${r.fingerprint}${r.override ? `  (allowed by ${r.override})` : ''}\n      ${r.excerpt}\n`);
    }
    process.stdout.write(`${rows.length} finding${rows.length === 1 ? '' : 's'}, ${blocking} would refuse the commit\n`);
  }
  return blocking > 0 ? 1 : 0;
}
