// The pack's log.jsonl: the entries of the period and every ancestor needed to verify them
// (trust and parents come from ancestors), plus the `redact` entries that authorize a
// redaction in them, in the log's own order and bytes. Two streaming passes over the log;
// between them only each entry's hash, parents and time are held.
import { createWriteStream } from 'node:fs';
import type { RawLine } from '../log/read';
import { ExportDigest } from '../entry/manifest';
import { parseTs } from '../time';

export type LineSource = () => AsyncIterable<RawLine>;

interface Node {
  parents: string[];
  redacts: string[]; // for a `redact` entry: the entries it names
}


/** The line as a JSON object, or null (the verifier reports what is wrong with it). */
export function parseLine(line: Buffer): Record<string, any> | null {
  try {
    const v = JSON.parse(line.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** What pass 1 learns: each line's entry hash ('' for a line that is no entry) and which lines to keep. */
interface Selection {
  hashes: string[]; // by line index
  keep: Set<string>;
}

/** Which entries the pack keeps: the period's, closed under parents and redactions. */
async function selectEntries(source: LineSource, since: number, until: number): Promise<Selection> {
  const nodes = new Map<string, Node>();
  const keep = new Set<string>();
  const hashes: string[] = [];
  const redactions: string[] = [];
  for await (const l of source()) {
    const e = parseLine(l.bytes);
    const hash = e && typeof e.hash === 'string' ? e.hash : '';
    hashes.push(hash);
    if (!e || hash === '') continue;
    const redacts = e.capability === 'redact' && Array.isArray(e.targets) ? e.targets.map((t: any) => String(t?.entry)) : [];
    nodes.set(hash, { parents: strings(e.parents), redacts });
    if (redacts.length) redactions.push(hash);
    const ms = parseTs(e.ts);
    if (ms >= since && ms <= until) keep.add(hash);
  }
  const close = (start: string[]): void => {
    const stack = [...start];
    while (stack.length) {
      const h = stack.pop()!;
      for (const p of nodes.get(h)?.parents ?? []) if (!keep.has(p)) (keep.add(p), stack.push(p));
    }
  };
  close([...keep]);
  // A redacted entry verifies only beside the `redact` entry that authorizes it; keeping one
  // brings its ancestors, which may hold further redacted entries: repeat until nothing moves.
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of redactions) {
      if (keep.has(r) || !nodes.get(r)!.redacts.some((t) => keep.has(t))) continue;
      keep.add(r);
      close([r]);
      grew = true;
    }
  }
  return { hashes, keep };
}

export interface PackedLog {
  digest: ExportDigest;
  /** every line of the source is in the pack (its verification is the whole log's) */
  whole: boolean;
}

/**
 * Writes the pack's log to `out`. Lines that are not entries (damaged JSON) are kept too: the
 * pack must not look healthier than the log it came from.
 */
export async function writePackLog(source: LineSource, out: string, period: { since: number; until: number }): Promise<PackedLog> {
  const { hashes, keep } = await selectEntries(source, period.since, period.until);
  const digest = new ExportDigest();
  const w = createWriteStream(out, { flags: 'wx' });
  const closed = new Promise<void>((resolve, reject) => {
    w.on('error', reject);
    w.on('finish', resolve);
  });
  let i = 0;
  for await (const l of source()) {
    const h = hashes[i++] ?? '';
    if (h !== '' && !keep.has(h)) continue;
    digest.add(l.bytes, h);
    if (!w.write(Buffer.concat([l.bytes, NEWLINE]))) await new Promise<void>((r) => w.once('drain', () => r()));
  }
  w.end();
  await closed;
  return { digest, whole: digest.count === hashes.length };
}

const NEWLINE = Buffer.from('\n');
