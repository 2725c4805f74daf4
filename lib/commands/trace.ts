// aura trace <path:symbol> [--json] [--no-index]: the life of one symbol in the log.
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { requireLog } from '../export/source';
import { requireRepo } from '../repo';

export const USAGE = 'aura trace <path:symbol> [--json] [--no-index] [--stats]';
export const HELP = `usage: ${USAGE}

Every entry of the log that added, modified, renamed, moved or removed one symbol, newest
first, following its renames and moves back to the entry that created it: date, author (key id
and kind), intent and its corrections (aura intent supersede), commit, and the authorizations
a deletion used. Archived segments (aura audit archive) are part of the log.

  <path:symbol>  as aura diff prints it: src/auth.ts:Session.login, lib/util.py:parse;
                 a file path alone traces the file
  --json         the trace as one JSON object (docs/trace.md describes it)
  --no-index     read the whole log instead of the index kept in the Git common dir
                 (the output is the same; the index only makes it faster)
  --stats        say on stderr how much of the index was reused and how many lines were read`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      'no-index': { type: 'boolean' },
      stats: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one symbol at a time, not ${positionals.length}` : 'name the symbol to trace', USAGE);
  const { parseTarget, closeNames } = require('../trace/target') as typeof import('../trace/target');
  const target = parseTarget(positionals[0], USAGE);
  const repo = requireRepo();
  requireLog(repo.logPath);
  const { currentIndex } = require('../trace/current-index') as typeof import('../trace/current-index');
  const { index, stats } = await currentIndex(repo.logPath, repo.commonDir, { cache: !values['no-index'] });
  if (values.stats) {
    process.stderr.write(`index: ${stats.cached ? 'cached' : values['no-index'] ? 'not used (whole log read)' : 'none yet'}; ${stats.kept} lines kept, ${stats.read} read from the log${stats.saved ? ', saved' : ''}\n`);
  }
  if (index.names.get(target) === undefined) {
    const close = closeNames(target, index.names.names());
    throw new AuraError(
      `no entry of ${repo.logPath} names ${JSON.stringify(target)}`,
      (close.length ? `did you mean: ${close.join(', ')}\n  ` : '') +
        'name it as aura diff prints it (file:Class.method); aura diff REV shows the names a commit changed',
      1,
    );
  }
  const { EntryReader } = require('../trace/entry-reader') as typeof import('../trace/entry-reader');
  const { traceSymbol } = require('../trace/walk') as typeof import('../trace/walk');
  const reader = new EntryReader(repo.logPath, index);
  let trace;
  try {
    trace = traceSymbol(target, index, reader);
    (require('../trace/commits') as typeof import('../trace/commits')).attachCommits(trace, repo.root);
  } finally {
    reader.close();
  }
  if (values.json) process.stdout.write(JSON.stringify(trace, null, 2) + '\n');
  else {
    const { renderTrace } = require('../trace/render') as typeof import('../trace/render');
    process.stdout.write(renderTrace(trace));
  }
  return 0;
}
