// aura audit repair [--log PATH]: get a damaged working-tree log appendable again, losing
// nothing. (1) A torn last line (a crash mid-append) is moved to <log>.torn-<time>. (2) Complete
// lines that are not in HEAD's committed log and do not verify (an edit by hand, conflict
// markers) are shown and moved to <log>.set-aside-<time>. Side files are kept, never deleted;
// lines of HEAD's committed log are never touched.
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuraError } from '../errors';
import { gitRaw } from '../git/exec';
import { repairTornLog } from '../log/repair';
import { findRepo, requireRepo } from '../repo';
import { setAsideUnverified } from '../verify/set-aside';

export const USAGE = 'aura audit repair [--log PATH]';
export const HELP = `usage: ${USAGE}

Moves an incomplete last line of the intent log (left by a crash) to <log>.torn-<time>, then
moves every complete line that is not in HEAD's committed log and does not verify (edited by
hand, merge conflict markers) to <log>.set-aside-<time>, after showing it. Side files are kept;
lines of HEAD's committed log are never touched.`;

/** HEAD's committed version of `logPath`, or null (no HEAD, not committed, outside the repository). */
function committedLog(logPath: string): Buffer | null {
  const repo = findRepo();
  if (!repo) return null;
  const rel = relative(repo.root, logPath);
  if (rel.startsWith('..') || resolve(repo.root, rel) !== logPath) return null;
  const r = gitRaw(['cat-file', 'blob', `HEAD:${rel.split('\\').join('/')}`], { cwd: repo.root, okCodes: [128] });
  return r.status === 0 ? r.stdout : null;
}

const shown = (text: string): string => (text.length > 160 ? `${text.slice(0, 160)}… (${text.length} characters)` : text);

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { log: { type: 'string' } }, strict: true });
  const logPath = values.log ? resolve(values.log) : requireRepo().logPath;
  const r = await repairTornLog(logPath);
  if (r?.action === 'terminated') {
    process.stdout.write(`${logPath}:${r.lineNo}: the last line was a whole, intact entry missing only its newline; added the newline (${r.length} bytes from offset ${r.offset} kept as they were)\n`);
  } else if (r) {
    process.stdout.write(
      `${logPath}:${r.lineNo}: moved the incomplete last line (${r.length} bytes from offset ${r.offset}) to\n  ${r.sideFile}\n` +
        `the log now ends with its last complete line (line ${r.lineNo - 1}); no complete line was changed.\n` +
        `keep the side file: it is what the interrupted writer was recording. Then run: aura audit verify\n`,
    );
  }
  const aside = await setAsideUnverified(logPath, committedLog(logPath));
  if (!r && aside.lines.length === 0) {
    throw new AuraError(
      `${logPath}: the last line is complete; nothing to repair (every line that is not in HEAD's committed log verifies)`,
      aside.committedBad
        ? `${aside.committedBad} line(s) of HEAD's committed log do not verify; repair never changes committed lines. Run: aura audit verify`
        : 'run: aura audit verify   to check the whole log',
      1,
    );
  }
  if (aside.lines.length) {
    const n = aside.lines.length;
    process.stdout.write(
      `${n} line${n === 1 ? '' : 's'} not in HEAD's committed log did not verify:\n` +
        aside.lines.map((l) => `  line ${l.lineNo}: ${l.category} ${l.reason}\n    ${shown(l.text)}`).join('\n') +
        `\nmoved ${n === 1 ? 'it' : 'them'} to\n  ${aside.sideFile}\n(kept, never deleted; every other line is unchanged). Then run: aura audit verify\n`,
    );
  }
  return 0;
}
