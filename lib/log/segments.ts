// Reading archive segments: old entries that `aura audit archive` (lib/retention/archive.ts)
// moved out of the live log into compressed, signed files beside it
// (<log dir>/archive/segment-NNNNNN.jsonl.gz + .manifest.json). Reading them is part of
// reading the log: the verifier and trust loading read the segments and the live log as one
// sequence of lines, in the original file order (a placeholder {"aura_kept":"<hash>"} in a
// segment stands for an entry that stayed in the live log).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { blake3, hashRef } from '../crypto/blake3';
import { digestProblems, ExportDigest, lineHash, Manifest, manifestProblems } from '../entry/manifest';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { canonicalize } from '../json/canonical';
import { parseStrictJson } from '../json/strict-parse';
import type { RawLine } from './read';

export const archiveDir = (logPath: string): string => join(dirname(logPath), 'archive');

export interface Segment {
  n: number;
  body: string; // path of the .jsonl.gz
  manifest: string; // path of the .manifest.json
}

export function listSegments(logPath: string): Segment[] {
  const dir = archiveDir(logPath);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^segment-(\d{6})\.jsonl\.gz$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => segmentAt(dir, Number(m[1])))
    .sort((a, b) => a.n - b.n);
}

export function segmentAt(dir: string, n: number): Segment {
  const name = `segment-${String(n).padStart(6, '0')}`;
  return { n, body: join(dir, `${name}.jsonl.gz`), manifest: join(dir, `${name}.manifest.json`) };
}

export const manifestHash = (m: Manifest): string => hashRef(blake3(canonicalize(m)));

export const keptOf = (line: string): string | null => {
  if (!line.startsWith('{"aura_kept":')) return null;
  try {
    const v = parseStrictJson(line) as { aura_kept?: unknown };
    return typeof v.aura_kept === 'string' ? v.aura_kept : null;
  } catch {
    return null;
  }
};

/** What a segment's manifest covers: its lines, a placeholder standing for the kept entry's hash. */
export function segmentDigest(lines: string[]): ExportDigest {
  const d = new ExportDigest();
  for (const l of lines) d.add(l, keptOf(l) ?? lineHash(l));
  return d;
}

export interface LoadedSegment {
  manifest: Manifest;
  lines: string[];
}

/** Reads one segment and checks it against its signed manifest and the previous manifest hash. */
export function loadSegment(seg: Segment, prevManifestHash: string | null): LoadedSegment {
  const zlib = require('node:zlib') as typeof import('node:zlib');
  const fail = (why: string): never => {
    throw new AuraError(`archive ${seg.body}: ${why}`, 'the archive was changed or damaged: restore it from a backup or snapshot; run: aura audit verify --include-archives');
  };
  let manifest: Manifest;
  try {
    manifest = parseStrictJson(readFileSync(seg.manifest, 'utf8')) as Manifest;
  } catch (e) {
    return fail(`cannot read its manifest: ${(e as Error).message}`);
  }
  const mp = manifestProblems(manifest);
  if (mp.length) fail(mp.join('; '));
  if (manifest.kind !== 'archive' || manifest.segment !== seg.n) fail(`the manifest is not the one of segment ${seg.n}`);
  if ((manifest.prev_manifest ?? null) !== prevManifestHash) fail(`the previous segment is not the one this segment follows (a segment is missing or was replaced)`);
  let text: string;
  try {
    text = zlib.gunzipSync(readFileSync(seg.body)).toString('utf8');
  } catch (e) {
    return fail(`cannot decompress: ${(e as Error).message}`);
  }
  const lines = text.split('\n');
  if (lines.pop() !== '') fail('the last line has no newline');
  const dp = digestProblems(manifest, segmentDigest(lines));
  if (dp.length) fail(dp.join('; '));
  return { manifest, lines };
}

/** The segments in order, each checked against its manifest and the one before; `hash` is its manifest's hash. */
export function* loadedSegments(segs: Segment[]): Generator<LoadedSegment & { seg: Segment; hash: string }> {
  let prev: string | null = null;
  for (const seg of segs) {
    const l = loadSegment(seg, prev);
    prev = manifestHash(l.manifest);
    yield { ...l, seg, hash: prev };
  }
}

/** The log's lines with its archive segments, or null when it has never been archived. */
export function archivedLines(logPath: string): AsyncGenerator<RawLine> | null {
  return listSegments(logPath).length ? readLinesWithArchives(logPath) : null;
}

/**
 * Every line of the log and its archives in the original order: the input of
 * `aura audit verify --include-archives` (lib/verify/engine.ts verifyLines). Without archives
 * it is the log's lines. Throws AuraError when a segment does not match its manifest, or the
 * live log does not hold the kept entries where the segments say.
 */
export async function* readLinesWithArchives(logPath: string): AsyncGenerator<RawLine> {
  const { readLines } = require('./read') as typeof import('./read');
  const live = existsSync(logPath) ? readLines(logPath)[Symbol.asyncIterator]() : null;
  let lineNo = 0;
  for (const { seg, lines } of loadedSegments(listSegments(logPath))) {
    for (const l of lines) {
      const kept = keptOf(l);
      if (!kept) {
        yield { lineNo: ++lineNo, offset: 0, bytes: Buffer.from(l, 'utf8'), terminated: true, archived: true };
        continue;
      }
      const next = live ? await live.next() : { done: true as const, value: undefined };
      let got: string | undefined;
      try {
        got = next.done ? undefined : (parseStrictJson(next.value.bytes.toString('utf8')) as Entry).hash;
      } catch {
        got = undefined;
      }
      if (next.done || got !== kept) {
        throw new AuraError(`${logPath}: archive ${seg.body} kept ${kept} in the live log, but the log's line ${next.done ? '(end of file)' : next.value.lineNo} is ${got ?? 'not that entry'}`, 'the live log was changed or reordered: run aura audit verify');
      }
      yield { ...next.value, lineNo: ++lineNo };
    }
  }
  if (!live) return;
  for (;;) {
    const next = await live.next();
    if (next.done) return;
    yield { ...next.value, lineNo: ++lineNo };
  }
}
