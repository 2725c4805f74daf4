// Every key .aura/config.toml accepts, with its type, default and check. A key not listed
// here is an error: a typo such as `fsync_evry` must not silently fall back to a default.
export type Kind = 'string' | 'integer' | 'boolean' | 'string[]';
export interface KeySpec {
  kind: Kind;
  default: string | number | boolean | string[];
  check?: (v: any) => string | undefined; // a message when the value is bad
  doc: string;
}

const positive = (v: number) => (v >= 1 ? undefined : 'must be a whole number ≥ 1');
const nonNegative = (v: number) => (v >= 0 ? undefined : 'must be a whole number ≥ 0');
const oneOf = (...allowed: string[]) => (v: string) =>
  allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;

export const DEFAULT_LOG_PATH = '.aura/intent_log.jsonl';
/** Where logs were kept before DEFAULT_LOG_PATH: still found when the config does not say. */
export const LEGACY_LOG_PATH = '.aura/log.jsonl';

export const SCHEMA: Record<string, Record<string, KeySpec>> = {
  audit: {
    // The path the Aura documentation's data-flow table gives; repositories started before it
    // keep .aura/log.jsonl (their config names it; lib/repo.ts also finds it when it does not).
    log_path: { kind: 'string', default: DEFAULT_LOG_PATH, doc: 'the intent log, relative to the repository root unless absolute' },
    fsync_every: { kind: 'integer', default: 1, check: positive, doc: 'fsync the log after this many appended entries' },
    clock_tolerance_seconds: { kind: 'integer', default: 300, check: nonNegative, doc: 'how far an entry may predate its parents' },
  },
  'audit.export': {
    enabled: { kind: 'boolean', default: false, doc: 'export every new entry as it is appended' },
    format: { kind: 'string', default: 'jsonl', check: oneOf('jsonl', 'syslog', 'otlp'), doc: 'export format' },
    endpoint: { kind: 'string', default: '', doc: 'file path (jsonl), host:port (syslog) or URL (otlp)' },
    protocol: { kind: 'string', default: 'udp', check: oneOf('udp', 'tcp'), doc: 'syslog transport' },
    encoding: { kind: 'string', default: 'protobuf', check: oneOf('protobuf', 'json'), doc: 'OTLP body encoding' },
    on_failure: { kind: 'string', default: 'buffer', check: oneOf('buffer', 'fail_commit'), doc: 'what a failed export does' },
    timeout_ms: { kind: 'integer', default: 500, check: positive, doc: 'the longest a hook waits on the network' },
  },
  'audit.timestamp': {
    url: { kind: 'string', default: '', doc: 'the RFC 3161 time-stamping authority aura audit timestamp asks (never contacted on the commit path)' },
    tsa_certs: { kind: 'string[]', default: [], doc: 'PEM files of the TSA certificates (or their root) that timestamp tokens must chain to; relative to the repository root' },
    timeout_ms: { kind: 'integer', default: 10000, check: positive, doc: 'the longest aura audit timestamp waits for the TSA' },
  },
  'audit.retention': {
    keep_forever: { kind: 'boolean', default: true, doc: 'never archive or redact' },
    archive_after_days: { kind: 'integer', default: 0, check: nonNegative, doc: '0: never archive' },
    redact_pii_after_days: { kind: 'integer', default: 0, check: nonNegative, doc: '0: never redact' },
  },
  intent: {
    in_repo: { kind: 'boolean', default: true, doc: 'false: the log (and its archive/) lives outside the working tree: at audit.log_path if absolute, else under the Git common dir (.git/aura/)' },
  },
  secrets: {
    disabled_rules: { kind: 'string[]', default: [], doc: 'rule ids the secret scan skips ("secretlint/basicauth", "gitleaks/jwt"; aura secret rules lists them)' },
    exclude: { kind: 'string[]', default: [], doc: 'path globs the secret scan skips ("test/fixtures/**"; * within a segment, ** across)' },
    max_file_bytes: { kind: 'integer', default: 1048576, check: positive, doc: 'larger staged files are not scanned for secrets' },
  },
  review: {
    fail_on: { kind: 'string[]', default: ['unlogged-commit', 'commit-mismatch', 'delta-mismatch', 'policy-violation', 'agent-path-violation', 'agent-deletion', 'strict-bypass', 'secret', 'layer-violation'], doc: 'finding kinds that make aura pr-review exit 1 (docs/review.md)' },
  },
  delta: {
    max_file_bytes: { kind: 'integer', default: 1048576, check: positive, doc: 'larger files are file-level changes without symbols' },
  },
};

/** Arrays of tables ([[name]]): every item has all of these keys (no defaults). */
export const ARRAY_TABLES: Record<string, Record<string, KeySpec>> = {
  'review.layers': {
    from: { kind: 'string', default: '', check: (v: string) => (v.trim() ? undefined : 'must be a path glob'), doc: 'files the rule applies to ("lib/**")' },
    deny: { kind: 'string[]', default: [], doc: 'import targets those files may not use ("hooks/**", a package name)' },
  },
};
