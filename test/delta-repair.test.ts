// The repair pass of aura-symbol/2 (lib/delta/repair.ts): each construct tree-sitter-typescript
// 0.23.2 rejects but TypeScript accepts parses, keeps its symbols, and hashes as the grammar
// would have hashed it had it understood the construct; aura-symbol/1 is still computed as before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grammarFor } from '../grammars/registry';
import { extractSymbols, FileTable, symbolTokens } from '../lib/delta/extract';

const v1 = (path: string, text: string): FileTable => extractSymbols(grammarFor(path)!, text, 'aura-symbol/1');
const v2 = (path: string, text: string): FileTable => extractSymbols(grammarFor(path)!, text);
const hash = (t: FileTable, name: string) => t.symbols.find((s) => s.name === name)?.hash;
const names = (t: FileTable) => t.symbols.map((s) => `${s.kind} ${s.name}`);

test('call signatures with type parameters on their own line (upstream #335): the `;` ASI implies, invisible to the hash', () => {
  const bare = [
    'export type UseBoundStore<S> = {',
    '  (): S',
    '  <U>(selector: (state: S) => U): U',
    '}',
    'interface Get<E> {',
    '  <Key extends keyof E>(key: Key): E[Key]',
    '',
    '  // with a comment between',
    '  <Key extends string>(key: Key): unknown',
    '}',
    'export function create<S>(s: S): UseBoundStore<S> {',
    '  return (() => s) as UseBoundStore<S>',
    '}',
    '',
  ].join('\n');
  const withSemis = bare.replace('(): S\n', '(): S;\n').replace('E[Key]\n', 'E[Key];\n');
  assert.is(v1('store.ts', bare).parse_error, true);
  const repaired = v2('store.ts', bare);
  assert.is(repaired.parse_error, undefined);
  assert.equal(names(repaired), ['type UseBoundStore', 'interface Get', 'function create']);
  const written = v2('store.ts', withSemis);
  assert.is(written.parse_error, undefined);
  for (const n of ['UseBoundStore', 'Get', 'create']) assert.is(hash(repaired, n), hash(written, n), n);
  assert.is(repaired.module, written.module);
  // and a change inside the repaired signature still changes the hash
  assert.is.not(hash(v2('store.ts', bare.replace('selector: (state: S)', 'pick: (state: S)')), 'UseBoundStore'), hash(repaired, 'UseBoundStore'));
});

test('variance annotations (in/out, also after a comment) parse and stay in the hash', () => {
  const src = (params: string) => `export interface ZodType<\n  /** doc */\n  ${params}\n> {\n  parse(x: unknown): Output\n}\nexport function ok() {\n  return 1\n}\n`;
  const out = src('out Output = unknown, out Input = unknown,');
  assert.is(v1('schemas.ts', out).parse_error, true);
  assert.not.ok(v1('schemas.ts', out).symbols.some((s) => s.name === 'ZodType'));
  const t = v2('schemas.ts', out);
  assert.is(t.parse_error, undefined);
  assert.equal(names(t), ['interface ZodType', 'function ok']);
  const others = ['in Output = unknown, out Input = unknown,', 'Output = unknown, out Input = unknown,', 'in out Output = unknown, out Input = unknown,'];
  for (const p of others) {
    const o = v2('schemas.ts', src(p));
    assert.is(o.parse_error, undefined, p);
    assert.is.not(hash(o, 'ZodType'), hash(t, 'ZodType'), p);
  }
  const tokens = symbolTokens(grammarFor('a.ts')!, 'interface Box<out T> { v: T }\n').get('Box')!;
  assert.equal(tokens.slice(tokens.indexOf('(type_parameter'), tokens.indexOf('(type_parameter') + 3), ['(type_parameter', 'out', '=type_identifier\u0000T']);
  // a variance keyword is only taken out of the parse in a type parameter list
  assert.is(v2('a.ts', 'for (const k in obj) f(k, in2)\n').parse_error, undefined);
});

test('a file with a parse error and separator lines of slashes is repaired in linear time (it once hung)', () => {
  const rule = '/'.repeat(80);
  const src = `${rule}\n/////   CHECKS   /////\n${rule}\nexport interface Check<in T = never> {\n  run(x: T,\n  ${rule}\n  ): void\n}\nexport function ok(a: number, b: number) {\n  return a + b\n}\n`;
  const t0 = process.cpuUsage();
  const t = v2('checks.ts', src);
  const cpu = process.cpuUsage(t0);
  assert.is(t.parse_error, undefined);
  assert.equal(names(t), ['interface Check', 'function ok']);
  assert.ok(cpu.user + cpu.system < 5e6, `${(cpu.user + cpu.system) / 1e3} ms of CPU`); // exponential before: minutes
});

test('export type * from (TS 5.0) parses; the `type` keyword stays in the file hash', () => {
  const a = v2('index.ts', "export type * from './types'\nexport type * as T from './t'\nexport { x } from './x'\n");
  assert.is(v1('index.ts', "export type * from './types'\n").parse_error, true);
  assert.is(a.parse_error, undefined);
  const b = v2('index.ts', "export * from './types'\nexport * as T from './t'\nexport { x } from './x'\n");
  assert.is.not(a.module, b.module);
});

test('a bare & in JSX text and attribute strings (TSX and JSX) parses; the & itself is hashed', () => {
  const page = (text: string, href: string) =>
    `export function Plan() {\n  return (\n    <Card>\n      <a href="${href}" target="_blank">\n        ${text}\n      </a>\n    </Card>\n  )\n}\n`;
  for (const file of ['Plan.tsx', 'Plan.jsx']) {
    const src = page('Billing & Support', 'https://x.dev/?w=900&fit=crop');
    assert.is(v1(file, src).parse_error, true, file);
    const t = v2(file, src);
    assert.is(t.parse_error, undefined, file);
    assert.equal(names(t), ['function Plan']);
    assert.is.not(hash(v2(file, page('Billing _ Support', 'https://x.dev/?w=900&fit=crop')), 'Plan'), hash(t, 'Plan'), file);
    assert.is.not(hash(v2(file, page('Billing & Support', 'https://x.dev/?w=900_fit=crop')), 'Plan'), hash(t, 'Plan'), file);
    assert.is.not(hash(v2(file, page('Billing &amp; Support', 'https://x.dev/?w=900&fit=crop')), 'Plan'), hash(t, 'Plan'), file);
  }
  // a real syntax error near an & is still one: `a & & b` is not JSX
  assert.is(v2('a.tsx', 'const x = a & & b\n').parse_error, true);
});

test('a file the grammar parses, without the constructs /2 normalizes, has the same token lists under /1 and /2', () => {
  const src = "import { a } from './a'\nexport class K<T> {\n  m(x: T): T { return x }\n}\nexport function f(s: string) { return s.length }\n";
  for (const path of ['k.ts', 'k.tsx', 'k.js']) {
    const body = path === 'k.js' ? src.replace(/<T>|: T|: string/g, '') : src;
    const a = symbolTokens(grammarFor(path)!, body, 'aura-symbol/1');
    const b = symbolTokens(grammarFor(path)!, body);
    assert.equal([...b], [...a], path);
  }
});

test.run();
