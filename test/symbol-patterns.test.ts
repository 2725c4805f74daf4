// lib/delta/patterns.ts: each grammar's symbols.scm matched in JavaScript gives exactly the
// symbol tables tree-sitter's own Query gives (the corpus-wide check is npm run
// bench:symbol-matcher), and a query outside the subset it reads falls back to the Query.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarFor, grammars, symbolsQuery } from '../grammars/registry';
import { ALGORITHMS } from '../lib/delta/algorithm';
import { extractSymbols, useSymbolMatcher } from '../lib/delta/extract';
import { compileSymbolPatterns } from '../lib/delta/patterns';
import { PROJECT } from './helpers/env';

/** Sources that reach every pattern of the four grammars, and the shapes around them. */
const SOURCES: Record<string, string> = {
  'a.ts': `
export function f(a: number): number { return a; }
function* gen() { yield 1; }
declare function sig(x: string): void;
export default function () { return 1; }
abstract class Base { abstract run(): void; protected go = () => 1; }
export class Store<T> extends Base {
  items: T[] = [];
  add = (x: T) => { this.items.push(x); };
  static make = function () { return new Store(); };
  run(): void {}
  get size(): number { return this.items.length; }
  ['computed']() {}
}
interface Shape { area(): number; name: string }
type Id = string | number;
enum Color { Red, Green }
namespace NS { export const inner = () => 1; const local = function () {}; export function g() {} }
declare module 'ext' { export function h(): void; }
module Legacy { }
const a = () => 1, b = () => 2, c = 3;
var old = function () {};
export const exported = async () => { function nested() {} class Local {} };
const K = class { m() {} };
export const EK = class Named {};
export default class {}
let notASymbol = 1;
if (x) { const insideBlock = () => 1; }
`,
  'b.tsx': `
import React from 'react';
export const App = () => <div className="x">{items.map((i) => <Item key={i} />)}</div>;
export default function Page({ title }: { title: string }) { return <h1>{title}</h1>; }
class Legacy extends React.Component { render() { return <p>hi</p>; } }
`,
  'c.js': `
export function f() {}
class A { #priv = () => 1; field = function () {}; m() {} static s() {} }
const g = function* () {}, h = class {};
export default () => 1;
module.exports = { f };
exports.x = function () {};
`,
  'd.py': `
import functools

def top(a, b=1):
    """doc"""
    def inner():
        pass
    return inner

@functools.cache
def cached(x):
    return x

class Service(Base):
    @property
    def name(self):
        return self._name

    @staticmethod
    def make():
        return Service()

    class Nested:
        def deep(self):
            pass

@dataclass
class Point:
    x: int
`,
  'broken.ts': `
export function ok() { return 1; }
export function broken( { return ; }
class C { m() { if ( } }
const z = () => 1;
`,
};

const same = (path: string, text: string, algorithm: string): void => {
  const spec = grammarFor(path)!;
  useSymbolMatcher('javascript');
  const js = extractSymbols(spec, text, algorithm);
  useSymbolMatcher('query');
  const query = extractSymbols(spec, text, algorithm);
  useSymbolMatcher('auto');
  assert.equal(js, query, `${path} (${algorithm})`);
};

test('every grammar\'s symbols.scm is read by the JavaScript matcher (no fallback to the Query)', () => {
  for (const spec of grammars().values()) assert.ok(compileSymbolPatterns(symbolsQuery(spec)), spec.name);
});

test('symbol tables are identical with the JavaScript matcher and with tree-sitter\'s Query', () => {
  for (const algorithm of ALGORITHMS) {
    for (const [path, text] of Object.entries(SOURCES)) same(path, text, algorithm);
    for (const f of readdirSync(join(PROJECT, 'test', 'fixtures', 'delta'))) {
      same(f.replace(/\.txt$/, ''), readFileSync(join(PROJECT, 'test', 'fixtures', 'delta', f), 'utf8'), algorithm);
    }
  }
  // and the sources reach the patterns: symbols of every kind are found
  const kinds = new Set(Object.entries(SOURCES).flatMap(([p, t]) => extractSymbols(grammarFor(p)!, t).symbols.map((s) => s.kind)));
  for (const k of ['function', 'class', 'method', 'interface', 'type', 'enum', 'namespace']) assert.ok(kinds.has(k), k);
});

test('this repository\'s own TypeScript gives identical tables both ways', () => {
  const dir = join(PROJECT, 'lib', 'delta');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) same(f, readFileSync(join(dir, f), 'utf8'), ALGORITHMS[ALGORITHMS.length - 1]);
});

test('a file of 1,500 top-level matches: the default matcher (patterns.ts over the flat tree) equals the Query', () => {
  const big = Array.from({ length: 1500 }, (_, i) => `export const f${i} = (x: number) => x + ${i};`).join('\n');
  const spec = grammarFor('big.ts')!;
  useSymbolMatcher('query');
  const query = extractSymbols(spec, big);
  useSymbolMatcher('auto');
  const auto = extractSymbols(spec, big);
  assert.is(query.symbols.length, 1500);
  assert.equal(auto, query);
});

test('a query outside the subset is left to tree-sitter\'s Query', () => {
  for (const q of [
    '(function_declaration name: (identifier) @name (#eq? @name "x")) @function', // predicate
    '(class_body . (method_definition) @method)', // anchor
    '(program (comment)* @c)', // quantifier
    '(call_expression function: "require") @r', // string
    '(function_declaration !name) @f', // negated field
    '(_) @any', // every node as a root
    '(function_declaration', // unbalanced
  ]) assert.is(compileSymbolPatterns(q), null, q);
  assert.ok(compileSymbolPatterns('; a comment\n[(a name: (_) @name) (b)] @kind'));
});

test.run();
