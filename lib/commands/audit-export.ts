// aura audit export --format jsonl|syslog|otlp [--since DATE] …: copies the log's entries to a
// file, stdout or a collector, then writes a signed manifest of what was exported.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { ExportDigest, signManifest } from '../entry/manifest';
import { logRecords } from '../export/source';
import { activeManifestKey } from '../export/signing';
import { describeTarget, exportAll, ExportTarget, parseTarget } from '../export/target';
import { replaceFile } from '../fs/atomic-file';
import { requireRepo } from '../repo';
import { nowTs, parseSince } from '../time';

export const USAGE = `aura audit export --format jsonl|syslog|otlp [--since DATE]
    jsonl:  [--out FILE]                       (stdout without --out)
    syslog: --host HOST:PORT [--protocol udp|tcp]
    otlp:   --endpoint URL [--encoding protobuf|json]
    [--manifest FILE] [--timeout-ms N]`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'jsonl' },
      since: { type: 'string' },
      out: { type: 'string' },
      host: { type: 'string' },
      protocol: { type: 'string', default: 'udp' },
      endpoint: { type: 'string' },
      encoding: { type: 'string', default: 'protobuf' },
      manifest: { type: 'string' },
      'timeout-ms': { type: 'string', default: '10000' },
    },
    strict: true,
  });
  const format = values.format!;
  const endpoint = format === 'jsonl' ? values.out ?? '' : format === 'syslog' ? values.host : values.endpoint;
  if (endpoint === undefined) throw new UsageError(`--format ${format} needs ${format === 'syslog' ? '--host HOST:PORT' : '--endpoint URL'}`, USAGE);
  const target = parseTarget({ format, endpoint, protocol: values.protocol, encoding: values.encoding }, 'audit export');
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout-ms must be a whole number of milliseconds, not ${values['timeout-ms']}`, USAGE);
  let sinceMs: number | undefined;
  if (values.since !== undefined) {
    sinceMs = parseSince(values.since);
    if (Number.isNaN(sinceMs)) throw new UsageError(`--since: cannot read ${JSON.stringify(values.since)} as a date`, 'e.g. --since 2026-01-01, --since 30d, --since 2026-01-01T00:00:00.000Z');
  }

  const repo = requireRepo();
  // Load the key before sending anything: an export that cannot be signed is not started.
  const key = activeManifestKey();
  const manifestPath = values.manifest ?? defaultManifestPath(target);
  if (target.format === 'jsonl' && target.file) writeFileSync(target.file, ''); // a fresh file, not an append to an old export

  const digest = new ExportDigest();
  await exportAll(logRecords(repo.logPath, sinceMs), target, timeoutMs, digest);
  const manifest = signManifest(
    { kind: 'export', format, since: sinceMs === undefined ? null : nowTs(sinceMs), destination: describeTarget(target) },
    digest,
    key,
  );
  replaceFile(manifestPath, [JSON.stringify(manifest, null, 2) + '\n']); // never a half-written manifest
  process.stderr.write(`exported ${digest.count} entries to ${describeTarget(target)}\nmanifest: ${manifestPath}\n`);
  return 0;
}

function defaultManifestPath(t: ExportTarget): string {
  if (t.format === 'jsonl' && t.file) return t.file + '.manifest.json';
  return resolve(`aura-export-${t.format}-${nowTs().replace(/[:.]/g, '')}.manifest.json`);
}
