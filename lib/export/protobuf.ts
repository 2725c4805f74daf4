// A minimal protobuf (proto3) writer: just the wire types OTLP logs need. Hand-written so
// the hook path sends OTLP without loading a protobuf library; the test receiver decodes
// what this writes with the official .proto files, so a mistake here fails the tests.
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

export class ProtoWriter {
  private parts: Buffer[] = [];
  private size = 0;

  private push(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }

  private tag(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }

  private varint(v: bigint): void {
    const out: number[] = [];
    let n = BigInt.asUintN(64, v);
    while (n >= 0x80n) {
      out.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    out.push(Number(n));
    this.push(Buffer.from(out));
  }

  /** uint32/uint64/int64/enum/bool; proto3 omits default (zero) values. */
  uint(field: number, v: number | bigint): this {
    if (BigInt(v) !== 0n) {
      this.tag(field, VARINT);
      this.varint(BigInt(v));
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
    this.varint(BigInt(v.length));
    this.push(Buffer.from(v));
    return this;
  }

  string(field: number, v: string): this {
    return v === '' ? this : this.bytes(field, Buffer.from(v, 'utf8'));
  }

  /** An embedded message (always written, even when empty: presence matters for AnyValue). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}
