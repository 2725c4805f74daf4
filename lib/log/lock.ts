// The log's writer lock: `<log>.lock`, created exclusively (a hard link that fails if the name
// exists, or O_CREAT|O_EXCL), so exactly one process appends at a time. It holds who took it (pid, host, the process's start time, a random
// token) so a waiter can tell a live holder from one that crashed, and say whom it waited on.
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AuraError } from '../errors';

export interface LockOptions {
  /** how long a waiter waits for a live holder before giving up (default 10 s) */
  timeoutMs?: number;
  /** a lock older than this is stale whatever its pid says (default 10 min; appends take ms) */
  staleMs?: number;
}

export interface LogLock {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  started: string;
  proc_start: string | null;
  token: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STALE_MS = 10 * 60_000;
// Where hard links are unavailable a lock file is empty for the instant between its creation
// and the write of its content; one still empty after this long belongs to a process that died then.
const EMPTY_GRACE_MS = 5_000;

export const lockPathFor = (logPath: string): string => logPath + '.lock';

/**
 * The start time of a process in clock ticks since boot (/proc/<pid>/stat field 22), or null
 * where /proc is not available. Comparing it with the one recorded in the lock tells a
 * reused pid from the process that took the lock.
 */
function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): { path: string; holder: Holder | null; ino: number; mtimeMs: number; raw: string } | null {
  let raw: string;
  let st;
  try {
    st = statSync(path);
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let holder: Holder | null = null;
  try {
    const h = JSON.parse(raw);
    if (h && typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string') holder = h;
  } catch {
    holder = null;
  }
  return { path, holder, ino: st.ino, mtimeMs: st.mtimeMs, raw };
}

// Locks this process holds, released on exit and on the signals that end it.
const held = new Map<string, string>(); // lock path → our token

/** Why the lock at `path` is stale, or null while its holder may still be working. */
function staleReason(h: NonNullable<ReturnType<typeof readHolder>>, staleMs: number, now = Date.now()): string | null {
  const age = now - h.mtimeMs;
  if (!h.holder) return age > EMPTY_GRACE_MS ? `unreadable lock file ${Math.round(age / 1000)} s old` : null;
  if (age > staleMs) return `held for ${Math.round(age / 1000)} s`;
  if (h.holder.host !== hostname()) return null; // another machine's pid means nothing here
  // Our own pid on a lock we do not hold: left by an earlier process that had the same pid
  // (common in containers, where every run gets the same few pids).
  if (h.holder.pid === process.pid && held.get(h.path) !== h.holder.token) return `left by an earlier process with our pid ${h.holder.pid}`;
  if (!pidAlive(h.holder.pid)) return `process ${h.holder.pid} is gone`;
  const start = procStart(h.holder.pid);
  if (h.holder.proc_start && start && start !== h.holder.proc_start) return `pid ${h.holder.pid} now belongs to another process`;
  return null;
}

const describe = (h: Holder | null, path: string): string =>
  h ? `process ${h.pid} on ${h.host} (since ${h.started})` : `an unreadable lock file ${path}`;

let handlersInstalled = false;

function releasePath(path: string, token: string): void {
  held.delete(path);
  try {
    // Only our own lock: if it was broken as stale and someone else holds it now, leave theirs.
    const h = readHolder(path);
    if (h?.holder?.token === token) unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function releaseAll(): void {
  for (const [path, token] of [...held]) releasePath(path, token);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', releaseAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      releaseAll();
      process.removeListener(sig, onSignal);
      // Re-raise so the process still ends the way the signal asks (exit status 128+n).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/**
 * Creates the lock with its content in one step: the content goes to a private temp file
 * which is then hard-linked to the lock name (link fails if the name exists, like O_EXCL).
 * A holder killed at any instant thus never leaves an empty lock file that nobody can judge.
 */
function tryCreate(path: string, holder: Holder): boolean {
  const tmp = `${path}.${holder.pid}.${holder.token}.tmp`; // *.tmp and *.lock: ignored by .aura/.gitignore
  writeFileSync(tmp, JSON.stringify(holder) + '\n', { flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return tryCreateExclusive(path, holder);
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** For filesystems without hard links: O_EXCL, then the content (empty for an instant). */
function tryCreateExclusive(path: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(holder) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes the stale lock we examined — and only that one. Two waiters may both judge the same
 * lock stale; if one removed it and took a fresh lock, the other must not remove the fresh one.
 * Breaking is therefore serialized by `<lock>-break.lock` (O_EXCL, held for a few syscalls), and
 * under it the lock is re-read and removed only if it is still the same file with the same bytes.
 */
function breakStale(path: string, seen: { ino: number; raw: string }, why: string): boolean {
  const guard = path + '-break.lock';
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A guard is held for microseconds; an old one was left by a breaker that died.
    try {
      if (Date.now() - statSync(guard).mtimeMs > EMPTY_GRACE_MS) unlinkSync(guard);
    } catch {
      /* gone meanwhile */
    }
    return false;
  }
  try {
    const now = readHolder(path);
    if (!now) return true; // removed by its holder meanwhile: free anyway
    if (now.ino !== seen.ino || now.raw !== seen.raw) return false;
    unlinkSync(path);
    removeDeadTemps(path);
    // Rare, and worth a trace: a writer died holding the lock (its entry, if any, is either whole or torn).
    process.stderr.write(`aura: removed the stale lock ${path} (${why})\n`);
    return true;
  } finally {
    closeSync(fd);
    unlinkSync(guard);
  }
}

/** Temp files of tryCreate left by writers killed between writing and linking them. */
function removeDeadTemps(path: string): void {
  const dir = dirname(path);
  const prefix = basename(path) + '.';
  for (const name of readdirSync(dir)) {
    const m = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]{24}\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && !pidAlive(Number(m[1]))) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        /* removed by another waiter */
      }
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Callers in one process queue here first: the lock file tells processes apart, not the
// concurrent async calls of one process.
const localQueue = new Map<string, Promise<void>>();

/** Takes the writer lock of `logPath`, waiting (with backoff) for a live holder. */
export async function acquireLock(logPath: string, opts: LockOptions = {}): Promise<LogLock> {
  const path = lockPathFor(logPath);
  const before = localQueue.get(path) ?? Promise.resolve();
  let leaveQueue!: () => void;
  const turn = new Promise<void>((r) => (leaveQueue = r));
  const tail = before.then(() => turn);
  localQueue.set(path, tail);
  const leave = () => {
    leaveQueue();
    if (localQueue.get(path) === tail) localQueue.delete(path);
  };
  await before;
  try {
    const token = await acquireFile(path, opts);
    return {
      path,
      release: () => {
        releasePath(path, token);
        leave();
      },
    };
  } catch (e) {
    leave();
    throw e;
  }
}

async function acquireFile(path: string, opts: LockOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    proc_start: procStart(process.pid),
    token: randomBytes(12).toString('hex'),
  };
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    if (tryCreate(path, me)) break;
    const h = readHolder(path);
    if (!h) continue; // released between our attempt and our look: try again at once
    const why = staleReason(h, staleMs);
    if (why && breakStale(path, h, why)) continue;
    if (Date.now() >= deadline) {
      throw new AuraError(
        `${path} is held by ${describe(h.holder, path)}; waited ${Math.round(timeoutMs / 1000)} s for it`,
        `if that process is not an aura command or git hook that is still running, remove ${path} and retry`,
      );
    }
    // Jittered exponential backoff: many waiters do not retry in lockstep.
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 50);
  }
  held.set(path, me.token);
  installHandlers();
  return me.token;
}

/** Runs `fn` holding the writer lock of `logPath`; releases it however `fn` ends. */
export async function withLock<T>(logPath: string, fn: () => T | Promise<T>, opts?: LockOptions): Promise<T> {
  const lock = await acquireLock(logPath, opts);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
