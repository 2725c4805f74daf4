// The checks that need the DAG: parents, duplicates, reused ids, trust at each entry's
// position, the clock, redactions, genesis and forks. Lines arrive in file order, each
// already analyzed (lib/verify/analyze.ts); an entry whose parents have not been seen yet
// waits in `pending` and is placed when the last of them arrives, so any file order that
// is a valid DAG verifies, and what still waits at the end names a missing parent.
import type { Entry } from '../entry/types';
import { applyEntry, checkSigner, EMPTY_TRUST, mergeTrust, TrustState, TRUST_CAPABILITIES } from '../entry/trust';
import type { Analysis, Slim } from './analyze';
import { grown, hashKey, idKey, Key, KeyTable } from './table';
import type { Category, Tip, VerifyOptions, VerifyReport } from './types';

const PLACED = 1;
const IN_WINDOW = 2;

interface Waiting {
  a: Analysis;
  e: Slim;
  missing: number;
  /** a malformed line standing in the DAG by its claimed hash (see Analysis.salvage) */
  broken: boolean;
  /** for a broken line whose parents cannot be read */
  noParents?: boolean;
  /** placed at the end although a parent is missing (already reported) */
  orphan?: boolean;
}

export class Chain {
  private readonly opts: VerifyOptions;
  private readonly tolerance: number;
  private readonly maxFailures: number;
  // Per seen entry (by hash): flags, ts, trust state index, line. Nothing else is kept.
  private readonly seen = new KeyTable();
  private flags = new Uint8Array(1024);
  private ts = new Float64Array(1024);
  private trust = new Uint32Array(1024);
  private line = new Uint32Array(1024);
  private readonly ids = new KeyTable();
  private readonly key = new Uint32Array(4);
  // Trust states are shared by every entry between two trust entries: keep each once.
  private readonly states: TrustState[] = [EMPTY_TRUST];
  private readonly stateIndex = new Map<TrustState, number>([[EMPTY_TRUST, 0]]);
  private readonly merged = new Map<string, number>();
  private readonly pending = new Map<string, Waiting[]>();
  private readonly tips = new Map<string, Tip & { trust: number }>();
  private readonly redactedAt = new Map<string, { fields: string[]; line: number; id: string }>();
  private readonly granted = new Map<string, Set<string>>();
  private readonly signers = new Set<string>();
  private genesisCount = 0;
  private readonly report: VerifyReport;

  constructor(opts: VerifyOptions = {}) {
    this.opts = opts;
    this.tolerance = opts.clockToleranceMs ?? 300_000;
    this.maxFailures = opts.maxFailures ?? 100_000;
    this.report = {
      ok: true, forked: false, lines: 0, entries: 0, firstTs: null, lastTs: null,
      hashes: { checked: 0, ok: 0 }, parents: { checked: 0, ok: 0 }, signatures: { checked: 0, ok: 0, signers: 0 },
      failures: [], failureCount: 0, warnings: [], tips: [], genesis: null, trust: EMPTY_TRUST, tipTrust: [],
      fromFound: opts.from === undefined ? null : false,
    };
    if (opts.seed) this.seedWith(opts.seed);
  }

  /** Starts from a verified prefix: its tips are placed entries (ts unknown: no clock check against them). */
  private seedWith(seed: NonNullable<VerifyOptions['seed']>): void {
    if (seed.genesis) {
      this.genesisCount = 1;
      this.report.genesis = { hash: seed.genesis, entry: '', key: '', keyId: '' };
    }
    for (const { tip, trust } of seed.tips) {
      const idx = this.addSeen(hashKey(tip.hash, this.key));
      const t = this.stateOf(trust);
      this.flags[idx] = PLACED | IN_WINDOW;
      this.ts[idx] = -Infinity;
      this.trust[idx] = t;
      this.line[idx] = tip.line;
      this.tips.set(tip.hash, { ...tip, trust: t });
    }
  }

  /** Adds a hash key to `seen` and grows the per-entry arrays along with its capacity. */
  private addSeen(k: Key): number {
    const idx = this.seen.add(k);
    const cap = this.seen.capacity;
    this.flags = grown(this.flags, cap);
    this.ts = grown(this.ts, cap);
    this.trust = grown(this.trust, cap);
    this.line = grown(this.line, cap);
    return idx;
  }

