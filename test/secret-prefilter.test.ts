// The shell's secret pre-filter (lib/secrets/prefilter.ts shellPrefilter, grepped by
// hooks/dispatch.sh) must let through everything the rules' own pre-filter does: for each of
// its ~260 patterns, a string it matches is matched by the literals (`grep -F -i`) or the
// remaining patterns (`grep -E -i`) — checked with grep itself, as the dispatcher runs it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { literalsOf, prefilterLines, shellPrefilter } from '../lib/secrets/prefilter';

/** One string the ERE matches (the subset prefilterLines uses: \., [..], [^..], ?, *, {n}). */
function sample(ere: string): string {
  let out = '';
  for (let i = 0; i < ere.length; i++) {
    let piece: string;
    if (ere[i] === '\\') piece = ere[++i];
    else if (ere[i] === '[') {
      const end = ere.indexOf(']', i);
      const body = ere.slice(i + 1, end);
      i = end;
      piece = body.startsWith('^') ? 'a' : body[0];
    } else piece = ere[i];
    const next = ere[i + 1];
    if (next === '?' || next === '*') i++; // taken once
    const rep = next === '{' ? /^\{(\d+)\}/.exec(ere.slice(i + 1)) : null;
    if (rep) i += rep[0].length;
    out += piece.repeat(rep ? Number(rep[1]) : 1);
  }
  return out;
}

test('every pattern of the rules\' pre-filter: a string it matches passes the shell\'s, through grep', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aura-prefilter-'));
  try {
    const { words, patterns } = shellPrefilter();
    writeFileSync(join(dir, 'words'), words.join('\n') + '\n');
    writeFileSync(join(dir, 'patterns'), patterns.join('\n') + '\n');
    const grep = (flags: string, file: string, text: string) =>
      spawnSync('grep', ['-q', '-i', flags, '-f', join(dir, file)], { input: text, env: { ...process.env, LC_ALL: 'C' } }).status === 0;
    const lines = prefilterLines();
    assert.ok(lines.length > 200);
    for (const ere of lines) {
      const s = `+  const value = "x${sample(ere)}x";`; // inside an added line, as git diff prints it
      assert.ok(new RegExp(ere, 'i').test(s), `the sample of ${ere} matches it`);
      assert.ok(grep('-F', 'words', s) || grep('-E', 'patterns', s), `${ere}: ${JSON.stringify(s)} passes the shell pre-filter`);
    }
    // and in upper case (-i): an AWS key id, a private key header, a password in a URL
    for (const s of ['AKIAIOSFODNN7EXAMPLE', '-----BEGIN RSA PRIVATE KEY-----', 'redis://USER:Secret@host:6379', 'SK0123456789ABCDEF0123456789abcdef']) {
      assert.ok(grep('-F', 'words', s) || grep('-E', 'patterns', s), s);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('literals are exact where the pattern allows it, cut short only to something rare enough', () => {
  assert.equal(literalsOf('gh[pousr]_'), ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']);
  assert.equal(literalsOf('account_?id'), ['account_id', 'accountid']);
  assert.equal(literalsOf('hooks\\.slack\\.com'), ['hooks.slack.com']);
  assert.equal(literalsOf('shp[a-z][a-z]_'), ['shp']);
  assert.is(literalsOf('sk[0-9a-f]{32}'), null, '"sk" would match nearly every file');
  assert.is(literalsOf('://[^/ \t:@]*:[^/ \t@]*@'), null, '"://" would match every URL');
});

test.run();
