// `aura audit verify`: formats the report of lib/verify/engine.ts. Exit 0 OK, 1 BROKEN,
// 2 usage or I/O error, 3 FORKED (every entry verifies but two tips are never joined).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isHashRef } from '../crypto/blake3';
import { isPubkeyRef } from '../crypto/ed25519';
import { AuraError, UsageError } from '../errors';
import { isId } from '../ids';
import { findRepo } from '../repo';
import { parseSince } from '../time';
import type { RawLine } from '../log/read';
import type { RangeResult } from '../range/check';
import type { CheckpointSection } from '../checkpoint/section';
import type { VerifyOptions, VerifyReport } from '../verify/types';

export const USAGE =
  'aura audit verify [--log PATH | --include-archives | --snapshot FILE [--pubkey KEY] | --report DIR [--pubkey KEY]] [--from INTENT-ID | --since 30d|DATE] [--signatures-only] [--trust-genesis HASH] [--range A..B [--strict-binding]] [--checkpoint FILE...] [--tsa-cert FILE] [--json]';

export const HELP = `usage: ${USAGE}

Verifies the intent log: every line's structure, hash, delta hash and Ed25519 signature;
parents, duplicates, the signer's rights at its point of the DAG, the clock, redactions.

  --log PATH            the log to verify (default: this repository's log)
  --include-archives    the log with its archive segments, in the original order
                        (the default whenever segments exist)
  --snapshot FILE       a legal-hold snapshot (aura audit snapshot); no repository needed
  --report DIR          an evidence pack (aura audit report): its manifest and files,
                        its log, and that report.json/report.html say what the log says;
                        no repository needed
  --pubkey KEY          with --snapshot or --report: the key that must have signed its manifest
  --from INTENT-ID      check and count only that entry and its descendants
  --since 30d|DATE      check and count only entries from then on (earlier ones are still
                        read, hashed and used for parents and trust)
  --signatures-only     only hashes and signatures (no parents, trust, clock, redaction, fork)
  --trust-genesis HASH  the log's genesis must have this hash (GENESIS_MISMATCH otherwise)
  --range A..B          also check the commits of a Git range: each logged, bound to
                        its entry, with the entry's ast_delta (UNLOGGED_COMMIT,
                        COMMIT_MISMATCH, DELTA_MISMATCH, and POLICY_VIOLATION: an agent commit
                        outside the agent policy at its entry's position); commits covered only by an
                        aura audit backfill entry pass and are listed as "logged late"
  --strict-binding      with --range: a commit logged only late (backfill) is a failure
                        (LOGGED_LATE)
  --checkpoint FILE...  also check these checkpoints (aura audit checkpoint): signatures from
                        keys the log trusts, and the log holds every entry each commits to
                        (default: every checkpoint kept in .aura/checkpoints/); a timestamp
                        token beside one (<file>.tsr) is checked and each entry's trusted
                        time interval reported
  --tsa-cert FILE       a TSA certificate (PEM) tokens must chain to (default: [audit.timestamp]
                        tsa_certs); repeat for more
  --json                the full report, with every failure, as JSON

exit: 0 OK, 1 BROKEN, 2 usage or I/O error, 3 FORKED (all entries verify, two tips never joined)`;

