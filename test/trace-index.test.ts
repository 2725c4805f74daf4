// The trace index file: names of any shape (quotes, tabs, newlines, non-ASCII, names that are
// Object.prototype members) written, read back without parsing the table, found by lookup and
// by the full table; a file changed by someone else since it was read is not overwritten.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIndex, saveIndex } from '../lib/trace/index-file';
import { emptyIndex, indexEntry, linesOf } from '../lib/trace/symbol-index';
import type { Entry } from '../lib/entry/types';

const dir = mkdtempSync(join(tmpdir(), 'aura-trace-index-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ['src/a.ts:parse', 'src/we"ird\tname.ts:x', 'src/new\nline.py:f', 'src/ünï/cödé.ts:Größe', '__proto__', 'constructor', 'toString', 'src/a.ts:parse2'];

const entryNaming = (names: string[]): Entry =>
  ({ capability: 'commit', hash: 'blake3:' + '0'.repeat(64), ast_delta: { nodes: names.map((path) => ({ path, kind: 'function', change: 'modified', before: null, after: null })) } }) as unknown as Entry;

test('names of any shape round-trip through the file and are found without parsing the table', async () => {
  const idx = emptyIndex();
  NAMES.forEach((_, i) => {
    idx.lines++;
    idx.offsets.push(i * 10);
    indexEntry(idx, idx.lines, entryNaming(NAMES.slice(0, i + 1)));
  });
  const path = join(dir, 'trace-index.json');
  assert.ok(await saveIndex(path, idx, null));
  const { index, stamp } = loadIndex(path);
  assert.ok(stamp);
  for (const [i, n] of NAMES.entries()) {
    const expected = Array.from({ length: NAMES.length - i }, (_, k) => i + 1 + k);
    assert.equal(linesOf(index.names, n), expected, `lookup of ${JSON.stringify(n)}`);
  }
  assert.equal(linesOf(index.names, 'src/a.ts:pars'), [], 'a prefix is not a name');
  assert.equal(linesOf(index.names, 'hasOwnProperty'), [], 'an Object.prototype member that is not a name');
  // lines added to a table read from disk: changed and new names merged into the bytes on save
  index.lines++;
  index.offsets.push(100);
  indexEntry(index, index.lines, entryNaming(['src/we"ird\tname.ts:x', 'toString', 'src/brand\u2028new.ts:y']));
  assert.ok(await saveIndex(path, index, stamp));
  const again = loadIndex(path).index;
  assert.equal(linesOf(again.names, 'src/we"ird\tname.ts:x'), [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(linesOf(again.names, 'toString'), [7, 8, 9]);
  assert.equal(linesOf(again.names, 'src/brand\u2028new.ts:y'), [9]);
  assert.equal(linesOf(again.names, 'src/a.ts:parse'), [1, 2, 3, 4, 5, 6, 7, 8], 'an unchanged name kept as it was');
  assert.equal(again.names.names().length, NAMES.length + 1);
  assert.equal(index.names.names().sort(), [...NAMES, 'src/brand\u2028new.ts:y'].sort(), 'the whole table');
  assert.equal(linesOf(index.names, '__proto__'), [5, 6, 7, 8], 'the table parsed: __proto__ is an ordinary name');
  assert.is(Object.getPrototypeOf(index.names.writable()), Object.prototype);
});

test('a file replaced since it was read is kept; an unreadable one is a missing one', async () => {
  const path = join(dir, 'race.json');
  const a = emptyIndex();
  assert.ok(await saveIndex(path, a, null));
  const first = loadIndex(path);
  const second = loadIndex(path);
  assert.ok(await saveIndex(path, first.index, first.stamp), 'nobody wrote meanwhile');
  assert.not.ok(await saveIndex(path, second.index, second.stamp), 'someone wrote meanwhile: theirs is kept');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, '{"version":2,"lines":0}\n"x"\t1\n'); // no stamp line: torn
  assert.is(loadIndex(path).stamp, null);
});

test.run();
