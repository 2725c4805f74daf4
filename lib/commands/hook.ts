// `aura hook <name> [Git's arguments…]`: runs one of aura's Git hooks in this process, without
// the dispatcher's shell fast paths. For hook managers that call a command rather than
// installing aura's stubs (the pre-commit framework with a global aura: hooks/pre-commit-framework.sh),
// and for running a hook by hand.
import { AuraError } from '../errors';
import { HOOK_RUNNERS, HOOKS, isHookName } from '../hooks/table';

export const USAGE = `aura hook <${HOOKS.join('|')}> [Git's arguments…]`;
export const HELP = `usage: ${USAGE}\n  runs one of aura's Git hooks (what \`aura init\`'s stubs run, without their fast paths)`;

export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || !isHookName(name)) throw new AuraError(name ? `unknown hook "${name}"` : 'which hook?', `usage: ${USAGE}`, 2);
  return HOOK_RUNNERS[name](rest);
}
