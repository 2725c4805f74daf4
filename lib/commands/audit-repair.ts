// aura audit repair [--log PATH]: set a torn last line of the intent log aside (kept in a side
// file, never deleted) so appending can resume. Complete lines are never touched.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repairTornLog } from '../log/repair';
import { requireRepo } from '../repo';

export const USAGE = 'aura audit repair [--log PATH]';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { log: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write(`usage: ${USAGE}\n\nMoves an incomplete last line of the intent log (left by a crash) to <log>.torn-<time>\nnext to the log, then cuts the log back to its last complete line.\n`);
    return 0;
  }
  const logPath = values.log ? resolve(values.log) : requireRepo().logPath;
  const r = await repairTornLog(logPath);
  if (r.action === 'terminated') {
    process.stdout.write(`${logPath}:${r.lineNo}: the last line was a whole, intact entry missing only its newline; added the newline (${r.length} bytes from offset ${r.offset} kept as they were)\n`);
  } else {
    process.stdout.write(
      `${logPath}:${r.lineNo}: moved the incomplete last line (${r.length} bytes from offset ${r.offset}) to\n  ${r.sideFile}\n` +
        `the log now ends with its last complete line (line ${r.lineNo - 1}); no complete line was changed.\n` +
        `keep the side file: it is what the interrupted writer was recording. Then run: aura audit verify\n`,
    );
  }
  return 0;
}
