// Formatter invariance (aura-symbol/2): what Prettier and Black change without changing the
// program — redundant parentheses, `(s) => …` vs `s => …`, a trailing `,` before `>`, JSX text
// re-indentation — changes no symbol hash; what changes the program still does. aura-symbol/1
// (which hashed those) is still computed as before for old entries.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grammarFor } from '../grammars/registry';
import { extractSymbols, FileTable } from '../lib/delta/extract';

const v1 = (path: string, text: string): FileTable => extractSymbols(grammarFor(path)!, text, 'aura-symbol/1');
const v2 = (path: string, text: string): FileTable => extractSymbols(grammarFor(path)!, text);
const hashes = (t: FileTable) => Object.fromEntries(t.symbols.map((s) => [s.name, s.hash]));

function same(path: string, a: string, b: string): void {
  const x = v2(path, a), y = v2(path, b);
  assert.is(x.parse_error, undefined, a);
  assert.is(y.parse_error, undefined, b);
  assert.ok(x.symbols.length > 0, a);
  assert.equal(hashes(x), hashes(y), `${a}\n  vs\n${b}`);
}
function differ(path: string, a: string, b: string): void {
  assert.not.equal(hashes(v2(path, a)), hashes(v2(path, b)), `${a}\n  vs\n${b}`);
}

test('redundant parentheses are layout; grouping that changes the tree is not', () => {
  same('a.ts', 'export function f(a: number, b: number) { return (a + b) }\n', 'export function f(a: number, b: number) { return a + b }\n');
  same('a.js', 'function f(a) { return (\n  a && a.b\n) }\n', 'function f(a) { return a && a.b }\n');
  same('a.ts', 'type L = (A | B)[]\nexport function g(x: (string)) { return x }\n', 'type L = (A | B)[]\nexport function g(x: string) { return x }\n');
  same('a.py', 'def f(a, b):\n    return (a + b)\n', 'def f(a, b):\n    return a + b\n');
  differ('a.ts', 'function f(a, b, c) { return (a + b) * c }\n', 'function f(a, b, c) { return a + b * c }\n');
  differ('a.ts', 'type L = (A | B)[]\n', 'type L = A | B[]\n');
  differ('a.py', 'def f(a, b, c):\n    return (a + b) * c\n', 'def f(a, b, c):\n    return a + b * c\n');
  differ('a.py', 'def f(a):\n    return (a,)\n', 'def f(a):\n    return (a)\n'); // a tuple is not a parenthesis
  // aura-symbol/1 still hashes them (old entries recompute as written)
  assert.not.equal(hashes(v1('a.ts', 'function f(a) { return (a) }\n')), hashes(v1('a.ts', 'function f(a) { return a }\n')));
});

test('arrowParens: `(s) => …` and `s => …` hash alike; typed, defaulted or several parameters keep their list', () => {
  for (const path of ['a.ts', 'a.tsx', 'a.js']) {
    same(path, 'export const f = (s) => s + 1\nexport const g = async (s) => s\n', 'export const f = s => s + 1\nexport const g = async s => s\n');
    differ(path, 'export const f = (s) => s + 1\n', 'export const f = (t) => t + 1\n');
    differ(path, 'export const f = (s, t) => s\n', 'export const f = (s) => s\n');
  }
  differ('a.ts', 'export const f = (s: number) => s\n', 'export const f = s => s\n');
});

test('a trailing comma before `>` (type parameters and arguments) is layout', () => {
  same('a.ts', 'export type M<\n  A,\n  B,\n> = Map<\n  A,\n  B,\n>\n', 'export type M<A, B> = Map<A, B>\n');
});

test('a union or intersection written with a leading `|`/`&` hashes as without it; a quoted module name in either quote', () => {
  same('a.ts', 'export type A =\n  | "x"\n  | "y"\n  | B\nexport type I =\n  & P\n  & Q\n', 'export type A = "x" | "y" | B\nexport type I = P & Q\n');
  differ('a.ts', 'export type A = "x" | "y"\n', 'export type A = "x" | "z"\n');
  const a = v2('a.d.ts', "declare module 'zustand/vanilla' {\n  interface S { a: 1 }\n}\n"), b = v2('a.d.ts', 'declare module "zustand/vanilla" {\n  interface S { a: 1 }\n}\n');
  assert.equal(a.symbols.map((s) => s.name), ['"zustand/vanilla"', '"zustand/vanilla".S']);
  assert.equal(hashes(a), hashes(b));
});

test('JSX text re-indented, re-wrapped or with runs of spaces hashes alike; its words do not', () => {
  const a = 'export function P() {\n  return <p>\n    Hello   world,\n    how are you\n  </p>\n}\n';
  const b = 'export function P() {\n  return (\n    <p>\n      Hello   world, how are you\n    </p>\n  )\n}\n';
  same('a.tsx', a, b);
  same('a.jsx', a, b);
  differ('a.tsx', a, a.replace('how are you', 'how old are you'));
  same('a.tsx', a, a.replace('Hello   world', 'Hello world')); // runs of spaces render as one (and Prettier prints one)
  differ('a.tsx', a, a.replace('Hello   world', 'Helloworld'));
});

test('prettier itself (arrowParens, trailingComma, printWidth, semi, singleQuote) changes no hash of a real-shaped module', async () => {
  const src = [
    "import { create } from 'zustand'",
    'type Store<T,> = { items: T[]; add: (item: T) => void }',
    'export const useStore = create<Store<string>>()((set) => ({',
    '  items: [],',
    '  add: item => set((s) => ({ items: [...s.items, item] })),',
    '}))',
    'export function total(xs: number[]) { return (xs.reduce((a, b) => (a + b), 0)) }',
    'export const View = ({ n }: { n: number }) => <p className="n">',
    '      Total:   {n}',
    '   items</p>',
    '',
  ].join('\n');
  const prettier = await (new Function('s', 'return import(s)') as (s: string) => Promise<any>)('prettier');
  const base = hashes(v2('store.tsx', src));
  assert.ok(Object.keys(base).length >= 3);
  for (const options of [{}, { arrowParens: 'avoid' }, { trailingComma: 'none' }, { printWidth: 40 }, { semi: false }, { singleQuote: false }]) {
    const out: string = await prettier.format(src, { ...options, filepath: 'store.tsx' });
    assert.equal(hashes(v2('store.tsx', out)), base, JSON.stringify(options) + '\n' + out);
  }
});

test('black (Debian package) changes no hash of a real-shaped module', () => {
  if (spawnSync('black', ['--version']).status !== 0) {
    console.log('  black is not installed (apt-get install black): skipped');
    return;
  }
  const src = "def fetch(session, url, retries=3):\n    if (retries > 0 and url.startswith('https://')):\n        return session.get(url, timeout=(3.05, 27), headers={'Accept': 'application/json', 'User-Agent': 'aura'})\n    return None\n";
  const dir = mkdtempSync(join(tmpdir(), 'aura-black-'));
  try {
    for (const flags of [[], ['-l', '40']]) {
      const f = join(dir, 'm.py');
      writeFileSync(f, src);
      const r = spawnSync('black', ['-q', ...flags, f]);
      assert.is(r.status, 0, String(r.stderr));
      const out = readFileSync(f, 'utf8');
      assert.is.not(out, src);
      assert.equal(hashes(v2('m.py', out)), hashes(v2('m.py', src)), out);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
