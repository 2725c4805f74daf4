// RFC 3161 timestamps of checkpoints: a time-stamping authority (TSA) signs the SHA-256 of a
// checkpoint's text (what its signatures cover; cosignatures added later do not change it),
// proving the log held everything the checkpoint commits to by that time. The token is kept
// beside the checkpoint (<file>.tsr, the TSA's whole TimeStampResp, DER).
//
// Requests and verification go through the `openssl ts` command rather than a JavaScript
// CMS library: measured here, one `openssl ts -verify` process takes 63–98 ms, while loading
// pkijs adds 0.4–0.6 s to a Node start and its first verification another 0.5–0.9 s; and
// OpenSSL's verifier also checks what pkijs leaves to the caller (the TSA certificate's
// critical timeStamping extended key usage, the ESS signing-certificate binding).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuraError } from '../errors';

export const tokenPathOf = (checkpointFile: string): string => checkpointFile + '.tsr';
export const imprintOf = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function openssl(args: string[], input?: Buffer): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('openssl', args, { input, maxBuffer: 1 << 24 });
  if (r.error) {
    throw new AuraError(`cannot run openssl (${r.error.message}): RFC 3161 timestamps are requested and verified with it`, 'install OpenSSL (Debian: apt-get install openssl) and make sure it is on PATH');
  }
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'aura-ts-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A TimeStampReq (DER) for the SHA-256 `imprint`, with a nonce, asking for the TSA's certificate. */
export function timestampQuery(imprint: string): Buffer {
  const r = openssl(['ts', '-query', '-digest', imprint, '-sha256', '-cert']);
  if (r.status !== 0) throw new AuraError(`openssl could not build the timestamp request: ${r.stderr}`);
  return r.stdout;
}

/** POSTs the request to the TSA; resolves with its reply (DER). Waits at most `timeoutMs`. */
export function postQuery(url: string, query: Buffer, timeoutMs: number): Promise<Buffer> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AuraError(`the TSA URL must be http:// or https://, not ${url}`);
  const mod = (u.protocol === 'https:' ? require('node:https') : require('node:http')) as typeof import('node:http');
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query', 'Content-Length': query.length }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new AuraError(`the TSA at ${url} answered HTTP ${res.statusCode}`));
        else resolve(Buffer.concat(chunks));
      });
    });
    req.on('timeout', () => req.destroy(new AuraError(`the TSA at ${url} did not answer within ${timeoutMs} ms`, 'try again, or raise [audit.timestamp] timeout_ms')));
    req.on('error', (e) => reject(e instanceof AuraError ? e : new AuraError(`cannot reach the TSA at ${url}: ${e.message}`)));
    req.end(query);
  });
}

export interface TokenCheck {
  ok: boolean;
  problem?: string;
  /** the TSA's time, and its stated accuracy (0 when it states none) */
  genTime?: string;
  accuracyMs?: number;
  tsa?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 29 18:46:02 2026 GMT" or "Nov 29 18:46:02.123 2026 GMT" (OpenSSL's GeneralizedTime print) → RFC 3339. */
function parseOpensslTime(s: string): string | null {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(\.\d+)? (\d{4}) GMT$/.exec(s.trim());
  if (!m || !MONTHS.includes(m[1])) return null;
  const ms = m[6] ? Math.round(Number(m[6]) * 1000) : 0;
  return new Date(Date.UTC(Number(m[7]), MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), ms)).toISOString();
}

/** Accuracy line: "0x01 seconds, 0x1F4 millis, unspecified micros" → ms; "unspecified" → 0. */
function parseAccuracy(s: string): number {
  const part = (unit: string) => {
    const m = new RegExp(`(0x[0-9A-Fa-f]+|\\d+) ${unit}`).exec(s);
    return m ? Number(m[1]) : 0;
  };
  return part('seconds') * 1000 + part('millis') + Math.ceil(part('micros') / 1000);
}

/** What the TSA's reply says, as printed by `openssl ts -reply -text` (status, time, accuracy, name). */
export function readReply(reply: Buffer): { granted: boolean; genTime: string | null; accuracyMs: number; tsa: string | null; status: string } {
  return inTempDir((dir) => {
    const f = join(dir, 'reply.tsr');
    writeFileSync(f, reply);
    const r = openssl(['ts', '-reply', '-in', f, '-text']);
    const text = r.stdout.toString('utf8');
    const line = (k: string) => new RegExp(`^${k}: *(.*)$`, 'm').exec(text)?.[1] ?? null;
    const status = line('Status') ?? (r.stderr || 'unreadable reply');
    return {
      granted: r.status === 0 && /^Granted/.test(status),
      genTime: line('Time stamp') ? parseOpensslTime(line('Time stamp')!) : null,
      accuracyMs: parseAccuracy(line('Accuracy') ?? ''),
      tsa: line('TSA'),
      status,
    };
  });
}

/**
 * Verifies a stored reply for the checkpoint text `text` against the trusted TSA certificates
 * (PEM files: the TSA's root or its own certificate): signature, chain, the timeStamping key
 * usage, and that it timestamps exactly this text.
 */
export function verifyToken(reply: Buffer, text: string, caFiles: string[]): TokenCheck {
  if (caFiles.length === 0) return { ok: false, problem: 'no TSA certificate is configured ([audit.timestamp] tsa_certs): the token cannot be checked' };
  return inTempDir((dir) => {
    const f = join(dir, 'reply.tsr');
    const bundle = join(dir, 'tsa-ca.pem');
    writeFileSync(f, reply);
    writeFileSync(bundle, caFiles.map((c) => readFileSync(c, 'utf8')).join('\n'));
    const v = openssl(['ts', '-verify', '-digest', imprintOf(text), '-in', f, '-CAfile', bundle]);
    if (v.status !== 0 || !/Verification: OK/.test(v.stdout.toString('utf8'))) {
      return { ok: false, problem: `the timestamp does not verify: ${v.stderr.split('\n').filter((l) => /error|Verification/i.test(l)).slice(0, 2).join('; ') || 'openssl ts -verify failed'}` };
    }
    const rep = readReply(reply);
    if (!rep.genTime) return { ok: false, problem: 'the timestamp verifies but its time cannot be read' };
    return { ok: true, genTime: rep.genTime, accuracyMs: rep.accuracyMs, tsa: rep.tsa ?? undefined };
  });
}
