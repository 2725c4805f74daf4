// `aura audit report` and `aura audit verify --report` on a real repository: what the pack
// says, that it verifies without the repository, and that every kind of edit is caught —
// including an insider who re-signs the manifest after editing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake3 } from '../lib/crypto/blake3';
import { signatureRef } from '../lib/crypto/ed25519';
import { canonicalize } from '../lib/json/canonical';
import { loadActiveKey } from '../lib/keys/store';
import { fileDigest } from '../lib/report/write';
import type { ReportJson } from '../lib/report/types';
import { aura, sandbox } from './helpers/env';
import { reportRepo } from './report-fixture';

const sb = sandbox();
const dir = reportRepo(sb);
const pack = join(sb.dir, 'pack');
const made = aura(sb, dir, ['audit', 'report', '--since', '30d', '--out', pack]);
const report = JSON.parse(readFileSync(join(pack, 'report.json'), 'utf8')) as ReportJson;

test.after(() => sb.cleanup());

test('the pack is written and says what happened in the period', () => {
  assert.is(made.code, 0, made.stderr);
  assert.match(made.stdout, /evidence pack written to/);
  assert.is(report.schema, 'aura-report/1');
  assert.is(report.verification.result, 'OK');
  assert.is(report.activity.commits.human, 3);
  assert.is(report.activity.commits.agent, 1);
  const byPath = Object.fromEntries(report.deletions.map((d) => [d.path, d]));
  assert.is(byPath['text.py:legacy'].covered_by, 'authorization');
  assert.is(byPath['text.py:legacy'].authorization!.intent, 'legacy is dead code');
  assert.is(byPath['text.py:helper'].covered_by, 'none');
  assert.ok(report.intents.some((i) => i.intent === 'fix typo' && i.verdict === 'inconsistent'));
  assert.equal(report.strict_periods.map((p) => p.strict), [true, false]);
  assert.is(report.supersedes.length, 1);
  assert.is(report.supersedes[0].original_intent, 'fix typo');
  assert.ok(report.keys.added.some((k) => k.key_id === 'bot' && k.kind === 'agent'));
  assert.equal(report.agents.map((a) => [a.key_id, a.commits, a.files]), [['bot', 1, 1]]);
  assert.ok(report.repository.binding!.commits >= 4);
  assert.equal(report.repository.binding!.findings, []);
  assert.ok(report.frameworks.some((f) => f.controls.some((c) => c.control === 'CC8.1')));
  const html = readFileSync(join(pack, 'report.html'), 'utf8');
  assert.not.match(html, /<script|https?:\/\//i, 'self-contained: no script, no network');
  assert.match(html, /text\.py:helper/);
});

test('verify --report: the pack checks out with nothing but the pack', () => {
  const elsewhere = join(sb.dir, 'elsewhere');
  require('node:fs').mkdirSync(elsewhere);
  const r = aura(sb, elsewhere, ['audit', 'verify', '--report', pack]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^OK — evidence pack/);
  assert.match(r.stdout, /report\.json re-derived from the log: identical/);
  const j = aura(sb, elsewhere, ['audit', 'verify', '--report', pack, '--json']);
  assert.is(JSON.parse(j.stdout).signer.registered, true);
});

/** A copy of the pack with `change` applied, re-signed with the same key when `resign`. */
function tampered(name: string, change: (d: string) => void, resign: boolean): string {
  const d = join(sb.dir, name);
  cpSync(pack, d, { recursive: true });
  change(d);
  if (resign) {
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    for (const f of Object.keys(m.files)) m.files[f] = fileDigest(join(d, f));
    delete m.signature;
    const key = loadActiveKey(sb.env);
    m.signature = signatureRef(key.signing.sign(blake3(canonicalize(m))));
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m, null, 2));
  }
  return d;
}

const broken = (d: string, why: RegExp) => {
  const r = aura(sb, sb.dir, ['audit', 'verify', '--report', d]);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^BROKEN/);
  assert.match(r.stdout, why);
};

const dropHelperDeletion = (d: string) => {
  const p = join(d, 'report.json');
  const j = JSON.parse(readFileSync(p, 'utf8')) as ReportJson;
  j.deletions = j.deletions.filter((x) => x.path !== 'text.py:helper');
  writeFileSync(p, JSON.stringify(j, null, 2) + '\n');
};

test('an edited file is caught by the manifest', () => {
  broken(tampered('t1', dropHelperDeletion, false), /report\.json was changed after the pack was signed/);
  broken(tampered('t2', (d) => writeFileSync(join(d, 'report.html'), readFileSync(join(d, 'report.html'), 'utf8').replace('fix typo', 'fix bug')), false), /report\.html was changed/);
  broken(tampered('t3', (d) => writeFileSync(join(d, 'notes.txt'), 'x'), false), /notes\.txt is in the folder but not part of the pack/);
});

test('an insider who edits and re-signs is caught by re-deriving the report from the log', () => {
  broken(tampered('t4', dropHelperDeletion, true), /report\.json does not say what log\.jsonl says \(at deletions/);
  broken(tampered('t5', (d) => writeFileSync(join(d, 'report.html'), readFileSync(join(d, 'report.html'), 'utf8').replace('fix typo', 'fix bug')), true), /report\.html is not report\.json rendered/);
  const dropLine = (d: string) => {
    const lines = readFileSync(join(d, 'log.jsonl'), 'utf8').split('\n');
    lines.splice(3, 1);
    writeFileSync(join(d, 'log.jsonl'), lines.join('\n'));
  };
  broken(tampered('t6', dropLine, true), /log\.jsonl: count|does not verify|PARENT_NOT_FOUND/);
});

test('usage errors', () => {
  assert.is(aura(sb, dir, ['audit', 'report', '--out', join(sb.dir, 'x')]).code, 2);
  assert.is(aura(sb, dir, ['audit', 'report', '--since', '30d']).code, 2);
  assert.is(aura(sb, dir, ['audit', 'report', '--since', '2026-01-02', '--until', '2026-01-01', '--out', join(sb.dir, 'y')]).code, 2);
  const again = aura(sb, dir, ['audit', 'report', '--since', '30d', '--out', pack]);
  assert.is(again.code, 2);
  assert.match(again.stderr, /not an empty folder/);
});

test.run();
