// The subset of TOML that .aura/config.toml uses: [table] and [table.sub] headers, [[arrays.of]] tables,
// `key = value` with basic or literal strings, integers, booleans and one-line arrays of
// those, and # comments. Anything else is an error naming the file and line, because a
// config that is silently half-read is worse than one that is refused.
export type TomlValue = string | number | boolean | TomlValue[];
export interface TomlEntry {
  table: string; // "" for the root table, else "audit.export"
  key: string;
  value: TomlValue;
  line: number;
  index?: number; // the item of an array of tables ([[review.layers]]), from 0
}

export class TomlError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

export function parseToml(text: string, file: string): TomlEntry[] {
  const out: TomlEntry[] = [];
  const seen = new Set<string>();
  let table = '';
  let index: number | undefined;
  const items = new Map<string, number>(); // array-of-tables name → items so far
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const err = (m: string): never => {
      throw new TomlError(file, line, m);
    };
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) return;
    const arrayHeader = /^\[\[\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*\]\]\s*(?:#.*)?$/.exec(s);
    if (arrayHeader) {
      table = arrayHeader[1].replace(/\s+/g, '');
      if (seen.has('[' + table)) err(`[[${table}]] is also defined as a table [${table}]`);
      index = items.get(table) ?? 0;
      items.set(table, index + 1);
      return;
    }
    const header = /^\[\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*\]\s*(?:#.*)?$/.exec(s);
    if (header) {
      table = header[1].replace(/\s+/g, '');
      index = undefined;
      if (seen.has('[' + table) || items.has(table)) err(`table [${table}] is defined twice`);
      seen.add('[' + table);
      return;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(s);
    if (!kv) err(`cannot parse ${JSON.stringify(s)} (expected key = value or [table])`);
    const key = kv![1];
    const full = table ? `${table}${index === undefined ? '' : `[${index}]`}.${key}` : key;
    if (seen.has(full)) err(`key "${full}" is set twice`);
    seen.add(full);
    const cur = { s: kv![2], i: 0 };
    const value = parseValue(cur, (m) => err(`key "${full}": ${m}`));
    const tail = cur.s.slice(cur.i).trim();
    if (tail !== '' && !tail.startsWith('#')) err(`key "${full}": unexpected ${JSON.stringify(tail)} after the value`);
    out.push(index === undefined ? { table, key, value, line } : { table, key, value, line, index });
  });
  return out;
}

/** The value at the start of `s` (after `key =`) and where it ends: for editors that keep the rest of the line. */
export function valueAt(s: string, err: (m: string) => never): { value: TomlValue; end: number } {
  const cur = { s, i: 0 };
  const value = parseValue(cur, err);
  return { value, end: cur.i };
}

function parseValue(cur: { s: string; i: number }, err: (m: string) => never): TomlValue {
  const s = cur.s;
  while (s[cur.i] === ' ' || s[cur.i] === '\t') cur.i++;
  const c = s[cur.i];
  if (c === '"') {
    const m = /^"((?:[^"\\\n]|\\["\\btnfr]|\\u[0-9a-fA-F]{4})*)"/.exec(s.slice(cur.i));
    if (!m) err('unterminated or malformed string');
    cur.i += m![0].length;
    return JSON.parse(m![0].replace(/\\b/g, '\\b')) as string;
  }
  if (c === "'") {
    const end = s.indexOf("'", cur.i + 1);
    if (end < 0) err('unterminated literal string');
    const v = s.slice(cur.i + 1, end);
    cur.i = end + 1;
    return v;
  }
  if (c === '[') {
    cur.i++;
    const arr: TomlValue[] = [];
    for (;;) {
      while (/\s/.test(s[cur.i] ?? '')) cur.i++;
      if (s[cur.i] === ']') {
        cur.i++;
        return arr;
      }
      arr.push(parseValue(cur, err));
      while (/\s/.test(s[cur.i] ?? '')) cur.i++;
      if (s[cur.i] === ',') cur.i++;
      else if (s[cur.i] !== ']') err('expected "," or "]" in array (arrays must fit on one line)');
    }
  }
  const word = /^[^\s,\]#]+/.exec(s.slice(cur.i));
  if (!word) err('missing value');
  cur.i += word![0].length;
  const w = word![0];
  if (w === 'true') return true;
  if (w === 'false') return false;
  if (/^[+-]?(0|[1-9](_?[0-9])*)$/.test(w)) {
    const n = Number(w.replace(/_/g, ''));
    if (!Number.isSafeInteger(n)) err('integer out of range');
    return n;
  }
  return err(`unsupported value ${JSON.stringify(w)} (use a "string", an integer, true/false or [ … ])`);
}
