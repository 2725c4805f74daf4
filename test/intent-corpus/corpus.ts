// The labelled intent corpus (cases.jsonl, one case a line) and its scoring, shared by
// `npm run bench:intent` and test/intent-corpus.test.ts. A case is an intent, a delta summary,
// the verdict a reviewer would give and whether strict mode must refuse the commit:
//   {"category", "intent", "delta": [...], "expect": "consistent|ambiguous|inconsistent", "blocks": bool,
//    "literal"?: [paths], "reorder"?: [paths], "auth"?: [targets], "committer"?: "agent", "refuse"?: true, "note"?}
// Delta items: "+P" added, "-P" removed, "~P" modified (P = "file:Qualified.name"),
// "R A>B" renamed, "M A>B" moved, "f~F" / "f+F" / "f-F" a file-level change to a file without
// symbols (docs, config), "t~F" a parsed file's own code outside its symbols, "e~F" / "e+F" a
// file that does not parse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AstDelta, DeltaNode } from '../../lib/entry/types';
import { checkIntent, CheckResult, Verdict } from '../../lib/intent/check';

export interface Case {
  category: string;
  intent: string;
  delta: string[];
  expect: Verdict;
  blocks: boolean;
  literal?: string[];
  reorder?: string[];
  auth?: string[];
  committer?: 'human' | 'agent';
  refuse?: boolean;
  note?: string;
}

export const CASES_FILE = join(__dirname, '..', '..', '..', 'test', 'intent-corpus', 'cases.jsonl');

export function loadCases(file = CASES_FILE): Case[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    const c = JSON.parse(l) as Case;
    if (typeof c.intent !== 'string' || !Array.isArray(c.delta) || typeof c.blocks !== 'boolean') throw new Error(`${file}:${i + 1}: not a case`);
    return c;
  });
}

const H = (n: number): string => 'blake3:' + n.toString(16).padStart(64, '0');

function nodeOf(item: string, i: number): DeltaNode {
  const m = /^(R|M) (.+)>(.+)$/.exec(item);
  if (m) return { path: m[3], kind: 'function', change: m[1] === 'R' ? 'renamed' : 'moved', before: H(i), after: H(i), from: m[2] };
  const f = /^([fte])([~+-])(.+)$/.exec(item);
  if (f) {
    const change = f[2] === '+' ? 'added' : f[2] === '-' ? 'removed' : 'modified';
    const node: DeltaNode = { path: f[3], kind: 'file', change, before: change === 'added' ? null : H(i), after: change === 'removed' ? null : H(i + 1), content: f[1] === 'f' ? 'unsupported' : 'text' };
    if (f[1] === 'e') node.parse_error = true;
    return node;
  }
  const s = /^([~+-])(.+)$/.exec(item);
  if (!s) throw new Error(`bad delta item ${JSON.stringify(item)}`);
  const change = s[1] === '+' ? 'added' : s[1] === '-' ? 'removed' : 'modified';
  return { path: s[2], kind: 'function', change, before: change === 'added' ? null : H(i), after: change === 'removed' ? null : H(i + 1) };
}

export function deltaOf(items: string[]): AstDelta {
  const nodes = items.map(nodeOf);
  const count = (...k: string[]) => nodes.filter((n) => k.includes(n.change)).length;
  return { added: count('added'), modified: count('modified', 'renamed', 'moved'), removed: count('removed'), nodes };
}

/** The check as strict-mode hooks run it on this case. */
export function runCase(c: Case): CheckResult {
  const editKinds = new Map<string, 'literal' | 'reorder'>([
    ...(c.literal ?? []).map((p) => [p, 'literal'] as [string, 'literal']),
    ...(c.reorder ?? []).map((p) => [p, 'reorder'] as [string, 'reorder']),
  ]);
  return checkIntent({
    intent: c.intent,
    delta: deltaOf(c.delta),
    authorizations: c.auth ? [{ hash: H(999), id: 'in_01J0000000000000000000000A', keyId: 'alice', targets: c.auth }] : [],
    committer: c.committer ?? 'human',
    strict: true,
    now: Date.parse('2026-05-01T00:00:00Z'),
    editKinds,
    refuseParseErrors: c.refuse === true,
  });
}

export interface Score {
  total: number;
  /** expected verdict → actual verdict → count */
  confusion: Record<Verdict, Record<Verdict, number>>;
  agree: number;
  /** labelled not to block, refused by strict mode */
  falseBlocks: Case[];
  /** labelled to block (a lie or an unnamed deletion), passed */
  missedLies: Case[];
  lies: number;
  mismatches: { c: Case; got: Verdict; blocked: boolean }[];
}

const VERDICTS: Verdict[] = ['consistent', 'ambiguous', 'inconsistent'];

export function score(cases: Case[]): Score {
  const confusion = Object.fromEntries(VERDICTS.map((v) => [v, Object.fromEntries(VERDICTS.map((w) => [w, 0]))])) as Score['confusion'];
  const s: Score = { total: cases.length, confusion, agree: 0, falseBlocks: [], missedLies: [], lies: 0, mismatches: [] };
  for (const c of cases) {
    const r = runCase(c);
    confusion[c.expect][r.verdict]++;
    if (r.verdict === c.expect) s.agree++;
    if (c.blocks) s.lies++;
    if (r.blocked && !c.blocks) s.falseBlocks.push(c);
    if (!r.blocked && c.blocks) s.missedLies.push(c);
    if (r.verdict !== c.expect || r.blocked !== c.blocks) s.mismatches.push({ c, got: r.verdict, blocked: r.blocked });
  }
  return s;
}

const pct = (n: number, d: number): string => (d === 0 ? '0.0' : ((100 * n) / d).toFixed(1));

/** The confusion table and the two figures, as `npm run bench:intent` prints them. */
export function formatScore(s: Score, verbose = false): string {
  const w = 14;
  const lines = [
    `aura bench:intent — ${s.total} labelled cases (test/intent-corpus/cases.jsonl), strict mode`,
    '',
    `${'expected \\ got'.padEnd(w)}${VERDICTS.map((v) => v.padStart(w)).join('')}`,
    ...VERDICTS.map((e) => `${e.padEnd(w)}${VERDICTS.map((g) => String(s.confusion[e][g]).padStart(w)).join('')}`),
    '',
    `verdict agreement: ${s.agree}/${s.total} (${pct(s.agree, s.total)} %)`,
    `false blocks (honest commits refused in strict mode): ${s.falseBlocks.length} of ${s.total - s.lies} (${pct(s.falseBlocks.length, s.total - s.lies)} %)   target 0`,
    `missed lies (cases labelled to block that pass):     ${s.missedLies.length} of ${s.lies} (${pct(s.missedLies.length, s.lies)} %)   target ≤ 2 %`,
  ];
  const show = verbose ? s.mismatches : s.mismatches.filter((m) => s.falseBlocks.includes(m.c) || s.missedLies.includes(m.c));
  if (show.length) {
    lines.push('', verbose ? 'mismatches:' : 'false blocks and missed lies:');
    for (const m of show) lines.push(`  [${m.c.category}] ${JSON.stringify(m.c.intent)} ${JSON.stringify(m.c.delta)} — expected ${m.c.expect}${m.c.blocks ? ' (blocks)' : ''}, got ${m.got}${m.blocked ? ' (blocks)' : ''}`);
  }
  return lines.join('\n');
}
