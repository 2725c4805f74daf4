// A git started ahead and given its input later (lib/git/exec.ts gitAwaitingInput), as the
// fold does with `git update-index --stdin`: the input's end reaches git at once, while the
// caller still works synchronously, and an input larger than a pipe holds still arrives whole.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitAwaitingInput } from '../lib/git/exec';
import { gitIn, newRepo, sandbox, writeFile } from './helpers/env';

test('the input ends when finish() is called, not when the event loop next turns: git stages while the caller is busy', async () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, 'a file.txt', 'content\n');
    const staging = gitAwaitingInput(['update-index', '--add', '-z', '--stdin'], { cwd: dir, env: sb.env });
    const done = staging.finish('a file.txt\0');
    // synchronous work, as the fold's after its finish(): git must see the end of its input meanwhile
    const until = Date.now() + 10_000;
    let staged = false;
    while (!staged && Date.now() < until) {
      const index = join(dir, '.git', 'index');
      staged = !existsSync(index + '.lock') && existsSync(index) && readFileSync(index).includes('a file.txt');
    }
    assert.ok(staged, 'git wrote the index before the caller yielded');
    await done;
    assert.is(gitIn(sb, dir, ['ls-files', '-s']).stdout.split('\t')[1], 'a file.txt\n');
  } finally {
    sb.cleanup();
  }
});

test('an input larger than the pipe holds is written whole before the end', async () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    const names: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const name = `dir ${i % 7}/${'long-name-'.repeat(4)}${i}.txt`;
      writeFile(dir, name, `${i}\n`);
      names.push(name);
    }
    const input = names.join('\0') + '\0'; // ~150 kB: more than a 64 kB pipe buffer
    const staging = gitAwaitingInput(['update-index', '--add', '-z', '--stdin'], { cwd: dir, env: sb.env });
    await staging.finish(input);
    const listed = gitIn(sb, dir, ['ls-files', '-z']).stdout.split('\0').filter(Boolean);
    assert.is(listed.length, names.length);
    assert.equal(listed.sort(), [...names].sort());
  } finally {
    sb.cleanup();
  }
});

test.run();
