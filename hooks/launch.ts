// Runs dist/hooks/run.bundle.js with V8's code cache (hooks/dispatch.sh starts this file). Node
// 20 has no module compile cache (module.enableCompileCache is Node ≥ 22.1), so this does what
// it does for the one file a hook loads: compile with the bytecode V8 saved after an earlier run,
// and save it after a run without one (README → Performance has what it saves).
// A cache per hook: it holds the functions that hook's run compiled (one made by a fetch's
// reference-transaction would leave post-commit compiling most of its code on every commit).
// It is keyed by the bundle's size, modification time and inode (a rebuild or a reinstall writes
// it anew; no hash of 400 kB to compute, nor node:crypto to load for it) and V8's version (V8
// itself only checks the source length), and lives where only this user writes: beside the
// bundle when the package directory is writable, else under ~/.cache. Writing one removes that
// hook's caches of earlier builds. A missing, rejected or unwritable cache only costs time.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'run.bundle.js');
const source = readFileSync(bundle, 'utf8');
const hook = /^[a-z-]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const st = statSync(bundle);
const stamp = [st.size, Math.round(st.mtimeMs * 1000), st.ino].map((n) => n.toString(36)).join('-');
const file = `run.bundle.${hook}.${stamp}-${process.versions.v8}.v8`;
const places = [join(__dirname, '..', 'cache'), join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aura-hooks')];

let cachedData: Buffer | undefined;
for (const dir of places) {
  try {
    cachedData = readFileSync(join(dir, file));
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
        const tmp = join(dir, `${file}.${process.pid}.tmp`);
        writeFileSync(tmp, data);
        renameSync(tmp, join(dir, file));
        for (const old of readdirSync(dir)) {
          if (old.startsWith(`run.bundle.${hook}.`) && old.endsWith('.v8') && old !== file) rmSync(join(dir, old), { force: true });
        }
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
