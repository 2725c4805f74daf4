// `aura audit repair` through the real CLI: a torn last line is set aside, kept byte for byte,
// and appending resumes on the last complete line; complete lines are never touched.
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPair, signer } from '../lib/crypto/ed25519';
import { sealEntry } from '../lib/entry/seal';
import { canonicalize } from '../lib/json/canonical';
import { appendEntry } from '../lib/log/append';
import { aura, newRepo, sandbox } from './helpers/env';

const kp = generateKeyPair();
const key = { publicKey: kp.publicKey, sign: signer(kp.seed) };
// A genesis, then 'note' entries (a capability without required fields): each sealed line
// verifies on its own, as repair now also sets aside complete lines that do not (when they are
// not in HEAD's committed log: test/log-set-aside.test.ts).
const pub = 'ed25519:' + Buffer.from(kp.publicKey).toString('hex');
const seal = (intent: string, parents: string[]) =>
  parents.length === 0
    ? sealEntry({ capability: 'genesis', intent, author: { kind: 'human', id: 'alice@example.ch' }, parents, fields: { key: pub, key_id: 'alice@example.ch', key_kind: 'human', roles: ['admin'] } }, key)
    : sealEntry({ capability: 'note', intent, author: { kind: 'human', id: 'alice@example.ch' }, parents }, key);

async function repoWithLog(n: number) {
  const sb = sandbox();
  const repo = newRepo(sb);
  const log = join(repo, '.aura', 'intent_log.jsonl');
  const entries = [];
  for (let i = 0; i < n; i++) entries.push(await appendEntry(log, (tips) => seal(`entry ${i}`, tips)));
  return { sb, repo, log, entries };
}

test('torn last line: moved to a side file, log cut back to its last complete line', async () => {
  const { sb, repo, log, entries } = await repoWithLog(3);
  try {
    const complete = readFileSync(log);
    const fragment = Buffer.from(canonicalize(seal('interrupted', [entries[2].hash])).slice(0, 90) + 'é', 'utf8');
    appendFileSync(log, fragment);
    const r = aura(sb, repo, ['audit', 'repair']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, `${log}:4: moved the incomplete last line (${fragment.length} bytes from offset ${complete.length})`);
    const side = readdirSync(join(repo, '.aura')).filter((n) => n.startsWith('intent_log.jsonl.torn-'));
    assert.is(side.length, 1);
    assert.match(r.stdout, side[0]);
    assert.ok(readFileSync(join(repo, '.aura', side[0])).equals(fragment), 'the torn bytes are kept exactly');
    assert.ok(readFileSync(log).equals(complete), `complete lines untouched, fragment gone: ${r.stdout}`);
    // appending resumes, chained to the last complete entry
    const next = await appendEntry(log, (tips) => seal('after repair', tips));
    assert.equal(next.parents, [entries[2].hash]);
    // nothing left to repair: refused, and nothing changes
    const again = aura(sb, repo, ['audit', 'repair']);
    assert.is(again.code, 1);
    assert.match(again.stderr, 'the last line is complete; nothing to repair');
    assert.is(readdirSync(join(repo, '.aura')).filter((n) => n.startsWith('intent_log.jsonl.torn-')).length, 1);
  } finally {
    sb.cleanup();
  }
});

test('a log that is only a fragment is repaired to an empty log', async () => {
  const { sb, repo, log } = await repoWithLog(0);
  try {
    mkdirSync(join(repo, '.aura'));
    appendFileSync(log, '{"version":1,"id":"in_');
    const r = aura(sb, repo, ['audit', 'repair', '--log', log]);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, `${log}:1:`);
    assert.is(readFileSync(log).length, 0);
  } finally {
    sb.cleanup();
  }
});

test('an intact entry missing only its newline gets the newline, nothing is set aside', async () => {
  const { sb, repo, log, entries } = await repoWithLog(2);
  try {
    const e = seal('no newline', [entries[1].hash]);
    appendFileSync(log, canonicalize(e));
    const r = aura(sb, repo, ['audit', 'repair']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, 'intact entry missing only its newline');
    assert.ok(readFileSync(log, 'utf8').endsWith(canonicalize(e) + '\n'));
    assert.is(readdirSync(join(repo, '.aura')).filter((n) => n.includes('.torn-')).length, 0);
    // a fragment whose hash does not check is not "intact": it is set aside
    appendFileSync(log, canonicalize({ ...seal('x', []), intent: 'tampered' }));
    const r2 = aura(sb, repo, ['audit', 'repair']);
    assert.match(r2.stdout, 'moved the incomplete last line');
  } finally {
    sb.cleanup();
  }
});

test('no log, bad option', () => {
  const sb = sandbox();
  try {
    const repo = newRepo(sb);
    const r = aura(sb, repo, ['audit', 'repair']);
    assert.is(r.code, 1);
    assert.match(r.stderr, 'there is no intent log at');
    const bad = aura(sb, repo, ['audit', 'repair', '--nope']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, 'usage: aura audit repair');
  } finally {
    sb.cleanup();
  }
});

test.run();
