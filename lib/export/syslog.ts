// RFC 5424 syslog messages, and their transport: one UDP datagram per message (RFC 5426),
// or octet-counting framing over TCP (RFC 6587 3.4.1: "LEN SP MSG"), which unlike
// newline framing survives an intent that contains a newline.
import { hostname } from 'node:os';
import { ExportRecord, recordFields, summary } from './record';

/** Private enterprise number 32473 is the one RFC 5612 reserves for documentation and examples. */
export const SD_ID = 'aura@32473';
/** Facility 13 ("log audit"), severity 6 (informational): PRI = 13 * 8 + 6. */
const PRI = 110;

/** RFC 5424 6.3.3: inside PARAM-VALUE, '"', '\' and ']' must be escaped with '\'. */
export const sdEscape = (v: string): string => v.replace(/[\\"\]]/g, (c) => '\\' + c);

/** A header field: printable US-ASCII without spaces, bounded length, "-" when empty. */
function headerField(v: string, max: number): string {
  const clean = v.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

export interface SyslogOptions {
  hostname?: string;
  appName?: string;
  procId?: string;
}

/** One RFC 5424 message: the intent summary in MSG, the entry (whole) in structured data. */
export function formatSyslog(rec: ExportRecord, opts: SyslogOptions = {}): Buffer {
  const params = recordFields(rec)
    .map(([k, v]) => `${k}="${sdEscape(Array.isArray(v) ? v.join(' ') : v)}"`)
    .join(' ');
  const header = [
    `<${PRI}>1`,
    rec.entry.ts,
    headerField(opts.hostname ?? hostname(), 255),
    headerField(opts.appName ?? 'aura', 48),
    headerField(opts.procId ?? String(process.pid), 128),
    headerField(rec.entry.capability, 32),
  ].join(' ');
  // MSG is UTF-8 and so starts with the BOM (RFC 5424 6.4).
  return Buffer.concat([Buffer.from(`${header} [${SD_ID} ${params}] `, 'utf8'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(summary(rec.entry), 'utf8')]);
}

/** RFC 6587 octet counting: the message length in bytes, a space, the message. */
export const octetFrame = (msg: Buffer): Buffer => Buffer.concat([Buffer.from(`${msg.length} `, 'ascii'), msg]);

/** The largest UDP payload over IPv4 (65535 - 8 UDP header - 20 IP header). */
export const UDP_MAX = 65507;

export interface SyslogTarget {
  host: string;
  port: number;
  protocol: 'udp' | 'tcp';
}

export function parseHostPort(s: string): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(s);
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1] ?? m[2], port };
}

/**
 * Sends the messages in order, one connection for the batch. Resolves once TCP has delivered
 * every byte and the collector closed its side, or once every UDP datagram was handed to the
 * kernel (UDP cannot confirm delivery: use TCP where losing a message matters).
 */
export function sendSyslog(messages: Buffer[], target: SyslogTarget, timeoutMs: number): Promise<void> {
  return target.protocol === 'tcp' ? sendTcp(messages, target, timeoutMs) : sendUdp(messages, target, timeoutMs);
}

function sendTcp(messages: Buffer[], target: SyslogTarget, timeoutMs: number): Promise<void> {
  const net = require('node:net') as typeof import('node:net');
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve();
    };
    const sock = net.connect({ host: target.host, port: target.port });
    const timer = setTimeout(() => finish(new Error(`syslog tcp ${target.host}:${target.port}: no answer within ${timeoutMs} ms`)), timeoutMs);
    sock.on('error', (e) => finish(new Error(`syslog tcp ${target.host}:${target.port}: ${e.message}`)));
    sock.on('connect', () => {
      sock.end(Buffer.concat(messages.map(octetFrame)));
    });
    // The collector closes its side after reading our FIN: by then it has read every byte.
    sock.on('end', () => finish());
    sock.resume();
  });
}

async function sendUdp(messages: Buffer[], target: SyslogTarget, timeoutMs: number): Promise<void> {
  const big = messages.findIndex((m) => m.length > UDP_MAX);
  if (big >= 0) throw new Error(`syslog message ${big + 1} is ${messages[big].length} bytes, over the UDP limit of ${UDP_MAX}: use --protocol tcp`);
  const dgram = require('node:dgram') as typeof import('node:dgram');
  const net = require('node:net') as typeof import('node:net');
  const sock = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4');
  const deadline = Date.now() + timeoutMs;
  try {
    await new Promise<void>((resolve, reject) => {
      sock.once('error', reject);
      // A connected socket reports an ICMP "port unreachable" as ECONNREFUSED on a later send.
      sock.connect(target.port, target.host, () => resolve());
    });
    for (const m of messages) {
      if (Date.now() > deadline) throw new Error(`syslog udp ${target.host}:${target.port}: not sent within ${timeoutMs} ms`);
      await new Promise<void>((resolve, reject) => sock.send(m, (err) => (err ? reject(err) : resolve())));
    }
  } catch (e) {
    throw new Error(`syslog udp ${target.host}:${target.port}: ${(e as Error).message}`);
  } finally {
    sock.close();
  }
}

/**
 * The params of the SD-ELEMENT `sdId` in one received message (as a collector writes it to a
 * file, RFC 5424 form), unescaped; null when the message has no such element.
 */
export function sdParams(msg: string, sdId = SD_ID): Record<string, string> | null {
  const start = msg.indexOf('[' + sdId + ' ');
  if (start < 0) return null;
  const params: Record<string, string> = {};
  let i = start + sdId.length + 1;
  while (msg[i] === ' ') {
    const eq = msg.indexOf('="', i);
    if (eq < 0) return null;
    const name = msg.slice(i + 1, eq);
    let v = '';
    for (i = eq + 2; ; ) {
      const c = msg[i];
      if (c === undefined) return null;
      if (c === '\\' && '"\\]'.includes(msg[i + 1])) {
        v += msg[i + 1];
        i += 2;
      } else if (c === '"') {
        i++;
        break;
      } else {
        v += c;
        i++;
      }
    }
    params[name] = v;
  }
  return msg[i] === ']' ? params : null;
}
