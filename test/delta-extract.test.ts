// Symbol extraction and normalized hashes, in-process, on real-shaped code in each language.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarFor, grammars } from '../grammars/registry';
import { extractBlob, extractSymbols, FileTable } from '../lib/delta/extract';
import { blake3, hashRef } from '../lib/crypto/blake3';
import { PROJECT } from './helpers/env';

const fixture = (name: string) => readFileSync(join(PROJECT, 'test', 'fixtures', 'delta', name + '.txt'), 'utf8');
const table = (path: string, text: string): FileTable => extractSymbols(grammarFor(path)!, text);
const inventory = (t: FileTable) => t.symbols.map((s) => `${s.kind} ${s.name}`);
const hashes = (t: FileTable) => Object.fromEntries(t.symbols.map((s) => [s.name, s.hash]));

/** Names whose hash differs between two tables of the same file (plus names only in one). */
function changed(a: FileTable, b: FileTable): string[] {
  const ha = hashes(a), hb = hashes(b);
  const names = new Set([...Object.keys(ha), ...Object.keys(hb)]);
  return [...names].filter((n) => ha[n] !== hb[n]).sort();
}

test('registry maps every extension of the issue to its grammar', () => {
  const cases: [string, string][] = [
    ['a.py', 'python'], ['a.pyi', 'python'], ['a.ts', 'typescript'], ['a.mts', 'typescript'], ['a.cts', 'typescript'],
    ['types.d.ts', 'typescript'], ['A.tsx', 'tsx'], ['a.js', 'javascript'], ['a.mjs', 'javascript'], ['a.cjs', 'javascript'],
    ['a.jsx', 'javascript'], ['dir.v2/Main.PY', 'python'],
  ];
  for (const [p, g] of cases) assert.is(grammarFor(p)?.name, g, p);
  assert.is(grammarFor('README.md'), undefined);
  assert.is(grammarFor('Makefile'), undefined);
  assert.is(grammarFor('src.py/notes'), undefined);
});

test('python: decorated, nested and class-level symbols with qualified names', () => {
  assert.equal(inventory(table('retry.py', fixture('retry.py'))), [
    'function backoff_delays',
    'function retry',
    'function retry.decorate',
    'function retry.decorate.wrapper',
    'class RetryPolicy',
    'method RetryPolicy.__init__',
    'method RetryPolicy.budget',
    'method RetryPolicy.default',
    'class RetryPolicy.Stats',
    'method RetryPolicy.Stats.__init__',
    'method RetryPolicy.Stats.record',
    'function fetch',
  ]);
});

test('typescript: interfaces, types, enums, abstract classes, namespaces, overloads, accessors, arrow consts', () => {
  assert.equal(inventory(table('src/parser.ts', fixture('parser.ts'))), [
    'interface Token',
    'type Entry',
    'enum TokenKind',
    'class Source',
    'method Source.read',
    'method Source.lines',
    'class FileSource',
    'method FileSource.constructor',
    'method FileSource.read',
    'function parseValue',
    'function parseValue#2',
    'function parseValue#3',
    'function isComment',
    'class Parser',
    'method Parser.constructor',
    'method Parser.size',
    'method Parser.size#2',
    'method Parser.fromFile',
    'method Parser.parse',
    'method Parser.onEntry',
    'namespace Defaults',
    'function Defaults.merge',
  ]);
});

test('tsx: components as functions and arrow consts, with the tsx grammar', () => {
  const t = table('src/App.tsx', fixture('App.tsx'));
  assert.is(t.lang, 'tsx');
  assert.not.ok(t.parse_error);
  assert.equal(inventory(t), ['interface Props', 'function ItemList', 'function App']);
  // changing JSX inside one component modifies that component only
  const edited = fixture('App.tsx').replace('<li key={item}>{item}</li>', '<li key={item} className="item">{item}</li>');
  assert.equal(changed(t, table('src/App.tsx', edited)), ['ItemList']);
});

test('javascript: functions, generators, classes, private fields, static methods, default exports', () => {
  assert.equal(inventory(table('lib/util.js', fixture('util.js'))), [
    'function fmt', 'function slug', 'class Cache', 'method Cache.get', 'method Cache.set', 'method Cache.shared', 'function walk',
  ]);
  const t = table('x.mjs', 'export default function () { return 1 }\nexport default class {}\nexport const f = function g() {}\n');
  assert.equal(inventory(t), ['function default', 'class default#2', 'function f']);
});

test('python: reformatting, comment and docstring edits and CRLF change no hash', () => {
  const src = fixture('retry.py');
  let re = src
    .replace('def retry(attempts=DEFAULT_ATTEMPTS, exceptions=(IOError,)):', 'def retry(\n    attempts=DEFAULT_ATTEMPTS,\n    exceptions=(IOError,),\n):')
    .replace('response = session.get(url, timeout=10)', "response = session.get(\n        url,\n        timeout = 10,\n    ) ;")
    .replace('# the session carries cookies and auth', '# a different comment\n    # on two lines')
    .replace('"""How often and how long to retry."""', '"""Retry policy.\n\n    Rewritten docstring.\n    """')
    .replace('"""Retry helpers for flaky network calls."""', "'''Module docstring, edited.'''")
    .replace("self.calls = 0", "self.calls = 0  # counter")
    .replace(/^( {4})+/gm, (m) => '  '.repeat(m.length / 4)) // 4-space indentation to 2
    .replace(/\n\n\n/g, '\n\n\n\n');
  re = re.replace(/\n/g, '\r\n');
  assert.is.not(re, src);
  const a = table('retry.py', src), b = table('retry.py', re);
  assert.not.ok(b.parse_error);
  assert.equal(hashes(b), hashes(a));
  assert.is(b.module, a.module);
});

