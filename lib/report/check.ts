// `aura audit verify --report DIR`: re-verifies an evidence pack with nothing but the pack —
// the manifest's signature and every file's digest, the log (hashes, signatures, chain,
// trust), that report.json says what the log says (re-derived and compared), and that
// report.html is report.json rendered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestProblems, ExportDigest, Manifest, manifestProblems } from '../entry/manifest';
import { canonicalize } from '../json/canonical';
import { parseStrictJson } from '../json/strict-parse';
import { readLines } from '../log/read';
import { deriveReport } from './derive';
import { MANIFEST_FILE, PACK_FILES, PACK_FORMAT } from './files';
import { parseLine } from './pack-log';
import { renderHtml } from './html';
import type { ReportJson, Verification } from './types';
import { fileDigest } from './write';

export interface PackCheck {
  problems: string[]; // the pack is not what its manifest and its log say
  log: Verification | null; // the log's own verification, re-derived
  signer: { pubkey: string; key_id: string | null; registered: boolean } | null;
  period: { since: string; until: string } | null;
}

/** Paths (a.b[3].c) where two JSON values differ, the first `max` of them. */
function differences(a: unknown, b: unknown, path = '', out: string[] = [], max = 5): string[] {
  if (out.length >= max) return out;
  if (a === undefined || b === undefined) {
    if (a !== b) out.push(path);
    return out;
  }
  if (canonicalize(a) === canonicalize(b)) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as any)[k], (b as any)[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k, out, max);
    return out;
  }
  out.push(path || '(the whole report)');
  return out;
}

export async function checkPack(dir: string, opts: { pubkey?: string } = {}): Promise<PackCheck> {
  const problems: string[] = [];
  const result: PackCheck = { problems, log: null, signer: null, period: null };
  const mpath = join(dir, MANIFEST_FILE);
  if (!existsSync(mpath)) {
    problems.push(`${MANIFEST_FILE} is missing: this is not an evidence pack (aura audit report writes one)`);
    return result;
  }
  let m: Manifest & { files?: Record<string, { blake3: string; bytes: number }>; until?: string };
  try {
    m = parseStrictJson(readFileSync(mpath, 'utf8')) as typeof m;
  } catch (e) {
    problems.push(`${MANIFEST_FILE} is not valid JSON: ${(e as Error).message}`);
    return result;
  }
  const mp = manifestProblems(m, opts.pubkey);
  if (mp.length) problems.push(...mp.map((p) => `${MANIFEST_FILE}: ${p}`));
  if (m.kind !== 'report' || m.format !== PACK_FORMAT) problems.push(`${MANIFEST_FILE} is a ${String(m.kind)} manifest (${String(m.format)}), not an evidence pack's (${PACK_FORMAT})`);
  for (const f of PACK_FILES) {
    const want = m.files?.[f];
    if (!existsSync(join(dir, f))) problems.push(`${f} is missing`);
    else if (!want) problems.push(`${f} is not listed in the manifest`);
    else {
      const got = fileDigest(join(dir, f));
      if (got.blake3 !== want.blake3 || got.bytes !== want.bytes) problems.push(`${f} was changed after the pack was signed (BLAKE3 ${got.blake3}, the manifest says ${want.blake3})`);
    }
  }
  for (const f of readdirSync(dir)) if (f !== MANIFEST_FILE && !(PACK_FILES as readonly string[]).includes(f)) problems.push(`${f} is in the folder but not part of the pack (not covered by the manifest)`);
  if (problems.length) return result;

  const logPath = join(dir, 'log.jsonl');
  const d = new ExportDigest();
  for await (const l of readLines(logPath)) {
    const e = parseLine(l.bytes);
    d.add(l.bytes, typeof e?.hash === 'string' ? e.hash : '');
  }
  problems.push(...digestProblems(m, d).map((p) => `log.jsonl: ${p}`));

  let report: ReportJson;
  try {
    report = parseStrictJson(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;
  } catch (e) {
    problems.push(`report.json is not valid JSON: ${(e as Error).message}`);
    return result;
  }
  result.period = report.period ?? null;
  if (!report.period || report.period.since !== m.since || report.period.until !== m.until) problems.push('report.json covers another period than the manifest signs');
  const { data: derived, trust } = await deriveReport(logPath, report.period);
  result.log = derived.verification;
  const { repository: _r, ...claimed } = report;
  const diff = differences(claimed, derived);
  if (diff.length) problems.push(`report.json does not say what log.jsonl says (at ${diff.join(', ')}): it was edited, or made by a different aura version`);
  if (readFileSync(join(dir, 'report.html'), 'utf8') !== renderHtml(report)) problems.push('report.html is not report.json rendered (edited, or made by a different aura version)');

  const rec = trust.keys.get(m.signer.pubkey);
  result.signer = { pubkey: m.signer.pubkey, key_id: rec?.keyId ?? null, registered: !!rec && rec.addedBy !== '' && !rec.revoked };
  if (!result.signer.registered) problems.push(`the manifest is signed by ${m.signer.pubkey}, which is not a registered, unrevoked key of the pack's log`);
  return result;
}
