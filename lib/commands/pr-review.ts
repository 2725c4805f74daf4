// `aura pr-review <base>..<head> [--format json|markdown|sarif] [--out FILE] [--record [--pr N]]`:
// the review of a pull request's range (lib/review/collect.ts). Exit 1 when a finding of a
// kind listed in `[review] fail_on` is present.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { requireRepo } from '../repo';
import { reviewRange } from '../review/collect';
import { toMarkdown, toSarif } from '../review/format';
import { KIND_NAMES, Kind } from '../review/kinds';
import { keepReport, reviewFields } from '../review/record';

export const USAGE = 'aura pr-review <base>..<head> [--format json|markdown|sarif] [--out FILE] [--record [--pr N]]';
export const HELP = `usage: ${USAGE}\n       aura pr-review export --pr N | --range <base>..<head>\n  finding kinds: ${KIND_NAMES.join(', ')}`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { format: { type: 'string', default: 'markdown' }, out: { type: 'string' }, record: { type: 'boolean' }, pr: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('name one range, e.g. origin/main..HEAD', USAGE);
  if (!['json', 'markdown', 'sarif'].includes(values.format!)) throw new UsageError(`unknown --format ${JSON.stringify(values.format)}`, USAGE);
  const pr = values.pr === undefined ? undefined : Number(values.pr);
  if (pr !== undefined && (!Number.isSafeInteger(pr) || pr < 1)) throw new UsageError(`bad --pr ${JSON.stringify(values.pr)}: a pull request number`, USAGE);
  const repo = requireRepo();
  const failOn = repo.config.review.fail_on as string[];
  const unknown = failOn.filter((k) => !(KIND_NAMES as string[]).includes(k));
  if (unknown.length) throw new AuraError(`bad config: [review] fail_on names unknown kinds ${unknown.map((k) => `"${k}"`).join(', ')}`, `known kinds: ${KIND_NAMES.join(', ')}`);

  const report = await reviewRange(repo, positionals[0]);
  const text = values.format === 'json'
    ? JSON.stringify(report, null, 2) + '\n'
    : values.format === 'sarif'
      ? JSON.stringify(toSarif(report, require('../../../package.json').version), null, 2) + '\n'
      : toMarkdown(report);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);

  if (values.record) {
    const { loadActiveKey } = require('../keys/store') as typeof import('../keys/store');
    const { appendSigned } = require('../trust/append-signed') as typeof import('../trust/append-signed');
    keepReport(repo, report);
    const entry = await appendSigned(repo, loadActiveKey(), 'review', `pre-merge review of ${report.range}${pr ? ` (PR #${pr})` : ''}`, reviewFields(report, pr),
      'sign with a key registered in this log (aura key list)');
    process.stderr.write(`aura: review recorded as ${entry.id} (${entry.hash})\n`);
  }
  const failing = (Object.keys(report.counts) as Kind[]).filter((k) => failOn.includes(k));
  if (failing.length) {
    process.stderr.write(`aura: pr-review: ${failing.map((k) => `${report.counts[k]} ${k}`).join(', ')} ([review] fail_on)\n`);
    return 1;
  }
  return 0;
}
