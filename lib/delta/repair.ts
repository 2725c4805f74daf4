// The repair pass (aura-symbol/2 and later): a second parse of a file whose tree has ERROR or MISSING
// nodes, after rewriting the few constructs tree-sitter-typescript 0.23.2 cannot parse but
// TypeScript accepts. Every rewrite is checked on the new tree (it must land exactly where the
// construct belongs) and hashes as if the grammar had understood the original:
//   - `asi`: a call or construct signature whose type parameters start a new line
//     (`(): S` newline `<U>(sel: …): U`, upstream #335) gets the `;` ASI implies after the
//     member before it. `;` is dropped from every hash, so this is the tree the author would
//     have had writing it.
//   - `keywords`: variance annotations (`<in T, out U>`) and `export type * from` are blanked
//     (same length, so every offset stays) and the keyword is given back to the hash as an
//     injected anonymous token (extract.ts emits it before the first leaf at or after it).
//   - `ampersand`: a bare `&` in JSX text or a JSX attribute string (`Terms & Conditions`,
//     `?w=900&fit=crop`) is read as `_` by the parser only; the hashed text is the original.
// From aura-symbol/3, for tree-sitter-python 0.23.6 (RepairKind's `since`):
//   - `except-star`: `except *(E):` (a space between `except` and `*`, then anything but a
//     plain name) is read as `except* (E):`: the same length, the tree `except*(E):` has.
//   - `starred`: a starred item in a bare tuple (`f = 1, *"ten"`) is blanked for the parser and
//     the `*` injected back, as `keywords` does.
// And for TypeScript/TSX, on every file (the grammar misreads it without always failing):
//   - `typeof-import`: `typeof import("m")` is read by the parser as `typeof import_____`
//     (same length); extract.ts hashes that identifier as the tokens the grammar gives
//     `import("m")` where it does parse it (a type annotation), so `f<typeof import("m")>()`
//     parses, and every other `typeof import("m")` hashes as before.
// A repair is kept only when it leaves fewer errors than the grammar alone.
import type { GrammarSpec, RepairKind } from '../../grammars/types';

/** A token given back to the hash: `token` goes before the first leaf starting at or after `at`. */
export interface Injection {
  at: number;
  token: string;
}

export interface Repaired {
  /** the text the walk slices (with inserted `;`): offsets match `tree` */
  text: string;
  tree: any;
  inject: Injection[];
}

type Parse = (text: string) => any;

interface Range {
  start: number;
  end: number;
}

/**
 * ERROR nodes and MISSING leaves, in document order (ERROR nodes are not descended into).
 * Only subtrees that hold an error are visited: the rest of the file costs nothing.
 */
function errors(tree: any): Range[] {
  const out: Range[] = [];
  const visit = (n: any): void => {
    if (n.type === 'ERROR' || n.isMissing) out.push({ start: n.startIndex, end: n.endIndex });
    else if (n.hasError) for (const c of n.children) visit(c);
  };
  visit(tree.rootNode);
  return out;
}

const lineStart = (text: string, i: number) => text.lastIndexOf('\n', i - 1) + 1;

/** The leaf of `tree` covering offset `i`. */
function leafAt(tree: any, i: number): any {
  return tree.rootNode.descendantForIndex(i, i + 1);
}

/**
 * Where to put `;` for each line that starts with `<` in or next to an error: after the last
 * non-blank line before it that is not a comment line.
 */
