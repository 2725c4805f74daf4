// The dispatcher: help, unknown commands and bad options are usage errors (exit 2) with a
// pointer to the right help, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aura, sandbox } from './helpers/env';
import { COMMANDS, type Command } from '../lib/cli';

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

test('every command has a usage line, and --help prints its help without running it', () => {
  for (const [name, module] of Object.entries(COMMANDS)) {
    const cmd = require(`../lib/commands/${module}`) as Command;
    assert.ok(cmd.USAGE, `aura ${name} exports USAGE`);
    assert.ok(cmd.USAGE!.startsWith(`aura ${name}`), `aura ${name}: USAGE names the command (${cmd.USAGE})`);
    if (cmd.HELP) assert.ok(cmd.HELP.startsWith(`usage: ${cmd.USAGE}`), `aura ${name}: HELP starts with the usage line`);
  }
  // Outside a repository: a command that ran would fail; asked for help, it only answers.
  const r = aura(sb, sb.dir, ['intent', 'ship it', '--help']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^usage: aura intent/);
  // After `--`, -h is an argument (here: the intent text), not a request for help.
  const arg = aura(sb, sb.dir, ['intent', '--', '-h']);
  assert.is.not(arg.code, 0);
  assert.not.match(arg.stdout, 'usage:');
});

test.after(() => sb.cleanup());
test.run();
