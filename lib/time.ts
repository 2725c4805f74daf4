// RFC 3339 UTC timestamps with milliseconds, and the relative forms the CLI accepts.
export const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const nowTs = (ms = Date.now()): string => new Date(ms).toISOString();

/** Milliseconds since the epoch, or NaN when `s` is not exactly the log's timestamp form. */
export function parseTs(s: unknown): number {
  if (typeof s !== 'string' || !TS_RE.test(s)) return NaN;
  const ms = Date.parse(s);
  // Date.parse gives NaN for 2026-13-45…; a rolled-over day (02-30) differs when re-encoded.
  return !Number.isNaN(ms) && new Date(ms).toISOString() === s ? ms : NaN;
}

/** "30d", "12h", "90m", "2w", a date "2026-01-21" or a full timestamp → epoch ms. */
export function parseSince(s: string, now = Date.now()): number {
  const rel = parseDuration(s);
  if (!Number.isNaN(rel)) return now - rel;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const ms = Date.parse(s + 'T00:00:00.000Z');
    if (!Number.isNaN(ms)) return ms;
  }
  const ms = Date.parse(s);
  if (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(ms)) return ms;
  return NaN;
}

/** "7d" style durations → ms (used for expiries). */
export function parseDuration(s: string): number {
  const m = /^(\d+)([mhdw])$/.exec(s);
  if (!m) return NaN;
  return Number(m[1]) * { m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2] as 'm' | 'h' | 'd' | 'w'];
}

/** An expiry given as a duration from now ("4h", "30d") or a future date or timestamp → the log's timestamp form; null when neither. */
export function parseExpiry(s: string, now = Date.now()): string | null {
  const rel = parseDuration(s);
  if (!Number.isNaN(rel)) return rel > 0 ? nowTs(now + rel) : null;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(s + 'T00:00:00.000Z') : /^\d{4}-\d{2}-\d{2}T/.test(s) ? Date.parse(s) : NaN;
  return Number.isFinite(at) && at > now ? nowTs(at) : null;
}
