// The Aura-Intent trailer is appended in JavaScript when the message is plain (one git process
// fewer on every commit, lib/intent/message.ts appendOwnTrailer) and by `git interpret-trailers`
// otherwise. Where the JavaScript path answers, its bytes must be Git's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { appendOwnTrailer } from '../lib/intent/message';
import { withTrailer } from '../lib/hooks/fold';

const entry = { id: 'in_01M8MW63W0XHB7Z784DRZJYXBY', hash: `blake3:${'ab'.repeat(32)}` };
const value = `${entry.id} ${entry.hash}`;
const trailer = `Aura-Intent: ${value}`;

/** What withTrailer returned before the JavaScript path: Git's output, trailing blanks cut. */
function byGit(message: Buffer): Buffer {
  const r = spawnSync('git', ['-c', 'core.commentChar=\x01', 'interpret-trailers', '--if-exists', 'replace', '--trailer', trailer], { input: message });
  assert.is(r.status, 0, String(r.stderr));
  let end = r.stdout.length;
  while (end > 0 && (r.stdout[end - 1] === 0x0a || r.stdout[end - 1] === 0x20)) end--;
  return Buffer.concat([r.stdout.subarray(0, end), Buffer.from('\n')]);
}

const plain = [
  'Raise the load threshold\n',
  'Fix: the subject alone may hold a colon\n',
  'Raise x\n\n\n',
  'Raise x \n',
  'Raise x\n\nA body line.\nAnother one, no colon.\n',
  'Raise x\n  \n\t\nbody  \n\n',
  'Raise x\n\n# a hash line is text here\n',
  'Grüße: Umlaute im Betreff\n\nKörper ohne Doppelpunkt\n',
  '#482 Fix login redirect\n',
];
const unusual = [
  'Raise x', // no final newline
  'Raise x\n\nbody\nSigned-off-by: A <a@example.ch>\n', // a trailer block to join
  'Raise x\n---\nmore\n', // a divider
  `Raise x\n\n${trailer.replace('ab', 'cd')}\n`, // an Aura-Intent to replace (amend)
  'Raise x\r\n\r\nbody\r\n',
  'Raise x\n\nsee: the docs\n',
  'Raise x\n\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n',
  'Two-line\nsubject: with a colon\n',
];

test('plain messages: the trailer is appended in JavaScript, byte for byte as Git does', () => {
  for (const m of plain) {
    const own = appendOwnTrailer(Buffer.from(m, 'utf8'), value);
    assert.ok(own, `JavaScript path for ${JSON.stringify(m)}`);
    assert.equal(own!.toString('utf8'), byGit(Buffer.from(m, 'utf8')).toString('utf8'), JSON.stringify(m));
  }
  const latin1 = Buffer.from('R\xe9sum\xe9 ajout\xe9\n', 'latin1'); // a message in another encoding
  assert.ok(appendOwnTrailer(latin1, value)?.equals(byGit(latin1)));
});

test('anything else is left to git interpret-trailers, and withTrailer still matches it', () => {
  for (const m of unusual) {
    assert.is(appendOwnTrailer(Buffer.from(m, 'utf8'), value), null, JSON.stringify(m));
    assert.equal(withTrailer(Buffer.from(m, 'utf8'), entry, process.cwd()).toString('utf8'), byGit(Buffer.from(m, 'utf8')).toString('utf8'), JSON.stringify(m));
  }
});

test.run();
