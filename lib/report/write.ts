// `aura audit report`: writes the evidence pack of a period (docs/report.md) —
// log.jsonl (the period's entries and their ancestors), report.json (what that log says),
// report.html (report.json rendered for people) and manifest.json (every file's BLAKE3,
// signed by the running key).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { blake3Hasher, hashRef } from '../crypto/blake3';
import { signManifest } from '../entry/manifest';
import { AuraError } from '../errors';
import type { ManifestKey } from '../export/signing';
import { replaceFile } from '../fs/atomic-file';
import { readLinesWithArchives } from '../log/segments';
import type { Repo } from '../repo';
import { nowTs } from '../time';
import { deriveReport } from './derive';
import { MANIFEST_FILE, PACK_FILES, PACK_FORMAT } from './files';
import { renderHtml } from './html';
import { writePackLog } from './pack-log';
import type { RepositorySection, ReportJson } from './types';

export interface ReportOptions {
  since: number; // epoch ms
  until: number;
  range?: { args: string[]; label: string }; // rev-list arguments for the binding check, and what they mean
  out: string;
  key: ManifestKey;
}

/** BLAKE3 and size of a file, read in chunks. */
export function fileDigest(path: string): { blake3: string; bytes: number } {
  const h = blake3Hasher();
  const data = readFileSync(path);
  h.update(data);
  return { blake3: hashRef(h.digest()), bytes: data.length };
}

function pendingRequests(repo: Repo): RepositorySection['pending_key_requests'] {
  const dir = join(repo.root, '.aura', 'key-requests');
  if (!existsSync(dir)) return [];
  const out: RepositorySection['pending_key_requests'] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.pub')).sort()) {
    try {
      const v = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      out.push({ key_id: String(v.key_id ?? v.id ?? f.slice(0, -4)), kind: String(v.kind ?? 'human'), key: String(v.key ?? v.pubkey ?? '') });
    } catch {
      out.push({ key_id: f.slice(0, -4), kind: '?', key: '(unreadable request file)' });
    }
  }
  return out;
}

export async function writeReport(repo: Repo, opts: ReportOptions): Promise<{ report: ReportJson; dir: string }> {
  if (existsSync(opts.out) && (!statSync(opts.out).isDirectory() || readdirSync(opts.out).length > 0)) {
    throw new AuraError(`${opts.out} exists and is not an empty folder`, 'give a new folder to --out (a report never overwrites files)', 2);
  }
  if (!existsSync(repo.logPath)) throw new AuraError(`no intent log at ${repo.logPath}`, 'run: aura init', 1);
  mkdirSync(opts.out, { recursive: true });
  const source = () => readLinesWithArchives(repo.logPath);
  const logOut = join(opts.out, 'log.jsonl');
  const packed = await writePackLog(source, logOut, opts);
  const period = { since: nowTs(opts.since), until: nowTs(opts.until) };
  const { data } = await deriveReport(logOut, period);

  // The whole log is verified too, unless the pack holds all of it (the usual case: a period
  // up to now brings every earlier entry as an ancestor), whose verification is the same.
  let full = { result: data.verification.result as string, entries: data.verification.entries };
  if (!packed.whole) {
    const { verifyLines, workersFor } = require('../verify/engine') as typeof import('../verify/engine');
    const r = await verifyLines(source(), { workers: workersFor(statSync(repo.logPath).size) });
    full = { result: !r.ok ? 'BROKEN' : r.forked ? 'FORKED' : 'OK', entries: r.entries };
  }
  let binding: RepositorySection['binding'] = null;
  if (opts.range) {
    const { verifyRange } = require('../range/check') as typeof import('../range/check');
    binding = await verifyRange(opts.range.args, { cwd: repo.root, logPath: repo.logPath, maxFileBytes: repo.config.delta.max_file_bytes });
    binding.range = opts.range.label;
  }
  const report: ReportJson = {
    ...data,
    repository: {
      generated_at: nowTs(),
      aura_version: String(require('../../../package.json').version),
      log_path: repo.logPath.startsWith(repo.root + '/') ? repo.logPath.slice(repo.root.length + 1) : repo.logPath,
      full_log: full,
      binding,
      pending_key_requests: pendingRequests(repo),
    },
  };
  replaceFile(join(opts.out, 'report.json'), [JSON.stringify(report, null, 2) + '\n']);
  replaceFile(join(opts.out, 'report.html'), [renderHtml(report)]);
  const files = Object.fromEntries(PACK_FILES.map((f) => [f, fileDigest(join(opts.out, f))]));
  const manifest = signManifest({ kind: 'report', format: PACK_FORMAT, since: period.since, until: period.until, files }, packed.digest, opts.key);
  replaceFile(join(opts.out, MANIFEST_FILE), [JSON.stringify(manifest, null, 2) + '\n']);
  return { report, dir: opts.out };
}
