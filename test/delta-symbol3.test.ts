// aura-symbol/3 (lib/delta/algorithm.ts): what it adds to /2 — Python's repairs for what
// tree-sitter-python 0.23.6 rejects but Python accepts, quoted property keys read as unquoted
// ones (Prettier's quoteProps), JSX `{" "}` read as the space it is (Prettier's line breaks) —
// and that /2 still computes what it did (old entries verify; test/range-verify.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grammarFor } from '../grammars/registry';
import { extractSymbols, FileTable, symbolTokens } from '../lib/delta/extract';

const at = (algorithm: string) => (path: string, text: string): FileTable => extractSymbols(grammarFor(path)!, text, algorithm);
const v2 = at('aura-symbol/2'), v3 = at('aura-symbol/3');
const hashes = (t: FileTable) => ({ '': t.module, ...Object.fromEntries(t.symbols.map((s) => [s.name, s.hash])) });
const names = (t: FileTable) => t.symbols.map((s) => `${s.kind} ${s.name}`);

function same(path: string, a: string, b: string): void {
  const x = v3(path, a), y = v3(path, b);
  assert.is(x.parse_error, undefined, a);
  assert.is(y.parse_error, undefined, b);
  assert.equal(hashes(x), hashes(y), `${a}\n  vs\n${b}`);
}
function differ(path: string, a: string, b: string): void {
  assert.not.equal(hashes(v3(path, a)), hashes(v3(path, b)), `${a}\n  vs\n${b}`);
}

test('the default algorithm is aura-symbol/3', () => {
  assert.is(extractSymbols(grammarFor('a.py')!, 'def f():\n    return 1\n').symbols[0].hash, v3('a.py', 'def f():\n    return 1\n').symbols[0].hash);
});

test('Python: `except *(E):` parses (as `except* (E):` does) and keeps its symbols', () => {
  const src = (clause: string) => `def run(f):\n    try:\n        f()\n    ${clause}:\n        pass\n\n\ndef ok():\n    return 1\n`;
  const spaced = src('except *(ValueError)');
  assert.is(v2('g.py', spaced).parse_error, true); // /2 is unchanged
  const t = v3('g.py', spaced);
  assert.is(t.parse_error, undefined);
  assert.equal(names(t), ['function run', 'function ok']);
  // the same program written without the space parses natively: one hash
  assert.is(v2('g.py', src('except*(ValueError)')).parse_error, undefined);
  assert.equal(hashes(t), hashes(v3('g.py', src('except*(ValueError)'))));
  assert.equal(hashes(t), hashes(v3('g.py', src('except  *  (ValueError)'))));
  differ('g.py', spaced, src('except *(TypeError)'));
  same('g.py', src('except *(TypeError, ValueError, *OTHER) as e'), src('except* (TypeError, ValueError, *OTHER) as e'));
  // a plain name after `except *` parsed before and is left as it was
  assert.equal(hashes(v3('g.py', src('except *ValueError'))), hashes(v3('g.py', src('except *ValueError'))));
  assert.is(v3('g.py', src('except *ValueError')).parse_error, undefined);
});

test('Python: a starred item in a bare tuple (`1, *"ten"`) parses; the `*` stays in the hash', () => {
  const src = (rhs: string) => `def f():\n    g = ${rhs}\n    return g\n\n\ndef ok():\n    return 1\n`;
  assert.is(v2('s.py', src('1, *"ten"')).parse_error, true);
  const t = v3('s.py', src('1, *"ten"'));
  assert.is(t.parse_error, undefined);
  assert.equal(names(t), ['function f', 'function ok']);
  differ('s.py', src('1, *"ten"'), src('1, "ten"'));
  differ('s.py', src('1, *"ten"'), src('1, *"one"'));
  assert.is(v3('s.py', src('*"ab", 1')).parse_error, undefined);
  assert.is(v3('s.py', 'def f():\n    return 1, *"ten"\n').parse_error, undefined);
  // a real error near a `*` stays one
  assert.is(v3('s.py', 'def f():\n    g = 1, *\n').parse_error, true);
  assert.is(v3('s.py', 'def f():\n    g = 1 * * 2\n').parse_error, true);
});

test('quoted property keys that could be unquoted hash as unquoted (objects, patterns, classes, interfaces, enums)', () => {
  for (const path of ['a.ts', 'a.tsx', 'a.js']) {
    same(path, 'export const o = { "a": 1, \'b\': 2, "1": 3, "1.5": 4 }\n', 'export const o = { a: 1, b: 2, 1: 3, 1.5: 4 }\n');
    same(path, 'export function f(o) { const { "a": x } = o; return x }\n', 'export function f(o) { const { a: x } = o; return x }\n');
    same(path, 'export class K { "x" = 1; "m"() { return 1 } get "g"() { return 2 } }\n', 'export class K { x = 1; m() { return 1 } get g() { return 2 } }\n');
    // what needs its quotes, or reads differently without them, keeps them
    differ(path, 'export const o = { "a-b": 1 }\n', 'export const o = { a_b: 1 }\n');
    differ(path, 'export const o = { "01": 1 }\n', 'export const o = { 1: 1 }\n');
    differ(path, 'export const o = { "1.0": 1 }\n', 'export const o = { 1.0: 1 }\n');
    differ(path, 'export const o = { a: "b" }\n', 'export const o = { a: b }\n'); // a value is not a key
    differ(path, 'export const o = { "a": 1 }\n', 'export const o = { ["a"]: 1 }\n'); // computed
    differ(path, 'export const o = { "a": 1 }\n', 'export const o = { b: 1 }\n');
  }
  same('a.ts', 'export interface I { "p": string; "q"?(): void }\nexport enum E { "A" = 1, "B" }\n', 'export interface I { p: string; q?(): void }\nexport enum E { A = 1, B }\n');
  same('a.ts', 'export type T = { "r"?: number }\n', 'export type T = { r?: number }\n');
  // a method's own name, quoted or not, is one symbol name
  assert.equal(names(v3('a.ts', 'export class K { "m"() { return 1 } }\n')), ['class K', 'method K.m']);
  // `declare module "x"` is a module name, not a key
  differ('a.d.ts', 'declare module "x" {\n  interface S { a: 1 }\n}\n', 'declare module x {\n  interface S { a: 1 }\n}\n');
  // /2 is unchanged: there, the quotes are hashed
  assert.not.equal(hashes(v2('a.ts', 'export const o = { "a": 1 }\n')), hashes(v2('a.ts', 'export const o = { a: 1 }\n')));
});

