// Where an export goes, parsed once from flags or [audit.export], and delivering a batch
// of records there. Every format carries each record's canonical line (see ./record.ts).
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { AuraError } from '../errors';
import { writeAll } from '../fs/atomic-file';
import type { ExportDigest } from '../entry/manifest';
import { ExportRecord, jsonlBytes } from './record';

export type ExportFormat = 'jsonl' | 'syslog' | 'otlp';

export type ExportTarget =
  | { format: 'jsonl'; file: string | null /* null: stdout */ }
  | { format: 'syslog'; host: string; port: number; protocol: 'udp' | 'tcp' }
  | { format: 'otlp'; endpoint: string; encoding: 'protobuf' | 'json' };

/** Records per network request (OTLP) or TCP connection (syslog). */
export const BATCH = 256;

export interface TargetSpec {
  format: string;
  endpoint: string; // file (jsonl, "" or "-" for stdout), host:port (syslog), URL (otlp)
  protocol?: string;
  encoding?: string;
}

export function parseTarget(spec: TargetSpec, where: string): ExportTarget {
  switch (spec.format) {
    case 'jsonl':
      return { format: 'jsonl', file: spec.endpoint === '' || spec.endpoint === '-' ? null : spec.endpoint };
    case 'syslog': {
      const { parseHostPort } = require('./syslog') as typeof import('./syslog');
      const hp = parseHostPort(spec.endpoint);
      if (!hp) throw new AuraError(`${where}: syslog needs host:port, not ${JSON.stringify(spec.endpoint)}`, 'e.g. --host 127.0.0.1:514 (or endpoint = "127.0.0.1:514" in [audit.export])');
      const protocol = spec.protocol ?? 'udp';
      if (protocol !== 'udp' && protocol !== 'tcp') throw new AuraError(`${where}: protocol must be udp or tcp, not ${JSON.stringify(protocol)}`);
      return { format: 'syslog', ...hp, protocol };
    }
    case 'otlp': {
      let url: URL;
      try {
        url = new URL(spec.endpoint);
      } catch {
        throw new AuraError(`${where}: otlp needs an http(s) URL, not ${JSON.stringify(spec.endpoint)}`, 'e.g. --endpoint http://127.0.0.1:4318/v1/logs');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AuraError(`${where}: otlp needs an http(s) URL, not ${JSON.stringify(spec.endpoint)}`);
      // OTLP/HTTP's default path for logs; a bare collector address gets it appended.
      if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/logs';
      const encoding = spec.encoding ?? 'protobuf';
      if (encoding !== 'protobuf' && encoding !== 'json') throw new AuraError(`${where}: encoding must be protobuf or json, not ${JSON.stringify(encoding)}`);
      return { format: 'otlp', endpoint: url.toString(), encoding };
    }
  }
  throw new AuraError(`${where}: unknown format ${JSON.stringify(spec.format)}`, 'use jsonl, syslog or otlp');
}

export function describeTarget(t: ExportTarget): string {
  if (t.format === 'jsonl') return t.file ?? 'stdout';
  if (t.format === 'syslog') return `syslog+${t.protocol}://${t.host}:${t.port}`;
  return `${t.endpoint} (${t.encoding})`;
}

/** Appends records to a JSONL file and fsyncs it, so a later crash cannot lose what we report as sent. */
export function appendJsonl(file: string, records: ExportRecord[]): void {
  const fd = openSync(file, 'a', 0o644);
  try {
    writeAll(fd, jsonlBytes(records));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Delivers one batch (≤ BATCH records for network targets); rejects when any part was not accepted. */
export async function deliver(t: ExportTarget, records: ExportRecord[], timeoutMs: number): Promise<void> {
  if (records.length === 0) return;
  if (t.format === 'jsonl') {
    if (t.file) appendJsonl(t.file, records);
    else await writeStdout(jsonlBytes(records));
    return;
  }
  if (t.format === 'syslog') {
    const { formatSyslog, sendSyslog } = require('./syslog') as typeof import('./syslog');
    await sendSyslog(records.map((r) => formatSyslog(r)), t, timeoutMs);
    return;
  }
  const { encodeLogsJson, encodeLogsProtobuf, postOtlp } = require('./otlp') as typeof import('./otlp');
  const body = t.encoding === 'json' ? encodeLogsJson(records) : encodeLogsProtobuf(records);
  await postOtlp(t.endpoint, body, t.encoding, timeoutMs);
}

function writeStdout(b: Buffer): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(b, (err) => (err ? reject(err) : resolve())));
}

/** Streams records to the target in batches; on a failure says how far it got. */
export async function exportAll(records: AsyncIterable<ExportRecord>, target: ExportTarget, timeoutMs: number, digest: ExportDigest): Promise<void> {
  let batch: ExportRecord[] = [];
  const send = async () => {
    try {
      await deliver(target, batch, timeoutMs);
    } catch (e) {
      throw new AuraError(
        `export to ${describeTarget(target)} failed after ${digest.count} entries: ${(e as Error).message}`,
        'no manifest was written; check the collector and run the export again',
      );
    }
    for (const r of batch) digest.add(r.line, r.entry.hash);
    batch = [];
  };
  for await (const rec of records) {
    batch.push(rec);
    if (batch.length >= BATCH) await send();
  }
  await send();
}
