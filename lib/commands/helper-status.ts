// `aura helper status`: whether this repository's hook helper runs (lib/helper), and its last lines.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { helperLogPath } from '../helper/address';
import { helperSummary } from '../helper/start';
import { stateDir } from '../intent/pending';
import { requireRepo } from '../repo';

export const USAGE = 'aura helper status';
export const HELP = `usage: ${USAGE}
  whether the hook helper runs here: a Node process that runs the commit's hooks so they skip Node's
  start (started by a commit, exits after 30 idle minutes; docs/hooks.md → The hook helper)`;

export async function run(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const repo = requireRepo();
  const dir = stateDir(repo.gitDir);
  process.stdout.write(`aura: hook helper ${helperSummary(dir, repo.root)}\n`);
  let log = '';
  try {
    log = readFileSync(helperLogPath(dir), 'utf8');
  } catch {
    // never started here
  }
  const last = log.trimEnd().split('\n').filter(Boolean).slice(-5);
  if (last.length) process.stdout.write(`last lines of ${helperLogPath(dir)}:\n${last.map((l) => `  ${l}`).join('\n')}\n`);
  return 0;
}