test('typescript: reformatting (indent, semicolons, quotes, trailing commas, CRLF) and comments change no hash', () => {
  const src = fixture('parser.ts');
  const re = src
    .replace(/^( {2})+/gm, (m) => '    '.repeat(m.length / 2))
    .replace(/;$/gm, '')
    .replace("readFileSync(this.path, 'utf8')", 'readFileSync(\n  this.path,\n  "utf8",\n)')
    .replace('// A small tokenizer', '/* A small,\n   commented */ // tokenizer')
    .replace('return [...a, ...b]', 'return [ ...a, ...b, ] // merged')
    .replace(/\n/g, '\r\n');
  const a = table('p.ts', src), b = table('p.ts', re);
  assert.not.ok(b.parse_error);
  assert.equal(hashes(b), hashes(a));
  assert.is(b.module, a.module);
});

test('javascript: text inside strings and templates is content, not layout', () => {
  const base = table('a.js', 'function f() { return `a ${x}  b` }\nfunction g() { return "x  y" }\n');
  const t = table('a.js', 'function f() { return `a ${x} b` }\nfunction g() { return "x y" }\n');
  assert.equal(changed(base, t), ['f', 'g']);
  // … but a template's line endings are normalized with the rest of the file
  const lf = table('a.js', 'const s = () => `one\ntwo`\n'), crlf = table('a.js', 'const s = () => `one\r\ntwo`\r\n');
  assert.equal(hashes(crlf), hashes(lf));
});

test('python: structure is hashed, so re-indenting a statement out of a block is a change', () => {
  const a = table('a.py', 'def f(a):\n    if a:\n        g()\n        h()\n');
  const b = table('a.py', 'def f(a):\n    if a:\n        g()\n    h()\n');
  assert.equal(changed(a, b), ['f']);
  // and a 1-element subscript tuple is not a plain subscript
  assert.equal(changed(table('a.py', 'def f(x):\n    return x[1,]\n'), table('a.py', 'def f(x):\n    return x[1]\n')), ['f']);
});

test('rename keeps the body hash; the name is hashed apart from the body', () => {
  const a = table('u.js', fixture('util.js'));
  const b = table('u.js', fixture('util.js').replace('function fmt(date)', 'function formatDate(date)'));
  assert.is(hashes(b).formatDate, hashes(a).fmt);
  assert.equal(changed(a, b), ['fmt', 'formatDate']);
  // a reference to the name inside the body is body, not name
  const r1 = table('a.py', 'def f(n):\n    return f(n - 1)\n'), r2 = table('a.py', 'def g(n):\n    return f(n - 1)\n');
  assert.is(r2.symbols[0].hash, r1.symbols[0].hash);
});

test('a decorator change modifies the decorated symbol only', () => {
  const a = table('retry.py', fixture('retry.py'));
  const b = table('retry.py', fixture('retry.py').replace('@retry(attempts=3)', '@retry(attempts=4)'));
  assert.equal(changed(a, b), ['fetch']);
  const c = table('retry.py', fixture('retry.py').replace('    @staticmethod\n', ''));
  assert.equal(changed(a, c), ['RetryPolicy.default']);
  // TypeScript member decorators are siblings of the member in the tree; they still belong to it
  const t1 = table('d.ts', 'class D {\n  @Input() name = 1;\n  @HostListener("click") onClick() {}\n}\n');
  const t2 = table('d.ts', 'class D {\n  @Input() name = 1;\n  @HostListener("dblclick") onClick() {}\n}\n');
  assert.equal(changed(t1, t2), ['D.onClick']);
});

test('a nested class method change is reported on that method alone; a class is modified only by its own syntax', () => {
  const src = fixture('retry.py');
  const a = table('retry.py', src);
  const b = table('retry.py', src.replace('self.calls += 1', 'self.calls += 2'));
  assert.equal(changed(a, b), ['RetryPolicy.Stats.record']);
  const c = table('retry.py', src.replace('max_attempts = DEFAULT_ATTEMPTS', 'max_attempts = 7'));
  assert.equal(changed(a, c), ['RetryPolicy']);
  // adding a method adds a symbol without modifying its class
  const d = table('retry.py', src.replace('    @staticmethod\n', '    def reset(self):\n        self.attempts = 0\n\n    @staticmethod\n'));
  assert.equal(changed(a, d), ['RetryPolicy.reset']);
});