  private fail(category: Category, line: number, entry: string | null, hash: string | null, reason: string): void {
    this.report.failureCount++;
    if (this.report.failures.length < this.maxFailures) this.report.failures.push({ category, entry, hash, line, reason });
  }

  /** Takes the next line of the file, in file order. */
  add(a: Analysis): void {
    this.report.lines++;
    for (const f of a.failures) this.fail(f.category, a.lineNo, a.id, a.hash, f.reason);
    if (this.opts.signaturesOnly) {
      if (a.entry) this.count(a, a.entry);
      return;
    }
    const broken = !a.entry;
    if (broken && !a.salvage) return;
    const e: Slim = a.entry ?? {
      id: a.id ?? '', ts: '', tsMs: -Infinity, hash: a.salvage!.hash, parents: a.salvage!.parents ?? [],
      capability: '', author: { kind: 'human', pubkey: '' },
    };
    const k = hashKey(e.hash, this.key);
    const dup = this.seen.find(k);
    if (dup >= 0) {
      this.fail('DUPLICATE_ENTRY', a.lineNo, e.id, e.hash, `the same entry (same hash) as line ${this.line[dup]}`);
      return;
    }
    const idx = this.addSeen(k);
    this.line[idx] = a.lineNo;
    if (!broken) {
      const ik = idKey(e.id, this.key);
      if (this.ids.find(ik) >= 0) this.fail('ID_REUSED', a.lineNo, e.id, e.hash, `id ${e.id} is already used by a different entry`);
      else this.ids.add(ik);
    }

    let missing = 0;
    const w: Waiting = { a, e, missing: 0, broken, noParents: broken && !a.salvage!.parents };
    for (const p of e.parents) {
      if (this.placedIndex(p) >= 0) continue;
      missing++;
      const list = this.pending.get(p);
      if (list) list.push(w);
      else this.pending.set(p, [w]);
    }
    w.missing = missing;
    if (missing === 0) this.place(w, idx);
  }

  private placedIndex(hash: string): number {
    const i = this.seen.find(hashKey(hash, this.key));
    return i >= 0 && this.flags[i] & PLACED ? i : -1;
  }

  private stateOf(s: TrustState): number {
    let i = this.stateIndex.get(s);
    if (i === undefined) {
      i = this.states.length;
      this.states.push(s);
      this.stateIndex.set(s, i);
    }
    return i;
  }

  private mergedState(indices: number[]): number {
    if (indices.length === 1) return indices[0];
    const uniq = [...new Set(indices)].sort((x, y) => x - y);
    if (uniq.length === 1) return uniq[0];
    const memo = uniq.join(',');
    let r = this.merged.get(memo);
    if (r === undefined) {
      r = this.stateOf(mergeTrust(uniq.map((i) => this.states[i])));
      this.merged.set(memo, r);
    }
    return r;
  }

  /** Places an entry whose parents are all placed, then every waiting entry that it completes. */
  private place(first: Waiting, firstIdx: number): void {
    const stack: [Waiting, number][] = [[first, firstIdx]];
    while (stack.length) {
      const [w, idx] = stack.pop()!;
      this.placeOne(w, idx);
      const waiting = this.pending.get(w.e.hash);
      if (!waiting) continue;
      this.pending.delete(w.e.hash);
      for (const c of waiting) if (--c.missing === 0) stack.push([c, this.seen.find(hashKey(c.e.hash, this.key))]);
    }
  }

  /** A malformed line stands in the DAG so its descendants are checked; it changes no trust. */
  private placeBroken({ a, e, noParents }: Waiting, idx: number): void {
    const parentIdx = this.placedParents(e);
    // Without readable parents, take the trust of the log as it stood (its tips) at this line.
    const stateIdx = noParents || parentIdx.length === 0 ? this.tipsState() : this.mergedState(parentIdx.map((i) => this.trust[i]));
    this.ts[idx] = -Infinity;
    this.trust[idx] = stateIdx;
    this.flags[idx] = PLACED | (parentIdx.some((i) => this.flags[i] & IN_WINDOW) || this.opts.from === undefined ? IN_WINDOW : 0);
    for (const p of e.parents) this.tips.delete(p);
    this.tips.set(e.hash, { hash: e.hash, entry: e.id, line: a.lineNo, trust: stateIdx });
  }