function asiPoints(text: string, errs: Range[]): number[] {
  const points = new Set<number>();
  for (const e of errs) {
    const from = lineStart(text, e.start);
    const to = text.indexOf('\n', e.end);
    const re = /\n[ \t]*</g;
    re.lastIndex = Math.max(0, from - 1);
    for (let m = re.exec(text); m && m.index <= (to < 0 ? text.length : to); m = re.exec(text)) {
      let end = m.index; // the newline before the `<` line
      for (;;) {
        const s = lineStart(text, end);
        const line = text.slice(s, end).trim();
        if (s === 0 || (line && !/^(\/\/|\/\*|\*)/.test(line))) break;
        end = s - 1;
      }
      const s = lineStart(text, end);
      if (!/^\s*$/.test(text.slice(s, end)) && !/[;,{(<[|&=]\s*$/.test(text.slice(s, end))) points.add(end);
    }
  }
  return [...points].sort((a, b) => a - b);
}

function insertSemicolons(text: string, points: number[]): { text: string; at: number[] } {
  let out = '', last = 0;
  const at: number[] = [];
  for (const p of points) {
    out += text.slice(last, p);
    at.push(out.length);
    out += ';';
    last = p;
  }
  return { text: out + text.slice(last), at };
}

/** `;` insertions, each kept only if it became a statement or member separator. */
function repairAsi(text: string, tree: any, parse: Parse): { text: string; tree: any } | null {
  let points = asiPoints(text, errors(tree));
  for (let round = 0; round < 2 && points.length; round++) {
    const r = insertSemicolons(text, points);
    const t = parse(r.text);
    const bad = r.at.filter((i) => {
      const leaf = leafAt(t, i);
      return leaf.type !== ';' || leaf.isNamed || leaf.startIndex !== i || leaf.isMissing;
    });
    if (!bad.length) return { text: r.text, tree: t };
    const drop = new Set(bad.map((i) => points[r.at.indexOf(i)]));
    points = points.filter((p) => !drop.has(p));
  }
  return null;
}

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** Variance annotations and `export type *`: blanked for the parser, injected back into the hash. */
function repairKeywords(text: string, parse: Parse): { parseText: string; tree: any; inject: Injection[] } | null {
  const edits: { start: number; end: number; tokens: Injection[]; check: (t: any) => boolean }[] = [];
  for (const m of text.matchAll(/\bexport(\s+)type(\s*)\*/g)) {
    const at = m.index! + 6 + m[1].length, star = at + 4 + m[2].length;
    edits.push({ start: at, end: at + 4, tokens: [{ at, token: 'type' }], check: (t) => {
      const leaf = leafAt(t, star);
      return leaf.type === '*' && (leaf.parent?.type === 'export_statement' || leaf.parent?.type === 'namespace_export');
    } });
  }
  // after `<` or `,`, and any whitespace and comments (`<\n  /** doc */\n  out T`). A line
  // comment runs to the end of its line: without that `(?=\n|$)`, a separator line of slashes
  // (`///////  CHECKS  ///////`, zod) could be split at every `//`, and the match took
  // exponential time (a hook hung on such a file whenever it had a parse error).
  for (const m of text.matchAll(/([<,](?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*(?=\n|$))*?)((?:(?:in|out)\s+)+)(?=[A-Za-z_$])/g)) {
    const start = m.index! + m[1].length, end = start + m[2].length;
    const tokens = [...m[2].matchAll(/in|out/g)].map((k) => ({ at: start + k.index!, token: k[0] }));
    edits.push({ start, end, tokens, check: (t) => {
      const leaf = leafAt(t, end);
      return leaf.startIndex === end && leaf.parent?.type === 'type_parameter' && leaf.parent.startIndex === end;
    } });
  }
  if (!edits.length) return null;
  let kept = edits;
  for (let round = 0; round < 2 && kept.length; round++) {
    let parseText = text;
    for (const e of kept) parseText = parseText.slice(0, e.start) + blank(parseText.slice(e.start, e.end)) + parseText.slice(e.end);
    const tree = parse(parseText);
    const ok = kept.filter((e) => e.check(tree));
    if (ok.length === kept.length) return { parseText, tree, inject: kept.flatMap((e) => e.tokens) };
    kept = ok;
  }
  return null;
}

const ENTITY = /^&(#[0-9]{1,5}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{1,30});/;

/** Bare `&` inside error regions read as `_`, each kept only if it ends up in JSX text or a string. */
function repairAmpersand(text: string, tree: any, parse: Parse): { parseText: string; tree: any } | null {
  let parseText = text;
  const all: number[] = [];
  let t = tree;
  for (let round = 0; round < 4; round++) {
    const found: number[] = [];
    for (const e of errors(t)) {
      for (let i = parseText.indexOf('&', e.start); i !== -1 && i < e.end; i = parseText.indexOf('&', i + 1)) {
        if (parseText[i + 1] === '&' || parseText[i + 1] === '=' || parseText[i - 1] === '&' || ENTITY.test(parseText.slice(i, i + 40))) continue;
        found.push(i);
      }
    }
    if (!found.length) break;
    for (const i of found) parseText = parseText.slice(0, i) + '_' + parseText.slice(i + 1);
    all.push(...found);
    t = parse(parseText);
  }
  if (!all.length) return null;
  const inText = (i: number) => {
    const leaf = leafAt(t, i);
    return leaf.type === 'jsx_text' || leaf.type === 'string_fragment';
  };
  if (!all.every(inText)) return null;
  return { parseText, tree: t };
}

/** Whether a node starting where the leaf at `i` starts is an item of a `type` node. */
function itemOf(tree: any, i: number, type: string): boolean {
  for (let n = leafAt(tree, i); n.parent; n = n.parent) {
    if (n.parent.type === type) return true;
    if (n.parent.startIndex !== n.startIndex) return false;
  }
  return false;
}

/**
 * `re`'s matches that start inside an error, on its first line, or on the line before it
 * (tree-sitter often recovers from a bad token by wrapping the next statement in the ERROR).
 */
function inErrors(text: string, errs: Range[], re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (const e of errs) {
    const first = lineStart(text, e.start);
    re.lastIndex = first > 0 ? lineStart(text, first - 1) : 0;
    for (let m = re.exec(text); m && m.index < e.end; m = re.exec(text)) if (!out.some((o) => o.index === m!.index)) out.push(m);
  }
  return out;
}

/** `except *(E):` read as `except* (E):` (same length: only the space and the `*` swap). */
function repairExceptStar(text: string, tree: any, parse: Parse): { parseText: string; tree: any } | null {
  const found = inErrors(text, errors(tree), /\bexcept([ \t]+)\*/g);
  if (!found.length) return null;
  let parseText = text;
  for (const m of found) parseText = parseText.slice(0, m.index) + 'except*' + m[1] + parseText.slice(m.index + m[0].length);
  const t = parse(parseText);
  const ok = found.every((m) => {
    const leaf = leafAt(t, m.index);
    return leaf.type === 'except*' && leaf.startIndex === m.index && leaf.parent?.type === 'except_group_clause';
  });
  return ok ? { parseText, tree: t } : null;
}

/** A starred item of a bare tuple (`1, *"ten"`): the `*` blanked for the parser and injected back. */
function repairStarred(text: string, tree: any, parse: Parse): { parseText: string; tree: any; inject: Injection[] } | null {
  // a `*` (not `**`, not `*=`) after `,` or an assignment's `=`
  const found = inErrors(text, errors(tree), /(?:,|(?<![=!<>+\-*/%&|^@:])=)[ \t]*(\*)(?![*=,)\s])/g);
  if (!found.length) return null;
  const stars = found.map((m) => m.index + m[0].length - 1);
  let parseText = text;
  for (const i of stars) parseText = parseText.slice(0, i) + ' ' + parseText.slice(i + 1);
  const t = parse(parseText);
  const ok = stars.every((i) => itemOf(t, i + 1, 'expression_list'));
  return ok ? { parseText, tree: t, inject: stars.map((at) => ({ at, token: '*' })) } : null;
}

function errorCount(tree: any): number {
  return errors(tree).length;
}

/**
 * A better parse of `text`, whose first parse `tree` has errors, or null when no repair
 * leaves fewer errors. `parse` parses a text with the file's grammar.
 */
export function repair(spec: GrammarSpec, text: string, tree: any, parse: Parse, level: number): Repaired | null {
  const kinds = (spec.repairs ?? []).filter((k) => SINCE[k] <= level);
  if (!kinds.length) return null;
  const before = errorCount(tree);
  let cur: Repaired = { text, tree, inject: [] };
  let parseText = text;
  if (kinds.includes('asi')) {
    const r = repairAsi(text, tree, parse);
    if (r && errorCount(r.tree) < before) (cur = { text: r.text, tree: r.tree, inject: [] }), (parseText = r.text);
  }
  if (kinds.includes('keywords') && cur.tree.rootNode.hasError) {
    const r = repairKeywords(cur.text, parse);
    if (r && errorCount(r.tree) < errorCount(cur.tree)) (cur = { text: cur.text, tree: r.tree, inject: r.inject }), (parseText = r.parseText);
  }
  if (kinds.includes('ampersand') && cur.tree.rootNode.hasError) {
    const r = repairAmpersand(parseText, cur.tree, parse);
    if (r && errorCount(r.tree) < errorCount(cur.tree)) cur = { text: cur.text, tree: r.tree, inject: cur.inject };
  }
  // Python (aura-symbol/3): both are blank-or-swap rewrites of the original text, one after the other
  if (kinds.includes('except-star') && cur.tree.rootNode.hasError) {
    const r = repairExceptStar(parseText, cur.tree, parse);
    if (r && errorCount(r.tree) < errorCount(cur.tree)) (cur = { text: cur.text, tree: r.tree, inject: cur.inject }), (parseText = r.parseText);
  }
  if (kinds.includes('starred') && cur.tree.rootNode.hasError) {
    const r = repairStarred(parseText, cur.tree, parse);
    if (r && errorCount(r.tree) < errorCount(cur.tree)) (cur = { text: cur.text, tree: r.tree, inject: cur.inject.concat(r.inject).sort((a, b) => a.at - b.at) }), (parseText = r.parseText);
  }
  return cur.tree === tree ? null : cur;
}

/** The first algorithm level each repair belongs to: an algorithm's rules never change once released. */
const SINCE: Record<RepairKind, number> = { asi: 2, keywords: 2, ampersand: 2, 'except-star': 3, starred: 3, 'typeof-import': 3 };

// `typeof import("m")` with one plain string argument (no escapes, no options object)
const TYPEOF_IMPORT = /\btypeof(\s+)import(\s*\(\s*(["'])[^"'\\\n]*\3\s*\))/g;

/** The text as the parser reads it for `typeof-import` (same length), or the text itself. */
export function typeofImportForParser(text: string): string {
  if (text.indexOf('typeof') === -1) return text;
  return text.replace(TYPEOF_IMPORT, (_m, space: string, call: string) => `typeof${space}import${'_'.repeat(call.length)}`);
}

const IMPORT_CALL = /^import\s*\(\s*(["'])([^]*)\1\s*\)$/;

/**
 * The tokens an identifier leaf made by typeofImportForParser hashes as (those of
 * `import("m")` in a type annotation, quotes as `"`), or null when `leaf` is not one.
 */
export function typeofImportTokens(leaf: string): string[] | null {
  if (leaf.charCodeAt(leaf.length - 1) !== 41 /* ) */ || !leaf.startsWith('import')) return null;
  const m = IMPORT_CALL.exec(leaf);
  if (!m) return null;
  const fragment = m[2] ? ['=string_fragment\u0000' + m[2]] : [];
  return ['(call_expression', '(import', 'import', ')', '(arguments', '(', '(string', '"', ...fragment, '"', ')', ')', ')', ')'];
}
