// Continuous export ([audit.export] enabled = true): after each append, send every entry the
// destination has not acknowledged yet. The log itself is the spool: a durable cursor (the
// number of log lines acknowledged, the byte offset after them, the hash of the last one)
// says where the unsent part starts, so nothing is copied and nothing is lost when a send
// fails or the process dies; the next hook run or `aura audit flush` resumes from the cursor.
//
// Exactly-once: before a batch is written to a JSONL file, `inflight-….json` records the file's
// size. A crash after writing but before the cursor moved is found on the next run: the file
// is truncated back to that size and the batch written again, so it holds every entry once. A network collector may receive that batch twice (it cannot be
// taken back); every record carries the entry hash as a stable key to de-duplicate on.
//
// State lives under the Git common dir (<common>/aura/export/), never in the working tree.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { blake3, hashRef } from '../crypto/blake3';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { parseStrictJson } from '../json/strict-parse';
import type { Repo } from '../repo';
import { replaceJson } from '../fs/atomic-file';
import { ExportRecord, toRecord } from './record';
import { BATCH, deliver, describeTarget, ExportTarget, parseTarget } from './target';

export interface Cursor {
  v: 1;
  target: string; // describeTarget() of the destination this cursor belongs to
  lines: number; // log lines acknowledged by the destination
  offset: number; // byte offset just after them
  last_hash: string | null; // hash of the entry on line `lines`
}

interface Inflight {
  v: 1;
  target: string;
  upto: { lines: number; offset: number; last_hash: string };
  file_size?: number; // a JSONL destination's size before the batch
}

export interface ExportResult {
  enabled: boolean;
  sent: number;
  /** entries still waiting after this run (at least this many; more may follow past the read limit) */
  pending: number;
  error?: string;
  target?: string;
}

/** Entries one hook run sends at most; a larger backlog is left for later runs or `aura audit flush`. */
export const MAX_PER_HOOK = 1000;

export const exportStateDir = (repo: Repo): string => join(repo.commonDir, 'aura', 'export');

/** The destination configured in [audit.export] (a relative JSONL path is relative to the repository root). */
export function configuredTarget(repo: Repo): ExportTarget {
  const c = repo.config['audit.export'];
  const where = `${repo.configPath} [audit.export]`;
  if (c.endpoint === '') throw new AuraError(`${where}: enabled = true but no endpoint`, 'set endpoint = a file path (jsonl), "host:port" (syslog) or a URL (otlp)');
  const endpoint = c.format === 'jsonl' && !isAbsolute(c.endpoint) ? join(repo.root, c.endpoint) : c.endpoint;
  return parseTarget({ format: c.format, endpoint, protocol: c.protocol, encoding: c.encoding }, where);
}

/** The configured destination and its state files (cursor, inflight record, lock), keyed by the destination. */
function exportState(repo: Repo): { target: ExportTarget; name: string; dir: string; cursor: string; inflight: string; lock: string } {
  const target = configuredTarget(repo);
  const name = describeTarget(target);
  const dir = exportStateDir(repo);
  const key = hashRef(blake3(name)).slice(7, 23);
  return { target, name, dir, cursor: join(dir, `cursor-${key}.json`), inflight: join(dir, `inflight-${key}.json`), lock: join(dir, `cursor-${key}`) };
}

/** The cursor file of the configured destination. */
export const cursorPathFor = (repo: Repo): string => exportState(repo).cursor;

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AuraError(`cannot read the export state ${path}: ${(e as Error).message}`, 'it is written atomically, so this is outside damage: restore it, or delete it to export everything again');
  }
}