  /** Indices of the entry's parents that are placed (all of them, except for an entry placed despite a missing parent). */
  private placedParents(e: Slim): number[] {
    const out: number[] = [];
    for (const p of e.parents) {
      const i = this.placedIndex(p);
      if (i >= 0) out.push(i);
    }
    return out;
  }

  /** The trust for an entry placed without any of its parents: the log's as it stood (its tips). */
  private tipsState(): number {
    const t = [...this.tips.values()].map((x) => x.trust);
    return t.length ? this.mergedState(t) : 0;
  }

  private placeOne(w: Waiting, idx: number): void {
    if (w.broken) return this.placeBroken(w, idx);
    const { a, e } = w;
    const opts = this.opts;
    const parentIdx = this.placedParents(e);
    let inWindow = true;
    if (opts.from !== undefined) {
      inWindow = e.id === opts.from || parentIdx.some((i) => this.flags[i] & IN_WINDOW);
      if (e.id === opts.from) this.report.fromFound = true;
    } else if (opts.since !== undefined) inWindow = e.tsMs >= opts.since;

    let maxParentTs = -Infinity;
    let maxParent = -1;
    for (const i of parentIdx) if (this.ts[i] > maxParentTs) [maxParentTs, maxParent] = [this.ts[i], i];
    if (!opts.trustOnly && e.tsMs < maxParentTs - this.tolerance) {
      const secs = Math.round((maxParentTs - e.tsMs) / 1000);
      this.fail('CLOCK_REGRESSION', a.lineNo, e.id, e.hash, `ts ${e.ts} is ${secs} s before its parent at line ${this.line[maxParent]} (tolerance ${this.tolerance / 1000} s)`);
    }

    const stateIdx = e.parents.length === 0 ? 0 : parentIdx.length === 0 ? this.tipsState() : this.mergedState(parentIdx.map((i) => this.trust[i]));
    const state = this.states[stateIdx];
    if (e.parents.length === 0) this.genesis(a, e);

    let signerOk = true;
    if (!opts.trustOnly || TRUST_CAPABILITIES.has(e.capability)) {
      const why = checkSigner(state, e as unknown as Entry);
      if (why) {
        signerOk = false;
        this.fail('UNKNOWN_SIGNER', a.lineNo, e.id, e.hash, why);
      }
    }
    // Only an entry that fully verifies may change trust or authorize a redaction.
    const valid = signerOk && a.hashChecked && a.hashOk && a.sigChecked && a.sigOk;
    const after = valid ? this.stateOf(applyEntry(state, e as unknown as Entry)) : stateIdx;
    if (valid && e.targets) {
      for (const t of e.targets) {
        let set = this.granted.get(t.entry);
        if (!set) this.granted.set(t.entry, (set = new Set()));
        for (const f of t.fields) set.add(f);
      }
    }
    if (e.redacted && !opts.trustOnly) this.redactedAt.set(e.hash, { fields: e.redacted, line: a.lineNo, id: e.id });

    this.ts[idx] = e.tsMs;
    this.trust[idx] = after;
    this.flags[idx] = PLACED | (inWindow ? IN_WINDOW : 0);
    for (const p of e.parents) this.tips.delete(p);
    this.tips.set(e.hash, { hash: e.hash, entry: e.id, line: a.lineNo, trust: after });
    if (inWindow) {
      this.report.parents.checked++;
      if (!w.orphan) this.report.parents.ok++;
      this.count(a, e);
    }
  }

  private genesis(a: Analysis, e: Slim): void {
    if (++this.genesisCount > 1) {
      this.fail('MULTIPLE_GENESIS', a.lineNo, e.id, e.hash, `a second genesis; the log's genesis is ${this.report.genesis?.hash}`);
      return;
    }
    this.report.genesis = { hash: e.hash, entry: e.id, key: e.key ?? '', keyId: e.key_id ?? '' };
    const pin = this.opts.trustGenesis;
    if (pin !== undefined && pin !== e.hash) this.fail('GENESIS_MISMATCH', a.lineNo, e.id, e.hash, `the genesis is ${e.hash}, not the pinned ${pin}`);
  }

