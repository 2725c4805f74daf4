// aura diff [--staged | REV | A..B | A...B] [--json]: the symbol-level delta.
import { parseArgs } from 'node:util';
import type { AstDelta, DeltaNode } from '../entry/types';
import { AuraError, UsageError } from '../errors';
import { gitRaw } from '../git/exec';
import { resolveTree } from '../git/tree';
import { requireRepo } from '../repo';

export const USAGE = 'aura diff [--staged | REV | A..B | A...B] [--json] [--no-cache]';
export const HELP = `usage: ${USAGE}

The semantic delta: which functions, classes, methods, interfaces, types, enums and
namespaces were added, modified, removed, renamed or moved.

  (no argument), --staged   the index against HEAD: what "git commit" would record
  REV                       what commit REV changed (against its first parent)
  A..B                      from revision A to revision B (either side defaults to HEAD)
  A...B                     from the merge base of A and B to B
  --json                    the ast_delta exactly as it goes into a log entry
  --no-cache                parse every file again instead of using the symbol cache`;

const LABELS: Record<string, string> = {
  added: 'Added',
  modified: 'Modified',
  removed: 'Removed',
  renamed: 'Renamed',
  moved: 'Moved',
};

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      staged: { type: 'boolean' },
      cached: { type: 'boolean' },
      json: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
    },
  });
  const staged = values.staged || values.cached;
  if (positionals.length > 1) throw new UsageError(`one revision or range, not ${positionals.length}: ${positionals.join(' ')}`, USAGE);
  if (staged && positionals.length) throw new UsageError(`--staged compares the index with HEAD and takes no revision (got "${positionals[0]}")`, USAGE);

  const repo = requireRepo(process.cwd());
  const { stagedDelta, revisionDelta } = require('../delta') as typeof import('../delta');
  const opts = { cwd: repo.root, cache: !values['no-cache'] };
  let delta: AstDelta;
  if (positionals.length === 0) delta = await stagedDelta(opts);
  else {
    const [base, target] = range(repo.root, positionals[0]);
    delta = await revisionDelta(base, target, opts);
  }

  if (values.json) {
    const { canonicalize } = require('../json/canonical') as typeof import('../json/canonical');
    process.stdout.write(canonicalize(delta) + '\n');
  } else {
    process.stdout.write(delta.nodes.length ? delta.nodes.map(line).join('\n') + '\n' : 'No changes.\n');
  }
  return 0;
}

/** The base and target of a revision argument; a null base is the empty tree. */
function range(cwd: string, arg: string): [string | null, string] {
  const three = arg.indexOf('...');
  if (three !== -1) {
    const a = arg.slice(0, three) || 'HEAD', b = arg.slice(three + 3) || 'HEAD';
    resolveTree(cwd, a), resolveTree(cwd, b);
    const mb = gitRaw(['merge-base', '--end-of-options', a, b], { cwd, okCodes: [1] });
    if (mb.status !== 0) throw new AuraError(`"${a}" and "${b}" have no common ancestor`, `compare them directly: aura diff ${a}..${b}`);
    return [mb.stdout.toString('utf8').trim(), b];
  }
  const two = arg.indexOf('..');
  if (two !== -1) return [arg.slice(0, two) || 'HEAD', arg.slice(two + 2) || 'HEAD'];
  // a single revision: the change that commit made, against its first parent
  resolveTree(cwd, arg);
  const r = gitRaw(['rev-list', '--parents', '-n', '1', '--end-of-options', `${arg}^{commit}`], { cwd, okCodes: [128] });
  const [commit, parent] = r.stdout.toString('utf8').trim().split(' ');
  if (r.status !== 0 || !commit) throw new AuraError(`"${arg}" is a tree, not a commit: it has no parent to compare with`, `name both sides: aura diff A..${arg}`);
  return [parent ?? null, arg];
}

/** Paths may hold newlines or control characters: those are shown JSON-quoted. */
function show(path: string): string {
  return /[\x00-\x1f\x7f]/.test(path) ? JSON.stringify(path) : path;
}

function line(n: DeltaNode): string {
  const label = (LABELS[n.change] ?? n.change).padEnd(10);
  const what = n.from !== undefined ? `${show(n.from)} → ${show(n.path)}` : show(n.path);
  const notes: string[] = [];
  if (n.kind === 'file' && n.content !== 'text') notes.push(String(n.content).replace('_', ' '));
  if (n.parse_error) notes.push('parse error');
  if (n.invalid_utf8) notes.push('invalid UTF-8');
  if (n.old_mode) notes.push(`mode ${n.old_mode} → ${n.new_mode}`);
  return label + what + (notes.length ? `  (${notes.join(', ')})` : '');
}
