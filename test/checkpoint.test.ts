// Signed checkpoints through the real CLI and real git: a C2SP signed note over the log,
// cosigned by a second key in another clone, checked by aura audit verify; it fails when the
// log lacks an entry it commits to, or when its text or a signature was changed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, gitIn, sandbox } from './helpers/env';
import { addAgentKey, auraRepo, commitFile, worktreeLog } from './hooks-fixture';

test('checkpoint: signed note in .aura/checkpoints, cosigned by a witness clone, verified; fails once the log lacks an entry it commits to', () => {
  const sb = sandbox();
  try {
    const a = auraRepo(sb, 'a');
    const witness = addAgentKey(sb, a, 'ci-witness');
    for (let i = 1; i <= 3; i++) commitFile(sb, a, `src/m${i}.ts`, `export const m${i} = ${i};\n`, `Add m${i}`);

    const made = aura(sb, a, ['audit', 'checkpoint']);
    assert.is(made.code, 0, made.stderr);
    const [name] = readdirSync(join(a, '.aura', 'checkpoints'));
    const file = join(a, '.aura', 'checkpoints', name);
    const log = worktreeLog(a);
    const genesis = log[0].hash.slice('blake3:'.length);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    assert.is(lines[0], `aura.invalid/log/${genesis}`, 'origin names the genesis');
    assert.is(lines[1], String(log.length), 'tree size: every entry');
    assert.match(lines[3], /^time \d{4}-\d\d-\d\dT/);
    assert.is(lines[4], `tip ${log[log.length - 1].hash}`);
    assert.match(text, /\n\n\u2014 alice@example\.ch [A-Za-z0-9+/]{80,}=*\n$/, 'one signature line, em dash, key name');
    gitIn(sb, a, ['add', '.aura/checkpoints']);
    commitFile(sb, a, 'src/m4.ts', 'export const m4 = 4;\n', 'Add m4 and keep the checkpoint');

    // A witness clone (CI) verifies the log and cosigns with its own key.
    const b = join(sb.dir, 'b');
    gitIn(sb, sb.dir, ['clone', '-q', a, b]);
    const cp = join(b, '.aura', 'checkpoints', name);
    const cos = aura(sb, b, ['audit', 'checkpoint', '--cosign', cp], witness);
    assert.is(cos.code, 0, cos.stderr);
    assert.match(cos.stdout, 'cosigned by ci-witness');
    assert.is(readFileSync(cp, 'utf8').split('\n').filter((l) => l.startsWith('\u2014 ')).length, 2);
    assert.match(aura(sb, b, ['audit', 'checkpoint', '--cosign', cp], witness).stdout, 'already signed by ci-witness');

    const ok = aura(sb, b, ['audit', 'verify']);
    assert.is(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, `checkpoint ${cp}: OK — the log holds all ${log.length} entries it commits to`);
    assert.match(ok.stdout, 'signed by alice@example.ch, ci-witness');

    // The log loses an entry the checkpoint commits to (history cut back): verification fails.
    const kept = join(sb.dir, 'kept.note');
    copyFileSync(cp, kept);
    gitIn(sb, b, ['reset', '-q', '--hard', 'HEAD~2']);
    const cut = aura(sb, b, ['audit', 'verify', '--checkpoint', kept]);
    assert.is(cut.code, 1, cut.stdout);
    assert.match(cut.stdout, `the log lacks entry ${log[log.length - 1].hash}, a tip the checkpoint commits to`);
    assert.match(cut.stdout, /^BROKEN — checkpoint /m);

    // Changed text, or a changed signature from a known key: rejected.
    const forged = readFileSync(kept, 'utf8').replace(/\n(\d+)\n/, (_, n) => `\n${Number(n) + 1}\n`);
    writeFileSync(join(sb.dir, 'forged.note'), forged);
    const f = aura(sb, a, ['audit', 'verify', '--checkpoint', join(sb.dir, 'forged.note')]);
    assert.is(f.code, 1);
    assert.match(f.stdout, 'the signature of alice@example.ch does not verify');
  } finally {
    sb.cleanup();
  }
});

test('checkpoint: refused for a key the log does not trust; --out never overwrites', () => {
  const sb = sandbox();
  try {
    const a = auraRepo(sb, 'a');
    const stranger = aura(sb, a, ['key', 'init', '--id', 'mallory@example.ch']);
    const file = /file +(\S+\.json)/.exec(stranger.stdout)![1];
    const r = aura(sb, a, ['audit', 'checkpoint', '--out', join(sb.dir, 'x.note')], { AURA_KEY: file });
    assert.is(r.code, 2);
    assert.match(r.stderr, 'is not a valid key of this log');
    assert.is(aura(sb, a, ['audit', 'checkpoint', '--out', join(sb.dir, 'y.note')]).code, 0);
    const again = aura(sb, a, ['audit', 'checkpoint', '--out', join(sb.dir, 'y.note')]);
    assert.is(again.code, 2);
    assert.match(again.stderr, 'a checkpoint is never overwritten');
  } finally {
    sb.cleanup();
  }
});

test.run();
