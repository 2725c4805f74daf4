// Starting a repository's hook helper (lib/helper/server.ts) on demand: a post-commit that ran
// Node itself starts one, detached, for the commits after it. Never on the way of a commit: the
// spawn does not wait, and a failure to start only means the next hook runs Node itself too.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { git } from '../git/exec';
import { alive, readAddress } from './address';

// dist/hooks/helper.js and the bundle it serves from (npm run build writes both)
const helperEntry = join(__dirname, '..', '..', 'hooks', 'helper.js');
const servedBundle = join(__dirname, '..', '..', 'hooks', 'served.bundle.js');

/**
 * Whether `bundle` is what hooks run: not when a plain `tsc` build (dist/hooks/run.js, beside
 * it) is newer — a checkout being worked on, whose hooks then run that build (hooks/dispatch.sh)
 * while a helper would mix the old bundle with the newly compiled parse it loads by path.
 */
export function bundleIsCurrent(bundle: string): boolean {
  try {
    return statSync(join(bundle, '..', 'run.js')).mtimeMs <= statSync(bundle).mtimeMs;
  } catch {
    return existsSync(bundle); // no tsc output beside it: an installed package
  }
}

let served = false;
/** Called by the bundle the helper evaluates for each request: that run starts no helper. */
export function markServedByHelper(): void {
  served = true;
}

/**
 * Why no helper should start for this repository, or null. Off: on other platforms than Linux
 * (the helper reads its client from /proc), under CI (one commit per job, and nothing should
 * outlive the job), with AURA_HELPER=0, or `git config aura.helper false`.
 */
export function helperOff(root: string): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.env.AURA_HELPER === '0') return 'AURA_HELPER=0';
  if (process.env.AURA_HELPER !== '1' && process.env.CI) return 'CI is set (AURA_HELPER=1 starts it anyway)';
  if (git(['config', '--type=bool', 'aura.helper'], { cwd: root, okCodes: [1] }) === 'false') return 'git config aura.helper false';
  return null;
}

export function startHelperIfWanted(stateDir: string, root: string): void {
  if (served || !existsSync(helperEntry) || !bundleIsCurrent(servedBundle)) return;
  const now = readAddress(stateDir);
  if (now && alive(now.pid)) return;
  try {
    if (helperOff(root)) return; // (an aura.helper git cannot read as a boolean throws: no helper either)
    spawn(process.execPath, [helperEntry, stateDir], { cwd: root, detached: true, stdio: 'ignore' }).unref();
  } catch {
    // only costs speed
  }
}

/** One line on the state directory's helper, for `aura status` and `aura helper status`. */
export function helperSummary(stateDir: string, root: string): string {
  const a = readAddress(stateDir);
  if (a && alive(a.pid)) return `running (pid ${a.pid}, 127.0.0.1:${a.port})`;
  let off: string | null;
  try {
    off = helperOff(root);
  } catch (e) {
    off = (e as Error).message;
  }
  return off ? `off: ${off}` : 'not running (the next commit starts one)';
}
