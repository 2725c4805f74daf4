// Where things are for the repository a command runs in.
import { isAbsolute, join, resolve } from 'node:path';
import { loadConfig, Config } from './config/load';
import { AuraError } from './errors';
import { gitRaw } from './git/exec';

export interface Repo {
  root: string; // working tree top level
  gitDir: string; // this worktree's git dir
  commonDir: string; // shared by all worktrees
  auraDir: string; // <root>/.aura
  configPath: string;
  config: Config;
  logPath: string;
}

export function findRepo(cwd = process.cwd()): Repo | null {
  const r = gitRaw(['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], { cwd, okCodes: [128] });
  if (r.status !== 0) return null;
  const [root, gitDir, common] = r.stdout.toString('utf8').split('\n');
  if (!root) return null;
  const auraDir = join(root, '.aura');
  const configPath = join(auraDir, 'config.toml');
  const config = loadConfig(configPath);
  const commonDir = resolve(cwd, common);
  return { root, gitDir, commonDir, auraDir, configPath, config, logPath: logPathFor(config, root, commonDir) };
}

/**
 * [audit] log_path, relative to the working tree; with [intent] in_repo = false the log is kept
 * out of the repository: a relative path then lives under the Git common dir (shared by all
 * worktrees, never committed), .git/aura/log.jsonl by default.
 */
function logPathFor(config: Config, root: string, commonDir: string): string {
  const lp: string = config.audit.log_path;
  if (isAbsolute(lp)) return lp;
  if (config.intent.in_repo) return join(root, lp);
  return join(commonDir, 'aura', lp === '.aura/log.jsonl' ? 'log.jsonl' : lp);
}

export function requireRepo(cwd = process.cwd()): Repo {
  const repo = findRepo(cwd);
  if (!repo) throw new AuraError(`not inside a Git repository: ${cwd}`, 'run aura from a repository, or pass --log PATH where the command takes one');
  return repo;
}
