// Stopping a repository's hook helper (`aura helper stop`, `aura uninstall`): SIGUSR2, which it
// answers by finishing the hook it is running and exiting (SIGTERM would also make the hook's
// log lock let go at once, lib/log/lock.ts); SIGKILL if it is still there 3 s later.
import { addressPath, alive, readAddress, removeAddressOf } from './address';
import { removeFile } from '../fs/atomic-file';

/** Stops the helper the state directory names; returns its pid, or null when none was running. */
export function stopHelper(stateDir: string): number | null {
  const a = readAddress(stateDir);
  if (!a || !alive(a.pid)) {
    removeFile(addressPath(stateDir));
    return null;
  }
  process.kill(a.pid, 'SIGUSR2');
  const until = Date.now() + 3000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (alive(a.pid) && Date.now() < until) Atomics.wait(pause, 0, 0, 25);
  if (alive(a.pid)) process.kill(a.pid, 'SIGKILL');
  removeAddressOf(stateDir, a.pid); // unless a newer helper has written its own meanwhile
  return a.pid;
}
