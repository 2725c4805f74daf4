// `aura pr-review` findings from agents, zones and strict mode, each its own kind with its own
// SARIF rule: an agent commit outside its allowed paths (agent-path-violation), an agent
// deletion without a human authorization (agent-deletion), an edit inside a zone another key
// claimed (zone-conflict); removals in commits logged in strict mode are not
// unexpected-deletion, unless strict mode refuses them (strict-bypass: its check was skipped).
// Commits past the hooks are logged the way a stale/forged policy hint lets them through
// (the deferred-check marker, as test/agents-policy.test.ts does).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { aura, gitIn, PROJECT, sandbox, Sandbox, writeFile } from './helpers/env';
import { addAgentKey, assertLogged, auraRepo, commitFile, mustCommit, trailerOf } from './hooks-fixture';

const sarifSchema = JSON.parse(readFileSync(join(PROJECT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));

/** A commit the hooks let through on a stale policy hint: post-commit logs it with its findings. */
function pastTheHooks(sb: Sandbox, dir: string, message: string, env: NodeJS.ProcessEnv = {}): void {
  gitIn(sb, dir, ['add', '-A']);
  writeFileSync(join(dir, '.git/aura/deferred-check'), '');
  const r = mustCommit(sb, dir, ['-q', '--no-verify', '-m', message], env);
  assert.match(r.stderr, /WARNING: .* would have refused this commit/);
  assertLogged(sb, dir);
}

const review = (sb: Sandbox, dir: string, range: string) => {
  const r = aura(sb, dir, ['pr-review', range, '--format', 'json']);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) };
};

test('pr-review: agent-path-violation, agent-deletion and zone-conflict, each its own kind and SARIF rule', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'src/a.ts', 'export function keep() {\n  return 1;\n}\n\nexport function drop() {\n  return 2;\n}\n', 'Add keep and drop');
    commitFile(sb, dir, 'docs/guide.md', '# guide\n', 'Add the guide');
    const bot = addAgentKey(sb, dir, 'bot');
    assert.is(aura(sb, dir, ['agent', 'allow', 'bot', '--paths', 'src/**', '--reason', 'src only']).code, 0);
    // another key claims docs/ (a plain claim: it warns, never refuses)
    const bob = addAgentKey(sb, dir, 'bob-bot');
    assert.is(aura(sb, dir, ['agent', 'allow', 'bob-bot', '--paths', '**', '--may-add-files', '--reason', 'r']).code, 0);
    assert.is(aura(sb, dir, ['zone', 'claim', 'docs/**', '--reason', 'rewriting the guide'], bob).code, 0);
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Record the rules and the claim']);
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();

    writeFile(dir, 'docs/guide.md', '# guide\n\nmore\n');
    pastTheHooks(sb, dir, 'Extend the guide', bot); // outside src/** and inside bob's zone
    writeFile(dir, 'src/a.ts', 'export function keep() {\n  return 1;\n}\n');
    pastTheHooks(sb, dir, 'Remove drop', bot); // an agent deletion nobody authorized
    writeFile(dir, 'docs/guide.md', '# guide\n\nmore, by a human\n');
    gitIn(sb, dir, ['add', '-A']);
    const human = mustCommit(sb, dir, ['-q', '-m', 'Polish the guide']); // a human inside the zone: a warning at commit time
    assert.match(human.stderr, /zone .* covers docs\/guide\.md/);

    const { code, report, stderr } = review(sb, dir, `${base}..HEAD`);
    assert.is(code, 1, stderr); // the agent kinds are in the default fail_on
    assert.equal(report.counts, { 'agent-path-violation': 1, 'agent-deletion': 1, 'zone-conflict': 2 }, JSON.stringify(report.findings, null, 2));
    const of = (k: string) => report.findings.filter((f: any) => f.kind === k);
    assert.equal([of('agent-path-violation')[0].path, of('agent-path-violation')[0].message.includes('outside the paths of the rule for "bot"')], ['docs/guide.md', true]);
    assert.equal([of('agent-deletion')[0].path, of('agent-deletion')[0].symbol], ['src/a.ts', 'src/a.ts:drop']);
    assert.equal(of('zone-conflict').map((f: any) => f.path), ['docs/guide.md', 'docs/guide.md']);
    assert.match(of('zone-conflict')[0].message, /inside zone in_\S+ \(claim by bob-bot since .*"rewriting the guide"\)/);
    assert.match(stderr, /1 agent-path-violation, 1 agent-deletion \(\[review\] fail_on\)/);

    const out = join(sb.dir, 'review.sarif');
    assert.is(aura(sb, dir, ['pr-review', `${base}..HEAD`, '--format', 'sarif', '--out', out]).code, 1);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    const v = new Validator(sarifSchema, '4', false).validate(sarif);
    assert.ok(v.valid, JSON.stringify(v.errors.slice(0, 5), null, 2));
    const rules = sarif.runs[0].tool.driver.rules.map((r: any) => r.id);
    for (const k of ['agent-path-violation', 'agent-deletion', 'zone-conflict']) assert.ok(rules.includes(k), `a SARIF rule for ${k}`);
    const levels = Object.fromEntries(sarif.runs[0].results.map((r: any) => [r.ruleId, r.level]));
    assert.equal(levels, { 'agent-path-violation': 'error', 'agent-deletion': 'error', 'zone-conflict': 'warning' });
  } finally {
    sb.cleanup();
  }
});

test('pr-review: a removal logged in strict mode is not an unexpected deletion; one strict mode refuses is strict-bypass', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    const fns = (names: string[]) => names.map((n, i) => `export function ${n}() {\n  return ${i};\n}\n`).join('\n');
    commitFile(sb, dir, 'src/f.ts', fns(['a', 'b', 'c', 'd']), 'Add a, b, c and d');
    const base = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    // normal mode: removing a with "Remove a", then a correction that no longer names it
    writeFile(dir, 'src/f.ts', fns(['b', 'c', 'd']));
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Remove a']);
    const inNormal = trailerOf(sb, dir)!;
    assert.is(aura(sb, dir, ['intent', 'supersede', inNormal.id, 'Tidy the module']).code, 0);
    // strict mode: the same with b (named at commit time, so strict mode accepted it)
    assert.is(aura(sb, dir, ['strict', 'on']).code, 0);
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Turn strict mode on']);
    writeFile(dir, 'src/f.ts', fns(['c', 'd']));
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Remove b']);
    const inStrict = trailerOf(sb, dir)!;
    assert.is(aura(sb, dir, ['intent', 'supersede', inStrict.id, 'Tidy the module again']).code, 0);
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'Record the corrections']);
    // strict mode, past the hooks: c removed, named by nothing, authorized by nobody
    writeFile(dir, 'src/f.ts', fns(['d']));
    pastTheHooks(sb, dir, 'Simplify f.ts');

    const { report } = review(sb, dir, `${base}..HEAD`);
    const of = (k: string) => report.findings.filter((f: any) => f.kind === k).map((f: any) => f.symbol);
    assert.equal(of('unexpected-deletion'), ['src/f.ts:a'], 'only the removal logged in normal mode');
    assert.equal(of('strict-bypass'), ['src/f.ts:c']);
  } finally {
    sb.cleanup();
  }
});

test.run();
