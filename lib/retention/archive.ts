// Archive segments: old entries moved out of the live log into compressed, signed files
// beside it (<log dir>/archive/segment-NNNNNN.jsonl.gz + .manifest.json).
//
// What is moved: the longest prefix of the log (in file order) whose entries are all older
// than the cutoff — a prefix of a parents-first file is closed under ancestors. Entries that
// the hooks need to read from the live log stay there (trust: genesis, key-add, key-revoke,
// policy, redact; and authorize-delete): the segment holds a placeholder line
// {"aura_kept":"<hash>"} at their place, and they move to the top of the log in order. Reading
// the segments in order and taking the next live line at each placeholder gives back the
// original file order exactly (readLinesWithArchives, lib/log/segments.ts), which is what `aura audit verify
// --include-archives` verifies.
//
// Each segment's manifest (lib/entry/manifest.ts, kind "archive") is signed by the archiving
// key and covers the segment's lines (count, first/last hash, BLAKE3); it names the previous
// segment's manifest hash, so a removed or reordered segment is detected.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { canonicalize } from '../json/canonical';
import { parseStrictJson } from '../json/strict-parse';
import { nowTs, parseTs } from '../time';
import { replaceLogKeepingTips } from './replace-log';
import { replaceFile, replaceJson } from '../fs/atomic-file';
import { lineHash, signManifest } from '../entry/manifest';
import { archiveDir, keptOf, LoadedSegment, loadedSegments, listSegments, manifestHash, Segment, segmentAt, segmentDigest } from '../log/segments';

/** Capabilities whose entries stay in the live log. */
export const KEEP_IN_LOG: ReadonlySet<string> = new Set(['genesis', 'key-add', 'key-revoke', 'policy', 'redact', 'authorize-delete']);

