// What the verifier reports. Category names are a public contract (SPEC.md "Verification"):
// stable across versions, one per kind of inconsistency; docs/format.md explains each.
export type Category =
  | 'MALFORMED_ENTRY' // not JSON, invalid UTF-8, duplicate keys, __proto__, missing/ill-typed fields, unknown version…
  | 'TORN_LINE' // the last line has no "\n" (an interrupted write)
  | 'HASH_MISMATCH' // the recomputed hash differs from `hash`
  | 'DELTA_HASH_MISMATCH' // BLAKE3(canonical(ast_delta)) differs from `ast_delta_hash`
  | 'SIGNATURE_INVALID' // `signature` is not a valid RFC 8032 signature of `hash` by `author.pubkey`
  | 'UNKNOWN_SIGNER' // the key was not valid for this entry at its point of the DAG (unknown, revoked, wrong kind, not admin)
  | 'PARENT_NOT_FOUND' // a parent hash names no entry of the log
  | 'CLOCK_REGRESSION' // ts is earlier than a parent's ts minus the tolerance
  | 'DUPLICATE_ENTRY' // the same entry (same hash) appears twice
  | 'ID_REUSED' // two different entries carry the same id
  | 'UNAUTHORIZED_REDACTION' // a redacted field that no valid redact entry names
  | 'MULTIPLE_GENESIS' // more than one genesis entry
  | 'GENESIS_MISMATCH' // the genesis is not the one pinned with --trust-genesis (or there is none)
  | 'FORK'; // a warning, not a failure: two or more tips that no entry joins

export interface Failure {
  category: Category;
  entry: string | null; // the entry's id, when the line got far enough to have one
  hash: string | null; // the entry's recorded hash, likewise
  line: number; // 1-based line number in the log file
  reason: string;
}

export interface Tip {
  hash: string;
  entry: string; // id
  line: number;
}

export interface VerifyOptions {
  /** only hashes and signatures: no parents, trust, clock, delta, redaction or fork checks */
  signaturesOnly?: boolean;
  /** epoch ms: entries with an earlier ts are read, hashed and used for parents and trust, but not signature-checked or counted */
  since?: number;
  /** an entry id: only it and its descendants are signature-checked and counted */
  from?: string;
  /** the genesis hash the log must have */
  trustGenesis?: string;
  /** CLOCK_REGRESSION tolerance, default 300 s */
  clockToleranceMs?: number;
  /** verify trust entries only (lib/trust/load.ts): other entries are placed in the DAG by their recorded hash */
  trustOnly?: boolean;
  /** worker threads for parsing, hashing and signatures; 0 = in this thread. Default: 2 for big logs */
  workers?: number;
  /** stop collecting failure details after this many (they are still counted); default 100,000 */
  maxFailures?: number;
  /** resume after an already verified prefix of the log (lib/trust/cache.ts): its tips, with the
   *  trust at each, and its genesis; the lines given are the rest of the file */
  seed?: { genesis: string | null; tips: { tip: Tip; trust: import('../entry/trust').TrustState }[] };
}

export interface VerifyReport {
  ok: boolean; // no failures (a fork is a warning: ok stays true, see `forked`)
  forked: boolean;
  lines: number;
  entries: number; // entries counted (in the window)
  firstTs: string | null; // of the counted entries
  lastTs: string | null;
  hashes: { checked: number; ok: number };
  parents: { checked: number; ok: number };
  signatures: { checked: number; ok: number; signers: number };
  failures: Failure[]; // sorted by line
  failureCount: number; // may exceed failures.length when maxFailures was reached
  warnings: Failure[]; // FORK
  tips: Tip[];
  genesis: { hash: string; entry: string; key: string; keyId: string } | null;
  /** the trust at the tips: what a new entry appended now would be verified against */
  trust: import('../entry/trust').TrustState;
  /** the trust at each tip, in the order of `tips` */
  tipTrust: import('../entry/trust').TrustState[];
  fromFound: boolean | null; // whether --from named an entry of the log (null without --from)
}
