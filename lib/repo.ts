// Where things are for the repository a command runs in.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadConfig, Config } from './config/load';
import { DEFAULT_LOG_PATH, LEGACY_LOG_PATH } from './config/schema';
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
  return repoAt(root, gitDir, resolve(cwd, common));
}

/** The repository whose worktree top, git dir and common dir are known (absolute paths). */
export function repoAt(root: string, gitDir: string, commonDir: string): Repo {
  const auraDir = join(root, '.aura');
  const configPath = join(auraDir, 'config.toml');
  const config = loadConfig(configPath);
  return { root, gitDir, commonDir, auraDir, configPath, config, logPath: logPathFor(config, root, commonDir) };
}

/**
 * [audit] log_path, relative to the working tree; with [intent] in_repo = false the log is kept
 * out of the repository: a relative path then lives under the Git common dir (shared by all
 * worktrees, never committed), .git/aura/intent_log.jsonl by default. A repository started
 * before that default (.aura/log.jsonl) and whose config does not name its log keeps its log.
 */
function logPathFor(config: Config, root: string, commonDir: string): string {
  const lp: string = config.audit.log_path;
  if (isAbsolute(lp)) return lp;
  const at = (p: string): string => (config.intent.in_repo ? join(root, p) : join(commonDir, 'aura', p.startsWith('.aura/') ? p.slice('.aura/'.length) : p));
  const path = at(lp);
  if (lp === DEFAULT_LOG_PATH && !existsSync(path)) {
    const legacy = at(LEGACY_LOG_PATH);
    if (existsSync(legacy)) return legacy;
  }
  return path;
}

export function requireRepo(cwd = process.cwd()): Repo {
  const repo = findRepo(cwd);
  if (!repo) throw new AuraError(`not inside a Git repository: ${cwd}`, 'run aura from a repository, or pass --log PATH where the command takes one');
  return repo;
}

/** The log's path inside the worktree ("/"-separated), or null when the log lives outside it. */
export function logPathInRepo(repo: Repo): string | null {
  if (!repo.config.intent.in_repo) return null;
  const rel = relative(repo.root, repo.logPath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
  // The git dir may sit inside the working tree (.git/…): never a path to commit.
  const inGitDir = relative(repo.commonDir, repo.logPath);
  if (!inGitDir.startsWith('..') && !isAbsolute(inGitDir)) return null;
  return rel.split('\\').join('/');
}
