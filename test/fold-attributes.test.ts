// The fold (lib/hooks/fold.ts) stages the log while it writes the new commit for the blob id
// computed from the file. When an attribute of the log's path changes what Git stores (here a
// clean filter), the commit must hold the blob Git staged, not the file's bytes: index, HEAD and
// worktree agree, and no object is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitIn, sandbox, writeFile } from './helpers/env';
import { loggedRepo } from './hooks-fixture';

test('a clean filter on the log: the commit holds the filtered blob, git status is clean, fsck finds every object', () => {
  const sb = sandbox();
  try {
    const dir = loggedRepo(sb);
    // the filter appends a marker line to what Git stores
    gitIn(sb, dir, ['config', 'filter.mark.clean', "cat; echo '# stored'"]);
    gitIn(sb, dir, ['config', 'filter.mark.smudge', 'cat']);
    writeFile(dir, '.git/info/attributes', '.aura/intent_log.jsonl filter=mark\n');
    writeFile(dir, 'src/b.ts', 'export function b(x: number): number {\n  return x + 1;\n}\n');
    gitIn(sb, dir, ['add', 'src/b.ts']);
    const out = gitIn(sb, dir, ['commit', '-m', 'Add b to src']).stderr;
    assert.match(out, /aura: logged in_\w+/);
    const stored = gitIn(sb, dir, ['cat-file', 'blob', 'HEAD:.aura/intent_log.jsonl']).stdout;
    assert.ok(stored.endsWith('\n# stored\n'), 'HEAD holds what the filter stored');
    assert.is(gitIn(sb, dir, ['rev-parse', 'HEAD:.aura/intent_log.jsonl']).stdout, gitIn(sb, dir, ['rev-parse', ':.aura/intent_log.jsonl']).stdout, 'the index holds the same blob');
    assert.is(gitIn(sb, dir, ['status', '--porcelain']).stdout, '');
    assert.is(gitIn(sb, dir, ['fsck', '--no-dangling']).code, 0);
    assert.match(gitIn(sb, dir, ['log', '-1', '--format=%B']).stdout, /Aura-Intent: in_\w+ blake3:/);
  } finally {
    sb.cleanup();
  }
});

test.run();
