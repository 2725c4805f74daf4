// lib/delta/flat.ts: a tree read once into arrays answers every read exactly as tree-sitter's
// own cursor does at the same node (type, named, offsets, field, MISSING, descendant index,
// moves), for clean and broken sources of every grammar, whether a value was read in the pass
// or on demand afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarFor } from '../grammars/registry';
import { flatten, FlatReads } from '../lib/delta/flat';
import { PROJECT } from './helpers/env';

const SOURCES: Record<string, string> = {
  'a.ts': 'export function f(a: number): number { return a; }\nclass C { m() { return { "k": 1, [x]: `t${y}` }; } }\n',
  'broken.ts': 'export function broken( { return ; }\nclass C { m() { if ( } }\nconst z = () => 1\n',
  'b.tsx': 'export const A = () => <div className="x">Terms & {" "} <b>{n}</b></div>;\n',
  'c.js': 'const f = function* () { yield 1; };\nmodule.exports = { f };\n',
  'd.py': 'class A:\n    """Doc."""\n    def f(self, *a, **k):\n        return [x for x in a if x]\n\ndef g(:\n    pass\n',
  'empty.py': '',
};

/** Every node of tree-sitter's cursor walk, with what it reads there. */
function native(tree: any): unknown[] {
  const c = tree.walk();
  const out: unknown[] = [];
  for (;;) {
    out.push([c.currentDescendantIndex, c.nodeTypeId, c.nodeType, c.nodeIsNamed, c.startIndex, c.endIndex, c.currentFieldId, c.currentFieldName, c.nodeIsMissing]);
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
  }
}

/** The same walk over the flat tree; `eager` reads offsets in the pass, else every value is read on demand. */
function flat(tree: any, eager: boolean): unknown[] {
  const reads: FlatReads = {
    kinds: new Int32Array(0x10000).fill(-1),
    learn(id, c) {
      reads.names[id] = c.nodeType;
      return (reads.kinds[id] = (c.nodeIsNamed ? 1 : 0) | (eager ? 2 : 0));
    },
    offsets: 2,
    starts: 0,
    named: 1,
    names: [],
    fields: [],
  };
  const t = flatten(tree, reads, eager, eager);
  const c = t.cursor();
  const out: unknown[] = [];
  for (;;) {
    out.push([c.currentDescendantIndex, c.nodeTypeId, c.nodeType, c.nodeIsNamed, c.startIndex, c.endIndex, c.currentFieldId, c.currentFieldName, c.nodeIsMissing]);
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
  }
}

function parse(path: string, text: string): any {
  const Parser = require('tree-sitter');
  const parser = new Parser();
  parser.setLanguage(grammarFor(path)!.language());
  return parser.parse(text);
}

test('every node reads as tree-sitter\'s cursor reads it, in the same order', () => {
  const files = Object.entries(SOURCES);
  for (const f of readdirSync(join(PROJECT, 'test', 'fixtures', 'delta'))) files.push([f.replace(/\.txt$/, ''), readFileSync(join(PROJECT, 'test', 'fixtures', 'delta', f), 'utf8')]);
  let broken = 0;
  for (const [path, text] of files) {
    if (!grammarFor(path)) continue;
    const tree = parse(path, text);
    if (tree.rootNode.hasError) broken++;
    const want = native(tree);
    assert.equal(flat(tree, true), want, `${path} (read in the pass)`);
    assert.equal(flat(tree, false), want, `${path} (read on demand)`);
  }
  assert.ok(broken >= 2, 'sources with parse errors (MISSING and ERROR nodes) are among them');
});

test('nodes, parents, children and subtree cursors agree with tree-sitter\'s nodes', () => {
  const tree = parse('a.ts', SOURCES['a.ts']);
  const reads: FlatReads = {
    kinds: new Int32Array(0x10000).fill(-1),
    learn: (id, c) => ((reads.names[id] = c.nodeType), (reads.kinds[id] = c.nodeIsNamed ? 1 : 0)),
    offsets: 0, starts: 0, named: 1, names: [], fields: [],
  };
  const t = flatten(tree, reads, false, false);
  const c = tree.walk();
  for (let i = 0; i < t.n; i++) {
    c.gotoDescendant(i);
    const want = c.currentNode;
    const got = t.node(i);
    assert.is(got.type, want.type);
    assert.is(got.childCount, want.childCount);
    assert.equal(got.namedChildren.map((n) => [n.type, n.startIndex, n.endIndex]), want.namedChildren.map((n: any) => [n.type, n.startIndex, n.endIndex]));
    assert.is(got.parent?.startIndex, want.parent?.startIndex);
    assert.is(got.parent?.type, want.parent?.type);
    if (want.childCount) assert.is(got.child(want.childCount - 1)!.endIndex, want.child(want.childCount - 1).endIndex);
    // a cursor made at the node stays in its subtree, as node.walk() does
    const sub = t.cursor(i);
    assert.is(sub.gotoNextSibling(), false);
    assert.is(sub.gotoParent(), false);
  }
});

test.run();
