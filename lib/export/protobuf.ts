// A minimal protobuf (proto3) writer: just the wire types OTLP logs need. Hand-written so
// the hook path sends OTLP without loading a protobuf library; the test receiver decodes
// what this writes with the official .proto files, so a mistake here fails the tests.
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;
// One-byte varints (tags and short lengths), shared instead of allocated each time.
const SMALL: Buffer[] = Array.from({ length: 0x80 }, (_, i) => Buffer.from([i]));

export class ProtoWriter {
  private parts: Buffer[] = [];
  private size = 0;

  private push(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** Base-128 varint of a non-negative safe integer (every length and tag; enums, counts). */
  private varint(v: number): void {
    if (v < 0x80) {
      this.push(SMALL[v]);
      return;
    }
    const out: number[] = [];
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    this.push(Buffer.from(out));
  }

  /** uint32/uint64/enum/bool up to 2^53; proto3 omits default (zero) values. */
  uint(field: number, v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`protobuf uint out of range: ${v}`);
    if (v !== 0) {
      this.tag(field, VARINT);
      this.varint(v);
    }
    return this;
  }

  fixed64(field: number, v: bigint): this {
    if (v !== 0n) {
      this.tag(field, FIXED64);
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt.asUintN(64, v));
      this.push(b);
    }
    return this;
  }

  fixed32(field: number, v: number): this {
    if (v !== 0) {
      this.tag(field, FIXED32);
      const b = Buffer.alloc(4);
      b.writeUInt32LE(v >>> 0);
      this.push(b);
    }
    return this;
  }

  bytes(field: number, v: Uint8Array): this {
    this.tag(field, LEN);
    this.varint(v.length);
    this.push(Buffer.isBuffer(v) ? v : Buffer.from(v));
    return this;
  }

  string(field: number, v: string): this {
    return v === '' ? this : this.bytes(field, Buffer.from(v, 'utf8'));
  }

  /** An embedded message (always written, even when empty: presence matters for AnyValue). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    this.tag(field, LEN);
    this.varint(inner.size);
    // The child's chunks are adopted, not copied: only finish() copies, once.
    for (const p of inner.parts) this.parts.push(p);
    this.size += inner.size;
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}
