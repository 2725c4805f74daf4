// lib/log/read.ts: the streaming reader every log consumer uses. Lines that span the 1 MiB
// read chunks, a torn last line, empty lines, offsets, resuming at an offset, and readEntries'
// errors naming file:line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuraError } from '../lib/errors';
import { RawLine, readEntries, readLines } from '../lib/log/read';

const dir = mkdtempSync(join(tmpdir(), 'aura-read-'));
const file = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

test('lines of every size, across chunk boundaries, with exact offsets', async () => {
  const sizes = [0, 1, 100, (1 << 20) - 3, 5, 2.5 * (1 << 20), 7, 1 << 20, 0, 42];
  const lines = sizes.map((n, i) => Buffer.alloc(n, 97 + (i % 26)));
  const data = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
  const got = await all(readLines(file('big.jsonl', data)));
  assert.is(got.length, lines.length);
  let offset = 0;
  got.forEach((l: RawLine, i) => {
    assert.is(l.lineNo, i + 1);
    assert.is(l.offset, offset);
    assert.ok(l.bytes.equals(lines[i]), `line ${i + 1}`);
    assert.ok(l.terminated);
    offset += lines[i].length + 1;
  });
});

test('a torn last line is yielded with terminated: false; an empty file yields nothing', async () => {
  const got = await all(readLines(file('torn.jsonl', '{"a":1}\n{"b":')));
  assert.equal(got.map((l) => [l.lineNo, l.offset, l.bytes.toString(), l.terminated]), [
    [1, 0, '{"a":1}', true],
    [2, 8, '{"b":', false],
  ]);
  assert.equal(await all(readLines(file('empty.jsonl', ''))), []);
});

test('resuming at an offset with a line number', async () => {
  const p = file('resume.jsonl', 'one\ntwo\nthree\n');
  const got = await all(readLines(p, { fromOffset: 4, firstLineNo: 2 }));
  assert.equal(got.map((l) => [l.lineNo, l.offset, l.bytes.toString()]), [
    [2, 4, 'two'],
    [3, 8, 'three'],
  ]);
});

test('readEntries: strict entries; a torn or unparseable line is an AuraError naming file:line', async () => {
  const ok = await all(readEntries(file('ok.jsonl', '{"id":"a"}\n{"id":"b"}\n')));
  assert.equal(ok.map((e) => [e.lineNo, e.entry.id]), [[1, 'a'], [2, 'b']]);
  const cases: [string, RegExp][] = [
    ['{"id":"a"}\n{"id":"a","id":"b"}\n', /dup.jsonl:2: not a valid log entry: duplicate member name "id"/],
    ['{"id":"a"}\n{"id":', /dup.jsonl:2: the last line is torn/],
    ['[1,2]\n', /dup.jsonl:1: .*one JSON object/],
  ];
  for (const [text, why] of cases) {
    try {
      await all(readEntries(file('dup.jsonl', text)));
      assert.unreachable();
    } catch (e) {
      assert.instance(e, AuraError);
      assert.match((e as Error).message, why);
      assert.match((e as AuraError).fix!, /aura audit/);
    }
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
