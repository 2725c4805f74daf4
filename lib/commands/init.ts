// `aura init`: set up aura in this repository (Node project or not). Idempotent:
// creates .aura/ (config, merge=union attribute for the log, ignore rules for local caches),
// a key if the user has none, the genesis entry if the log is new, and the hooks.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo, hostname } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { installHooks } from '../../install';
import { DEFAULT_LOG_PATH } from '../config/schema';
import { AuraError } from '../errors';
import { gitRaw } from '../git/exec';
import { logPathInRepo } from '../hooks/fold';
import { activeKeyFile, createKey, loadActiveKey } from '../keys/store';
import { ensureGenesis } from '../log/genesis';
import { requireRepo } from '../repo';
import { loadTrust } from '../trust/load';

const CONFIG = `# aura configuration (every key and its default: README.md → Configuration; aura config list)
[audit]
log_path = "${DEFAULT_LOG_PATH}"
`;
/**
 * union: two branches that each appended entries merge by keeping both sides' lines, so the
 * log never conflicts (order within the file does not matter: the log is a DAG by parents).
 * Named relative to .aura/, for the log this repository uses (old repositories: log.jsonl).
 */
function attributesFor(repo: { auraDir: string; logPath: string }): string | null {
  const rel = relative(repo.auraDir, repo.logPath);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return `${rel.split('\\').join('/')} merge=union\n`;
}
// Local state next to the log that must never be committed.
const IGNORE = '# local caches and locks of aura (never committed)\n*.lock\n*.tips\n*.tmp\n';

function ensureFile(file: string, content: string): boolean {
  if (existsSync(file)) return false;
  writeFileSync(file, content);
  return true;
}

/** Appends `line` to a file unless present (keeps the user's own lines). */
function ensureLine(file: string, line: string): boolean {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split('\n').includes(line.trim())) return false;
  writeFileSync(file, text + (text && !text.endsWith('\n') ? '\n' : '') + line);
  return true;
}

function defaultKeyId(cwd: string): string {
  const email = gitRaw(['config', 'user.email'], { cwd, okCodes: [1] }).stdout.toString('utf8').trim();
  return email || `${userInfo().username}@${hostname()}`;
}

export const USAGE = 'aura init [--key-id ID] [--no-hooks]';
export const HELP = `usage: ${USAGE}
  installs the hooks, creates .aura/, a key if you have none (ID: your git user.email) and the log
  --no-hooks  everything but the hooks: another hook manager runs them (the pre-commit framework: README)`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'key-id': { type: 'string' }, 'no-hooks': { type: 'boolean' } } });
  let repo = requireRepo();
  const out: string[] = [];
  mkdirSync(repo.auraDir, { recursive: true });
  if (ensureFile(repo.configPath, CONFIG)) out.push(`created ${relative(repo.root, repo.configPath)}`);
  // The config just written decides where the log is (a new repository: the new default).
  repo = requireRepo();
  const attributes = attributesFor(repo);
  if (attributes && ensureLine(join(repo.auraDir, '.gitattributes'), attributes)) out.push(`set ${relative(repo.root, repo.logPath)} to merge=union (.aura/.gitattributes)`);
  ensureFile(join(repo.auraDir, '.gitignore'), IGNORE);

  if (!activeKeyFile()) {
    const info = createKey({ keyId: values['key-id'] ?? defaultKeyId(repo.root), kind: 'human', makeDefault: true });
    out.push(`created your human key "${info.keyId}" (${info.file})`);
  }
  const key = loadActiveKey();
  const genesis = await ensureGenesis(repo.logPath, key, { fsyncEvery: repo.config.audit.fsync_every });
  if (genesis) out.push(`started the log ${relative(repo.root, repo.logPath)} (genesis ${genesis.id}, admin key "${key.keyId}")`);
  else {
    // A clone of a repository that already has a log: entries signed by an unregistered key
    // would fail verification (UNKNOWN_SIGNER), so say now who must do what.
    const { state } = await loadTrust(repo.logPath);
    const { signerRefusal } = require('../entry/trust') as typeof import('../entry/trust');
    const { keyStatus } = require('../trust/keys') as typeof import('../trust/keys');
    const refused = signerRefusal(state, key, 'commit');
    if (refused) {
      const strict = state.policy.strict === true;
      const status = keyStatus(state, key.pubkey);
      const standing = status === 'unknown' ? 'is not registered in this log' : status === 'revoked' ? 'is revoked in this log' : `may not sign in this log (${refused})`;
      out.push(
        `WARNING: this log already exists and your key "${key.keyId}" ${standing} (${key.pubkey}).\n` +
          `  Until an admin registers it, ${strict ? 'strict mode refuses your commits' : 'your commits are NOT logged (aura audit verify --range reports them as UNLOGGED_COMMIT)'}; nothing is ever signed with it.\n` +
          `  Next:\n` +
          `    aura key request                 # writes and stages .aura/key-requests/ (your public key only)\n` +
          `    git commit -m "Request an aura key for ${key.keyId}" && git push${strict ? '   (strict mode: send the file to an admin instead)' : ''}\n` +
          `  An admin runs: aura key approve ${JSON.stringify(key.keyId)}   (once your request reached them)\n` +
          `  An admin runs: aura key add ${key.pubkey} --id ${JSON.stringify(key.keyId)} --kind ${key.kind}   (the same, given your public key out of band)\n` +
          `  Once it is approved, log what you committed meanwhile: aura audit backfill <base>..HEAD`,
      );
    }
  }

  for (const a of values['no-hooks'] ? [] : installHooks(repo.root)) {
    if (a.action !== 'unchanged') out.push(`${a.action} ${a.hook} hook (${a.file})${a.action === 'chained' ? ' — your existing hook still runs first' : ''}`);
  }

  // Stage .aura so the next commit carries the config and the log (and `git status` ends clean).
  const logRel = logPathInRepo(repo);
  const paths = ['.aura/config.toml', '.aura/.gitattributes', '.aura/.gitignore', ...(logRel ? [logRel] : [])].filter((p) => existsSync(join(repo.root, p)));
  const r = gitRaw(['update-index', '--add', '--', ...paths], { cwd: repo.root, okCodes: [128] });
  if (r.status !== 0) throw new AuraError(`cannot stage ${paths.join(', ')}: ${r.stderr.trim()}`, 'finish or abort the operation in progress (merge, rebase), then run aura init again');

  out.push(out.length === 0 ? 'aura is already set up here; nothing changed' : 'staged .aura/: your next commit carries it');
  process.stdout.write(out.map((l) => `aura: ${l}`).join('\n') + '\n');
  return 0;
}
