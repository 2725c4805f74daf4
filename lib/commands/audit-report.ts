// `aura audit report`: the evidence pack of a period, for an auditor (lib/report/, docs/report.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { activeManifestKey } from '../export/signing';
import { requireRepo } from '../repo';
import { parseSince, parseTs } from '../time';

export const USAGE = 'aura audit report --since 90d|DATE [--until DATE] [--range A..B] --out DIR';

export const HELP = `usage: ${USAGE}

Writes an evidence pack for the period to DIR (a new or empty folder):
  report.html    one self-contained page: verification, activity, strict mode, deletions,
                 intents, corrections, keys, agents and governance, unlogged commits, and
                 the controls each supports (open it in a browser, or print it)
  report.json    the same content as data (schema aura-report/1, docs/report.md)
  log.jsonl      the period's entries and every ancestor needed to verify them
  manifest.json  every file's BLAKE3, signed by the running key

  --since 90d|DATE   start of the period (a duration back from now, or a date)
  --until DATE       end of the period (a date covers that whole day; default: now)
  --range A..B       check the commit binding over this Git range (default: the commits of
                     HEAD made in the period)
  --out DIR          where to write the pack

Check a pack anywhere, without the repository: aura audit verify --report DIR`;

/** A bare date (2026-03-31) as --until covers that whole day. */
function parseUntil(s: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.parse(`${s}T23:59:59.999Z`);
  const ms = parseTs(s);
  return Number.isNaN(ms) ? Date.parse(s) : ms;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { since: { type: 'string' }, until: { type: 'string' }, range: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: false,
  });
  if (values.since === undefined) throw new UsageError('give the start of the period: --since 90d or --since 2026-01-01', USAGE);
  if (values.out === undefined) throw new UsageError('give the folder to write the pack to: --out DIR', USAGE);
  const since = parseSince(values.since);
  if (Number.isNaN(since)) throw new UsageError(`--since needs a duration (90d, 12w) or a date (2026-01-01), not ${JSON.stringify(values.since)}`, USAGE);
  const until = values.until === undefined ? Date.now() : parseUntil(values.until);
  if (Number.isNaN(until)) throw new UsageError(`--until needs a date (2026-03-31) or a timestamp, not ${JSON.stringify(values.until)}`, USAGE);
  if (until < since) throw new UsageError('--until is before --since', USAGE);
  const repo = requireRepo();
  const { gitRaw } = require('../git/exec') as typeof import('../git/exec');
  const hasHead = gitRaw(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: repo.root, okCodes: [1] }).status === 0;
  const range = values.range !== undefined
    ? { args: [values.range], label: values.range }
    : hasHead ? { args: [`--since=${new Date(since).toISOString()}`, `--until=${new Date(until).toISOString()}`, 'HEAD'], label: 'the commits of HEAD in the period' } : undefined;
  const { writeReport } = require('../report/write') as typeof import('../report/write');
  const out = resolve(values.out);
  const { report } = await writeReport(repo, { since, until, range, out, key: activeManifestKey() });
  const v = report.verification;
  process.stdout.write(
    `evidence pack written to ${out}\n` +
      `  period ${report.period.since} – ${report.period.until}: ${report.log.in_period} entries, ${report.activity.commits.human + report.activity.commits.agent} commits\n` +
      `  log of the pack: ${v.result}, ${v.entries} entries; whole log: ${report.repository.full_log.result}\n` +
      (report.repository.binding ? `  commit binding (${report.repository.binding.range}): ${report.repository.binding.commits} commits, ${report.repository.binding.findings.length} finding(s)\n` : '') +
      `  open ${out}/report.html; check the pack anywhere with: aura audit verify --report ${out}\n`,
  );
  return 0;
}
