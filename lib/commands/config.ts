// aura config get KEY | set KEY VALUE | list: read and edit .aura/config.toml. `set` edits the
// file as text (comments and order kept: lib/config/edit.ts), validates the result exactly as
// the loader will, and refuses policy keys (strict mode…), which only signed entries change.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { UsageError } from '../errors';
import { configWith, isPolicyKey, lookupKey, POLICY_COMMAND } from '../config/edit';
import { parseConfig } from '../config/load';
import { SCHEMA } from '../config/schema';
import { parseToml } from '../config/toml';
import { replaceFile } from '../fs/atomic-file';
import { findRepo, requireRepo } from '../repo';

export const USAGE = 'aura config get KEY | aura config set KEY VALUE | aura config list';
export const HELP = `usage: ${USAGE}

  get KEY          the effective value (the file's, else the default), e.g. aura config get audit.log_path
  set KEY VALUE    edits .aura/config.toml in place (comments and order kept), validated like
                   every command reads it, e.g. aura config set intent.in_repo false
  list             every key, its effective value, and whether the file sets it
Keys are table.key as in the file (README.md → Configuration). Strict mode and other
policies are not configuration: ${POLICY_COMMAND}`;

const show = (v: unknown): string => JSON.stringify(v);

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help') {
    process.stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  const repo = requireRepo();
  const file = repo.configPath;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const rel = relative(repo.root, file);
  if (sub === 'get') {
    if (rest.length !== 1) throw new UsageError('give one KEY, e.g. aura config get audit.log_path', USAGE);
    const { table, key } = lookupKey(rest[0]);
    process.stdout.write(`${show(repo.config[table][key])}\n`);
    return 0;
  }
  if (sub === 'list') {
    if (rest.length !== 0) throw new UsageError('list takes no arguments', USAGE);
    const inFile = new Set(parseToml(text, file).map((e) => (e.table ? `${e.table}.${e.key}` : e.key)));
    const out: string[] = [];
    for (const [table, keys] of Object.entries(SCHEMA)) {
      for (const [key, spec] of Object.entries(keys)) {
        const full = `${table}.${key}`;
        out.push(`${full} = ${show(repo.config[table][key])}${inFile.has(full) ? `   (${rel})` : '   (default)'}  # ${spec.doc}`);
      }
    }
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  }
  if (sub === 'set') {
    if (rest.length !== 2) throw new UsageError(rest.length === 1 && isPolicyKey(rest[0]) ? `${rest[0]} is a policy; run: ${POLICY_COMMAND}` : 'give KEY and VALUE, e.g. aura config set intent.in_repo false', USAGE);
    const [full, value] = rest;
    const next = configWith(text, file, full, value);
    const { table, key } = lookupKey(full);
    const before = repo.config[table][key];
    mkdirSync(repo.auraDir, { recursive: true });
    replaceFile(file, [next]);
    const after = parseConfig(next, file)[table][key];
    process.stdout.write(`${rel}: ${full} = ${show(after)}${show(before) === show(after) ? ' (unchanged)' : ` (was ${show(before)})`}\n`);
    // Moving the log is not a setting change the log follows by itself: say where it is now.
    const moved = findRepo();
    if (moved && moved.logPath !== repo.logPath && existsSync(repo.logPath) && !existsSync(moved.logPath)) {
      process.stdout.write(`note: aura now reads the log at ${moved.logPath}, but the existing log is still at ${repo.logPath}: move it there (git mv, or mv for a log outside the repository)\n`);
    }
    return 0;
  }
  throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}`, USAGE);
}
