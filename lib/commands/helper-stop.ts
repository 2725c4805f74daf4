// `aura helper stop`: ends this repository's hook helper (lib/helper); the next commit runs Node
// itself and starts a new one, unless `git config aura.helper false` turned it off.
import { parseArgs } from 'node:util';
import { stopHelper } from '../helper/stop';
import { stateDir } from '../intent/pending';
import { requireRepo } from '../repo';

export const USAGE = 'aura helper stop';
export const HELP = `usage: ${USAGE}\n  stops the hook helper of this repository (git config aura.helper false keeps it off)`;

export async function run(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const pid = stopHelper(stateDir(requireRepo().gitDir));
  process.stdout.write(pid ? `aura: stopped the hook helper (pid ${pid})\n` : 'aura: no hook helper was running here\n');
  return 0;
}
