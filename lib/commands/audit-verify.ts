// `aura audit verify`: formats the report of lib/verify/engine.ts. Exit 0 OK, 1 BROKEN,
// 2 usage or I/O error, 3 FORKED (every entry verifies but two tips are never joined).
import { parseArgs } from 'node:util';
import { isHashRef } from '../crypto/blake3';
import { UsageError } from '../errors';
import { isId } from '../ids';
import { findRepo } from '../repo';
import { parseSince } from '../time';
import type { VerifyOptions, VerifyReport } from '../verify/types';

const USAGE =
  'aura audit verify [--log PATH] [--from INTENT-ID | --since 30d|DATE] [--signatures-only] [--trust-genesis HASH] [--json]';

const HELP = `usage: ${USAGE}

Verifies the intent log: every line's structure, hash, delta hash and Ed25519 signature;
parents, duplicates, the signer's rights at its point of the DAG, the clock, redactions.

  --log PATH            the log to verify (default: this repository's log)
  --from INTENT-ID      check and count only that entry and its descendants
  --since 30d|DATE      check and count only entries from then on (earlier ones are still
                        read, hashed and used for parents and trust)
  --signatures-only     only hashes and signatures (no parents, trust, clock, redaction, fork)
  --trust-genesis HASH  the log's genesis must have this hash (GENESIS_MISMATCH otherwise)
  --json                the full report, with every failure, as JSON

exit: 0 OK, 1 BROKEN, 2 usage or I/O error, 3 FORKED (all entries verify, two tips never joined)`;

const n = (x: number): string => x.toLocaleString('en-US');
const day = (ts: string | null): string => (ts ? ts.slice(0, 10) : '-');

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        log: { type: 'string' },
        from: { type: 'string' },
        since: { type: 'string' },
        'signatures-only': { type: 'boolean' },
        'trust-genesis': { type: 'string' },
        json: { type: 'boolean' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message, USAGE);
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const opts: VerifyOptions = { signaturesOnly: values['signatures-only'] };
  if (values.from !== undefined && values.since !== undefined) throw new UsageError('use --from or --since, not both', USAGE);
  if (values.from !== undefined) {
    if (!isId(values.from)) throw new UsageError(`--from needs an intent id (in_ + 26 characters), not ${JSON.stringify(values.from)}`, USAGE);
    opts.from = values.from;
  }
  if (values.since !== undefined) {
    opts.since = parseSince(values.since);
    if (Number.isNaN(opts.since)) throw new UsageError(`--since needs a duration (30d, 12h, 2w) or a date (2026-01-21), not ${JSON.stringify(values.since)}`, USAGE);
  }
  if (values['trust-genesis'] !== undefined) {
    if (!isHashRef(values['trust-genesis'])) throw new UsageError(`--trust-genesis needs a hash (blake3: + 64 lowercase hex), not ${JSON.stringify(values['trust-genesis'])}`, USAGE);
    opts.trustGenesis = values['trust-genesis'];
  }
  if (values.workers !== undefined) {
    opts.workers = Number(values.workers);
    if (!Number.isInteger(opts.workers) || opts.workers < 0 || opts.workers > 16) throw new UsageError('--workers needs a whole number from 0 to 16', USAGE);
  }
  const repo = findRepo();
  let logPath = values.log;
  if (logPath === undefined) {
    if (!repo) throw new UsageError('not inside a Git repository: pass --log PATH', USAGE);
    logPath = repo.logPath;
  }
  if (repo) opts.clockToleranceMs = repo.config.audit.clock_tolerance_seconds * 1000;

  const { verifyLog } = require('../verify/engine') as typeof import('../verify/engine');
  const report = await verifyLog(logPath, opts);
  if (opts.from !== undefined && !report.fromFound) {
    throw new UsageError(`--from ${opts.from}: no entry of ${logPath} has this id`, USAGE);
  }
  const result = !report.ok ? 'BROKEN' : report.forked ? 'FORKED' : 'OK';
  process.stdout.write(values.json ? JSON.stringify(toJson(report, result, logPath, opts), null, 2) + '\n' : toText(report, result, opts));
  return result === 'BROKEN' ? 1 : result === 'FORKED' ? 3 : 0;
}

function chainState(r: VerifyReport): string {
  if (r.failures.some((f) => f.category !== 'TORN_LINE')) return 'broken';
  return r.forked ? 'forked' : 'continuous';
}

function toJson(r: VerifyReport, result: string, log: string, opts: VerifyOptions) {
  return {
    result,
    log,
    lines: r.lines,
    entries: r.entries,
    first_ts: r.firstTs,
    last_ts: r.lastTs,
    hashes: r.hashes,
    parents: opts.signaturesOnly ? null : r.parents,
    signatures: r.signatures,
    chain: opts.signaturesOnly ? null : chainState(r),
    genesis: r.genesis && { ...r.genesis, pinned: opts.trustGenesis !== undefined && opts.trustGenesis === r.genesis.hash },
    tips: r.tips,
    failure_count: r.failureCount,
    failures: r.failures,
    warnings: r.warnings,
  };
}

function toText(r: VerifyReport, result: string, opts: VerifyOptions): string {
  const out: string[] = [];
  const windowed = r.entries !== r.lines && (opts.since !== undefined || opts.from !== undefined);
  out.push(`reading ${n(r.entries)} entries from ${day(r.firstTs)} to ${day(r.lastTs)}${windowed ? ` (of ${n(r.lines)} lines; earlier entries were hashed and used for parents and trust)` : ''}`);
  const ratio = (c: { checked: number; ok: number }) => `${n(c.ok)} / ${n(c.checked)} ${c.ok === c.checked ? 'OK' : 'FAILED'}`;
  out.push(`hashes: ${ratio(r.hashes)}`);
  out.push(opts.signaturesOnly ? 'parents: not checked (--signatures-only)' : `parents: ${ratio(r.parents)}`);
  out.push(`signatures: ${ratio(r.signatures)} (${n(r.signatures.signers)} distinct signer${r.signatures.signers === 1 ? '' : 's'})`);
  if (opts.signaturesOnly) out.push('chain: not checked (--signatures-only)');
  else {
    const state = chainState(r);
    out.push(state === 'forked' ? `chain: forked — ${r.warnings[0].reason}` : `chain: ${state}`);
  }
  if (r.genesis) {
    if (opts.trustGenesis === r.genesis.hash) out.push(`genesis: ${r.genesis.hash} (matches --trust-genesis)`);
    else if (opts.trustGenesis === undefined) {
      out.push(`genesis: ${r.genesis.hash} (admin key ${r.genesis.key} "${r.genesis.keyId}")`);
      out.push('  not pinned: compare it out of band, or pass --trust-genesis HASH');
    }
  }
  if (result === 'BROKEN') {
    const shown = r.failures.slice(0, 20);
    out.push(`${n(r.failureCount)} failure${r.failureCount === 1 ? '' : 's'}${r.failureCount > shown.length ? ` (first ${shown.length}; --json lists them all)` : ''}:`);
    for (const f of shown) out.push(`  line ${f.line}  ${f.category}  ${f.entry ?? '-'}  ${f.reason}`);
    const first = r.failures[0];
    out.push(`BROKEN — first inconsistency at ${first.entry ? `entry ${first.entry}` : `line ${first.line}`}: ${first.category} ${first.reason}`);
  } else if (result === 'FORKED') {
    out.push(`FORKED — ${n(r.entries)} entries, ${n(r.signatures.ok)} signatures valid, but ${r.warnings[0].reason}`);
  } else out.push('OK');
  return out.join('\n') + '\n';
}
