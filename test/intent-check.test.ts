// The intent check as a pure function: each rule of issue 4 item 4, and strict mode's
// coverage rules for removed symbols (authorizations, human vs agent committers, expiry).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AstDelta, DeltaNode } from '../lib/entry/types';
import { Authorization, checkIntent, CheckInput, formatReport, isGenericIntent } from '../lib/intent/check';
import { symbolMatches } from '../lib/intent/glob';
import { readClaims } from '../lib/intent/claims';
import { cleanupMessage, intentFromMessage, readAuraTrailer } from '../lib/intent/message';
import { identifierWords, intentNames } from '../lib/intent/names';

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
    assert.match(r.findings[0].reason, /claims the whole change is cosmetic/);
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

test('intent from a commit message: Git\'s cleanup mode decides what a comment is; trailers go', () => {
  const strip = { mode: 'strip', comment: '#' } as const;
  const msg = 'Add retry\n\nBecause the API flakes.\n# Please enter the commit message\n\nSigned-off-by: A <a@b>\nAura-Intent: in_01J0000000000000000000000A ' + H('1') + '\n';
  assert.is(intentFromMessage(msg, strip), 'Add retry\n\nBecause the API flakes.');
  assert.is(intentFromMessage('Fix: handle nulls\n'), 'Fix: handle nulls'); // one line that looks like a trailer is the subject
  assert.is(intentFromMessage('# only a comment\n\nSigned-off-by: A <a@b>\n', strip), '');
  assert.is(intentFromMessage('Do x\n# ------------------------ >8 ------------------------\ndiff --git a b\n', strip), 'Do x');
  // -m keeps "#": whitespace mode (no editor) and a stored message keep it
  assert.is(intentFromMessage('#482 Fix login redirect\n', { mode: 'whitespace', comment: '#' }), '#482 Fix login redirect');
  assert.is(intentFromMessage('#482 Fix login redirect\n'), '#482 Fix login redirect');
  // scissors mode keeps comment lines above the cut; another comment character
  assert.is(cleanupMessage('#1 x\n# ------------------------ >8 ------------------------\n# below\n', { mode: 'scissors', comment: '#' }), '#1 x\n');
  assert.is(intentFromMessage('; note\n#7 Fix\n', { mode: 'strip', comment: ';' }), '#7 Fix');
  assert.is(cleanupMessage('  a  \n\n\n\nb\n\n', { mode: 'whitespace', comment: '#' }), '  a\n\nb\n');
  assert.equal(readAuraTrailer(msg), { id: 'in_01J0000000000000000000000A', hash: H('1') });
});

test('a cosmetic claim is a claim about the whole change; Conventional Commits types are claims', () => {
  for (const t of ['Add exponential backoff helper and update docs', 'Add retry backoff; fix typo in README', 'Format code and add backoff',
    'Use comments API for backoff', 'feat: update docs for the new flag', 'formatDate: handle nulls', 'Typo tolerance in search',
    'Add style prop to Button', 'Fix formatting of currency values', 'Comment out debug logging']) {
    assert.is(readClaims(t).cosmetic, null, t);
  }
  for (const [t, kind] of [['fix typo', 'typo'], ['docs: explain retries', 'docs'], ['style: x', 'style'], ['chore(fmt): run black', 'format'],
    ['Fix typos in comments and docs', 'typo'], ['Reformat tests', 'format'], ['Update README and CHANGELOG', 'docs'], ['- fix typo\n- reformat', 'typo']] as const) {
    assert.is(readClaims(t).cosmetic?.kind, kind, t);
  }
  assert.is(readClaims('Merge pull request #5 from a/typo\n\nfix typo').cosmetic, null, 'a merge claims nothing of its own');
  assert.ok(readClaims('refactor: inline parseHeader').preservesBehaviour);
  assert.ok(readClaims('Drop dead code (no functional change)').preservesBehaviour);
  assert.is(readClaims('feat: add x').preservesBehaviour, null);
});

test('the issue\'s four messages over an added function are consistent; "fix typo" over changed code is not', () => {
  const d = delta(node('src/net.ts:backoff', 'added'));
  for (const intent of ['Add exponential backoff helper and update docs', 'Add retry backoff; fix typo in README', 'Format code and add backoff', 'Use comments API for backoff']) {
    const r = checkIntent(input({ intent, delta: d, strict: true }));
    assert.is(r.verdict, 'consistent', intent);
    assert.is(r.blocked, false, intent);
  }
  assert.is(checkIntent(input({ intent: 'fix typo', delta: d, strict: true })).blocked, true);
});

test('a typo fix confined to string literals or a rename is consistent; a sorted import block fits a format claim', () => {
  const m = delta(node('src/errors.ts:notFound', 'modified'));
  const editKinds = new Map([['src/errors.ts:notFound', 'literal' as const]]);
  assert.is(checkIntent(input({ intent: 'Fix typo in error message', delta: m, strict: true, editKinds })).verdict, 'consistent');
  assert.is(checkIntent(input({ intent: 'Format code', delta: m, strict: true, editKinds })).blocked, true, 'a changed string is not formatting');
  const r = delta(node('src/net.ts:receive', 'renamed', { from: 'src/net.ts:recieve' }));
  assert.is(checkIntent(input({ intent: 'Fix typo: recieve', delta: r, strict: true })).verdict, 'consistent');
  const mod = delta(node('src/app.ts', 'modified', { kind: 'file', content: 'text' }));
  assert.is(checkIntent(input({ intent: 'style: sort imports', delta: mod, strict: true, editKinds: new Map([['src/app.ts', 'reorder' as const]]) })).verdict, 'consistent');
  assert.is(checkIntent(input({ intent: 'style: sort imports', delta: mod, strict: true })).blocked, true, 'module code changed under a style claim');
});

