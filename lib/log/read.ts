// Streaming the intent log line by line. A log can hold millions of entries, so nothing
// here ever loads the whole file: it reads fixed-size chunks and yields each line as a
// Buffer slice (a fresh chunk per read, so a slice a consumer keeps is never overwritten).
import { open } from 'node:fs/promises';
import { AuraError } from '../errors';
import { parseStrictJson } from '../json/strict-parse';
import type { Entry } from '../entry/types';

export interface RawLine {
  lineNo: number; // 1-based
  offset: number; // byte offset of the line's first byte in the file
  bytes: Buffer; // the line without its "\n"
  terminated: boolean; // false only for a last line with no "\n" (a torn write)
  archived?: true; // read from an archive segment (offset is then meaningless), see segments.ts
}

const CHUNK = 1 << 20;

/** The lines of `path`, in file order, in constant memory (one chunk plus one line). */
export async function* readLines(path: string, opts: { fromOffset?: number; firstLineNo?: number } = {}): AsyncGenerator<RawLine> {
  const fh = await open(path, 'r');
  try {
    let pos = opts.fromOffset ?? 0;
    let lineNo = opts.firstLineNo ?? 1;
    let carry: Buffer | null = null; // the start of a line that continues in the next chunk
    let carryOffset = pos;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(chunk, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (;;) {
        const nl = data.indexOf(0x0a, start);
        if (nl < 0) break;
        let bytes = data.subarray(start, nl);
        let offset = pos + start;
        if (carry) {
          bytes = Buffer.concat([carry, bytes]);
          offset = carryOffset;
          carry = null;
        }
        yield { lineNo: lineNo++, offset, bytes, terminated: true };
        start = nl + 1;
      }
      if (start < bytesRead) {
        const rest = data.subarray(start);
        if (carry) carry = Buffer.concat([carry, rest]);
        else {
          carry = Buffer.from(rest); // copy: the rest of this chunk is otherwise kept alive
          carryOffset = pos + start;
        }
      }
      pos += bytesRead;
    }
    if (carry) yield { lineNo, offset: carryOffset, bytes: carry, terminated: false };
  } finally {
    await fh.close();
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Strict-parsed entries, for commands that need a readable log (the verifier checks far
 * more and never stops at the first problem). Throws an AuraError naming file:line on a
 * torn or unparseable line. It does not check hashes or signatures: use `aura audit verify`.
 */
export async function* readEntries(path: string): AsyncGenerator<{ lineNo: number; entry: Entry }> {
  for await (const line of readLines(path)) {
    const where = `${path}:${line.lineNo}`;
    if (!line.terminated) {
      throw new AuraError(`${where}: the last line is torn (a write was interrupted: no final newline)`, 'run: aura audit verify, then aura audit repair to set it aside');
    }
    let value: unknown;
    try {
      value = parseStrictJson(utf8.decode(line.bytes));
    } catch (e) {
      throw new AuraError(`${where}: not a valid log entry: ${(e as Error).message}`, 'run: aura audit verify to see every problem in the log');
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new AuraError(`${where}: not a valid log entry: a line must hold one JSON object`, 'run: aura audit verify to see every problem in the log');
    }
    yield { lineNo: line.lineNo, entry: value as Entry };
  }
}
