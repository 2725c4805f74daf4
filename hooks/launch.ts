// Runs dist/hooks/run.bundle.js with V8's code cache (hooks/dispatch.sh starts this file). Node
// 20 has no module compile cache (module.enableCompileCache is Node ≥ 22.1), so this does what
// it does for the one file a hook loads: compile with the bytecode V8 saved after an earlier run,
// and save it after a run without one (README → Performance has what it saves).
// The cache is keyed by the bundle's content and V8's version (V8 itself only checks the source
// length), and lives where only this user writes: beside the bundle when the package directory
// is writable, else under ~/.cache. A missing, rejected or unwritable cache only costs time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'run.bundle.js');
const source = readFileSync(bundle, 'utf8');
const key = `${createHash('sha1').update(source).digest('hex').slice(0, 16)}-${process.versions.v8}`;
const places = [join(__dirname, '..', 'cache'), join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aura-hooks')];

let cachedData: Buffer | undefined;
for (const dir of places) {
  try {
    cachedData = readFileSync(join(dir, `run.bundle.${key}.v8`));
    break;
  } catch {
    // not cached there
  }
}
const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // after the hook ran: the cache then holds the functions it compiled, not only the top level
  process.once('exit', () => {
    const data = script.createCachedData();
    for (const dir of places) {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = join(dir, `run.bundle.${key}.${process.pid}.tmp`);
        writeFileSync(tmp, data);
        renameSync(tmp, join(dir, `run.bundle.${key}.v8`));
        return;
      } catch {
        // read-only here: try the next place
      }
    }
  });
}
const mod = new Module(bundle, module);
mod.filename = bundle;
mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
(script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
