// `aura config get|set|list` through the real CLI, and the log path: new repositories use
// .aura/intent_log.jsonl; repositories started with .aura/log.jsonl keep logging there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, gitIn, newRepo, sandbox, writeFile } from './helpers/env';
import { assertLogged, auraRepo, commitFile } from './hooks-fixture';

const CONFIG = `# team settings: keep this comment
[audit]
log_path = ".aura/intent_log.jsonl"   # where the log lives
fsync_every = 1

# export goes to the SIEM
[audit.export]
enabled = false
`;

test('config set edits in place (comments, spacing and order kept), adds missing keys and tables; get and list read it', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, '.aura/config.toml', CONFIG);
    const set = aura(sb, dir, ['config', 'set', 'audit.fsync_every', '100']);
    assert.is(set.code, 0, set.stderr);
    assert.match(set.stdout, 'audit.fsync_every = 100 (was 1)');
    assert.is(aura(sb, dir, ['config', 'set', 'audit.export.enabled', 'true']).code, 0);
    assert.is(aura(sb, dir, ['config', 'set', 'audit.export.endpoint', '127.0.0.1:514']).code, 0);
    assert.is(aura(sb, dir, ['config', 'set', 'delta.max_file_bytes', '2048']).code, 0);
    assert.is(aura(sb, dir, ['config', 'set', 'audit.log_path', '.aura/intent_log.jsonl']).code, 0);
    assert.is(
      readFileSync(join(dir, '.aura/config.toml'), 'utf8'),
      `# team settings: keep this comment
[audit]
log_path = ".aura/intent_log.jsonl"   # where the log lives
fsync_every = 100

# export goes to the SIEM
[audit.export]
enabled = true
endpoint = "127.0.0.1:514"

[delta]
max_file_bytes = 2048
`,
    );
    const get = aura(sb, dir, ['config', 'get', 'audit.fsync_every']);
    assert.is(get.stdout, '100\n');
    assert.is(aura(sb, dir, ['config', 'get', 'audit.clock_tolerance_seconds']).stdout, '300\n', 'defaults too');
    const list = aura(sb, dir, ['config', 'list']);
    assert.match(list.stdout, /^audit\.fsync_every = 100 +\(\.aura\/config\.toml\)/m);
    assert.match(list.stdout, /^audit\.clock_tolerance_seconds = 300 +\(default\)/m);
    assert.match(list.stdout, /^intent\.in_repo = true +\(default\)/m);
  } finally {
    sb.cleanup();
  }
});

test('config set validates like the loader (file, line, key), refuses unknown keys and policies, changes nothing when refused', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, '.aura/config.toml', CONFIG);
    const bad = aura(sb, dir, ['config', 'set', 'audit.fsync_every', '0']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /\.aura\/config\.toml:4: key "audit\.fsync_every" must be a whole number ≥ 1/);
    const word = aura(sb, dir, ['config', 'set', 'audit.export.format', 'xml']);
    assert.match(word.stderr, /config\.toml:9: key "audit\.export\.format" must be one of "jsonl", "syslog", "otlp"/);
    assert.match(aura(sb, dir, ['config', 'set', 'intent.in_repo', 'maybe']).stderr, 'intent.in_repo must be true or false');
    const unknown = aura(sb, dir, ['config', 'set', 'audit.fsync_evry', '2']);
    assert.is(unknown.code, 2);
    assert.match(unknown.stderr, /unknown configuration key "audit\.fsync_evry"[\s\S]*known keys: .*audit\.fsync_every/);
    for (const key of ['strict', 'intent.strict', 'policy.strict']) {
      const p = aura(sb, dir, ['config', 'set', key, 'false']);
      assert.is(p.code, 1, key);
      assert.match(p.stderr, 'is a policy');
      assert.match(p.stderr, 'aura strict on|off');
    }
    assert.match(aura(sb, dir, ['config', 'get', 'intent.strict']).stderr, 'aura strict on|off');
    assert.is(readFileSync(join(dir, '.aura/config.toml'), 'utf8'), CONFIG, 'refusals change nothing');
    // a file the loader refuses is not edited either
    writeFileSync(join(dir, '.aura/config.toml'), CONFIG + 'oops\n');
    const broken = aura(sb, dir, ['config', 'set', 'audit.fsync_every', '5']);
    assert.is.not(broken.code, 0);
    assert.match(broken.stderr, /config\.toml:9: cannot parse "oops"/);
  } finally {
    sb.cleanup();
  }
});