test('naming a removed symbol: path, qualified, Class#method, last segment, backticks, call form, words, the removed file', () => {
  const p = 'src/auth.py:legacy_md5_fallback';
  for (const t of ['Remove src/auth.py:legacy_md5_fallback', 'Remove legacy_md5_fallback', 'remove `legacy_md5_fallback`', 'Remove the legacy MD5 fallback']) assert.ok(intentNames(t, p), t);
  assert.not.ok(intentNames('Remove legacy fallback', p), 'not every word');
  assert.not.ok(intentNames('Legacy MD5 fallback is slow', p), 'words without a removal');
  const m = 'src/cache.ts:Cache.get';
  for (const t of ['Remove Cache.get', 'Remove Cache#get', 'Remove `get`', 'Drop get() from the API', 'Remove the get method']) assert.ok(intentNames(t, m), t);
  assert.not.ok(intentNames('Get rid of caching', m), '"get" in "get rid of" is not a name');
  assert.not.ok(intentNames('Remove caching from get requests', m));
  assert.ok(intentNames('Remove validate and login: unused since the gateway', 'src/auth.ts:login'), 'a list after one removal verb');
  assert.ok(intentNames('Delete src/legacy/md5.py', 'src/legacy/md5.py:md5_hash', true));
  assert.ok(intentNames('Delete legacy/md5.py', 'src/legacy/md5.py:md5_hash', true));
  assert.not.ok(intentNames('Delete legacy/md5.py', 'src/legacy/md5.py:md5_hash', false), 'the file path names its symbols only when the file goes');
  assert.equal(identifierWords('parseV1HTTPHeader_fast'), ['parse', 'v1', 'http', 'header', 'fast']);
  // a removed class named covers its removed members
  const d = delta(node('src/c.ts:LegacyClient', 'removed'), node('src/c.ts:LegacyClient.send', 'removed'));
  assert.is(checkIntent(input({ intent: 'Remove the LegacyClient class', delta: d, strict: true })).verdict, 'consistent');
});

test('a refactor claim over a named removal is reported ambiguous (not blocked); a cosmetic claim over one is inconsistent', () => {
  const d = delta(node('src/http.ts:parseHeader', 'removed'));
  const r = checkIntent(input({ intent: 'refactor: inline parseHeader', delta: d, strict: true }));
  assert.is(r.verdict, 'ambiguous');
  assert.is(r.blocked, false);
  assert.is(checkIntent(input({ intent: 'Fix typo in parseHeader', delta: d, strict: true })).blocked, true);
});

test('parse errors are not deletions: ambiguous with file:line; refused only when the policy says so', () => {
  const d = delta(node('src/p.ts', 'modified', { kind: 'file', content: 'text', parse_error: true }), node('src/p.ts:parseExpr', 'removed'));
  const parseErrors = new Map([['src/p.ts', { line: 12, column: 5 }]]);
  const r = checkIntent(input({ intent: 'Add arrays', delta: d, strict: true, parseErrors }));
  assert.is(r.verdict, 'ambiguous');
  assert.is(r.blocked, false);
  assert.match(formatReport('Add arrays', r, true), /src\/p\.ts:12:5/);
  assert.match(r.findings.find((f) => f.path === 'src/p.ts:parseExpr')!.reason, /not treated as a deletion/);
  const refused = checkIntent(input({ intent: 'Add arrays', delta: d, strict: true, parseErrors, refuseParseErrors: true }));
  assert.is(refused.blocked, true);
  assert.match(refused.fixes.join('\n'), /fix the syntax error at src\/p\.ts:12:5/);
  assert.is(checkIntent(input({ intent: 'Add arrays', delta: d, strict: false, refuseParseErrors: true })).blocked, false, 'a strict-mode rule');
});

test('an intent convention is enforced in every mode, with its message', () => {
  const convention = { pattern: '^(feat|fix|docs|chore)(\\(.+\\))?: |#\\d+', message: 'start with a Conventional Commits type or name a ticket' };
  const d = delta(node('src/a.ts:f', 'modified'));
  const r = checkIntent(input({ intent: 'Make f faster', delta: d, convention }));
  assert.is(r.blocked, true);
  assert.match(formatReport('Make f faster', r, false), /refused by this repository's intent convention/);
  assert.match(r.fixes.join(), /Conventional Commits type or name a ticket/);
  assert.is(checkIntent(input({ intent: 'fix: make f faster', delta: d, convention })).blocked, false);
  assert.is(checkIntent(input({ intent: 'Make f faster (#482)', delta: d, convention })).blocked, false);
});

test.run();
