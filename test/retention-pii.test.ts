// PII and credential tokenization: what is found, what is left alone, and stable tokens.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenFor, tokenizePii } from '../lib/retention/pii';

const key = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);

test('finds emails, phone numbers, IPv4/IPv6 addresses and credentials', () => {
  const cases: [string, string[]][] = [
    ['Ping bob.smith+dev@mail.example.co.uk about it', ['email']],
    ['call +41 44 123 45 67 or (415) 555-0132 or 415-555-0199', ['phone', 'phone', 'phone']],
    ['block 192.168.10.20 and 2001:db8::8a2e:370:7334 and fe80::1', ['ipv4', 'ipv6', 'ipv6']],
    ['password=hunter2 and api_key: "abc def" and token=xyz123', ['credential', 'credential', 'credential']],
    ['Authorization: Bearer abcdefghijklmnop', ['credential']],
    ['AWS AKIAIOSFODNN7EXAMPLE leaked', ['credential']],
  ];
  for (const [text, kinds] of cases) {
    const r = tokenizePii(text, key);
    assert.equal(r.found.sort(), [...kinds].sort(), text);
    assert.not.match(r.text, /hunter2|bob\.smith|192\.168|2001:db8|555-01|AKIAIOSF|abcdefghijklmnop/);
  }
  assert.is(tokenizePii('password=hunter2', key).text, `password=${tokenFor(key, 'credential', 'hunter2')}`);
});

test('leaves code, versions, dates and times alone', () => {
  for (const text of [
    'Refactor std::vector use in cache::evict',
    'Bump lodash to 4.17.21 and node to 20.19.0',
    'Meeting 2026-04-21 at 14:32:17, see issue #1234',
    'Use a::b and Foo::Bar::baz',
    'Speed up 3x (1200 ms -> 400 ms)',
  ]) {
    const r = tokenizePii(text, key);
    assert.is(r.text, text);
    assert.equal(r.found, []);
  }
});

test('tokens are stable per key, differ across keys, and tokenizing twice changes nothing', () => {
  const a = tokenizePii('mail carol@example.org twice: carol@example.org', key).text;
  const t = tokenFor(key, 'email', 'carol@example.org');
  assert.is(a, `mail ${t} twice: ${t}`);
  assert.match(t, /^\[email:[0-9a-f]{12}\]$/);
  assert.is.not(tokenFor(other, 'email', 'carol@example.org'), t);
  const again = tokenizePii(a, key);
  assert.is(again.text, a);
  assert.equal(again.found, []);
});

test.run();