test('JSX `{" "}` is the space it renders: `text{" "}` at a line end hashes as `text ` on one line', () => {
  const wrapped = 'export function P() {\n  return (\n    <p>\n      Read the{" "}\n      <a href="/docs">docs</a>{" "}\n      first\n    </p>\n  )\n}\n';
  const flat = 'export function P() {\n  return <p>Read the <a href="/docs">docs</a> first</p>\n}\n';
  same('a.tsx', wrapped, flat);
  same('a.jsx', wrapped, flat);
  differ('a.tsx', flat, flat.replace('the <a', 'the<a')); // no space is not a space
  differ('a.tsx', wrapped, wrapped.replace('{" "}\n      first', '{"x"}\n      first')); // only spaces are text
  const tokens = symbolTokens(grammarFor('a.tsx')!, flat).get('P')!;
  assert.ok(tokens.includes('=jsx_text\u0000Read the '), tokens.join(' '));
  // /2 is unchanged
  assert.not.equal(hashes(v2('a.tsx', wrapped)), hashes(v2('a.tsx', flat)));
});

test('an arrow function\'s one parameter with a trailing comma (Prettier breaking a long `(s) =>`) hashes as `s =>`', () => {
  for (const path of ['a.ts', 'a.tsx', 'a.js']) {
    same(path, 'export const f = (\n  config,\n) => {\n  return config\n}\n', 'export const f = config => {\n  return config\n}\n');
    differ(path, 'export const f = (\n  config,\n) => config\n', 'export const f = (\n  config,\n  b,\n) => config\n');
  }
  assert.not.equal(hashes(v2('a.ts', 'export const f = (\n  config,\n) => config\n')), hashes(v2('a.ts', 'export const f = config => config\n')));
});

test('`typeof import("m")` in a call\'s type arguments parses (vitest\'s importActual); elsewhere it hashes as before', () => {
  for (const path of ['a.test.ts', 'a.test.tsx']) {
    const src = "export async function load() {\n  const a = await importOriginal<typeof import('./config')>()\n  return vi.importActual<typeof import(\"react-dom/client\")>('react-dom/client')\n}\n";
    assert.is(v2(path, src).parse_error, true, path);
    const t = v3(path, src);
    assert.is(t.parse_error, undefined, path);
    assert.equal(names(t), ['function load']);
    // the second call is a call with type arguments, not two comparisons (its /2 shape)
    const tokens = symbolTokens(grammarFor(path)!, src).get('load')!.join(' ');
    assert.match(tokens, /=property_identifier\u0000importActual \) \(type_arguments < \(type_query typeof \(call_expression \(import import \) \(arguments \( \(string " =string_fragment\u0000react-dom\/client "/);
    differ(path, src, src.replace("'./config'", "'./other'"));
    same(path, src, src.replace("import('./config')", 'import("./config")'));
    // where the grammar already parsed it (type annotations, type aliases), /3 reads the same tokens as /2
    const annotated = "export type M = typeof import('./m')\nexport function f(): typeof import(\"x\").Y { return 1 as any }\nexport let e: Promise<typeof import(\"./e\")> | null = null\n";
    assert.equal([...symbolTokens(grammarFor(path)!, annotated, 'aura-symbol/3')], [...symbolTokens(grammarFor(path)!, annotated, 'aura-symbol/2')], path);
  }
});

test('prettier quoteProps and printWidth flips change no /3 hash of a real-shaped component', async () => {
  const src = [
    'export const defaults = { "retries": 3, "timeout": 1000, "base-url": "/api" }',
    'export const labels = { "ok": "Fine", "cancel": "Stop" }',
    'export const adapter = (configuration) => request(configuration)',
    'export function Footer({ year }: { year: number }) {',
    '  return <footer className="site-footer">Copyright {year} by the <a href="/team">team</a> of contributors and <b>friends</b> everywhere</footer>',
    '}',
    '',
  ].join('\n');
  const prettier = await (new Function('s', 'return import(s)') as (s: string) => Promise<any>)('prettier');
  const base = hashes(v3('footer.tsx', src));
  assert.ok(Object.keys(base).length >= 2);
  for (const options of [{}, { quoteProps: 'consistent' }, { printWidth: 40 }, { printWidth: 120 }, { printWidth: 60, quoteProps: 'preserve' }, { printWidth: 30, arrowParens: 'always' }]) {
    const out: string = await prettier.format(src, { ...options, filepath: 'footer.tsx' });
    assert.equal(hashes(v3('footer.tsx', out)), base, JSON.stringify(options) + '\n' + out);
  }
});

test.run();
