// Flipping any single byte of a valid 50-entry log (several signers, key-adds, merges,
// commits with ast_delta) must make verification fail. Every byte position is flipped
// (XOR 0x01, which keeps most bytes printable ASCII and so gets past the parser to the
// hash and signature checks). The engine runs in this process, through the same Chain and
// analyzeLine the CLI uses; analyses of unchanged lines are reused (analyzeLine is a pure
// function of the line), so each flip costs one real analysis plus the DAG pass.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateEntries, makeKeys } from '../bench/gen-log';
import type { RawLine } from '../lib/log/read';
import { Analysis, analyzeLine } from '../lib/verify/analyze';
import { Chain } from '../lib/verify/chain';
import { verifyLines } from '../lib/verify/engine';

const lines: string[] = [];
generateEntries(50, { keys: makeKeys(5), mergeEvery: 10, onEntry: (_e, line) => lines.push(line) });
const log = Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8');

/** The file's lines exactly as lib/log/read.ts yields them. */
function split(buf: Buffer): RawLine[] {
  const out: RawLine[] = [];
  let start = 0;
  let lineNo = 1;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break;
    out.push({ lineNo: lineNo++, offset: start, bytes: buf.subarray(start, nl), terminated: true });
    start = nl + 1;
  }
  if (start < buf.length) out.push({ lineNo, offset: start, bytes: buf.subarray(start), terminated: false });
  return out;
}

// The analyses of the unchanged log: a line equal to the original line at the same position
// reuses its analysis; any other line is analyzed afresh.
const original = split(log);
const originalAnalyses: Analysis[] = original.map((l) => analyzeLine(l.bytes, l.lineNo, l.terminated));
function verifyInProcess(buf: Buffer) {
  const chain = new Chain({});
  for (const l of split(buf)) {
    const o = original[l.lineNo - 1];
    const same = o && o.terminated === l.terminated && o.bytes.equals(l.bytes);
    chain.add(same ? originalAnalyses[l.lineNo - 1] : analyzeLine(l.bytes, l.lineNo, l.terminated));
  }
  return chain.finish();
}

test('the generated log is valid: 50 entries, 5 signers, merges, through the public engine too', async () => {
  const r = await verifyLines(split(log), { workers: 0 });
  assert.ok(r.ok, JSON.stringify(r.failures));
  assert.not.ok(r.forked);
  assert.is(r.entries, 50);
  assert.is(r.signatures.signers, 5);
  assert.ok(lines.some((l) => l.includes('"capability":"key-add"')));
  assert.ok(lines.some((l) => /"parents":\["blake3:[0-9a-f]{64}","blake3:/.test(l)), 'has a merge');
  assert.ok(lines.every((l, i) => i < 5 || l.includes('"ast_delta":')));
  const again = verifyInProcess(log);
  assert.ok(again.ok);
});

test(`flipping any single byte (all ${log.length.toLocaleString('en-US')} positions) is detected`, () => {
  const undetected: number[] = [];
  const seen = new Map<string, number>();
  const copy = Buffer.from(log);
  for (let i = 0; i < log.length; i++) {
    copy[i] ^= 0x01;
    const r = verifyInProcess(copy);
    copy[i] ^= 0x01;
    if (r.ok) undetected.push(i);
    else seen.set(r.failures[0].category, (seen.get(r.failures[0].category) ?? 0) + 1);
  }
  assert.equal(undetected, [], `undetected flips at byte offsets ${undetected.slice(0, 20).join(', ')}`);
  // The flips exercise the parser, the hash and the signature checks, not one of them only.
  for (const c of ['MALFORMED_ENTRY', 'HASH_MISMATCH', 'SIGNATURE_INVALID']) assert.ok(seen.get(c), `${c} never first: ${JSON.stringify([...seen])}`);
});

test('flipping the high bit (invalid UTF-8 or another character) of every 7th byte is detected', () => {
  const copy = Buffer.from(log);
  for (let i = 0; i < log.length; i += 7) {
    copy[i] ^= 0x80;
    const r = verifyInProcess(copy);
    copy[i] ^= 0x80;
    assert.not.ok(r.ok, `byte ${i}`);
  }
});

test.run();
