// aura intent export [--since DATE] [--format json|jsonl] [--out FILE]: the recorded intents
// for people (reviewers, auditors): who said what, when, about which commit, and every
// correction made to it since. For a verifiable copy of the log use `aura audit export`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Entry } from '../entry/types';
import { UsageError } from '../errors';
import { Corrections, effectiveIntent, loadCorrections } from '../export/corrections';
import { entriesSince, requireLog } from '../export/source';
import { requireRepo } from '../repo';
import { nowTs, parseSince } from '../time';

export const USAGE = 'aura intent export [--since 30d|DATE] [--format json|jsonl] [--out FILE]';
// Capability fields that say which commit an entry is about, copied when present.
const BINDING = ['commit', 'branch', 'tree', 'commit_parents', 'supersedes', 'targets'];

export function intentRecord(e: Entry, corrections: Corrections): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    id: e.id,
    ts: e.ts,
    capability: e.capability,
    author: { kind: e.author.kind, id: e.author.id },
    intent: e.intent,
    effective_intent: effectiveIntent(e, corrections),
    hash: e.hash,
  };
  for (const k of BINDING) if (e[k] !== undefined) rec[k] = e[k];
  if (e.redacted) rec.redacted = Object.keys(e.redacted);
  const list = corrections.get(e.hash);
  if (list) rec.superseded_by = list;
  return rec;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { since: { type: 'string' }, format: { type: 'string', default: 'json' }, out: { type: 'string' } },
  });
  if (values.format !== 'json' && values.format !== 'jsonl') throw new UsageError(`--format must be json or jsonl, not ${JSON.stringify(values.format)}`, USAGE);
  let since: number | undefined;
  if (values.since !== undefined) {
    since = parseSince(values.since);
    if (Number.isNaN(since)) throw new UsageError(`--since: cannot read ${JSON.stringify(values.since)} as a date`, USAGE);
  }
  const repo = requireRepo();
  requireLog(repo.logPath);
  const corrections = await loadCorrections(repo.logPath);
  const records: Record<string, unknown>[] = [];
  for await (const { entry } of entriesSince(repo.logPath, since)) records.push(intentRecord(entry, corrections));
  const text =
    values.format === 'jsonl'
      ? records.map((r) => JSON.stringify(r) + '\n').join('')
      : JSON.stringify({ exported_at: nowTs(), since: since === undefined ? null : nowTs(since), count: records.length, intents: records }, null, 2) + '\n';
  if (values.out) {
    writeFileSync(values.out, text);
    process.stderr.write(`exported ${records.length} intents to ${values.out}\n`);
  } else process.stdout.write(text);
  return 0;
}
