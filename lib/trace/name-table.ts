// The largest part of the trace index: every name the log's deltas give, with the lines that
// name it — hundreds of thousands of names on a long log. A trace asks for a handful, so the
// table read from disk stays the bytes of the file ("<JSON name>\t3,17,42\n" per name) and a
// name is found with one byte search; only a trace that must extend the index (new lines in the
// log) or suggest close names turns it into an object.

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

export class NameTable {
  private map: Record<string, string> | null;

  /**
   * `raw`: bytes holding name lines, each preceded by "\n" (the byte before `start` is one),
   * from `start` to `end`.
   */
  private constructor(
    map: Record<string, string> | null,
    private raw: Buffer | null = null,
    private readonly start = 0,
    private readonly end = 0,
  ) {
    this.map = map;
  }

  static empty(): NameTable {
    return new NameTable({});
  }

  static fromBytes(raw: Buffer, start: number, end: number): NameTable {
    return new NameTable(null, raw, start, end);
  }

  /** "3,17,42", the lines naming `name`, or undefined. */
  get(name: string): string | undefined {
    if (this.map) return getOwn(this.map, name);
    const needle = Buffer.from(`\n${JSON.stringify(name)}\t`, 'utf8');
    const at = this.raw!.indexOf(needle, this.start - 1);
    if (at < 0 || at >= this.end) return undefined;
    const from = at + needle.length;
    const nl = this.raw!.indexOf(0x0a, from);
    return this.raw!.toString('latin1', from, nl);
  }

  names(): string[] {
    return Object.keys(this.writable());
  }

  /** The table as an object to change (read from the bytes the first time). */
  writable(): Record<string, string> {
    if (this.map) return this.map;
    const map: Record<string, string> = {};
    const text = this.raw!.toString('utf8', this.start, this.end);
    for (let pos = 0; pos < text.length; ) {
      const nl = text.indexOf('\n', pos);
      const tab = text.lastIndexOf('\t', nl);
      const quoted = text.slice(pos, tab);
      setOwn(map, quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1), text.slice(tab + 1, nl));
      pos = nl + 1;
    }
    this.map = map;
    this.raw = null;
    return map;
  }

  /** The name lines, in chunks of about 1 MiB. */
  *chunks(): Generator<string> {
    if (!this.map && this.raw) {
      yield this.raw.toString('utf8', this.start, this.end);
      return;
    }
    let buf = '';
    for (const k of Object.keys(this.map!)) {
      buf += nameLine(k, this.map![k]);
      if (buf.length >= 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
}
