// Installing and removing aura's Git hooks (`aura init` / `aura uninstall`).
// Hooks live where Git looks for them in every worktree: `git rev-parse --git-path hooks`
// (the common dir's hooks, or core.hooksPath). Where husky owns core.hooksPath (`.husky/_`),
// its generated scripts run `.husky/<hook>`, so our block goes there instead. Nothing that was
// there before is ever lost: a foreign hook is renamed to <hook>.pre-aura and run first by our
// stub, and `aura uninstall` puts it back.
import { chmodSync, existsSync, readFileSync, renameSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AuraError } from './lib/errors';
import { git } from './lib/git/exec';
import {
  auraBlock, CHAINED_SUFFIX, DISPATCHER, hasBlock, recordedPaths, removeBlock, standaloneStub, StubPaths,
} from './lib/hooks/stub';
import { HookName, HOOKS } from './lib/hooks/table';

export interface HookPlace {
  mode: 'hooks-dir' | 'husky';
  dir: string; // absolute: where the hook files we edit live
}

export interface HookAction {
  hook: HookName;
  file: string;
  action: 'installed' | 'chained' | 'updated' | 'unchanged' | 'removed' | 'restored' | 'absent';
}

/** Where our hooks go for the repository whose worktree root is `root`. */
export function hookPlace(root: string): HookPlace {
  const hooksPath = git(['config', '--get', 'core.hooksPath'], { cwd: root, okCodes: [1] });
  if (hooksPath && /(^|\/)\.husky\/_\/?$/.test(hooksPath)) {
    return { mode: 'husky', dir: dirname(resolve(root, hooksPath.replace(/\/$/, ''))) };
  }
  const rel = git(['rev-parse', '--git-path', 'hooks'], { cwd: root });
  return { mode: 'hooks-dir', dir: resolve(root, rel) };
}

/** The package this file belongs to (it runs from <package>/dist/install.js). */
const PACKAGE = resolve(__dirname, '..');

/** What the stubs record: this node, this package (its absolute path and npm name). */
export function defaultStubPaths(): StubPaths {
  const { name } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { name: string };
  return { node: process.execPath, pkg: PACKAGE, name };
}

const read = (f: string): string | null => (existsSync(f) ? readFileSync(f, 'utf8') : null);

function writeExecutable(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/**
 * Our whole-file stub — this version's, or another version's (its `chained=` line may be
 * written differently, but it holds our block). Chaining such a file instead of replacing it
 * would run aura twice, and a stub kept as <hook>.pre-aura can end up running itself.
 */
const isOurStub = (hook: HookName, text: string): boolean =>
  text.startsWith(`#!/bin/sh\nchained="$(dirname "$0")/${hook}${CHAINED_SUFFIX}"`) || (text.startsWith('#!/bin/sh\nchained=') && hasBlock(text));

/** The user's script, a blank line, our block (removeBlock takes the blank line away again). */
const appendBlock = (text: string, block: string): string => (text.trim() ? text.replace(/\n*$/, '\n') + '\n' + block : block);

function installOne(place: HookPlace, hook: HookName, paths: StubPaths): HookAction {
  const file = join(place.dir, hook);
  const existing = read(file);
  if (place.mode === 'husky') {
    const block = auraBlock(hook, paths, false);
    if (existing === null) {
      writeExecutable(file, block);
      return { hook, file, action: 'installed' };
    }
    if (hasBlock(existing)) {
      const next = appendBlock(removeBlock(existing), block);
      if (next === existing) return { hook, file, action: 'unchanged' };
      writeExecutable(file, next);
      return { hook, file, action: 'updated' };
    }
    writeExecutable(file, appendBlock(existing, block));
    return { hook, file, action: 'chained' };
  }
  const stub = standaloneStub(hook, paths);
  if (existing !== null && isOurStub(hook, existing)) {
    if (existing === stub) return { hook, file, action: 'unchanged' };
    writeExecutable(file, stub);
    return { hook, file, action: 'updated' };
  }
  if (existing !== null) {
    const kept = file + CHAINED_SUFFIX;
    if (existsSync(kept)) {
      throw new AuraError(`cannot install the ${hook} hook: both ${file} and ${kept} exist`,
        `merge them into one hook (or remove ${basename(kept)}), then run aura init again`);
    }
    renameSync(file, kept);
    writeExecutable(file, stub);
    return { hook, file, action: 'chained' };
  }
  writeExecutable(file, stub);
  return { hook, file, action: 'installed' };
}

/** Installs (or refreshes) every hook. Idempotent. */
export function installHooks(root: string, paths: StubPaths = defaultStubPaths()): HookAction[] {
  const place = hookPlace(root);
  return HOOKS.map((h) => installOne(place, h, paths));
}

function uninstallOne(place: HookPlace, hook: HookName): HookAction {
  const file = join(place.dir, hook);
  const existing = read(file);
  if (existing === null || !hasBlock(existing)) return { hook, file, action: 'absent' };
  if (place.mode === 'hooks-dir' && isOurStub(hook, existing)) {
    unlinkSync(file);
    const kept = file + CHAINED_SUFFIX;
    if (existsSync(kept)) {
      renameSync(kept, file);
      return { hook, file, action: 'restored' };
    }
    return { hook, file, action: 'removed' };
  }
  const rest = removeBlock(existing);
  if (rest.trim() === '') unlinkSync(file);
  else writeExecutable(file, rest);
  return { hook, file, action: 'removed' };
}

/** Removes exactly what installHooks added. */
export function uninstallHooks(root: string): HookAction[] {
  const place = hookPlace(root);
  return HOOKS.map((h) => uninstallOne(place, h));
}

export interface HookHealth {
  hook: HookName;
  file: string;
  installed: boolean;
  problem?: string; // node or aura moved, or a stub from an older aura
}

/** What `aura status` shows about the hooks. */
export function hookHealth(root: string): { place: HookPlace; hooks: HookHealth[] } {
  const place = hookPlace(root);
  const hooks = HOOKS.map((hook): HookHealth => {
    const file = join(place.dir, hook);
    const text = read(file);
    if (text === null || !hasBlock(text)) return { hook, file, installed: false };
    const p = recordedPaths(text);
    if (!p) return { hook, file, installed: true, problem: 'a stub from an older aura' };
    if (!existsSync(p.node)) return { hook, file, installed: true, problem: `node moved (${p.node})` };
    if (!existsSync(join(p.pkg, DISPATCHER)) && !existsSync(join(root, 'node_modules', defaultStubPaths().name, DISPATCHER))) {
      return { hook, file, installed: true, problem: `aura moved (${p.pkg})` };
    }
    return { hook, file, installed: true };
  });
  return { place, hooks };
}
