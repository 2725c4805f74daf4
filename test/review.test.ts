// `aura pr-review` on real repositories: one finding of each kind a PR can bring (a commit
// made with --no-verify, an intent contradicting its change, an unauthorized deletion, a
// secret and an overridden one, an import across a [[review.layers]] rule), the summary,
// SARIF validated against the official SARIF 2.1.0 schema (test/fixtures/sarif, with its
// licence), `[review] fail_on`, and --record with `pr-review export`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { aura, gitIn, sandbox, PROJECT, writeFile } from './helpers/env';
import { auraRepo, commit, commitFile, mustCommit, worktreeLog } from './hooks-fixture';
import { positives } from '../bench/secrets/labelled';

const schema = JSON.parse(readFileSync(join(PROJECT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));

test('pr-review: every finding kind, SARIF valid against the 2.1.0 schema, fail_on, --record and export', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    writeFile(dir, '.aura/config.toml', '[[review.layers]]\nfrom = "lib/**"\ndeny = ["hooks/**"]\n\n[review]\nfail_on = ["unlogged-commit", "secret"]\n');
    commitFile(sb, dir, 'lib/a.ts', 'export function keep(): number {\n  return 1;\n}\n\nexport function legacy(): number {\n  return 2;\n}\n', 'Add keep and legacy');
    commitFile(sb, dir, 'hooks/h.ts', 'export const x = 1;\n', 'Add x to hooks');
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    // an import across the layer rule, and legacy removed without a word
    commitFile(sb, dir, 'lib/a.ts', "import { x } from '../hooks/h';\n\nexport function keep(): number {\n  return x;\n}\n", 'Make keep return x');
    // a cosmetic claim on a real change
    commitFile(sb, dir, 'lib/b.ts', 'export function b(): number {\n  return 2;\n}\n', 'Add b');
    writeFile(dir, 'lib/b.ts', 'export function b(): number {\n  return 3;\n}\n');
    gitIn(sb, dir, ['add', 'lib/b.ts']);
    mustCommit(sb, dir, ['-q', '-m', 'Fix typo in comment']);
    // a secret allowed by an override, and one committed around the hooks
    const stripe = positives().find((s) => s.label === 'stripe')!.text;
    writeFile(dir, 'fixtures/pay.rb', stripe);
    gitIn(sb, dir, ['add', 'fixtures/pay.rb']);
    const refused = commit(sb, dir, ['-q', '-m', 'Add the payments fixture']);
    const fp = /(sfp_[0-9a-f]{24})/.exec(refused.stderr)![1];
    assert.is(aura(sb, dir, ['secret', 'allow', fp, '--reason', 'revoked test key']).code, 0);
    mustCommit(sb, dir, ['-q', '-m', 'Add the payments fixture']);
    const gh = positives().find((s) => s.label === 'github')!.text;
    writeFile(dir, 'src/client.ts', gh);
    gitIn(sb, dir, ['add', 'src/client.ts']);
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'Add the client']);

    const json = aura(sb, dir, ['pr-review', 'main..topic', '--format', 'json']);
    assert.is(json.code, 1, json.stderr); // unlogged-commit and secret are in fail_on
    assert.match(json.stderr, /1 unlogged-commit, 1 secret \(\[review\] fail_on\)/);
    const report = JSON.parse(json.stdout);
    assert.is(report.version, 1);
    assert.is(report.commits.length, 5);
    assert.equal(report.counts, { 'unlogged-commit': 1, 'unexpected-deletion': 1, 'intent-inconsistent': 1, secret: 1, 'secret-override': 1, 'layer-violation': 1 });
    const by = (k: string) => report.findings.find((f: { kind: string }) => f.kind === k);
    assert.is(by('unexpected-deletion').symbol, 'lib/a.ts:legacy');
    assert.is(by('intent-inconsistent').symbol, 'lib/b.ts:b');
    assert.equal([by('layer-violation').path, by('layer-violation').line], ['lib/a.ts', 1]);
    assert.equal([by('secret').path, by('secret').line], ['src/client.ts', 1]);
    assert.is(by('secret-override').path, 'fixtures/pay.rb');
    assert.is(by('unlogged-commit').path, 'src/client.ts');
    const ghSecret = /'(ghp_[A-Za-z0-9]+)'/.exec(gh)![1];
    assert.not.ok(json.stdout.includes(ghSecret.slice(4)), 'no secret in the report');
    assert.equal(report.summary.symbols.lib, { added: 1, modified: 2, removed: 1 });
    assert.equal(report.summary.authors, ['Alice Example']);

    const sarifRun = aura(sb, dir, ['pr-review', 'main..topic', '--format', 'sarif', '--out', join(sb.dir, 'review.sarif')]);
    assert.is(sarifRun.code, 1);
    const sarif = JSON.parse(readFileSync(join(sb.dir, 'review.sarif'), 'utf8'));
    const v = new Validator(schema, '4', false).validate(sarif);
    assert.ok(v.valid, JSON.stringify(v.errors.slice(0, 5), null, 2));
    const results = sarif.runs[0].results;
    assert.is(results.length, 6);
    for (const r of results) {
      assert.ok(sarif.runs[0].tool.driver.rules[r.ruleIndex].id === r.ruleId);
      assert.ok(r.locations[0].physicalLocation.artifactLocation.uri && r.locations[0].physicalLocation.region.startLine >= 1);
    }
    // a SARIF the schema must reject, so the validation above can fail
    assert.not.ok(new Validator(schema, '4', false).validate({ ...sarif, version: '2.0.0' }).valid);

    // --record: a signed review entry; export prints it with its report
    const rec = aura(sb, dir, ['pr-review', 'main..topic', '--format', 'markdown', '--record', '--pr', '12']);
    assert.is(rec.code, 1);
    assert.match(rec.stdout, /\| error unlogged-commit \| `src\/client\.ts` \|/);
    const entry = worktreeLog(dir).pop()!;
    assert.is(entry.capability, 'review');
    assert.is(entry.pr, 12);
    assert.equal(entry.counts, report.counts);
    const exp = aura(sb, dir, ['pr-review', 'export', '--pr', '12']);
    assert.is(exp.code, 0, exp.stderr);
    const out = JSON.parse(exp.stdout);
    assert.is(out.entry.hash, entry.hash);
    assert.is(out.verified.hash_and_signature, true);
    assert.is(out.report.head, report.head);
    assert.is(aura(sb, dir, ['audit', 'verify']).code, 0);
    assert.is.not(aura(sb, dir, ['pr-review', 'export', '--pr', '13']).code, 0);
  } finally {
    sb.cleanup();
  }
});

