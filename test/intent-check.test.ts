// The intent check as a pure function: each rule of issue 4 item 4, and strict mode's
// coverage rules for removed symbols (authorizations, human vs agent committers, expiry).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AstDelta, DeltaNode } from '../lib/entry/types';
import { Authorization, checkIntent, CheckInput, formatReport, isGenericIntent } from '../lib/intent/check';
import { symbolMatches } from '../lib/intent/glob';
import { intentFromMessage, readAuraTrailer } from '../lib/intent/message';

const H = (c: string) => 'blake3:' + c.repeat(64).slice(0, 64);
const node = (path: string, change: DeltaNode['change'], extra: Partial<DeltaNode> = {}): DeltaNode => ({
  path, kind: 'function', change,
  before: change === 'added' ? null : H('a'),
  after: change === 'removed' ? null : change === 'modified' ? H('b') : H('a'),
  ...extra,
});
const delta = (...nodes: DeltaNode[]): AstDelta => ({
  added: nodes.filter((n) => n.change === 'added').length,
  modified: nodes.filter((n) => ['modified', 'renamed', 'moved'].includes(n.change)).length,
  removed: nodes.filter((n) => n.change === 'removed').length,
  nodes,
});
const NOW = Date.parse('2026-05-01T00:00:00.000Z');
const input = (over: Partial<CheckInput>): CheckInput => ({
  intent: 'x', delta: delta(), authorizations: [], committer: 'human', strict: false, now: NOW, ...over,
});
const auth = (targets: string[], extra: Partial<Authorization> = {}): Authorization => ({ hash: H('9'), id: 'in_01J0000000000000000000000A', keyId: 'alice', targets, ...extra });

test('a change the intent describes is consistent', () => {
  const r = checkIntent(input({ intent: 'Retry with exponential backoff in retryLogic', delta: delta(node('src/net.ts:retryLogic', 'modified')) }));
  assert.is(r.verdict, 'consistent');
  assert.is(r.blocked, false);
});

test('a removed symbol the intent does not name is inconsistent; strict mode blocks and names the fix', () => {
  const d = delta(node('src/auth.ts:validateToken', 'removed'), node('src/auth.ts:login', 'modified'));
  const normal = checkIntent(input({ intent: 'Simplify login', delta: d }));
  assert.is(normal.verdict, 'inconsistent');
  assert.is(normal.blocked, false);
  const f = normal.findings.find((x) => x.path === 'src/auth.ts:validateToken')!;
  assert.is(f.severity, 'inconsistent');
  assert.match(f.reason, /does not name it/);
  const strict = checkIntent(input({ intent: 'Simplify login', delta: d, strict: true }));
  assert.is(strict.blocked, true);
  assert.match(strict.fixes.join('\n'), /aura intent authorize-delete 'src\/auth.ts:validateToken'/);
  const report = formatReport('Simplify login', strict, true);
  assert.match(report, /✗ removed +src\/auth.ts:validateToken/);
  assert.match(report, /commit refused by strict mode/);
});

test('a human intent naming the removed symbol covers it, even in strict mode; an agent\'s does not', () => {
  const d = delta(node('src/auth.ts:Session.validateToken', 'removed'));
  assert.is(checkIntent(input({ intent: 'Remove validateToken: superseded by the gateway', delta: d, strict: true })).blocked, false);
  assert.is(checkIntent(input({ intent: 'Remove Session.validateToken', delta: d, strict: true })).verdict, 'consistent');
  const agent = checkIntent(input({ intent: 'Remove validateToken', delta: d, strict: true, committer: 'agent' }));
  assert.is(agent.blocked, true);
  assert.match(agent.findings[0].reason, /agent key cannot authorize/);
  // a substring is not a name: "validateTokenizer" does not name validateToken
  assert.is(checkIntent(input({ intent: 'drop validateTokenizer', delta: d, strict: true })).blocked, true);
});