const gzipLines = (lines: string[]): Buffer => {
  const zlib = require('node:zlib') as typeof import('node:zlib');
  return zlib.gzipSync(Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8'), { level: 9 });
};

export interface ArchivePlan {
  skip: number; // live lines at the top already placed by earlier segments
  body: string[]; // the new segment's lines
  archived: number;
  kept: Buffer[]; // live lines (without "\n") that stay, in order, after the first `skip`
  headEnd: number; // byte offset in the log just after the first `skip` lines
  restFrom: number; // byte offset in the log where the untouched remainder starts
  prevManifest: string | null; // the manifest hash of the last existing segment
  firstTs: string | null;
  lastTs: string | null;
}

/** Decides the next segment: the old prefix of the log after the lines earlier segments kept. */
export async function planArchive(logPath: string, cutoffMs: number): Promise<ArchivePlan> {
  const { readLines } = require('../log/read') as typeof import('../log/read');
  let skip = 0;
  let prevManifest: string | null = null;
  for (const { manifest, hash } of loadedSegments(listSegments(logPath))) {
    prevManifest = hash;
    skip += Number(manifest.kept ?? 0);
  }
  const plan: ArchivePlan = { skip, body: [], archived: 0, kept: [], headEnd: 0, restFrom: 0, prevManifest, firstTs: null, lastTs: null };
  for await (const l of readLines(logPath)) {
    if (l.lineNo <= skip) {
      plan.restFrom = plan.headEnd = l.offset + l.bytes.length + 1;
      continue;
    }
    plan.restFrom = l.offset;
    if (!l.terminated) break;
    let e: Entry;
    try {
      e = parseStrictJson(l.bytes.toString('utf8')) as Entry;
    } catch {
      break; // an unreadable line ends the prefix: it stays in the log for the verifier to report
    }
    if (!(parseTs(e.ts) < cutoffMs)) break;
    if (KEEP_IN_LOG.has(e.capability)) {
      plan.body.push(JSON.stringify({ aura_kept: e.hash }));
      plan.kept.push(l.bytes);
    } else {
      plan.body.push(l.bytes.toString('utf8'));
      plan.archived++;
      plan.firstTs ??= e.ts;
      plan.lastTs = e.ts;
    }
    plan.restFrom = l.offset + l.bytes.length + 1;
  }
  return plan;
}


export interface ArchiveResult {
  segment: Segment | null;
  archived: number;
  kept: number;
}

/**
 * Moves the old prefix into a new segment, under the writer lock: segment and manifest first
 * (durably), then the live log is replaced without the archived lines. A crash in between
 * leaves entries in both places; the next run finds them and completes the move.
 */
export async function archiveOld(repo: import('../repo').Repo, cutoffMs: number, key: import('../export/signing').ManifestKey): Promise<ArchiveResult> {
  const { withLock } = require('../log/lock') as typeof import('../log/lock');
  const logPath = repo.logPath;
  return withLock(logPath, async () => {
    await completeInterruptedMove(logPath);
    const plan = await planArchive(logPath, cutoffMs);
    if (plan.archived === 0) return { segment: null, archived: 0, kept: 0 };
    const placed = plan.skip + plan.body.length; // live lines the new segment covers
    const cursors = exportCursorsBehind(repo, placed);
    const segs = listSegments(logPath);
    const n = segs.length === 0 ? 1 : segs[segs.length - 1].n + 1;
    const dir = archiveDir(logPath);
    mkdirSync(dir, { recursive: true });
    const seg = segmentAt(dir, n);
    replaceFile(seg.body, [gzipLines(plan.body)]);
    const manifest = signManifest(
      { kind: 'archive', format: 'jsonl', segment: n, prev_manifest: plan.prevManifest, archived: plan.archived, kept: plan.kept.length, before: nowTs(cutoffMs), first_ts: plan.firstTs, last_ts: plan.lastTs },
      segmentDigest(plan.body),
      key,
    );
    replaceFile(seg.manifest, [JSON.stringify(manifest, null, 2) + '\n']);
    // The live log: the lines earlier segments kept, this segment's kept lines, the untouched rest.
    const before = readFileSync(logPath);
    await replaceLogKeepingTips(logPath, [before.subarray(0, plan.headEnd), ...plan.kept.flatMap((k) => [k, Buffer.from('\n')]), before.subarray(plan.restFrom)]);
    for (const c of cursors) replaceJson(c.path, { ...c.cursor, lines: c.cursor.lines - plan.archived });
    // The hooks read trust from the log through the verifier; if that cannot follow the log
    // across the archive boundary, undo the move rather than leave hooks that refuse to run.
    try {
      const { loadTrust } = require('../trust/load') as typeof import('../trust/load');
      await loadTrust(logPath);
    } catch (e) {
      await replaceLogKeepingTips(logPath, [before]);
      for (const c of cursors) replaceJson(c.path, c.cursor);
      unlinkSync(seg.manifest);
      unlinkSync(seg.body);
      throw new AuraError(`archiving was undone, nothing changed: after it, trust could not be read from the log (${(e as Error).message})`, 'run: aura audit verify (it reads the archive segments with the log) to see what is inconsistent');
    }
    return { segment: seg, archived: plan.archived, kept: plan.kept.length };
  });
}

/**
 * Continuous-export cursors, adjusted after the move. The configured destination must already
 * have every line being archived (else its cursor could not move past them any more).
 */
function exportCursorsBehind(repo: import('../repo').Repo, placed: number): { path: string; cursor: { lines: number } }[] {
  const { exportStateDir, cursorPathFor } = require('../export/continuous') as typeof import('../export/continuous');
  const dir = exportStateDir(repo);
  const current = repo.config['audit.export'].enabled ? cursorPathFor(repo) : null;
  if (current && !existsSync(current)) throw new AuraError('entries to be archived were not yet exported by the continuous export', 'run: aura audit flush, then archive');
  if (!existsSync(dir)) return [];
  const out: { path: string; cursor: { lines: number } }[] = [];
  for (const f of readdirSync(dir)) {
    if (f.startsWith('inflight-')) throw new AuraError('a continuous export was interrupted and is not complete', 'run: aura audit flush, then archive');
    if (!/^cursor-[0-9a-f]+\.json$/.test(f)) continue;
    const path = join(dir, f);
    const cursor = JSON.parse(readFileSync(path, 'utf8'));
    if (cursor.lines >= placed) out.push({ path, cursor });
    else if (path === current) throw new AuraError(`entries to be archived were not yet exported to ${cursor.target}`, 'run: aura audit flush, then archive');
    // else: the cursor of a destination no longer configured; it stays as it was
  }
  return out;
}

/** A crash after writing a segment but before the log was rewritten: finish removing its entries. */
async function completeInterruptedMove(logPath: string): Promise<void> {
  let last: LoadedSegment | undefined;
  for (const s of loadedSegments(listSegments(logPath))) last = s;
  if (!last) return;
  const archived = new Set<string>();
  for (const l of last.lines) if (!keptOf(l)) archived.add(lineHash(l));
  const { readLines } = require('../log/read') as typeof import('../log/read');
  const keep: Buffer[] = [];
  let dropped = 0;
  for await (const l of readLines(logPath)) {
    const hash = lineHash(l.bytes.toString('utf8'));
    if (hash && archived.has(hash)) dropped++;
    else keep.push(l.bytes, Buffer.from(l.terminated ? '\n' : ''));
  }
  if (dropped === 0) return;
  // Only entries the signed segment holds are taken out; where the kept ones go is unchanged
  // (they were already at the top when the segment was planned).
  await replaceLogKeepingTips(logPath, keep);
}

/**
 * Applies redactions to archived entries (erase-identity, PII redaction): rewrites the
 * segments that hold them, and re-signs, with `key`, the manifest of every segment from the
 * first changed one on — each manifest names the previous one's hash, so the chain must be
 * re-made. Runs under the writer lock. Returns how many archived entries changed.
 *
 * Crash window: segments are replaced one file at a time; a crash in the middle leaves a chain
 * that `aura audit verify --include-archives` reports as broken (never a silently wrong one).
 */
export async function redactArchives(logPath: string, changes: ReadonlyMap<string, import('./rewrite').Redaction>, key: import('../export/signing').ManifestKey): Promise<number> {
  const segs = listSegments(logPath);
  if (segs.length === 0) return 0;
  const { withLock } = require('../log/lock') as typeof import('../log/lock');
  const { redactEntry } = require('./rewrite') as typeof import('./rewrite');
  return withLock(logPath, async () => {
    // Every segment is checked before the first one is rewritten.
    const loaded = [...loadedSegments(segs)];
    let changed = 0;
    let dirty = false; // from the first changed segment on, every manifest is re-signed
    let newPrev: string | null = null;
    for (const { seg, manifest, hash, lines } of loaded) {
      let segChanged = false;
      const out = lines.map((l) => {
        if (keptOf(l)) return l;
        const e = parseStrictJson(l) as Entry;
        const r = changes.get(e.hash);
        if (!r) return l;
        segChanged = true;
        changed++;
        return canonicalize(redactEntry(e, r));
      });
      dirty ||= segChanged;
      if (!dirty) {
        newPrev = hash;
        continue;
      }
      const { aura_manifest: _v, count: _c, first_hash: _f, last_hash: _l, bytes_blake3: _b, bytes_length: _n, exported_at: _t, signer: _s, signature: _g, ...fields } = manifest;
      const next = signManifest({ ...(fields as { kind: 'archive'; format: string }), prev_manifest: newPrev }, segmentDigest(out), key);
      if (segChanged) replaceFile(seg.body, [gzipLines(out)]);
      replaceFile(seg.manifest, [JSON.stringify(next, null, 2) + '\n']);
      newPrev = manifestHash(next);
    }
    return changed;
  });
}
