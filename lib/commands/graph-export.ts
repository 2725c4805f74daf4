// `aura graph export [--rev REV] [--format json|csv] [--out FILE] [--manifest FILE]`: the symbol
// inventory at a revision (lib/graph/, docs/graph.md), with a signed manifest that
// `aura audit verify-export` checks.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { activeManifestKey } from '../export/signing';
import { replaceFile } from '../fs/atomic-file';
import { requireRepo } from '../repo';

export const USAGE = 'aura graph export [--rev REV] [--format json|csv] [--out FILE] [--manifest FILE]';
export const HELP = `usage: ${USAGE}\n  every symbol at REV (default HEAD) with the log entry that last changed it; JSON schema: docs/schemas/graph-export.schema.json`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      rev: { type: 'string', default: 'HEAD' }, format: { type: 'string', default: 'json' },
      out: { type: 'string' }, manifest: { type: 'string' },
    },
  });
  const format = values.format!;
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, not ${JSON.stringify(format)}`, USAGE);
  if (!values.out && values.manifest === undefined) throw new UsageError('writing to stdout: say where the manifest goes (--manifest FILE), or use --out FILE', USAGE);

  const repo = requireRepo();
  const key = activeManifestKey(); // before the work: an export that cannot be signed is not started
  const { buildGraph } = require('../graph/document') as typeof import('../graph/document');
  const { graphCsv } = require('../graph/csv') as typeof import('../graph/csv');
  const { signGraphManifest } = require('../graph/manifest') as typeof import('../graph/manifest');
  const doc = await buildGraph(repo, values.rev!);
  const body = Buffer.from(format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : graphCsv(doc), 'utf8');
  const destination = values.out ?? 'stdout';
  const manifest = signGraphManifest(doc, format, body, destination, key);
  if (values.out) writeFileSync(values.out, body);
  else process.stdout.write(body);
  const manifestPath = values.manifest ?? values.out + '.manifest.json';
  replaceFile(manifestPath, [JSON.stringify(manifest, null, 2) + '\n']);
  const t = doc.totals;
  process.stderr.write(
    `exported ${t.symbols} symbols in ${t.parsed_files} parsed files at ${doc.commit.slice(0, 12)} to ${destination}` +
      ` (${t.symbols_with_logged_change} with a logged change${doc.log ? '' : '; no intent log: none attributed'}` +
      `${doc.incomplete_files.length ? `; ${doc.incomplete_files.length} file(s) incomplete` : ''})\nmanifest: ${manifestPath}\n`,
  );
  return 0;
}
