// The structure SPEC.md requires of an entry, checked before anything is hashed. Each
// problem is reported as MALFORMED_ENTRY with a reason naming the field, so an auditor
// can tell "field missing" from "hash wrong".
import { isHashRef } from '../crypto/blake3';
import { isPubkeyRef, isSignatureRef } from '../crypto/ed25519';
import { isId } from '../ids';
import { parseTs } from '../time';
import { agentPolicyProblem } from '../entry/agents';
import { zoneProblem } from '../entry/zones';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const SALT_RE = /^[0-9a-f]{32}$/;
const CHANGES = new Set(['added', 'modified', 'removed', 'renamed', 'moved']);
const REDACTABLE = new Set(['intent', 'author.id']);

const isInteger = (n: number): boolean => Number.isSafeInteger(n) && !Object.is(n, -0);

/** Whether every number anywhere in `v` is a safe integer: the common case, with no paths to build. */
function onlyIntegers(v: unknown): boolean {
  if (typeof v === 'number') return isInteger(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!onlyIntegers(v[i])) return false;
  } else if (isObj(v)) {
    for (const k in v) if (!onlyIntegers(v[k])) return false;
  }
  return true;
}

/** The first number anywhere in `v` that is not a safe integer ("Only integers appear as numbers"). */
function nonInteger(v: unknown, path: string): string | null {
  // Every entry is walked; the path of the offending number is only worked out when there is one.
  if (onlyIntegers(v)) return null;
  return nonIntegerAt(v, path);
}

