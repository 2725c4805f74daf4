// RFC 8785 canonical JSON against published vectors (cyberphone/json-canonicalization
// testdata and RFC 8785 Appendix B numbers), and the strict parser's refusals: what JSON.parse
// would silently accept but two verifiers could read differently.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalize } from '../lib/json/canonical';
import { parseStrictJson } from '../lib/json/strict-parse';

const V: { cases: { name: string; input: string; output: string }[]; numbers: [string, string][]; non_finite: string[] } = require('../../test/fixtures/jcs-vectors.json');
const double = (bits: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt('0x' + bits));
  return view.getFloat64(0);
};

for (const c of V.cases) {
  test(`testdata ${c.name}: parse then canonicalize gives the published output`, () => {
    assert.is(canonicalize(parseStrictJson(c.input)), c.output);
    // Canonical output is a fixed point.
    assert.is(canonicalize(parseStrictJson(c.output)), c.output);
  });
}

test('RFC 8785 Appendix B: IEEE 754 values serialize exactly', () => {
  assert.is(V.numbers.length, 24);
  for (const [bits, text] of V.numbers) assert.is(canonicalize(double(bits)), text, bits);
  for (const bits of V.non_finite) assert.throws(() => canonicalize(double(bits)), /not finite/);
});

test('members sort by UTF-16 code units, not by code points', () => {
  // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 order, after it by code point.
  assert.is(canonicalize({ '\ufb33': 1, '\u{1f600}': 2 }), '{"\u{1f600}":2,"\ufb33":1}');
});

test('strings that are not Unicode have no canonical form', () => {
  assert.throws(() => canonicalize('\ud800'), /lone surrogate/);
  assert.throws(() => canonicalize({ ['\udc00']: 1 }), /lone surrogate/);
  assert.throws(() => canonicalize(parseStrictJson('"\\ud83d"')), /lone surrogate/);
  assert.is(canonicalize(parseStrictJson('"\\ud83d\\ude02"')), '"\u{1f602}"');
});

const REFUSED: [string, string, RegExp][] = [
  ['duplicate member', '{"a":1,"a":2}', /duplicate member name "a"/],
  ['duplicate member spelled with an escape', '{"a":1,"\\u0061":2}', /duplicate member name "a"/],
  ['duplicate member in a nested object', '{"x":{"k":1,"k":1}}', /duplicate member name "k"/],
  ['__proto__ member', '{"__proto__":{"admin":true}}', /__proto__/],
  ['__proto__ member spelled with escapes', '{"\\u005f_proto__":1}', /__proto__/],
  ['trailing comma', '{"a":1,}', /member name/],
  ['leading zero', '{"a":01}', /trailing|expected/],
  ['NaN', '{"a":NaN}', /bad number/],
  ['single quotes', "{'a':1}", /member name/],
  ['comment', '{"a":1}//x', /trailing/],
  ['raw control character in a string', '{"a":"x\ny"}', /control character/],
  ['bad escape', '{"a":"\\x41"}', /bad escape/],
  ['truncated', '{"a":', /end of input/],
  ['two values', '{}{}', /trailing/],
  ['nesting deeper than 64', '['.repeat(70) + ']'.repeat(70), /too deep/],
];
for (const [name, text, why] of REFUSED) {
  test(`strict parse refuses: ${name}`, () => {
    assert.throws(() => parseStrictJson(text), why);
  });
}

test('strict parse reads what RFC 8259 allows, whitespace included', () => {
  assert.equal(parseStrictJson(' { "a" : [ 1 , -2 , 3e2 , true , null ] , "b" : "\\u00e9\\n" } '), { a: [1, -2, 300, true, null], b: 'é\n' });
  const o = parseStrictJson('{"constructor":1,"toString":2}') as Record<string, number>;
  assert.is(o.constructor as unknown, 1);
  assert.is(Object.getPrototypeOf(o), Object.prototype);
});

test.run();