test('pr-review: a clean range exits 0; bad [[review.layers]] config is an error naming the line', () => {
  const sb = sandbox();
  try {
    const dir = auraRepo(sb);
    commitFile(sb, dir, 'src/a.py', 'def a():\n    return 1\n', 'Add a');
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    commitFile(sb, dir, 'src/b.py', 'from .a import a\n\ndef b():\n    return a()\n', 'Add b calling a');
    const ok = aura(sb, dir, ['pr-review', 'main..topic', '--format', 'json']);
    assert.is(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).findings, []);
    writeFile(dir, '.aura/config.toml', '[[review.layers]]\nfrom = "src/**"\n');
    const bad = aura(sb, dir, ['pr-review', 'main..topic']);
    assert.is.not(bad.code, 0);
    assert.match(bad.stderr, /config\.toml:2: \[\[review\.layers\]\] item 1 lacks "deny"/);
    writeFile(dir, '.aura/config.toml', '[[review.layers]]\nfrom = "src/b.py"\ndeny = ["src/a"]\n');
    const py = JSON.parse(aura(sb, dir, ['pr-review', 'main..topic', '--format', 'json']).stdout);
    assert.is(py.findings[0].kind, 'layer-violation');
    assert.is(py.findings[0].line, 1);
  } finally {
    sb.cleanup();
  }
});

test.run();
