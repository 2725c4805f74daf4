// The labelled intent corpus (test/intent-corpus/cases.jsonl) through the real check: no honest
// commit refused in strict mode, at most 2 % of the lies pass (issue 14 item 7). The figures
// and the confusion table are what `npm run bench:intent` prints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatScore, loadCases, score } from './intent-corpus/corpus';

const cases = loadCases();

test('the corpus has at least 200 cases covering the kinds of messages real projects use', () => {
  assert.ok(cases.length >= 200, `${cases.length} cases`);
  const categories = new Set(cases.map((c) => c.category));
  for (const k of ['conventional', 'merge', 'squash', 'body', 'i18n', 'emoji', 'revert', 'release', 'deps', 'mixed', 'naming', 'lie-deletion', 'lie-cosmetic', 'parse-error']) {
    assert.ok(categories.has(k), `category ${k}`);
  }
  assert.ok(cases.some((c) => /\n\s*[-*] /.test(c.intent)), 'bullet lists');
  assert.ok(cases.some((c) => /^Revert "/.test(c.intent)), 'revert messages');
});

test('no false blocks, missed lies within 2 %', () => {
  const s = score(cases);
  assert.is(s.falseBlocks.length, 0, formatScore(s));
  assert.ok(s.missedLies.length <= 0.02 * s.lies, formatScore(s));
  assert.ok(s.lies >= 40, 'enough dishonest cases to measure missed lies on');
});

test.run();
