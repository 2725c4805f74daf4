// `aura agent-log export --since DATE [--agent ID] [--format json|jsonl] [--out FILE]
// [--manifest FILE]`: what agents did and what they were allowed (lib/export/agent-log.ts),
// with a signed manifest that `aura audit verify-export` checks.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ExportDigest, signManifest } from '../entry/manifest';
import { UsageError } from '../errors';
import { agentLogLines } from '../export/agent-log';
import { activeManifestKey } from '../export/signing';
import { requireLog } from '../export/source';
import { replaceFile } from '../fs/atomic-file';
import { requireRepo } from '../repo';
import { nowTs, parseSince } from '../time';

export const USAGE = 'aura agent-log export --since DATE [--agent ID] [--format jsonl|json] [--out FILE] [--manifest FILE]';
export const HELP = `usage: ${USAGE}\n  DATE: 2026-01-01, a timestamp, or 30d / 12h ago`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      since: { type: 'string' }, agent: { type: 'string' }, format: { type: 'string', default: 'jsonl' },
      out: { type: 'string' }, manifest: { type: 'string' },
    },
  });
  if (values.since === undefined) throw new UsageError('say from when: --since 2026-01-01 (or 30d)', USAGE);
  const sinceMs = parseSince(values.since);
  if (Number.isNaN(sinceMs)) throw new UsageError(`--since: cannot read ${JSON.stringify(values.since)} as a date`, USAGE);
  const format = values.format!;
  if (format !== 'jsonl' && format !== 'json') throw new UsageError(`--format must be jsonl or json, not ${JSON.stringify(format)}`, USAGE);
  if (!values.out && values.manifest === undefined) throw new UsageError('writing to stdout: say where the manifest goes (--manifest FILE), or use --out FILE', USAGE);

  const repo = requireRepo();
  requireLog(repo.logPath);
  const key = activeManifestKey(); // before anything is written: an export that cannot be signed is not started
  const digest = new ExportDigest();
  const lines: string[] = [];
  for await (const { line, hash } of agentLogLines(repo.logPath, { sinceMs, agent: values.agent })) {
    digest.add(line, hash);
    lines.push(line);
  }
  // json: one array, each element on its own line in canonical form (what verify-export digests)
  const body = format === 'jsonl' ? lines.map((l) => l + '\n').join('') : `[\n${lines.join(',\n')}\n]\n`;
  const destination = values.out ?? 'stdout';
  const manifest = signManifest(
    { kind: 'export', format, since: nowTs(sinceMs), destination, scope: 'agent-log', agent: values.agent ?? null },
    digest,
    key,
  );
  if (values.out) writeFileSync(values.out, body);
  else process.stdout.write(body);
  const manifestPath = values.manifest ?? values.out + '.manifest.json';
  replaceFile(manifestPath, [JSON.stringify(manifest, null, 2) + '\n']);
  process.stderr.write(`exported ${digest.count} agent-log entries to ${destination}\nmanifest: ${manifestPath}\n`);
  return 0;
}
