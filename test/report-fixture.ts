// A repository with one of everything an evidence report shows, built through real git and
// the real CLI: commits by a human and an agent, strict mode on and off, an authorized and an
// unexplained deletion, an inconsistent intent, a correction, an agent key added.
import * as assert from 'uvu/assert';
import { aura, gitIn, Sandbox, writeFile } from './helpers/env';
import { addAgentKey, assertLogged, auraRepo, commitFile, edit, mustCommit } from './hooks-fixture';

export const PY = 'def parse(s):\n    return s.strip()\n\n\ndef legacy(s):\n    return s\n\n\ndef helper(s):\n    return s.lower()\n';

export function reportRepo(sb: Sandbox): string {
  const dir = auraRepo(sb);
  const ok = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = aura(sb, dir, args, env);
    assert.is(r.code, 0, `aura ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  commitFile(sb, dir, 'text.py', PY, 'Add parse, legacy and helper');
  ok(['strict', 'on', '--reason', 'quarter close']);
  ok(['intent', 'authorize-delete', 'text.py:legacy', '--reason', 'legacy is dead code']);
  edit(dir, 'text.py', 'def legacy(s):\n    return s\n\n\n', '');
  gitIn(sb, dir, ['add', 'text.py']);
  mustCommit(sb, dir, ['-q', '-m', 'Drop the unused path']);
  ok(['strict', 'off', '--reason', 'end of quarter']);
  edit(dir, 'text.py', 'def helper(s):\n    return s.lower()\n', '');
  gitIn(sb, dir, ['add', 'text.py']);
  mustCommit(sb, dir, ['-q', '-m', 'fix typo']);
  const typo = assertLogged(sb, dir);
  ok(['intent', 'supersede', typo.id, 'Remove helper: callers now use str.lower directly']);
  const bot = addAgentKey(sb, dir, 'bot');
  writeFile(dir, 'bot.py', 'def generated():\n    return 42\n');
  gitIn(sb, dir, ['add', 'bot.py']);
  mustCommit(sb, dir, ['-q', '-m', 'Add generated answer'], bot);
  return dir;
}
