import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig, defaultConfig } from '../lib/config/load';
import { AuraError } from '../lib/errors';

function errorOf(text: string): string {
  try {
    parseConfig(text, '.aura/config.toml');
  } catch (e) {
    assert.instance(e, AuraError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

test('defaults when the file is empty', () => {
  assert.equal(parseConfig('', 'x'), defaultConfig());
  assert.is(defaultConfig().audit.fsync_every, 1);
});

test('reads tables, comments, strings, integers, booleans', () => {
  const cfg = parseConfig(
    ['# comment', '[audit]', 'fsync_every = 100 # trailing', "log_path = '/var/log/aura.jsonl'", '', '[audit.export]', 'enabled = true', 'endpoint = "127.0.0.1:514"'].join('\n'),
    'c.toml',
  );
  assert.is(cfg.audit.fsync_every, 100);
  assert.is(cfg.audit.log_path, '/var/log/aura.jsonl');
  assert.is(cfg['audit.export'].enabled, true);
  assert.is(cfg['audit.export'].endpoint, '127.0.0.1:514');
});

test('an unknown key names file, line and key', () => {
  const m = errorOf('[audit]\nfsync_evry = 3\n');
  assert.match(m, '.aura/config.toml:2');
  assert.match(m, 'unknown key "fsync_evry"');
});

test('an unknown table is an error', () => {
  assert.match(errorOf('[audti]\nx = 1\n'), 'unknown table [audti]');
});

test('a bad value names the key and what is expected', () => {
  assert.match(errorOf('[audit]\nfsync_every = "often"\n'), /:2: key "audit.fsync_every" must be a integer/);
  assert.match(errorOf('[audit]\nfsync_every = 0\n'), /≥ 1/);
  assert.match(errorOf('[audit.export]\nformat = "xml"\n'), /must be one of "jsonl", "syslog", "otlp"/);
});

test('syntax errors and duplicates are refused', () => {
  assert.match(errorOf('[audit]\nfsync_every = 1\nfsync_every = 2\n'), /:3: key "audit.fsync_every" is set twice/);
  assert.match(errorOf('[audit]\nlog_path = "unterminated\n'), /:2:/);
  assert.match(errorOf('[audit\n'), /:1: cannot parse/);
  assert.match(errorOf('[audit]\nfsync_every = 1.5\n'), /unsupported value/);
});

test.run();
