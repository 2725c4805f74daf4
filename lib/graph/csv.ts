// The inventory as CSV (RFC 4180): a header, then one row per symbol, CRLF line ends; a field
// holding a comma, a double quote, CR or LF is quoted with its quotes doubled, so paths with
// any of them read back exactly. Totals are in the JSON form only.
import type { GraphDocument, GraphSymbol } from './document';

export const CSV_COLUMNS = [
  'path', 'name', 'kind', 'language', 'hash',
  'last_change_entry', 'last_change_entry_hash', 'last_change_commit', 'last_change', 'last_change_from',
  'last_change_date', 'author_key_id', 'author_kind', 'hash_matches', 'created_entry', 'created_commit',
] as const;

export function csvField(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(s: GraphSymbol): (string | boolean | null)[] {
  const c = s.last_change;
  return [
    s.path, s.name, s.kind, s.language, s.hash,
    c?.entry ?? null, c?.entry_hash ?? null, c?.commit ?? null, c?.change ?? null, c?.from ?? null,
    c?.date ?? null, c?.author.key_id ?? null, c?.author.kind ?? null, c ? c.hash_matches : null,
    s.created?.entry ?? null, s.created?.commit ?? null,
  ];
}

export function graphCsv(doc: GraphDocument): string {
  const lines = [CSV_COLUMNS.join(','), ...doc.symbols.map((s) => row(s).map(csvField).join(','))];
  return lines.map((l) => l + '\r\n').join('');
}