/** The hash of the entry on the line that ends just before `offset`. */
function hashOfLineBefore(logPath: string, offset: number): string | null {
  const { lineStartBefore, pread } = require('../log/tail') as typeof import('../log/tail');
  const fd = openSync(logPath, 'r');
  try {
    if (offset > statSync(logPath).size) return null;
    const start = lineStartBefore(fd, offset - 1);
    const line = pread(fd, start, offset - 1 - start);
    return (parseStrictJson(line.toString('utf8')) as Entry).hash ?? null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the cursor's position is in the log as it is now. Normally where it was recorded; after
 * redaction rewrote lines (which keeps every entry and its order but changes line lengths), the
 * offset is found again by counting lines. A log that no longer holds the acknowledged entry at
 * that line was reordered or truncated: that is refused, never guessed around.
 */
export async function locateCursor(logPath: string, c: Cursor): Promise<Cursor> {
  if (c.lines === 0) return { ...c, offset: 0 };
  if (hashOfLineBefore(logPath, c.offset) === c.last_hash) return c;
  const { readLines } = require('../log/read') as typeof import('../log/read');
  for await (const l of readLines(logPath)) {
    if (l.lineNo < c.lines) continue;
    let hash: unknown;
    try {
      hash = (parseStrictJson(l.bytes.toString('utf8')) as Entry).hash;
    } catch {
      hash = undefined;
    }
    if (hash === c.last_hash && l.terminated) return { ...c, offset: l.offset + l.bytes.length + 1 };
    break;
  }
  throw new AuraError(
    `the intent log ${logPath} no longer holds the last exported entry (${c.last_hash}) at line ${c.lines}: it was truncated or reordered`,
    'run: aura audit verify; the export state is under .git/aura/export/ — delete it only to export the whole log again',
  );
}

async function pendingRecords(logPath: string, from: Cursor, max: number): Promise<{ rec: ExportRecord; end: number; line: number }[]> {
  const { readLines } = require('../log/read') as typeof import('../log/read');
  const out: { rec: ExportRecord; end: number; line: number }[] = [];
  if (!existsSync(logPath)) return out;
  for await (const l of readLines(logPath, { fromOffset: from.offset, firstLineNo: from.lines + 1 })) {
    if (!l.terminated || out.length >= max) break; // a torn tail is not an entry (yet)
    let entry: Entry;
    try {
      entry = parseStrictJson(l.bytes.toString('utf8')) as Entry;
    } catch (e) {
      throw new AuraError(`${logPath}:${l.lineNo}: cannot export an unreadable line: ${(e as Error).message}`, 'run: aura audit verify');
    }
    out.push({ rec: toRecord(entry), end: l.offset + l.bytes.length + 1, line: l.lineNo });
  }
  return out;
}

export interface ExportPendingOptions {
  timeoutMs: number; // the whole run's bound on the network
  maxEntries: number;
}

/** Sends what the destination has not acknowledged, in batches, until done, a failure or the deadline. */
export async function exportPending(repo: Repo, opts: ExportPendingOptions): Promise<ExportResult> {
  if (!repo.config['audit.export'].enabled) return { enabled: false, sent: 0, pending: 0 };
  const { target, name, dir, cursor: cursorPath, inflight: inflightPath, lock } = exportState(repo);
  mkdirSync(dir, { recursive: true });
  const { withLock } = require('../log/lock') as typeof import('../log/lock');
  const deadline = Date.now() + opts.timeoutMs;
  return withLock(
    lock,
    async () => {
      let cursor = readJson<Cursor>(cursorPath) ?? { v: 1, target: name, lines: 0, offset: 0, last_hash: null };
      cursor = await locateCursor(repo.logPath, cursor);
      const inflight = readJson<Inflight>(inflightPath);
      if (inflight && inflight.upto.lines > cursor.lines && target.format === 'jsonl' && target.file && inflight.file_size !== undefined) {
        // The last run died between writing and recording: take its partial write back.
        if (existsSync(target.file) && statSync(target.file).size > inflight.file_size) truncateSync(target.file, inflight.file_size);
      }
      const todo = await pendingRecords(repo.logPath, cursor, opts.maxEntries);
      let sent = 0;
      for (let i = 0; i < todo.length; i += BATCH) {
        const left = deadline - Date.now();
        if (left <= 0) return { enabled: true, sent, pending: todo.length - sent, target: name, error: `stopped after ${opts.timeoutMs} ms` };
        const batch = todo.slice(i, i + BATCH);
        const last = batch[batch.length - 1];
        const upto = { lines: last.line, offset: last.end, last_hash: last.rec.entry.hash };
        // Only a file can be repaired after a crash (truncated back), so only a file needs the
        // record; a network batch not recorded in the cursor is simply sent again.
        if (target.format === 'jsonl' && target.file) {
          const file_size = existsSync(target.file) ? statSync(target.file).size : 0;
          replaceJson(inflightPath, { v: 1, target: name, upto, file_size } satisfies Inflight);
        }
        try {
          await deliver(target, batch.map((b) => b.rec), left);
        } catch (e) {
          return { enabled: true, sent, pending: todo.length - sent, target: name, error: (e as Error).message };
        }
        cursor = { v: 1, target: name, ...upto };
        replaceJson(cursorPath, cursor);
        sent += batch.length;
      }
      if (existsSync(inflightPath)) unlinkSync(inflightPath);
      return { enabled: true, sent, pending: 0, target: name };
    },
    // Waiting for another exporter counts against the same bound as the network.
    { timeoutMs: opts.timeoutMs },
  );
}

/**
 * Called after every append: exports whatever the log holds past the export cursor (the new
 * entries and any backlog) within [audit.export] timeout_ms. With on_failure = "buffer" a
 * failure leaves them queued and only warns; with "fail_commit" it throws.
 */
export async function exportAfterAppend(repo: Repo): Promise<ExportResult> {
  const c = repo.config['audit.export'];
  if (!c.enabled) return { enabled: false, sent: 0, pending: 0 };
  let r: ExportResult;
  try {
    r = await exportPending(repo, { timeoutMs: c.timeout_ms, maxEntries: MAX_PER_HOOK });
  } catch (e) {
    // A damaged export state or a busy lock must not lose the commit when buffering.
    if (c.on_failure === 'fail_commit') throw e;
    r = { enabled: true, sent: 0, pending: 1, error: (e as Error).message, target: c.format };
  }
  if (r.error) {
    if (c.on_failure === 'fail_commit') {
      throw new AuraError(`export to ${r.target} failed: ${r.error}`, 'the collector must be reachable ([audit.export] on_failure = "fail_commit"); fix it and run: aura audit flush', 1);
    }
    process.stderr.write(`aura: export to ${r.target} failed: ${r.error}; ${r.pending} entr${r.pending === 1 ? 'y' : 'ies'} queued, sent on the next commit or by: aura audit flush\n`);
  }
  return r;
}

/**
 * For on_failure = "fail_commit", called before the commit's entry is appended: sends the
 * backlog and throws when the destination cannot take it, so the commit is refused before
 * anything about it is recorded. A no-op for "buffer" or when export is off.
 */
export async function preflightExport(repo: Repo): Promise<void> {
  const c = repo.config['audit.export'];
  if (!c.enabled || c.on_failure !== 'fail_commit') return;
  const r = await exportPending(repo, { timeoutMs: c.timeout_ms, maxEntries: MAX_PER_HOOK });
  if (r.error || r.pending > 0) {
    throw new AuraError(`commit refused: the export destination ${r.target} is not reachable: ${r.error ?? 'backlog not sent in time'}`, 'fix the collector and run: aura audit flush (or set [audit.export] on_failure = "buffer")', 1);
  }
  if (r.sent === 0) await probe(configuredTarget(repo), c.timeout_ms);
}

/** Whether the destination answers at all, without sending an entry. */
async function probe(t: ExportTarget, timeoutMs: number): Promise<void> {
  try {
    if (t.format === 'otlp') {
      // An empty ExportLogsServiceRequest is valid OTLP and changes nothing at the collector.
      const { postOtlp } = require('./otlp') as typeof import('./otlp');
      await postOtlp(t.endpoint, t.encoding === 'json' ? Buffer.from('{}') : Buffer.alloc(0), t.encoding, timeoutMs);
    } else if (t.format === 'syslog' && t.protocol === 'tcp') {
      const { sendSyslog } = require('./syslog') as typeof import('./syslog');
      await sendSyslog([], t, timeoutMs);
    }
    // UDP gives no answer to probe, and a JSONL file is checked when it is written.
  } catch (e) {
    throw new AuraError(`commit refused: the export destination ${describeTarget(t)} is not reachable: ${(e as Error).message}`, 'fix the collector and retry (or set [audit.export] on_failure = "buffer")', 1);
  }
}