  private count(a: Analysis, e: Slim): void {
    const r = this.report;
    r.entries++;
    if (r.firstTs === null || e.ts < r.firstTs) r.firstTs = e.ts;
    if (r.lastTs === null || e.ts > r.lastTs) r.lastTs = e.ts;
    if (a.hashChecked) {
      r.hashes.checked++;
      if (a.hashOk) r.hashes.ok++;
    }
    if (a.sigChecked) {
      r.signatures.checked++;
      if (a.sigOk) {
        r.signatures.ok++;
        this.signers.add(e.author.pubkey);
      }
    }
  }

  /**
   * Entries still waiting at the end name a parent that is not in the log. Each such entry is
   * reported once (PARENT_NOT_FOUND) and then placed with the parents it does have, so its
   * descendants are still checked — one missing line is one failure, not one per descendant.
   */
  private resolveStuck(): void {
    const stuck = new Set<Waiting>();
    for (const list of this.pending.values()) for (const w of list) stuck.add(w);
    const isPlaced = (w: Waiting) => this.flags[this.seen.find(hashKey(w.e.hash, this.key))] & PLACED;
    const ordered = [...stuck].sort((x, y) => x.a.lineNo - y.a.lineNo);
    for (const w of ordered) {
      if (isPlaced(w)) continue;
      const unplaced = w.e.parents.filter((p) => this.placedIndex(p) < 0);
      const absent = unplaced.filter((p) => this.seen.find(hashKey(p, this.key)) < 0);
      if (absent.length < unplaced.length) continue; // it waits for an entry that is itself waiting
      w.orphan = true;
      this.fail('PARENT_NOT_FOUND', w.a.lineNo, w.e.id, w.e.hash, absent.map((p) => `parent ${p} is not in the log`).join('; '));
      w.missing = 0;
      for (const p of absent) this.pending.delete(p);
      this.place(w, this.seen.find(hashKey(w.e.hash, this.key)));
    }
    // What is left waits on entries that wait on it: parents that can never be satisfied.
    for (const w of ordered) {
      if (isPlaced(w)) continue;
      this.report.parents.checked++;
      this.fail('PARENT_NOT_FOUND', w.a.lineNo, w.e.id, w.e.hash, 'its parents can never all be placed (they form a cycle through entries that are not in the log)');
    }
  }

  /** Ends the stream: reports what never resolved, unauthorized redactions and forks. */
  finish(): VerifyReport {
    const r = this.report;
    this.resolveStuck();
    for (const [hash, at] of this.redactedAt) {
      const ok = this.granted.get(hash);
      const unnamed = at.fields.filter((f) => !ok?.has(f));
      if (unnamed.length) {
        this.fail('UNAUTHORIZED_REDACTION', at.line, at.id, hash, `redacted ${unnamed.join(', ')} but no valid redact entry by an admin key names ${unnamed.length > 1 ? 'them' : 'it'}`);
      }
    }
    if (this.opts.trustGenesis !== undefined && this.genesisCount === 0) {
      this.fail('GENESIS_MISMATCH', 0, null, null, `the log has no genesis entry; the pinned genesis is ${this.opts.trustGenesis}`);
    }
    r.tips = [...this.tips.values()].map(({ hash, entry, line }) => ({ hash, entry, line }));
    if (!this.opts.signaturesOnly && this.tips.size > 1) {
      r.forked = true;
      r.warnings.push({
        category: 'FORK', entry: null, hash: null, line: 0,
        reason: `${this.tips.size} tips that no entry joins: ${r.tips.map((t) => `${t.entry} (line ${t.line}, ${t.hash})`).join(', ')}`,
      });
    }
    r.tipTrust = [...this.tips.values()].map((t) => this.states[t.trust]);
    r.trust = mergeTrust(r.tipTrust);
    r.signatures.signers = this.signers.size;
    r.failures.sort((x, y) => x.line - y.line);
    r.ok = r.failureCount === 0;
    return r;
  }
}
