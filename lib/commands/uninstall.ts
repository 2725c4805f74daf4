// `aura uninstall`: removes exactly the hook lines `aura init` added (restoring a chained hook).
// The log, config and keys stay: they are evidence, and removing hooks must not destroy it.
import { parseArgs } from 'node:util';
import { uninstallHooks } from '../../install';
import { stopHelper } from '../helper/stop';
import { stateDir } from '../intent/pending';
import { requireRepo } from '../repo';

export const USAGE = 'aura uninstall';
export const HELP = `usage: ${USAGE}\n  removes aura's hooks; keeps .aura/ (the log is evidence) and your keys`;

export async function run(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const repo = requireRepo();
  const acts = uninstallHooks(repo.root).filter((a) => a.action !== 'absent');
  for (const a of acts) process.stdout.write(`aura: ${a.action === 'restored' ? 'removed, and restored your previous' : 'removed'} ${a.hook} hook (${a.file})\n`);
  if (acts.length === 0) process.stdout.write('aura: no aura hooks were installed here\n');
  const helper = stopHelper(stateDir(repo.gitDir));
  if (helper) process.stdout.write(`aura: stopped the hook helper (pid ${helper})\n`);
  process.stdout.write('aura: kept .aura/ (the log and config) and your keys\n');
  return 0;
}
