// OTLP/HTTP logs (opentelemetry-proto, collector/logs/v1 ExportLogsServiceRequest): one
// LogRecord per entry, the entry's fields as attributes and the whole entry as the attribute
// "aura.entry". Encoded by hand (./protobuf.ts) in binary protobuf, or in the OTLP/JSON
// mapping (camelCase names, 64-bit integers as decimal strings, enums as numbers).
import { ProtoWriter } from './protobuf';
import { ExportRecord, recordFields, summary } from './record';

const SEVERITY_INFO = 9; // SeverityNumber.SEVERITY_NUMBER_INFO
export const SCOPE = 'aura-hooks';

type Attr = [string, string | string[]];

function attributes(rec: ExportRecord): Attr[] {
  return recordFields(rec).map(([k, v]) => ['aura.' + k, v] as Attr);
}

const nanos = (ts: string): bigint => BigInt(Date.parse(ts)) * 1_000_000n;

export interface OtlpOptions {
  serviceName?: string;
  observedNs?: bigint; // when this export observed the entries (defaults to now)
}

// --- protobuf -------------------------------------------------------------------------
// Field numbers from opentelemetry/proto/{collector/logs,logs,common,resource}/v1/*.proto.

function anyString(w: ProtoWriter, s: string): void {
  w.bytes(1, Buffer.from(s, 'utf8')); // AnyValue.string_value (a oneof: written even when empty)
}

function keyValue(w: ProtoWriter, key: string, value: string | string[]): void {
  w.string(1, key); // KeyValue.key
  w.message(2, (av) => {
    // KeyValue.value
    if (Array.isArray(value)) av.message(5, (arr) => value.forEach((v) => arr.message(1, (x) => anyString(x, v))));
    else anyString(av, value);
  });
}

export function encodeLogsProtobuf(records: ExportRecord[], opts: OtlpOptions = {}): Buffer {
  const observed = opts.observedNs ?? BigInt(Date.now()) * 1_000_000n;
  const req = new ProtoWriter();
  req.message(1, (rl) => {
    // ExportLogsServiceRequest.resource_logs
    rl.message(1, (res) => res.message(1, (kv) => keyValue(kv, 'service.name', opts.serviceName ?? SCOPE))); // Resource.attributes
    rl.message(2, (sl) => {
      // ResourceLogs.scope_logs
      sl.message(1, (scope) => scope.string(1, SCOPE)); // InstrumentationScope.name
      for (const rec of records) {
        sl.message(2, (lr) => {
          // ScopeLogs.log_records
          lr.fixed64(1, nanos(rec.entry.ts)); // time_unix_nano
          lr.uint(2, SEVERITY_INFO); // severity_number
          lr.string(3, 'INFO'); // severity_text
          lr.message(5, (body) => anyString(body, summary(rec.entry))); // body
          for (const [k, v] of attributes(rec)) lr.message(6, (kv) => keyValue(kv, k, v)); // attributes
          lr.fixed64(11, observed); // observed_time_unix_nano
        });
      }
    });
  });
  return req.finish();
}

// --- JSON -----------------------------------------------------------------------------

const jsonValue = (v: string | string[]) =>
  Array.isArray(v) ? { arrayValue: { values: v.map((s) => ({ stringValue: s })) } } : { stringValue: v };

export function encodeLogsJson(records: ExportRecord[], opts: OtlpOptions = {}): Buffer {
  const observed = String(opts.observedNs ?? BigInt(Date.now()) * 1_000_000n);
  const body = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: opts.serviceName ?? SCOPE } }] },
        scopeLogs: [
          {
            scope: { name: SCOPE },
            logRecords: records.map((rec) => ({
              timeUnixNano: String(nanos(rec.entry.ts)),
              observedTimeUnixNano: observed,
              severityNumber: SEVERITY_INFO,
              severityText: 'INFO',
              body: { stringValue: summary(rec.entry) },
              attributes: attributes(rec).map(([key, v]) => ({ key, value: jsonValue(v) })),
            })),
          },
        ],
      },
    ],
  };
  return Buffer.from(JSON.stringify(body), 'utf8');
}

// --- transport ------------------------------------------------------------------------

/** ExportLogsServiceResponse.partial_success.rejected_log_records, from a protobuf body. */
function rejectedFromProtobuf(buf: Buffer): bigint {
  const varint = (b: Buffer, at: { i: number }): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (at.i >= b.length) throw new Error('truncated varint');
      const byte = b[at.i++];
      v |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
      shift += 7n;
    }
  };
  const walk = (b: Buffer, want: number, inside: (sub: Buffer) => bigint): bigint => {
    const at = { i: 0 };
    while (at.i < b.length) {
      const key = Number(varint(b, at));
      const field = key >> 3;
      const wire = key & 7;
      if (wire === 0) {
        const v = varint(b, at);
        if (field === want) return v;
      } else if (wire === 2) {
        const len = Number(varint(b, at));
        const sub = b.subarray(at.i, at.i + len);
        at.i += len;
        if (field === want) return inside(sub);
      } else if (wire === 1) at.i += 8;
      else if (wire === 5) at.i += 4;
      else throw new Error(`unexpected wire type ${wire}`);
    }
    return 0n;
  };
  return walk(buf, 1, (ps) => walk(ps, 1, () => 0n));
}

function rejectedCount(body: Buffer, json: boolean): bigint {
  if (body.length === 0) return 0n;
  if (json) {
    const v = JSON.parse(body.toString('utf8'))?.partialSuccess?.rejectedLogRecords;
    return BigInt(v ?? 0);
  }
  return rejectedFromProtobuf(body);
}

/** POSTs one ExportLogsServiceRequest; rejects on a non-2xx answer, a timeout or any rejected record. */
export function postOtlp(endpoint: string, body: Buffer, encoding: 'protobuf' | 'json', timeoutMs: number): Promise<void> {
  const url = new URL(endpoint);
  const client = (url.protocol === 'https:' ? require('node:https') : require('node:http')) as typeof import('node:http');
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf', 'content-length': body.length },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
            return reject(new Error(`OTLP ${endpoint}: HTTP ${res.statusCode} ${text.toString('utf8').slice(0, 200)}`));
          }
          try {
            const rejected = rejectedCount(text, encoding === 'json');
            if (rejected > 0n) return reject(new Error(`OTLP ${endpoint}: the collector rejected ${rejected} log record(s)`));
          } catch (e) {
            return reject(new Error(`OTLP ${endpoint}: unreadable response: ${(e as Error).message}`));
          }
          resolve();
        });
      },
    );
    // `timeout` above only covers an idle socket; this bounds the whole exchange.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`OTLP ${endpoint}: ${e.message}`));
    });
    req.end(body);
  });
}
