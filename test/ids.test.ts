import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newId, isId } from '../lib/ids';
import { parseTs, nowTs, parseSince } from '../lib/time';

test('ids are ULIDs with the in_ prefix, monotonic within one writer', () => {
  const t = Date.UTC(2026, 3, 21, 14, 32, 17, 481);
  const ids = Array.from({ length: 1000 }, () => newId(t));
  for (const id of ids) assert.ok(isId(id), id);
  const sorted = [...ids].sort();
  assert.equal(ids, sorted);
  assert.is(new Set(ids).size, ids.length);
  // The time part encodes the millisecond: same prefix for the same ms.
  assert.is(ids[0].slice(3, 13), ids[999].slice(3, 13));
  assert.ok(newId(t + 1) > ids[999]);
});

test('timestamps are RFC 3339 UTC with milliseconds', () => {
  const s = nowTs(Date.UTC(2026, 3, 21, 14, 32, 17, 481));
  assert.is(s, '2026-04-21T14:32:17.481Z');
  assert.is(parseTs(s), Date.UTC(2026, 3, 21, 14, 32, 17, 481));
  assert.ok(Number.isNaN(parseTs('2026-04-21T14:32:17Z')));
  assert.ok(Number.isNaN(parseTs('2026-02-30T00:00:00.000Z')));
  assert.ok(Number.isNaN(parseTs('2026-13-45T00:00:00.000Z')));
});

test('--since accepts relative durations and dates', () => {
  const now = Date.UTC(2026, 3, 21);
  assert.is(parseSince('30d', now), now - 30 * 86400e3);
  assert.is(parseSince('2026-01-21', now), Date.UTC(2026, 0, 21));
  assert.ok(Number.isNaN(parseSince('yesterday', now)));
});

test.run();
