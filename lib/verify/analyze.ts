// Everything the verifier can check from one line alone: UTF-8, strict JSON, structure,
// the recomputed hash, the delta hash and the signature. It is a pure function of the line
// (and the options), so it runs in worker threads; what needs the DAG (parents, trust,
// clock, duplicates, redactions) is done afterwards, in order, by lib/verify/chain.ts.
import { hashBytes, hashRef, isHashRef } from '../crypto/blake3';
import { refBytes, verify } from '../crypto/ed25519';
import { deltaHash, deltaHashOfCanonical, entryDigestWithDelta } from '../entry/hash';
import { parseStrictJson } from '../json/strict-parse';
import { STATE_FIELDS, TRUST_CAPABILITIES } from '../entry/trust';
import { entryProblem } from './shape';
import type { Category } from './types';

/** The part of an entry the DAG stage needs; shaped like an Entry for lib/entry/trust.ts. */
export interface Slim {
  id: string;
  ts: string;
  tsMs: number;
  hash: string;
  parents: string[];
  capability: string;
  author: { kind: 'human' | 'agent'; pubkey: string };
  key?: string;
  key_id?: string;
  key_kind?: string;
  roles?: string[];
  reason?: string;
  policy?: Record<string, unknown>;
  redacted?: string[]; // names of the redacted fields
  targets?: { entry: string; fields: string[] }[]; // redact targets
  [stateField: string]: unknown; // the other STATE_FIELDS of a trust entry (agent-policy, zones)
}

export interface Analysis {
  lineNo: number;
  id: string | null; // as far as the line could be read
  hash: string | null;
  entry: Slim | null; // null when the line is not a well-formed entry
  /** for a malformed line: the hash and parents it claims, when they can still be read, so its
   *  descendants stay in the DAG (and are checked) instead of waiting forever for it */
  salvage?: { hash: string; parents: string[] | null };
  failures: { category: Category; reason: string }[];
  hashChecked: boolean;
  hashOk: boolean;
  sigChecked: boolean;
  sigOk: boolean;
}

export interface AnalyzeOptions {
  /** entries with a ts before this are not signature-checked unless they change trust */
  since?: number;
  /** check hash and signature only of trust entries (genesis, key-add, key-revoke, policy) */
  trustOnly?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function slim(e: Record<string, any>, tsMs: number): Slim {
  const s: Slim = {
    id: e.id,
    ts: e.ts,
    tsMs,
    hash: e.hash,
    parents: e.parents,
    capability: e.capability,
    author: { kind: e.author.kind, pubkey: e.author.pubkey },
  };
  if (TRUST_CAPABILITIES.has(e.capability)) {
    for (const k of STATE_FIELDS) if (e[k] !== undefined) s[k] = e[k];
  }
  if (e.redacted) s.redacted = Object.keys(e.redacted);
  if (e.capability === 'redact') s.targets = e.targets.map((t: any) => ({ entry: t.entry, fields: t.fields }));
  return s;
}

const HASH_MEMBER = /[{,]"hash":"(blake3:[0-9a-f]{64})"/;
const PARENTS_MEMBER = /[{,]"parents":\[((?:"blake3:[0-9a-f]{64}",?)*)\]/;

/** The claimed hash and parents of a line that is not a well-formed entry, if readable. */
function salvage(text: string, v: unknown): Analysis['salvage'] {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (!isHashRef(o.hash)) return undefined;
    const parents = Array.isArray(o.parents) && o.parents.every(isHashRef) ? (o.parents as string[]) : null;
    return { hash: o.hash, parents };
  }
  const h = HASH_MEMBER.exec(text);
  if (!h) return undefined;
  const p = PARENTS_MEMBER.exec(text);
  return { hash: h[1], parents: p ? (p[1] === '' ? [] : p[1].split(',').map((x) => x.slice(1, -1))) : null };
}

export function analyzeLine(bytes: Uint8Array, lineNo: number, terminated: boolean, opts: AnalyzeOptions = {}): Analysis {
  const a: Analysis = { lineNo, id: null, hash: null, entry: null, failures: [], hashChecked: false, hashOk: false, sigChecked: false, sigOk: false };
  let text = '';
  let v: any;
  const fail = (category: Category, reason: string): Analysis => {
    a.failures.push({ category, reason });
    return a;
  };
  const malformed = (reason: string): Analysis => {
    a.salvage = salvage(text, v);
    return fail('MALFORMED_ENTRY', reason);
  };
  if (!terminated) fail('TORN_LINE', 'the last line has no final newline (an interrupted write); aura audit repair sets it aside');
  try {
    text = utf8.decode(bytes);
  } catch {
    text = Buffer.from(bytes).toString('latin1');
    return malformed('the line is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) return malformed('the line starts with a byte-order mark');
  try {
    v = parseStrictJson(text);
  } catch (e) {
    v = undefined;
    return malformed(text.length === 0 ? 'empty line' : `not a JSON entry: ${(e as Error).message}`);
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if (typeof v.id === 'string') a.id = v.id;
    if (typeof v.hash === 'string') a.hash = v.hash;
  }
  const problem = entryProblem(v);
  if (problem) return malformed(problem);

  const tsMs = Date.parse(v.ts); // exact: entryProblem checked the form and that it is a real date
  const isTrust = TRUST_CAPABILITIES.has(v.capability);
  if (!opts.trustOnly || isTrust) {
    let digest: Buffer;
    let canonicalDelta: string | undefined;
    try {
      ({ digest, canonicalDelta } = entryDigestWithDelta(v));
    } catch (e) {
      return malformed(`cannot compute the hash: ${(e as Error).message}`);
    }
    a.hashChecked = true;
    const recomputed = hashRef(digest);
    a.hashOk = recomputed === v.hash;
    if (!a.hashOk) fail('HASH_MISMATCH', `recorded ${v.hash}, recomputed ${recomputed}`);
    if (!opts.trustOnly && v.ast_delta !== undefined) {
      const dh = canonicalDelta !== undefined ? deltaHashOfCanonical(canonicalDelta) : deltaHash(v.ast_delta);
      if (dh !== v.ast_delta_hash) fail('DELTA_HASH_MISMATCH', `recorded ast_delta_hash ${v.ast_delta_hash}, recomputed ${dh}`);
    }
    if (isTrust || opts.since === undefined || tsMs >= opts.since) {
      // The signature signs the recorded hash: a tampered body is a HASH_MISMATCH, a tampered
      // or foreign signature a SIGNATURE_INVALID, and each is reported as what it is.
      a.sigChecked = true;
      a.sigOk = verify(refBytes(v.author.pubkey), hashBytes(v.hash), refBytes(v.signature));
      if (!a.sigOk) fail('SIGNATURE_INVALID', `not a valid Ed25519 signature of ${v.hash} by ${v.author.pubkey}`);
    }
  }
  a.entry = slim(v, tsMs);
  return a;
}