const n = (x: number): string => x.toLocaleString('en-US');
const day = (ts: string | null): string => (ts ? ts.slice(0, 10) : '-');

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      log: { type: 'string' },
      from: { type: 'string' },
      since: { type: 'string' },
      'signatures-only': { type: 'boolean' },
      'trust-genesis': { type: 'string' },
      json: { type: 'boolean' },
      'include-archives': { type: 'boolean' },
      snapshot: { type: 'string' },
      report: { type: 'string' },
      pubkey: { type: 'string' },
      range: { type: 'string' },
      'strict-binding': { type: 'boolean' },
      checkpoint: { type: 'string', multiple: true },
      'tsa-cert': { type: 'string', multiple: true },
      workers: { type: 'string' },
    },
    allowPositionals: true, // more checkpoint files after --checkpoint FILE
  });
  if (values.report !== undefined) {
    const others = Object.keys(values).filter((k) => !['report', 'pubkey', 'json'].includes(k));
    if (others.length) throw new UsageError(`--report checks a pack on its own: drop --${others.join(', --')}`, USAGE);
    if (values.pubkey !== undefined && !isPubkeyRef(values.pubkey)) throw new UsageError('--pubkey needs a key (ed25519: + 64 lowercase hex)', USAGE);
    const { verifyReportCommand } = require('./audit-verify-report') as typeof import('./audit-verify-report');
    return verifyReportCommand(values.report, { pubkey: values.pubkey, json: values.json });
  }
  if (positionals.length && !values.checkpoint) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, USAGE);
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
  const sources = [values.log !== undefined, values['include-archives'] === true, values.snapshot !== undefined].filter(Boolean).length;
  if (sources > 1) throw new UsageError('use one of --log, --include-archives and --snapshot', USAGE);
  if (values.pubkey !== undefined && (values.snapshot === undefined || !isPubkeyRef(values.pubkey))) {
    throw new UsageError('--pubkey needs --snapshot or --report, and a key (ed25519: + 64 lowercase hex)', USAGE);
  }
  const repo = findRepo();
  if (values['strict-binding'] && values.range === undefined) throw new UsageError('--strict-binding applies to --range A..B', USAGE);
  if (values.range !== undefined && !repo) throw new UsageError('--range needs a Git repository: run it inside one', USAGE);
  let logPath = values.snapshot ?? values.log;
  if (logPath === undefined) {
    if (!repo) throw new UsageError('not inside a Git repository: pass --log PATH', USAGE);
    logPath = repo.logPath;
  }
  if (repo) opts.clockToleranceMs = repo.config.audit.clock_tolerance_seconds * 1000;

  const engine = require('../verify/engine') as typeof import('../verify/engine');
  let report: VerifyReport;
  // Archived entries are part of the log: once segments exist they are always read with it.
  const { listSegments } = require('../log/segments') as typeof import('../log/segments');
  const archived = values.snapshot === undefined && (values['include-archives'] || listSegments(logPath).length > 0);
  if (values.snapshot === undefined && !archived) report = await engine.verifyLog(logPath, opts);
  else {
    // A snapshot or archive that does not match its signed manifest is tampered evidence: BROKEN.
    let lines: AsyncIterable<RawLine>;
    if (values.snapshot !== undefined) {
      const { readSnapshotLines } = require('../snapshot/snapshot') as typeof import('../snapshot/snapshot');
      lines = readSnapshotLines(values.snapshot, { pubkey: values.pubkey });
    } else {
      const { readLinesWithArchives } = require('../log/segments') as typeof import('../log/segments');
      lines = readLinesWithArchives(logPath);
    }
    let size = 0;
    try {
      size = statSync(logPath).size;
    } catch (e) {
      if (values.snapshot !== undefined) throw new AuraError(`cannot read the snapshot ${logPath}: ${(e as Error).message}`);
    }
    try {
      report = await engine.verifyLines(lines, { ...opts, workers: opts.workers ?? engine.workersFor(size) });
    } catch (e) {
      if (!(e instanceof AuraError) || e instanceof UsageError) throw e;
      const out = values.json ? JSON.stringify({ result: 'BROKEN', log: logPath, source_error: e.message }, null, 2) : `BROKEN — ${e.message}`;
      process.stdout.write(out + '\n');
      return 1;
    }
  }
  if (opts.from !== undefined && !report.fromFound) {
    throw new UsageError(`--from ${opts.from}: no entry of ${logPath} has this id`, USAGE);
  }
  let range: RangeResult | null = null;
  if (values.range !== undefined) {
    const { verifyRange } = require('../range/check') as typeof import('../range/check');
    range = await verifyRange(values.range, { cwd: repo!.root, logPath, maxFileBytes: repo!.config.delta.max_file_bytes, strictBinding: values['strict-binding'] });
  }
  // Checkpoints (lib/checkpoint): those named, else those kept in the repository.
  const { keptCheckpoints, checkpointSection } = require('../checkpoint/section') as typeof import('../checkpoint/section');
  const cpFiles = values.checkpoint ? [...values.checkpoint, ...positionals] : repo && logPath === repo.logPath && values.snapshot === undefined ? keptCheckpoints(repo.auraDir) : [];
  const tsaCerts = values['tsa-cert'] ?? (repo ? (repo.config['audit.timestamp'].tsa_certs as string[]).map((c) => resolve(repo.root, c)) : []);
  const checkpoints = cpFiles.length && report.genesis ? checkpointSection(logPath, report, cpFiles, tsaCerts) : null;
  const result = !report.ok || (range && range.findings.length) || checkpoints?.failure ? 'BROKEN' : report.forked ? 'FORKED' : 'OK';
  const json = () => ({ ...toJson(report, result, logPath, opts), ...(range ? { range } : {}), ...(checkpoints ? { checkpoints: checkpoints.results.map(({ note, ...r }) => r), ...(checkpoints.intervals ? { entry_intervals: checkpoints.intervals } : {}) } : {}) });
  process.stdout.write(values.json ? JSON.stringify(json(), null, 2) + '\n' : toText(report, result, opts, range, checkpoints));
  if (repo && logPath === repo.logPath && values.snapshot === undefined && result !== 'BROKEN') {
    await (require('../omission/hook') as typeof import('../omission/hook')).afterVerify(repo); // seen tips (lib/omission)
  }
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

function toText(r: VerifyReport, result: string, opts: VerifyOptions, range: RangeResult | null, checkpoints: CheckpointSection | null): string {
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
  if (range) {
    const { formatRangeResult } = require('../range/check') as typeof import('../range/check');
    out.push(formatRangeResult(range));
  }
  if (checkpoints) out.push(...checkpoints.lines);
  if (result === 'BROKEN' && r.failureCount === 0 && !range?.findings.length) {
    out.push(`BROKEN — ${checkpoints!.failure}`);
  } else if (result === 'BROKEN' && r.failureCount === 0) {
    const f = range!.findings[0];
    out.push(`BROKEN — first inconsistency at commit ${f.commit.slice(0, 12)}: ${f.category} ${f.reason}`);
  } else if (result === 'BROKEN') {
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
