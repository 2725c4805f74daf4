// The dispatcher: help, unknown commands and bad options are usage errors (exit 2) with a
// pointer to the right help, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, sandbox } from './helpers/env';

const sb = sandbox();

test('help lists the commands', () => {
  const r = aura(sb, sb.dir, ['--help']);
  assert.is(r.code, 0);
  assert.match(r.stdout, 'audit verify');
});

test('an unknown command is a usage error', () => {
  const r = aura(sb, sb.dir, ['frobnicate']);
  assert.is(r.code, 2);
  assert.match(r.stderr, 'unknown command "frobnicate"');
});

test('an unknown option names the command\'s help, without a stack trace', () => {
  const r = aura(sb, sb.dir, ['audit', 'archive', '--nope']);
  assert.is(r.code, 2);
  assert.match(r.stderr, "Unknown option '--nope'");
  assert.match(r.stderr, 'see: aura audit archive --help');
  assert.not.match(r.stderr, '    at ');
});

test.after(() => sb.cleanup());
test.run();