function nonIntegerAt(v: unknown, path: string): string | null {
  if (typeof v === 'number') return isInteger(v) ? null : `${path} is ${v}: only integers may appear as numbers`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = nonIntegerAt(v[i], `${path}[${i}]`);
      if (p) return p;
    }
  } else if (isObj(v)) {
    for (const k in v) {
      const p = nonIntegerAt(v[k], `${path}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

function roles(v: unknown, allowed: string[][]): boolean {
  return Array.isArray(v) && allowed.some((a) => a.length === v.length && a.every((r, i) => v[i] === r));
}

function deltaProblem(d: unknown): string | null {
  if (!isObj(d)) return 'ast_delta must be an object';
  for (const k of ['added', 'modified', 'removed']) {
    if (!Number.isSafeInteger(d[k]) || (d[k] as number) < 0) return `ast_delta.${k} must be a whole number ≥ 0`;
  }
  if (!Array.isArray(d.nodes)) return 'ast_delta.nodes must be an array';
  const count = { added: 0, modified: 0, removed: 0 };
  for (let i = 0; i < d.nodes.length; i++) {
    const n = d.nodes[i];
    const at = `ast_delta.nodes[${i}]`;
    if (!isObj(n)) return `${at} must be an object`;
    if (typeof n.path !== 'string' || n.path === '') return `${at}.path must be a non-empty string`;
    if (typeof n.kind !== 'string') return `${at}.kind must be a string`;
    if (typeof n.change !== 'string' || !CHANGES.has(n.change)) return `${at}.change must be one of added, modified, removed, renamed, moved`;
    if (n.before !== null && !isHashRef(n.before)) return `${at}.before must be null or a blake3 hash`;
    if (n.after !== null && !isHashRef(n.after)) return `${at}.after must be null or a blake3 hash`;
    if (n.change === 'added' && n.before !== null) return `${at}: an added node has before: null`;
    if (n.change === 'removed' && n.after !== null) return `${at}: a removed node has after: null`;
    if ((n.change === 'renamed' || n.change === 'moved') && typeof n.from !== 'string') return `${at}: a ${n.change} node needs "from" (the old path)`;
    count[n.change === 'added' ? 'added' : n.change === 'removed' ? 'removed' : 'modified']++;
  }
  for (const k of ['added', 'modified', 'removed'] as const) {
    if (d[k] !== count[k]) return `ast_delta.${k} is ${d[k]} but nodes hold ${count[k]} ${k} node(s)`;
  }
  return null;
}

/** Capability-specific required fields (SPEC.md "Capability fields"); unknown capabilities pass. */
function capabilityProblem(e: Obj): string | null {
  switch (e.capability) {
    case 'genesis':
      if (!isPubkeyRef(e.key)) return 'genesis: key must be an ed25519 public key';
      if (typeof e.key_id !== 'string' || e.key_id === '') return 'genesis: key_id must be a non-empty string';
      if (e.key_kind !== 'human') return 'genesis: key_kind must be "human"';
      if (!roles(e.roles, [['admin']])) return 'genesis: roles must be ["admin"]';
      return null;
    case 'key-add':
      if (!isPubkeyRef(e.key)) return 'key-add: key must be an ed25519 public key';
      if (typeof e.key_id !== 'string' || e.key_id === '') return 'key-add: key_id must be a non-empty string';
      if (e.key_kind !== 'human' && e.key_kind !== 'agent') return 'key-add: key_kind must be "human" or "agent"';
      if (!roles(e.roles, [[], ['admin']])) return 'key-add: roles must be [] or ["admin"]';
      return null;
    case 'key-revoke':
      if (!isPubkeyRef(e.key)) return 'key-revoke: key must be an ed25519 public key';
      if (typeof e.reason !== 'string') return 'key-revoke: reason must be a string';
      return null;
    case 'policy':
      if (!isObj(e.policy) || typeof e.policy.strict !== 'boolean') return 'policy: policy must be an object with a boolean "strict"';
      return null;
    case 'commit':
      if (!('ast_delta' in e)) return 'commit: ast_delta is missing';
      return null;
    case 'authorize-delete':
      if (!Array.isArray(e.targets) || e.targets.length === 0 || !e.targets.every((t) => typeof t === 'string' && t !== '')) {
        return 'authorize-delete: targets must be a non-empty array of symbol paths or globs';
      }
      if (e.expires !== undefined && Number.isNaN(parseTs(e.expires))) return 'authorize-delete: expires must be an RFC 3339 UTC timestamp with milliseconds';
      return null;
    case 'secret-override':
      if (typeof e.rule !== 'string' || e.rule === '' || typeof e.path !== 'string' || e.path === '') return 'secret-override: rule and path must be non-empty strings';
      if (typeof e.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(e.fingerprint)) return 'secret-override: fingerprint must be 64 lower-case hex digits (salted)';
      if (typeof e.fingerprint_salt !== 'string' || !/^[0-9a-f]{32}$/.test(e.fingerprint_salt)) return 'secret-override: fingerprint_salt must be 32 lower-case hex digits';
      if (e.expires !== undefined && Number.isNaN(parseTs(e.expires))) return 'secret-override: expires must be an RFC 3339 UTC timestamp with milliseconds';
      return null;
    case 'review':
      if (typeof e.range !== 'string' || e.range === '') return 'review: range must be a non-empty string';
      if (typeof e.base !== 'string' || typeof e.head !== 'string' || !/^[0-9a-f]{40,64}$/.test(e.base) || !/^[0-9a-f]{40,64}$/.test(e.head)) return 'review: base and head must be commit ids';
      if (e.pr !== undefined && (!Number.isSafeInteger(e.pr) || (e.pr as number) < 1)) return 'review: pr must be a whole number ≥ 1';
      if (!isObj(e.counts) || !Object.values(e.counts).every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return 'review: counts must map finding kinds to whole numbers';
      if (!isHashRef(e.report_digest)) return 'review: report_digest must be a blake3 hash';
      return null;
    case 'supersede':
      if (!isHashRef(e.supersedes)) return 'supersede: supersedes must be a blake3 hash';
      return null;
    case 'redact': {
      if (!Array.isArray(e.targets) || e.targets.length === 0) return 'redact: targets must be a non-empty array';
      for (const t of e.targets) {
        if (!isObj(t) || !isHashRef(t.entry)) return 'redact: each target needs "entry" (a blake3 hash)';
        if (!Array.isArray(t.fields) || t.fields.length === 0 || !t.fields.every((f) => typeof f === 'string' && REDACTABLE.has(f))) {
          return 'redact: each target needs "fields", a non-empty array of "intent" / "author.id"';
        }
      }
      return null;
    }
    case 'agent-policy':
      return agentPolicyProblem(e, validTs);
    case 'zone-claim':
    case 'zone-release':
      return zoneProblem(e, validTs);
    default:
      return null;
  }
}

const validTs = (s: unknown): boolean => !Number.isNaN(parseTs(s));

/** null when `v` has the structure of a version-1 entry; else what is wrong with it. */
export function entryProblem(v: unknown): string | null {
  if (!isObj(v)) return 'a line must hold one JSON object';
  if (v.version !== 1) return `unknown version ${JSON.stringify(v.version)} (this verifier reads version 1)`;
  if (!isId(v.id) || v.id.charCodeAt(3) > 0x37) return 'id must be "in_" + a 26-character ULID';
  if (Number.isNaN(parseTs(v.ts))) return 'ts must be an RFC 3339 UTC timestamp with milliseconds';
  const a = v.author;
  if (!isObj(a)) return 'author must be an object';
  if (a.kind !== 'human' && a.kind !== 'agent') return 'author.kind must be "human" or "agent"';
  if (!isPubkeyRef(a.pubkey)) return 'author.pubkey must be "ed25519:" + 64 lowercase hex';
  if (a.peer_id !== undefined && typeof a.peer_id !== 'string') return 'author.peer_id must be a string';
  if (typeof v.capability !== 'string' || v.capability === '') return 'capability must be a non-empty string';
  if (!Array.isArray(v.parents) || !v.parents.every(isHashRef)) return 'parents must be an array of blake3 hashes';
  if (new Set(v.parents).size !== v.parents.length) return 'parents names the same entry twice';
  if ((v.parents.length === 0) !== (v.capability === 'genesis')) {
    return v.capability === 'genesis' ? 'a genesis entry has parents: []' : 'parents: [] is only for the genesis entry';
  }
  if (!isHashRef(v.hash)) return 'hash must be "blake3:" + 64 lowercase hex';
  if (!isSignatureRef(v.signature)) return 'signature must be "ed25519:" + 128 lowercase hex';
  if ('intent_commitment' in v || 'id_commitment' in a) return 'commitments belong to the hashed form, not to the entry';
  if (v.redacted === undefined) {
    if (typeof v.salt !== 'string' || !SALT_RE.test(v.salt)) return 'salt must be 32 lowercase hex (16 bytes)';
    if (typeof v.intent !== 'string') return 'intent must be a string';
    if (typeof a.id !== 'string') return 'author.id must be a string';
  } else {
    // A redacted entry has dropped its salt, so every redactable field's commitment is recorded.
    if (v.salt !== undefined) return 'a redacted entry has no salt';
    const r = v.redacted;
    if (!isObj(r)) return 'redacted must be an object';
    for (const k of Object.keys(r)) if (!REDACTABLE.has(k)) return `redacted: "${k}" is not a redactable field`;
    if (!isHashRef(r.intent) || !isHashRef(r['author.id'])) return 'redacted must record the commitments of both "intent" and "author.id"';
    if (v.intent !== undefined && typeof v.intent !== 'string') return 'intent must be a string';
    if (a.id !== undefined && typeof a.id !== 'string') return 'author.id must be a string';
  }
  if ('ast_delta' in v || 'ast_delta_hash' in v) {
    const p = deltaProblem(v.ast_delta);
    if (p) return p;
    if (!isHashRef(v.ast_delta_hash)) return 'ast_delta_hash must be a blake3 hash';
  }
  const p = capabilityProblem(v);
  if (p) return p;
  return nonInteger(v, 'entry');
}
