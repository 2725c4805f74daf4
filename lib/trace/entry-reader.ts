// Reading the entries an index points at, one line at a time: a live line at its byte offset,
// an archived one from its segment (checked against its signed manifest when first opened).
import { closeSync, openSync } from 'node:fs';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { parseStrictJson } from '../json/strict-parse';
import { listSegments, loadSegment, manifestHash } from '../log/segments';
import { pread } from '../log/tail';
import type { SymbolIndex } from './symbol-index';

const CHUNK = 1 << 16;

export class EntryReader {
  private fd: number | null = null;
  private readonly segments = new Map<number, string[]>();
  private readonly cache = new Map<number, Entry | null>();

  constructor(
    private readonly logPath: string,
    private readonly index: SymbolIndex,
  ) {}

  /** The entry at `line`, or null when that line is not a JSON object. */
  read(line: number): Entry | null {
    let e = this.cache.get(line);
    if (e !== undefined) return e;
    const text = this.text(line);
    try {
      const v = parseStrictJson(text);
      e = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Entry) : null;
    } catch {
      e = null;
    }
    this.cache.set(line, e);
    return e;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private text(line: number): string {
    const offset = this.index.offsets[line - 1];
    return offset >= 0 ? this.live(offset) : this.archived(line);
  }

  private live(offset: number): string {
    this.fd ??= openSync(this.logPath, 'r');
    const parts: Buffer[] = [];
    for (let pos = offset; ; pos += CHUNK) {
      const b = pread(this.fd, pos, CHUNK);
      const nl = b.indexOf(0x0a);
      if (nl >= 0 || b.length < CHUNK) {
        parts.push(nl >= 0 ? b.subarray(0, nl) : b);
        return Buffer.concat(parts).toString('utf8');
      }
      parts.push(b);
    }
  }

  private archived(line: number): string {
    const at = this.index.segments.findIndex((s) => line >= s.first && line < s.first + s.count);
    if (at < 0) throw new AuraError(`trace index: line ${line} is neither live nor archived`, 'run the trace again with --no-index');
    const seg = this.index.segments[at];
    let lines = this.segments.get(seg.n);
    if (!lines) {
      const found = listSegments(this.logPath).find((s) => s.n === seg.n);
      if (!found) throw new AuraError(`archive segment ${seg.n} of ${this.logPath} is gone`, 'run the trace again: the index is rebuilt from the archives there are');
      const loaded = loadSegment(found, at === 0 ? null : this.index.segments[at - 1].hash);
      if (manifestHash(loaded.manifest) !== seg.hash) throw new AuraError(`archive segment ${seg.n} changed while trace read it`, 'run the trace again');
      lines = loaded.lines;
      this.segments.set(seg.n, lines);
    }
    return lines[line - seg.first];
  }
}