test('aura config set intent.in_repo false (as the Aura docs write it): the log moves out of the tree for a new repository', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const r = aura(sb, dir, ['config', 'set', 'intent.in_repo', 'false']);
    assert.is(r.code, 0, r.stderr);
    assert.is(aura(sb, dir, ['init']).code, 0);
    assert.ok(existsSync(join(dir, '.git', 'aura', 'intent_log.jsonl')));
    assert.not.ok(existsSync(join(dir, '.aura', 'intent_log.jsonl')));
  } finally {
    sb.cleanup();
  }
});

test('new repositories log to .aura/intent_log.jsonl; one whose config names .aura/log.jsonl keeps it', () => {
  const sb = sandbox();
  try {
    const fresh = auraRepo(sb, 'fresh');
    assert.match(readFileSync(join(fresh, '.aura/config.toml'), 'utf8'), 'log_path = ".aura/intent_log.jsonl"');
    assert.match(readFileSync(join(fresh, '.aura/.gitattributes'), 'utf8'), /^intent_log\.jsonl merge=union$/m);
    commitFile(sb, fresh, 'a.ts', 'export const a = 1;\n', 'Add a');
    assertLogged(sb, fresh);
    assert.not.ok(existsSync(join(fresh, '.aura', 'log.jsonl')));

    // an old repository: its config names .aura/log.jsonl
    const old = newRepo(sb, 'old');
    writeFile(old, '.aura/config.toml', '# aura configuration\n[audit]\nlog_path = ".aura/log.jsonl"\n');
    writeFile(old, '.aura/.gitattributes', 'log.jsonl merge=union\n');
    assert.is(aura(sb, old, ['init']).code, 0);
    assert.ok(existsSync(join(old, '.aura', 'log.jsonl')));
    assert.is(readFileSync(join(old, '.aura/.gitattributes'), 'utf8'), 'log.jsonl merge=union\n', 'no second attribute line');
    commitFile(sb, old, 'b.ts', 'export const b = 1;\n', 'Add b');
    const e = JSON.parse(gitIn(sb, old, ['show', 'HEAD:.aura/log.jsonl']).stdout.trim().split('\n').pop()!);
    assert.is(e.capability, 'commit');
    assert.not.ok(existsSync(join(old, '.aura', 'intent_log.jsonl')));
    assert.is(aura(sb, old, ['audit', 'verify']).code, 0);

    // an old repository whose config does not name the log at all: its .aura/log.jsonl is still found
    const older = newRepo(sb, 'older');
    writeFile(older, '.aura/config.toml', '[audit]\nfsync_every = 1\n');
    writeFile(older, '.aura/.gitattributes', 'log.jsonl merge=union\n');
    assert.is(aura(sb, older, ['init']).code, 0);
    assert.ok(existsSync(join(older, '.aura', 'intent_log.jsonl')), 'no log yet: the new default');
    gitIn(sb, older, ['mv', '.aura/intent_log.jsonl', '.aura/log.jsonl']);
    gitIn(sb, older, ['commit', '-q', '--no-verify', '-m', 'Keep the log where old aura put it']);
    commitFile(sb, older, 'c.ts', 'export const c = 1;\n', 'Add c');
    const last = JSON.parse(gitIn(sb, older, ['show', 'HEAD:.aura/log.jsonl']).stdout.trim().split('\n').pop()!);
    assert.equal([last.capability, last.intent], ['commit', 'Add c']);
    assert.not.ok(existsSync(join(older, '.aura', 'intent_log.jsonl')), 'logged into the existing .aura/log.jsonl');
    assert.match(aura(sb, older, ['config', 'get', 'audit.log_path']).stdout, '.aura/intent_log.jsonl');
  } finally {
    sb.cleanup();
  }
});

test.run();
