// `aura agent-log export` with its signed manifest, checked by `aura audit verify-export`;
// `author.via` when a human key commits under a detected coding agent or CI runner.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox } from './helpers/env';
import { addAgentKey, assertLogged, edit, mustCommit, parseLog, repoWithAuth, TS_BEFORE } from './hooks-fixture';
import { writeFile } from './helpers/env';

test('agent-log export: agent entries, rules, agent keys and consumed authorizations; the manifest verifies; --agent filters; json too', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    const bot = addAgentKey(sb, dir, 'bot');
    const other = addAgentKey(sb, dir, 'other');
    assert.is(aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--reason', 'r']).code, 0);
    assert.is(aura(sb, dir, ['agent', 'allow', 'other', '--paths', 'docs/**', '--may-add-files', '--reason', 'r']).code, 0);
    assert.is(aura(sb, dir, ['intent', 'authorize-delete', 'src/auth.ts:validate', '--reason', 'unused']).code, 0);
    assert.is(aura(sb, dir, ['intent', 'authorize-delete', 'src/nothing.ts:x', '--reason', 'not for agents']).code, 0);
    writeFile(dir, 'src/auth.ts', TS_BEFORE.replace(/export function validate[\s\S]*?\n}\n\n/, '').replace('if (!validate(token)) ', ''));
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Remove validate; login no longer checks the token'], bot);
    writeFile(dir, 'docs/a.md', '# a\n');
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Add docs a'], other);
    edit(dir, 'src/auth.ts', 'return user;', 'return user.trim();');
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Trim the user in login']); // human: not exported

    const out = join(sb.dir, 'agents.jsonl');
    const r = aura(sb, dir, ['agent-log', 'export', '--since', '1d', '--out', out]);
    assert.is(r.code, 0, r.stderr);
    const got = parseLog(readFileSync(out, 'utf8'));
    const kinds = got.map((e) => `${e.capability}:${e.author.kind}`);
    assert.equal(kinds, [
      'key-add:human', 'key-add:human', 'agent-policy:human', 'agent-policy:human', 'authorize-delete:human', 'commit:agent', 'commit:agent',
    ]);
    assert.equal(got.filter((e) => e.capability === 'commit').map((e) => e.intent), ['Remove validate; login no longer checks the token', 'Add docs a']);
    assert.ok((got[5].ast_delta as any).nodes.some((n: any) => n.path === 'src/auth.ts:validate' && n.change === 'removed'), 'symbols travel with the commit');
    const v = aura(sb, dir, ['audit', 'verify-export', out]);
    assert.is(v.code, 0, v.stdout);
    assert.match(v.stdout, /OK — 7 entries match the manifest/);
    const manifest = JSON.parse(readFileSync(out + '.manifest.json', 'utf8'));
    assert.equal([manifest.scope, manifest.agent, manifest.format], ['agent-log', null, 'jsonl']);

    const one = join(sb.dir, 'bot.json');
    assert.is(aura(sb, dir, ['agent-log', 'export', '--since', '1d', '--agent', 'bot', '--format', 'json', '--out', one]).code, 0);
    const list = JSON.parse(readFileSync(one, 'utf8')) as any[];
    assert.equal(list.map((e) => e.capability), ['key-add', 'agent-policy', 'authorize-delete', 'commit']);
    assert.is(aura(sb, dir, ['audit', 'verify-export', one]).code, 0);
    // a changed export no longer matches its manifest
    writeFileSync(out, readFileSync(out, 'utf8').replace('Add docs a', 'Add docs b'));
    const bad = aura(sb, dir, ['audit', 'verify-export', out]);
    assert.is(bad.code, 1);
    assert.match(bad.stdout, /BROKEN/);
    assert.is(aura(sb, dir, ['agent-log', 'export', '--out', out]).code, 2, '--since is required');
  } finally {
    sb.cleanup();
  }
});

test('a human key under a detected coding agent or CI: author.via is recorded and reported as a hint', () => {
  const sb = sandbox();
  try {
    const dir = repoWithAuth(sb);
    edit(dir, 'src/auth.ts', 'return user;', 'return user.trim();');
    gitIn(sb, dir, ['add', '-A']);
    const r = mustCommit(sb, dir, ['-q', '-m', 'Trim the user in login'], { CLAUDECODE: '1', GITHUB_ACTIONS: 'true', CI: 'true' });
    assert.match(r.stderr, /signed by a human key, but the environment shows claude-code, github-actions \(CLAUDECODE=1, GITHUB_ACTIONS=true\).*a hint, not proof/);
    const e = assertLogged(sb, dir);
    assert.equal((e.author as any).via, ['claude-code', 'github-actions']);
    assert.is((e.author as any).agent, undefined);
    edit(dir, 'src/auth.ts', 'user.trim()', 'user.toLowerCase()');
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Lowercase the user in login'], { CLAUDECODE: '', CI: '' });
    assert.is((assertLogged(sb, dir).author as any).via, undefined, 'nothing detected, nothing recorded');
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test.run();
