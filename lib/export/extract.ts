// Getting the exported entry lines back out of what a destination stored, for
// `aura audit verify-export`: a JSONL export, a syslog collector's file (one RFC 5424 message
// per line, e.g. rsyslog's RSYSLOG_SyslogProtocol23Format), or an OTLP/JSON file (one
// ExportLogsServiceRequest per line, e.g. the OpenTelemetry Collector's file exporter).
import { AuraError } from '../errors';

export type ExportSource = 'jsonl' | 'syslog' | 'otlp-json' | 'json';

export async function* exportedLines(file: string, from: ExportSource): AsyncGenerator<{ where: string; line: string }> {
  if (from === 'json') return yield* jsonArrayLines(file);
  const { readLines } = require('../log/read') as typeof import('../log/read');
  const { sdParams } = require('./syslog') as typeof import('./syslog');
  for await (const raw of readLines(file)) {
    const where = `${file}:${raw.lineNo}`;
    const text = raw.bytes.toString('utf8');
    if (from === 'jsonl') {
      yield { where, line: text };
    } else if (from === 'syslog') {
      const p = sdParams(text);
      if (p && p.entry !== undefined) yield { where, line: p.entry };
    } else {
      let req: any;
      try {
        req = JSON.parse(text);
      } catch (e) {
        throw new AuraError(`${where}: not an OTLP/JSON request: ${(e as Error).message}`);
      }
      for (const rl of req?.resourceLogs ?? []) {
        for (const sl of rl?.scopeLogs ?? []) {
          for (const lr of sl?.logRecords ?? []) {
            const kv = (lr?.attributes ?? []).find((a: any) => a?.key === 'aura.entry');
            if (kv) yield { where, line: String(kv.value?.stringValue) };
          }
        }
      }
    }
  }
}

/** A JSON array of entries (`aura agent-log export --format json`): each element in canonical form. */
async function* jsonArrayLines(file: string): AsyncGenerator<{ where: string; line: string }> {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { canonicalize } = require('../json/canonical') as typeof import('../json/canonical');
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AuraError(`${file}: not a JSON array of entries: ${(e as Error).message}`);
  }
  if (!Array.isArray(list)) throw new AuraError(`${file}: not a JSON array of entries`);
  for (const [i, v] of list.entries()) yield { where: `${file}[${i}]`, line: canonicalize(v) };
}
