// The manifest of an export, archive segment or snapshot: how many entries, the first and
// last entry hash, and BLAKE3 over the exported entry lines, signed by the exporting key.
// It is a plain signed JSON object rather than a log entry: an export is a copy of the log,
// not an event in it, and sealing it as an entry would need parents and change the log.
//
// signature = Ed25519(key, BLAKE3(canonical(manifest without "signature"))) — the same
// hash-then-sign construction entries use, so one verifier checks both.
import { blake3, blake3Hasher, hashRef } from '../crypto/blake3';
import { isPubkeyRef, isSignatureRef, pubkeyRef, refBytes, signatureRef, verify } from '../crypto/ed25519';
import { canonicalize } from '../json/canonical';
import { parseStrictJson } from '../json/strict-parse';
import { nowTs } from '../time';
import type { SigningKey } from './seal';

export const MANIFEST_VERSION = 1;

export interface Manifest {
  aura_manifest: 1;
  kind: 'export' | 'archive' | 'snapshot' | 'report' | 'graph';
  format: string; // jsonl | syslog | otlp (what was sent); archives and snapshots are jsonl
  count: number;
  first_hash: string | null;
  last_hash: string | null;
  bytes_blake3: string; // BLAKE3 of the entries' canonical lines, each followed by "\n", in export order
  bytes_length: number;
  exported_at: string;
  since?: string | null;
  destination?: string;
  signer: { pubkey: string; key_id?: string };
  signature: string;
  [extra: string]: unknown;
}

/** The `hash` of an entry line, '' when the line is not JSON with a string hash (the verifier reports it). */
export function lineHash(line: string): string {
  try {
    const h = (parseStrictJson(line) as { hash?: unknown } | null)?.hash;
    return typeof h === 'string' ? h : '';
  } catch {
    return '';
  }
}

/** Running totals over the exported lines (each line without its "\n"), hashed as they come: flat memory. */
export class ExportDigest {
  count = 0;
  first: string | null = null;
  last: string | null = null;
  length = 0;
  private readonly hasher = blake3Hasher();
  private result: string | null = null;

  add(line: string | Buffer, hash: string): void {
    const b = typeof line === 'string' ? Buffer.from(line + '\n', 'utf8') : Buffer.concat([line, NEWLINE]);
    this.hasher.update(b);
    this.length += b.length;
    this.count++;
    this.first ??= hash;
    this.last = hash;
  }

  /** BLAKE3 of everything added; no line may be added after the first call. */
  digest(): string {
    return (this.result ??= hashRef(this.hasher.digest()));
  }
}

const NEWLINE = Buffer.from('\n');

const signedDigest = (m: Record<string, unknown>): Buffer => {
  const { signature: _s, ...rest } = m;
  return blake3(canonicalize(rest));
};

/** What a manifest states about the signed bytes: ExportDigest's totals, or a whole file's (lib/graph/manifest.ts). */
export type SignedDigest = Pick<ExportDigest, 'count' | 'first' | 'last' | 'length' | 'digest'>;

export function signManifest(
  fields: { kind: Manifest['kind']; format: string; since?: string | null; destination?: string; [extra: string]: unknown },
  d: SignedDigest,
  key: SigningKey & { keyId?: string },
): Manifest {
  const m: Record<string, unknown> = {
    aura_manifest: MANIFEST_VERSION,
    ...fields,
    count: d.count,
    first_hash: d.first,
    last_hash: d.last,
    bytes_blake3: d.digest(),
    bytes_length: d.length,
    exported_at: nowTs(),
    signer: { pubkey: pubkeyRef(key.publicKey), ...(key.keyId ? { key_id: key.keyId } : {}) },
  };
  m.signature = signatureRef(key.sign(signedDigest(m)));
  return m as Manifest;
}

/** Problems with the manifest itself (shape and signature); [] when it is sound. */
export function manifestProblems(m: unknown, pinnedPubkey?: string): string[] {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return ['the manifest is not a JSON object'];
  const o = m as Record<string, any>;
  if (o.aura_manifest !== MANIFEST_VERSION) return [`unknown manifest version ${JSON.stringify(o.aura_manifest)}`];
  const problems: string[] = [];
  if (!Number.isSafeInteger(o.count) || o.count < 0) problems.push('count is not a whole number');
  if (typeof o.bytes_blake3 !== 'string') problems.push('bytes_blake3 is missing');
  const pub = o.signer?.pubkey;
  if (!isPubkeyRef(pub)) problems.push('signer.pubkey is missing or malformed');
  else if (pinnedPubkey && pub !== pinnedPubkey) problems.push(`signed by ${pub}, not by the expected key ${pinnedPubkey}`);
  if (!isSignatureRef(o.signature)) problems.push('signature is missing or malformed');
  if (problems.length === 0 && !verify(refBytes(pub), signedDigest(o), refBytes(o.signature))) problems.push('the manifest signature does not verify (the manifest was changed or not signed by signer.pubkey)');
  return problems;
}

/** Differences between what the manifest states and what the exported lines are. */
export function digestProblems(m: Manifest, d: ExportDigest): string[] {
  const p: string[] = [];
  if (m.count !== d.count) p.push(`count: the manifest says ${m.count}, the export holds ${d.count}`);
  if (m.first_hash !== d.first) p.push(`first_hash: the manifest says ${m.first_hash}, the export starts with ${d.first}`);
  if (m.last_hash !== d.last) p.push(`last_hash: the manifest says ${m.last_hash}, the export ends with ${d.last}`);
  if (m.bytes_length !== undefined && m.bytes_length !== d.length) p.push(`bytes_length: the manifest says ${m.bytes_length}, the export has ${d.length}`);
  const got = d.digest();
  if (m.bytes_blake3 !== got) p.push(`bytes_blake3: the manifest says ${m.bytes_blake3}, the export hashes to ${got}`);
  return p;
}
