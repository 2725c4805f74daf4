// The largest part of the trace index: every name the log's deltas give, with the lines that
// name it — hundreds of thousands of names on a long log. A trace asks for a handful, so the
// table read from disk stays the bytes of the file ("<JSON name>\t3,17,42\n" per name) and a
// name is found with one byte search. Names a trace adds (new lines in the log) are kept beside
// the bytes and merged into them when the file is written; only a truncated index, or close names
// for an unknown one, turn the whole table into an object.

/** A name's line in the file: the name JSON-encoded (no raw newline or tab), a tab, the lines. */
export const nameLine = (name: string, lines: string): string => `${JSON.stringify(name)}\t${lines}\n`;

// The maps are plain objects keyed by names from the log: a symbol may be called "constructor"
// or "__proto__", so every read and write goes through these two.
const hasOwn = (map: object, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);
export const getOwn = <T>(map: Record<string, T>, key: string): T | undefined => (hasOwn(map, key) ? map[key] : undefined);
export function setOwn<T>(map: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/** The last line of a list "3,17,42". */
export const lastOf = (list: string): number => Number(list.slice(list.lastIndexOf(',') + 1));

/** A quoted name of the file as the name itself. */
const unquote = (quoted: string): string => (quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1));

export class NameTable {
  /** Names added or changed since the bytes were read (all of them for a table built in memory). */
  private overlay: Record<string, string> = {};

  /**
   * `raw`: bytes holding name lines, each preceded by "\n" (the byte before `start` is one),
   * from `start` to `end`.
   */
  private constructor(
    private raw: Buffer | null,
    private readonly start = 0,
    private readonly end = 0,
  ) {}

  static empty(): NameTable {
    return new NameTable(null);
  }

  static fromBytes(raw: Buffer, start: number, end: number): NameTable {
    return new NameTable(raw, start, end);
  }

  /** "3,17,42", the lines naming `name`, or undefined. */
  get(name: string): string | undefined {
    const changed = getOwn(this.overlay, name);
    if (changed !== undefined || !this.raw) return changed;
    const needle = Buffer.from(`\n${JSON.stringify(name)}\t`, 'utf8');
    const at = this.raw.indexOf(needle, this.start - 1);
    if (at < 0 || at >= this.end) return undefined;
    const from = at + needle.length;
    return this.raw.toString('latin1', from, this.raw.indexOf(0x0a, from));
  }

  /** Lists `line` under `name` (lines come in ascending order; a line is listed once). */
  add(name: string, line: number): void {
    const list = this.get(name);
    if (list === undefined) setOwn(this.overlay, name, String(line));
    else if (lastOf(list) !== line) setOwn(this.overlay, name, `${list},${line}`);
  }

  names(): string[] {
    return Object.keys(this.writable());
  }

  /** The whole table as an object to change (the bytes are parsed, once). */
  writable(): Record<string, string> {
    if (!this.raw) return this.overlay;
    const map: Record<string, string> = {};
    for (const [quoted, lines] of this.rawLines()) setOwn(map, unquote(quoted), lines);
    for (const k of Object.keys(this.overlay)) setOwn(map, k, this.overlay[k]);
    this.overlay = map;
    this.raw = null;
    return map;
  }

  private *rawLines(): Generator<[quoted: string, lines: string]> {
    const text = this.raw!.toString('utf8', this.start, this.end);
    for (let pos = 0; pos < text.length; ) {
      const nl = text.indexOf('\n', pos);
      const tab = text.lastIndexOf('\t', nl);
      yield [text.slice(pos, tab), text.slice(tab + 1, nl)];
      pos = nl + 1;
    }
  }

  /** The name lines, in chunks of about 1 MiB: the bytes read, with the changed names replaced, then the new names. */
  *chunks(): Generator<string> {
    const pending = new Set(Object.keys(this.overlay));
    if (this.raw && pending.size === 0) {
      yield this.raw.toString('utf8', this.start, this.end);
      return;
    }
    let buf = '';
    for (const line of this.lines(pending)) {
      buf += line;
      if (buf.length >= 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }

  private *lines(pending: Set<string>): Generator<string> {
    if (this.raw) {
      for (const [quoted, lines] of this.rawLines()) {
        const name = unquote(quoted);
        yield pending.delete(name) ? nameLine(name, this.overlay[name]) : `${quoted}\t${lines}\n`;
      }
    }
    for (const name of pending) yield nameLine(name, this.overlay[name]);
  }
}