test('an authorize-delete entry covers matching removals (path or glob), is listed as used, and expires', () => {
  const d = delta(node('src/legacy/old.ts:parse', 'removed'), node('src/legacy/old.ts:Fmt.render', 'removed'));
  const r = checkIntent(input({ intent: 'Clean up', delta: d, strict: true, committer: 'agent', authorizations: [auth(['src/legacy/**'])] }));
  assert.is(r.blocked, false);
  assert.equal(r.used, [H('9')]);
  assert.is(r.verdict, 'consistent');
  const expired = checkIntent(input({ intent: 'Clean up', delta: d, strict: true, authorizations: [auth(['src/legacy/**'], { expires: '2026-04-30T00:00:00.000Z' })] }));
  assert.is(expired.blocked, true);
  assert.equal(expired.used, []);
  const other = checkIntent(input({ intent: 'Clean up', delta: d, strict: true, authorizations: [auth(['src/other.ts:parse'])] }));
  assert.is(other.blocked, true);
});

test('glob targets: * stays within one segment and one name, ** crosses, a bare file covers its symbols', () => {
  assert.ok(symbolMatches('src/a.ts:*', 'src/a.ts:Session.validate'));
  assert.not.ok(symbolMatches('src/*.ts:validate', 'src/sub/a.ts:validate'));
  assert.ok(symbolMatches('src/**', 'src/sub/a.ts:validate'));
  assert.ok(symbolMatches('src/a.ts', 'src/a.ts:validate'));
  assert.not.ok(symbolMatches('src/a.ts', 'src/a.tsx:validate'));
  assert.ok(symbolMatches('my dir/ä ö.py:f', 'my dir/ä ö.py:f'));
});

test('"fix typo" that changes a symbol\'s normalized syntax is inconsistent, naming the symbol', () => {
  const d = delta(node('src/auth.ts:checkPassword', 'modified'));
  for (const intent of ['fix typo', 'Format code', 'docs: update comments', 'whitespace only']) {
    const r = checkIntent(input({ intent, delta: d }));
    assert.is(r.verdict, 'inconsistent', intent);
    assert.match(r.findings[0].reason, /cosmetic change/);
  }
  assert.is(checkIntent(input({ intent: 'fix typo', delta: d, strict: true })).blocked, true);
  // a cosmetic claim over file-level changes only (docs, unsupported files) is fine
  const docs = delta(node('README.md', 'modified', { kind: 'file' }));
  assert.is(checkIntent(input({ intent: 'fix typo in README', delta: docs })).verdict, 'consistent');
});

test('a generic intent on a non-trivial delta is ambiguous (warns, never blocks)', () => {
  for (const intent of ['wip', 'fix', 'update', 'Minor fixes', 'misc changes']) assert.ok(isGenericIntent(intent), intent);
  assert.not.ok(isGenericIntent('fix the race in retryLogic'));
  const r = checkIntent(input({ intent: 'wip', delta: delta(node('src/a.ts:f', 'modified')), strict: true }));
  assert.is(r.verdict, 'ambiguous');
  assert.is(r.blocked, false);
  assert.is(checkIntent(input({ intent: 'wip', delta: delta() })).verdict, 'consistent');
});

test('renames and moves are not deletions', () => {
  const d = delta(node('src/b.ts:g', 'renamed', { from: 'src/b.ts:f' }), node('src/c.ts:h', 'moved', { from: 'src/a.ts:h' }));
  const r = checkIntent(input({ intent: 'Rename f to g and move h', delta: d, strict: true, committer: 'agent' }));
  assert.is(r.verdict, 'consistent');
  assert.is(r.blocked, false);
});

test('intent from a commit message drops comments, the scissors cut and the trailer block', () => {
  const msg = 'Add retry\n\nBecause the API flakes.\n# Please enter the commit message\n\nSigned-off-by: A <a@b>\nAura-Intent: in_01J0000000000000000000000A ' + H('1') + '\n';
  assert.is(intentFromMessage(msg), 'Add retry\n\nBecause the API flakes.');
  assert.is(intentFromMessage('Fix: handle nulls\n'), 'Fix: handle nulls'); // one line that looks like a trailer is the subject
  assert.is(intentFromMessage('# only a comment\n\nSigned-off-by: A <a@b>\n'), '');
  assert.is(intentFromMessage('Do x\n# ------------------------ >8 ------------------------\ndiff --git a b\n'), 'Do x');
  assert.equal(readAuraTrailer(msg), { id: 'in_01J0000000000000000000000A', hash: H('1') });
});

test.run();