test('overloads and duplicates get deterministic suffixes', () => {
  const src = fixture('parser.ts');
  const a = table('p.ts', src);
  const b = table('p.ts', src.replace('export function parseValue(text: string, typed: true)', 'export function parseValue(text: string, typed: boolean)'));
  assert.equal(changed(a, b), ['parseValue#2']);
  const py = table('a.py', 'class C:\n    @property\n    def x(self):\n        return 1\n\n    @x.setter\n    def x(self, v):\n        pass\n');
  assert.equal(inventory(py), ['class C', 'method C.x', 'method C.x#2']);
});

test('a syntax error keeps the symbols outside the error and flags the file', () => {
  const src = fixture('retry.py');
  const good = table('retry.py', src);
  const bad = table('retry.py', src.replace('def backoff_delays(base, factor=2.0, jitter=0.1):', 'def backoff_delays(base, factor=2.0, jitter=0.1:'));
  assert.is(bad.parse_error, true);
  const names = bad.symbols.map((s) => s.name);
  assert.not.ok(names.includes('backoff_delays'));
  for (const n of ['retry', 'RetryPolicy', 'RetryPolicy.Stats.record', 'fetch']) assert.is(hashes(bad)[n], hashes(good)[n], n);
  const ts = table('b.ts', 'export function ok(a: number) { return a }\nexport function broken( { return 1 }\nexport class After { m() { return 2 } }\n');
  assert.is(ts.parse_error, true);
  assert.ok(ts.symbols.some((s) => s.name === 'ok'));
  assert.not.ok(ts.symbols.some((s) => s.name === 'broken'));
});

test('the symbol hash is the documented algorithm: BLAKE3 over the RFC 8785 token array', () => {
  // docs/delta.md: ["aura-symbol/1", "(" + type on entering a node, ")" on leaving it,
  // "=" + type + NUL + text for a named leaf, the type for an anonymous leaf, "@name" for the
  // symbol's own name; comments, docstrings, ";" and members left out.
  const doc = ['aura-symbol/1', '(function_definition', 'def', '@name', '(parameters', '(', '=identifier\u0000n', ')', ')', ':',
    '(block', '(return_statement', 'return', '=integer\u00001', ')', ')', ')'];
  const want = hashRef(blake3(JSON.stringify(doc)));
  const src = 'def answer(n):\n    """Docstring."""\n    # comment\n    return 1;\n';
  assert.is(extractSymbols(grammarFor('a.py')!, src, 'aura-symbol/1').symbols[0].hash, want);
  // aura-symbol/2 and /3 hash a file that parses, without what they normalize, by the same rules, under their own tag
  assert.is(extractSymbols(grammarFor('a.py')!, src, 'aura-symbol/2').symbols[0].hash, hashRef(blake3(JSON.stringify(['aura-symbol/2', ...doc.slice(1)]))));
  const t = table('a.py', src);
  assert.is(t.symbols[0].hash, hashRef(blake3(JSON.stringify(['aura-symbol/3', ...doc.slice(1)]))));
  const jsDoc = ['aura-symbol/3', '(method_definition', '@name', '(formal_parameters', '(', ')', ')', '(statement_block', '{',
    '(return_statement', 'return', '(string', '"', '=string_fragment\u0000x', '"', ')', ')', '}', ')', ')'];
  const js = table('a.js', "class K {\n  m() { return 'x'; }\n}\n");
  assert.is(js.symbols[1].hash, hashRef(blake3(JSON.stringify(jsDoc))));
});

test('non-UTF-8 bytes never crash: decoded with replacement characters and flagged', () => {
  const bytes = Buffer.concat([Buffer.from('def f():\n    return "caf'), Buffer.from([0xe9, 0xff]), Buffer.from('"\n\ndef g():\n    pass\n')]);
  const t = extractBlob(grammarFor('a.py')!, bytes);
  assert.is(t.invalid_utf8, true);
  assert.equal(t.symbols.map((s) => s.name), ['f', 'g']);
  const ok = extractBlob(grammarFor('a.py')!, Buffer.from('\ufeffdef f():\n    return "café"\n'));
  assert.is(ok.invalid_utf8, undefined);
  assert.not.ok(ok.parse_error);
});

test("every grammar's sample (the hook helper's warm-up) parses cleanly and names the symbols it was written with", () => {
  const expected: Record<string, string[]> = {
    typescript: ['Order', 'Handler', 'Level', 'total', 'loadOrders', 'OrderStore', 'OrderStore.add', 'Audit'],
    tsx: ['OrderStore.open', 'OrderRow'],
    javascript: ['total', 'loadOrders', 'OrderStore', 'OrderStore.add', 'OrderRow'],
    python: ['Line', 'Order', 'Order.total', 'load_orders', 'OrderStore.__init__', 'OrderStore.open_orders'],
  };
  for (const spec of grammars().values()) {
    const table = extractSymbols(spec, spec.sample);
    assert.not.ok(table.parse_error, `${spec.name}: the sample has a syntax error`);
    const names = table.symbols.map((x) => x.name);
    for (const name of expected[spec.name] ?? []) assert.ok(names.includes(name), `${spec.name}: ${name} in ${names.join(', ')}`);
    assert.ok(expected[spec.name], `a grammar without an expectation here: ${spec.name}`);
  }
});

test.run();
