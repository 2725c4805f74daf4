// RFC 3161 timestamps of checkpoints against a real TSA on 127.0.0.1 (openssl ts -reply behind
// a Node HTTP responder, throw-away CA): the token is stored beside the checkpoint, verified
// against [audit.timestamp] tsa_certs, and each entry's trusted time interval is reported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aura, sandbox } from './helpers/env';
import { makeCa, startTsa } from './helpers/tsa';
import { auraRepo, commitFile, worktreeLog } from './hooks-fixture';

test('timestamp: tokens from a real TSA verify; entries get their trusted intervals; a changed token or a foreign CA fails', async () => {
  const sb = sandbox();
  const tsa = await startTsa(join(sb.dir, 'tsa'));
  try {
    const a = auraRepo(sb, 'a');
    commitFile(sb, a, 'src/m1.ts', 'export const m1 = 1;\n', 'Add m1');
    assert.is(aura(sb, a, ['audit', 'checkpoint']).code, 0);
    const first = aura(sb, a, ['audit', 'timestamp', '--tsa', tsa.url]);
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stdout, /timestamped .*checkpoint-\d+-.*\.note\n {2}at \d{4}-.*Z \(± 1000 ms\) by DirName:\/CN=Throw-away TSA/);
    assert.match(first.stdout, 'not verified: set [audit.timestamp] tsa_certs');
    const firstSize = worktreeLog(a).length;

    appendFileSync(join(a, '.aura', 'config.toml'), `\n[audit.timestamp]\nurl = "${tsa.url}"\ntsa_certs = ["${tsa.caPem}"]\n`);
    commitFile(sb, a, 'src/m2.ts', 'export const m2 = 2;\n', 'Add m2');
    await new Promise((r) => setTimeout(r, 1100)); // a later second for the second checkpoint's name
    assert.is(aura(sb, a, ['audit', 'checkpoint']).code, 0);
    const second = aura(sb, a, ['audit', 'timestamp']); // newest checkpoint, TSA from the config
    assert.is(second.code, 0, second.stderr);
    assert.not.match(second.stdout, 'not verified');
    const secondSize = worktreeLog(a).length;
    commitFile(sb, a, 'src/m3.ts', 'export const m3 = 3;\n', 'Add m3');
    const total = worktreeLog(a).length;

    const v = aura(sb, a, ['audit', 'verify']);
    assert.is(v.code, 0, v.stdout + v.stderr);
    assert.is(v.stdout.match(/timestamped \S+ ± 1000 ms by DirName:\/CN=Throw-away TSA \(RFC 3161, verified\)/g)?.length, 2);
    assert.match(v.stdout, new RegExp(`entries 1–${firstSize} \\(in_\\w+ … in_\\w+\\): no lower bound, existed by \\d{4}-`));
    assert.match(v.stdout, new RegExp(`entr(y|ies) ${firstSize + 1}(–${secondSize})? \\(.*\\): added after \\d{4}-\\S+, existed by \\d{4}-`));
    assert.match(v.stdout, new RegExp(`entr(y|ies) ${secondSize + 1}(–${total})? \\(.*\\): added after \\d{4}-\\S+, not timestamped yet`));
    const json = JSON.parse(aura(sb, a, ['audit', 'verify', '--json']).stdout);
    assert.is(json.entry_intervals.intervals.length, 3);

    // A foreign CA: the same tokens do not verify.
    const other = makeCa(join(sb.dir, 'other-ca'), 'Someone Else');
    const foreign = aura(sb, a, ['audit', 'verify', '--tsa-cert', other.pem]);
    assert.is(foreign.code, 1);
    assert.match(foreign.stdout, /timestamp .*\.tsr: FAILED — the timestamp does not verify/);

    // A backdated token (its time changed by a year): rejected.
    const dir = join(a, '.aura', 'checkpoints');
    const tsr = join(dir, readdirSync(dir).find((f) => f.endsWith('.tsr'))!);
    const bytes = readFileSync(tsr);
    const at = bytes.toString('latin1').search(/\d{14}Z/); // TSTInfo's genTime (GeneralizedTime)
    assert.ok(at > 0);
    bytes[at + 3] = bytes[at + 3] === 0x30 ? 0x39 : bytes[at + 3] - 1;
    writeFileSync(tsr, bytes);
    const bad = aura(sb, a, ['audit', 'verify']);
    assert.is(bad.code, 1, bad.stdout);
    assert.match(bad.stdout, /^BROKEN — timestamp .*\.tsr: /m);
  } finally {
    tsa.stop();
    sb.cleanup();
  }
});

test.run();
