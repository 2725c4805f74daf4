// The inputs of bench:delta and bench:delta-ab: real code already on this machine (the project's
// node_modules and the Python standard library), read once, up to a byte budget per set.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MB = 1024 * 1024;

/** Files under `dir` (sorted, depth first) of 1 byte to 1 MB that `keep` accepts, up to `limit`. */
export function list(dir: string, keep: (p: string) => boolean, out: string[] = [], limit = Infinity): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of entries) {
    if (out.length >= limit) break;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) list(p, keep, out, limit);
    else if (st.size > 0 && st.size <= MB && keep(p)) out.push(p);
  }
  return out;
}

/** The Python standard library's directory, or null when python3 is not installed. */
export function pythonLib(): string | null {
  const r = spawnSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']);
  const p = r.status === 0 ? r.stdout.toString().trim() : '';
  return p && existsSync(p) ? p : null;
}

/** The texts of `files`, up to `budget` bytes. */
export function readUpTo(files: string[], budget: number): string[] {
  const out: string[] = [];
  let total = 0;
  for (const f of files) {
    if (total >= budget) break;
    const text = readFileSync(f, 'utf8');
    out.push(text);
    total += Buffer.byteLength(text);
  }
  return out;
}

export interface Sources {
  ts: string[];
  dts: string[];
  js: string[];
  /** empty when python3 is not installed */
  py: string[];
  pyDir: string | null;
}

/** `budget` bytes per set: .ts (not .d.ts), .d.ts and .js from `nodeModules`, and the Python standard library (tests excluded). */
export function benchSources(nodeModules: string, budget: number): Sources {
  const tsFiles = list(nodeModules, (p) => p.endsWith('.ts') && !p.endsWith('.d.ts'));
  const dtsFiles = list(nodeModules, (p) => p.endsWith('.d.ts'), [], 3000);
  const jsFiles = list(nodeModules, (p) => p.endsWith('.js'), [], 4000);
  const pyDir = pythonLib();
  const pyFiles = pyDir ? list(pyDir, (p) => p.endsWith('.py') && !p.includes('/test'), [], 3000) : [];
  return {
    ts: readUpTo(tsFiles, budget),
    dts: readUpTo(dtsFiles, budget),
    js: readUpTo(jsFiles, budget),
    py: readUpTo(pyFiles, budget),
    pyDir,
  };
}
