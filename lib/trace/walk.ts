// The life of one symbol, newest first: the entries whose ast_delta names it, read back from
// the end of the log; at a rename or a move the walk goes on under the name it had before,
// with the entries before that one, until the entry that added it (its creation) or the start
// of the log. Each event carries what an investigator asks: when, who (key id and kind), why
// (the intent, and the corrections `supersede` entries made to it), which commit, and which
// authorize-delete entries the commit used.
import type { DeltaNode, Entry } from '../entry/types';
import type { EntryReader } from './entry-reader';
import { getOwn, linesOf, SymbolIndex } from './symbol-index';

export const TRACE_VERSION = 1;

export interface TraceCorrection {
  id: string;
  hash: string;
  ts: string;
  intent: string;
  author: { id: string; kind: string };
}

export interface TraceAuthorization {
  hash: string;
  id: string | null; // null: not in the log
  ts: string | null;
  author: { id: string; kind: string } | null;
  reason: string | null;
  targets: string[];
}

export interface TraceEvent {
  change: DeltaNode['change'];
  path: string;
  from: string | null;
  kind: string;
  before: string | null;
  after: string | null;
  line: number;
  entry: { id: string; hash: string; capability: string; ts: string };
  author: { id: string; kind: string; pubkey: string };
  intent: string;
  corrections: TraceCorrection[];
  commit: string | null; // the entry's `commit` (backfilled entries) or the commit whose trailer names it
  commits: string[]; // every commit of any ref whose trailer names it (a rebase leaves the old one on other refs)
  branch: string | null;
  backfilled: boolean;
  authorizations: TraceAuthorization[];
  replaced_by: { id: string; hash: string; commit: string | null }[];
}

export interface Trace {
  version: number;
  symbol: string;
  names: string[]; // the names it had, newest first
  created: boolean; // the walk reached the entry that added it
  events: TraceEvent[];
  log_lines: number;
  unreadable_lines: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const who = (e: Entry) => ({ id: String(e.author?.id ?? ''), kind: String(e.author?.kind ?? '') });

/** Lines of `list` below `before`, newest first. */
function linesBefore(list: number[], before: number): number[] {
  const out: number[] = [];
  for (let i = list.length - 1; i >= 0; i--) if (list[i] < before) out.push(list[i]);
  return out;
}

function nodesOf(e: Entry, name: string): DeltaNode[] {
  const nodes = (e.ast_delta as { nodes?: unknown } | undefined)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return (nodes as DeltaNode[]).filter((n) => n && typeof n === 'object' && (n.path === name || n.from === name) && typeof n.path === 'string');
}

export function traceSymbol(symbol: string, index: SymbolIndex, reader: EntryReader): Trace {
  const events: TraceEvent[] = [];
  const names = [symbol];
  let name = symbol;
  let before = index.lines + 1;
  let created = false;
  walk: for (;;) {
    for (const line of linesBefore(linesOf(index.names, name), before)) {
      const e = reader.read(line);
      if (!e) continue;
      const nodes = nodesOf(e, name);
      // the node that gives this name its state here first, then one that renames it away
      nodes.sort((a, b) => Number(b.path === name) - Number(a.path === name));
      for (const n of nodes) events.push(eventOf(e, n, line, index, reader));
      const own = nodes.find((n) => n.path === name);
      if (own?.change === 'added') {
        created = true;
        break walk;
      }
      if (own && (own.change === 'renamed' || own.change === 'moved') && typeof own.from === 'string' && own.from !== name) {
        // `before` only decreases, so a name given back (A → B → A) cannot loop
        name = own.from;
        names.push(name);
        before = line;
        continue walk;
      }
    }
    break;
  }
  return { version: TRACE_VERSION, symbol, names, created, events, log_lines: index.lines, unreadable_lines: index.unreadable.length };
}

function eventOf(e: Entry, n: DeltaNode, line: number, index: SymbolIndex, reader: EntryReader): TraceEvent {
  const corrections: TraceCorrection[] = [];
  const replaced: TraceEvent['replaced_by'] = [];
  for (const l of linesOf(index.refs, e.hash)) {
    if (l <= line) continue; // a correction follows what it corrects
    const r = reader.read(l);
    if (!r) continue;
    if (r.capability === 'supersede' && r.supersedes === e.hash) {
      corrections.push({ id: r.id, hash: r.hash, ts: r.ts, intent: r.intent, author: who(r) });
    } else if (r.capability === 'commit' && (r.supersedes === e.hash || (Array.isArray(r.supersedes) && r.supersedes.includes(e.hash)))) {
      replaced.push({ id: r.id, hash: r.hash, commit: str(r.commit) });
    }
  }
  const auths = Array.isArray(e.authorizations) ? e.authorizations.filter((h): h is string => typeof h === 'string') : [];
  return {
    change: n.change,
    path: n.path,
    from: str(n.from),
    kind: String(n.kind),
    before: str(n.before),
    after: str(n.after),
    line,
    entry: { id: e.id, hash: e.hash, capability: e.capability, ts: e.ts },
    author: { ...who(e), pubkey: String(e.author?.pubkey ?? '') },
    intent: e.intent,
    corrections,
    commit: str(e.commit),
    commits: str(e.commit) ? [str(e.commit)!] : [],
    branch: str(e.branch),
    backfilled: e.backfilled === true,
    authorizations: auths.map((h) => authorization(h, index, reader)),
    replaced_by: replaced,
  };
}

function authorization(hash: string, index: SymbolIndex, reader: EntryReader): TraceAuthorization {
  const line = getOwn(index.auths, hash);
  const a = line === undefined ? null : reader.read(line);
  if (!a || a.hash !== hash) return { hash, id: null, ts: null, author: null, reason: null, targets: [] };
  const targets = Array.isArray(a.targets) ? a.targets.filter((t): t is string => typeof t === 'string') : [];
  return { hash, id: a.id, ts: a.ts, author: who(a), reason: a.intent, targets };
}
