// Legal-hold snapshots: one self-contained file holding every entry of the log and its
// archives in order, preceded by a signed manifest, verifiable on a machine without the
// repository (`aura audit verify --snapshot FILE`).
//
// Format (JSONL, UTF-8): line 1 is the manifest (lib/entry/manifest.ts, kind "snapshot",
// with `genesis` and `tips`); every following line is one log line, byte for byte. The
// manifest's bytes_blake3/count/first_hash/last_hash cover exactly those lines.
import { readFileSync } from 'node:fs';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { digestProblems, ExportDigest, lineHash, Manifest, manifestProblems, signManifest } from '../entry/manifest';
import type { ManifestKey } from '../export/signing';
import { parseStrictJson } from '../json/strict-parse';
import type { RawLine } from '../log/read';

/** Writes the snapshot of `logPath` (archives included) to `out`; returns its manifest. */
export async function writeSnapshot(logPath: string, out: string, key: ManifestKey, source?: string): Promise<Manifest> {
  const { readLinesWithArchives } = require('../log/segments') as typeof import('../log/segments');
  const { replaceFile } = require('../fs/atomic-file') as typeof import('../fs/atomic-file');
  const body: Buffer[] = [];
  const d = new ExportDigest();
  const parents = new Set<string>();
  const hashes: string[] = [];
  let genesis: string | null = null;
  for await (const l of readLinesWithArchives(logPath)) {
    if (!l.terminated) throw new AuraError(`${logPath}: the last line is torn; no snapshot was written`, 'run: aura audit repair, then snapshot');
    const text = l.bytes.toString('utf8');
    const e = (() => {
      try {
        return parseStrictJson(text) as Entry;
      } catch {
        return null;
      }
    })();
    if (e) {
      if (e.capability === 'genesis') genesis ??= e.hash;
      for (const p of e.parents ?? []) parents.add(p);
      hashes.push(e.hash);
    }
    d.add(l.bytes, e?.hash ?? '');
    body.push(l.bytes, Buffer.from('\n'));
  }
  const tips = hashes.filter((h) => !parents.has(h)).sort();
  const manifest = signManifest({ kind: 'snapshot', format: 'jsonl', genesis, tips, ...(source ? { source } : {}) }, d, key);
  replaceFile(out, [Buffer.from(JSON.stringify(manifest) + '\n', 'utf8'), ...body]);
  return manifest;
}

/**
 * The snapshot's log lines, in order, for the verifier (lib/verify/engine.ts verifyLines).
 * Checks the manifest's signature before the first line and the lines against the manifest
 * after the last; a mismatch throws an AuraError naming what differs.
 */
export async function* readSnapshotLines(path: string, opts: { pubkey?: string } = {}): AsyncGenerator<RawLine> {
  const { readLines } = require('../log/read') as typeof import('../log/read');
  let manifest: Manifest | null = null;
  const d = new ExportDigest();
  for await (const l of readLines(path)) {
    if (l.lineNo === 1) {
      manifest = readManifestLine(path, l.bytes, opts.pubkey);
      continue;
    }
    if (!l.terminated) throw new AuraError(`${path}:${l.lineNo}: the snapshot is truncated (no final newline)`);
    d.add(l.bytes, lineHash(l.bytes.toString('utf8')));
    yield { lineNo: l.lineNo - 1, offset: l.offset, bytes: l.bytes, terminated: true };
  }
  if (!manifest) throw new AuraError(`${path}: empty file, not a snapshot`);
  const p = digestProblems(manifest, d);
  if (p.length) throw new AuraError(`${path}: the snapshot does not match its signed manifest: ${p.join('; ')}`, 'the file was changed or truncated after it was written');
}

function readManifestLine(path: string, bytes: Buffer, pubkey?: string): Manifest {
  let m: unknown;
  try {
    m = parseStrictJson(bytes.toString('utf8'));
  } catch (e) {
    throw new AuraError(`${path}: not a snapshot (line 1 is not a manifest: ${(e as Error).message})`);
  }
  const problems = manifestProblems(m, pubkey);
  if (problems.length) throw new AuraError(`${path}: ${problems.join('; ')}`, 'the snapshot was changed after it was signed, or is not an aura snapshot');
  if ((m as Manifest).kind !== 'snapshot') throw new AuraError(`${path}: line 1 is a ${(m as Manifest).kind} manifest, not a snapshot's`);
  return m as Manifest;
}

/** The manifest alone (for printing who signed the snapshot, its genesis and tips). */
export function snapshotManifest(path: string, pubkey?: string): Manifest {
  const text = readFileSync(path, 'utf8');
  const nl = text.indexOf('\n');
  return readManifestLine(path, Buffer.from(nl < 0 ? text : text.slice(0, nl), 'utf8'), pubkey);
}
