// What every export format carries for one entry: the entry's own fields as named values
// (for a SIEM to index) and the whole entry as its canonical JSON line, so an external
// verifier can recompute hashes and check signatures from the export alone.
import { canonicalize } from '../json/canonical';
import type { Entry } from '../entry/types';

export interface ExportRecord {
  entry: Entry;
  line: string; // canonical JSON (RFC 8785), no trailing "\n"
}

export const toRecord = (entry: Entry): ExportRecord => ({ entry, line: canonicalize(entry) });

/** The intent's first line without control characters: what a log viewer shows as the message. */
export function summary(entry: Entry): string {
  const text = typeof entry.intent === 'string' ? entry.intent : '';
  const first = text.split('\n', 1)[0].replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return first.length > 512 ? first.slice(0, 511) + '…' : first;
}

/**
 * Named fields, in a fixed order. Names are valid RFC 5424 PARAM-NAMEs (≤ 32 printable ASCII,
 * no '=', ' ', ']', '"') and become OTLP attributes prefixed with "aura.".
 */
export function recordFields(rec: ExportRecord): Array<[string, string | string[]]> {
  const e = rec.entry;
  return [
    ['id', e.id],
    ['hash', e.hash],
    ['parents', e.parents ?? []],
    ['capability', e.capability],
    ['ts', e.ts],
    ['author.id', e.author?.id ?? ''],
    ['author.kind', e.author?.kind ?? ''],
    ['author.pubkey', e.author?.pubkey ?? ''],
    ['entry', rec.line],
  ];
}

/** One record per canonical line: the bytes a manifest's `bytes_blake3` covers. */
export const jsonlBytes = (records: ExportRecord[]): Buffer => Buffer.from(records.map((r) => r.line + '\n').join(''), 'utf8');
