// aura audit verify-export FILE [--manifest M] [--from jsonl|json|syslog|otlp-json] [--pubkey KEY] [--full]:
// checks an export against its signed manifest (signature, count, first/last hash, BLAKE3 of
// the entry lines) and runs the log verifier over the exported entries: hashes and signatures
// (an export may start mid-log), or with --full everything `aura audit verify` checks (for an
// export that starts at genesis). Needs no repository.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPubkeyRef } from '../crypto/ed25519';
import { AuraError, UsageError } from '../errors';
import { canonicalize } from '../json/canonical';
import type { RawLine } from '../log/read';
import { exportedLines, ExportSource } from '../export/extract';
import { digestProblems, ExportDigest, Manifest, manifestProblems } from '../entry/manifest';
import { parseStrictJson } from '../json/strict-parse';

export const USAGE = 'aura audit verify-export FILE [--manifest FILE.manifest.json] [--from jsonl|json|syslog|otlp-json] [--pubkey ed25519:HEX] [--full]';
const MAX_SHOWN = 20;

export function readManifest(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AuraError(`cannot read the manifest ${path}: ${(e as Error).message}`, 'pass --manifest FILE (exports write FILE.manifest.json beside a --out file)');
  }
  try {
    return parseStrictJson(text);
  } catch (e) {
    throw new AuraError(`${path}: not a manifest: ${(e as Error).message}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      manifest: { type: 'string' },
      from: { type: 'string' },
      pubkey: { type: 'string' },
      full: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('name one export file', USAGE);
  const file = positionals[0];
  const manifestPath = values.manifest ?? file + '.manifest.json';
  const manifest = readManifest(manifestPath);
  // A json export (aura agent-log export --format json) says so in its manifest.
  const from = (values.from ?? ((manifest as Manifest | null)?.format === 'json' ? 'json' : 'jsonl')) as ExportSource;
  if (!['jsonl', 'json', 'syslog', 'otlp-json'].includes(from)) throw new UsageError(`--from must be jsonl, json, syslog or otlp-json, not ${JSON.stringify(from)}`, USAGE);
  if (values.pubkey !== undefined && !isPubkeyRef(values.pubkey)) throw new UsageError(`--pubkey must be "ed25519:" + 64 hex digits`, USAGE);

  if ((manifest as Manifest | null)?.kind === 'graph') {
    const { verifyGraphExport } = require('./graph-verify') as typeof import('./graph-verify');
    return verifyGraphExport(file, manifest, values.pubkey);
  }
  const problems = manifestProblems(manifest, values.pubkey).map((p) => `manifest: ${p}`);
  const digest = new ExportDigest();
  const entryProblems: string[] = [];
  // The exported lines, digested as they stream past the verifier.
  async function* lines(): AsyncGenerator<RawLine> {
    let lineNo = 0;
    for await (const { where, line } of exportedLines(file, from)) {
      lineNo++;
      let hash = '';
      try {
        const v = parseStrictJson(line) as Record<string, unknown>;
        hash = typeof v?.hash === 'string' ? v.hash : '';
        if (canonicalize(v) !== line) entryProblems.push(`${where}: not in canonical (RFC 8785) form: the exported bytes were changed`);
      } catch {
        /* the verifier reports it as MALFORMED_ENTRY */
      }
      digest.add(line, hash);
      yield { lineNo, offset: 0, bytes: Buffer.from(line, 'utf8'), terminated: true };
    }
  }
  const { verifyLines } = require('../verify/engine') as typeof import('../verify/engine');
  const report = await verifyLines(lines(), { signaturesOnly: !values.full });
  if (problems.length === 0) problems.push(...digestProblems(manifest as Manifest, digest).map((p) => `export vs manifest: ${p}`));
  problems.push(...entryProblems);
  problems.push(...report.failures.map((f) => `entry ${f.line}${f.entry ? ` (${f.entry})` : ''}: ${f.category} ${f.reason}`));
  if (problems.length > 0) {
    process.stdout.write(`BROKEN — ${file}: ${problems.length} problem(s)\n`);
    for (const p of problems.slice(0, MAX_SHOWN)) process.stdout.write(`  ${p}\n`);
    if (problems.length > MAX_SHOWN) process.stdout.write(`  … and ${problems.length - MAX_SHOWN} more\n`);
    return 1;
  }
  const m = manifest as Manifest;
  process.stdout.write(
    `OK — ${digest.count} entries match the manifest (${m.format} export of ${m.exported_at}); ${values.full ? 'the entries verify as a complete log (hashes, signatures, parents, signers)' : "every entry's hash and signature verify"}\n` +
      `  manifest signed by ${m.signer.pubkey}${m.signer.key_id ? ` (${m.signer.key_id})` : ''}${values.pubkey ? ', the expected key' : ' — compare it with the key you expect, or pass --pubkey'}\n`,
  );
  return 0;
}
