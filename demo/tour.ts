// npm run demo — a scripted tour of aura in a scratch repository (nothing outside a temp dir
// is touched: HOME, XDG_CONFIG_HOME and the git identity are the tour's own).
//   init → a normal commit → strict mode on → a deletion blocked with its report →
//   a human authorization → the commit passes → audit verify OK (log and commit range) →
//   a tampered copy fails with its category → the evidence pack for an auditor.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatRangeResult, verifyRange } from '../lib/range/check';

const CLI = resolve(__dirname, '..', 'lib', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'aura-demo-'));
// The evidence pack the tour ends with outlives the scratch repository (AURA_DEMO_REPORT: where).
const REPORT_DIR = resolve(process.env.AURA_DEMO_REPORT ?? join(tmpdir(), `aura-demo-report-${Date.now()}`));
const home = join(root, 'home');
const repo = join(root, 'shop');
mkdirSync(home);
mkdirSync(join(repo, 'src'), { recursive: true });
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Alice Admin\n\temail = alice@example.ch\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' };
for (const k of Object.keys(env)) if (k.startsWith('GIT_') && k !== 'GIT_CONFIG_NOSYSTEM') delete env[k];
// the tour runs `aura` as a user would; the shell alias points at this checkout's CLI
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function step(title: string): void {
  process.stdout.write(`\n${bold(`── ${title} `.padEnd(78, '─'))}\n`);
}

function sh(cmd: string, args: string[], opts: { cwd?: string; expectFail?: boolean; show?: string } = {}): string {
  const shown = opts.show ?? [cmd === process.execPath ? 'aura' : cmd, ...(cmd === process.execPath ? args.slice(1) : args)]
    .map((a) => (/[\s"'*]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  process.stdout.write(`$ ${shown}\n`);
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? repo, env, encoding: 'utf8' });
  const out = (r.stdout + r.stderr).trimEnd();
  if (out) process.stdout.write(out.replace(/^/gm, '  ') + '\n');
  const failed = r.status !== 0;
  if (failed !== !!opts.expectFail) {
    process.stdout.write(`demo: unexpected exit ${r.status} from: ${shown}\n`);
    process.exit(1);
  }
  if (failed) process.stdout.write(`  (exit ${r.status}, as expected)\n`);
  return r.stdout;
}
const aura = (args: string[], o: { cwd?: string; expectFail?: boolean } = {}) => sh(process.execPath, [CLI, ...args], o);
const git = (args: string[], o: { cwd?: string; expectFail?: boolean } = {}) => sh('git', args, o);

const AUTH = `export function validate(token: string): boolean {
  return token.length >= 32 && /^[A-Za-z0-9_-]+$/.test(token);
}

export function login(user: string, token: string): string {
  if (!validate(token)) throw new Error('invalid token');
  return user;
}
`;

async function tour(): Promise<void> {
  step('1. aura init in a fresh repository (hooks, .aura/, a key, the genesis entry)');
  git(['init', '-q', '-b', 'main']);
  aura(['init']);

  step('2. a normal commit: checked, signed, logged and carried by the same commit');
  writeFileSync(join(repo, 'src/auth.ts'), AUTH);
  git(['add', 'src']);
  git(['commit', '-q', '-m', 'Add login with token validation']);
  git(['log', '-1', '--format=%h %s%n%(trailers:key=Aura-Intent)']);
  git(['status', '--porcelain']);
  const base = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repo, env, encoding: 'utf8' }).stdout.trim();

  step('3. an admin turns strict mode on (a signed policy entry in the log)');
  aura(['strict', 'on']);

  step('4. "fix typo" that deletes the validation check: blocked, with the report');
  writeFileSync(join(repo, 'src/auth.ts'), "export function login(user: string, token: string): string {\n  return user;\n}\n");
  git(['add', 'src']);
  git(['commit', '-q', '-m', 'fix typo'], { expectFail: true });

  step('5. a human authorizes the deletion (signed authorize-delete entry)');
  aura(['intent', 'authorize-delete', 'src/auth.ts:validate', '--reason', 'the API gateway validates tokens now', '--expires', '7d']);

  step('6. committed with an honest message, the commit passes and consumes the authorization');
  git(['commit', '-q', '-m', 'Drop token validation from login: the gateway does it']);
  aura(['status']);

  step('7. aura audit verify: the log, and every commit of the range against it');
  aura(['audit', 'verify']);
  const range = await verifyRange('HEAD', { cwd: repo, logPath: join(repo, '.aura/intent_log.jsonl') });
  process.stdout.write(`$ aura audit verify --range HEAD      # every commit reachable from HEAD\n  ${formatRangeResult(range)}\n`);
  if (range.findings.length) process.exit(1);

  step('8. a tampered copy: someone rewrites an intent in the log → HASH_MISMATCH');
  const copy = join(root, 'tampered');
  git(['clone', '-q', repo, copy], { cwd: root });
  const logFile = join(copy, '.aura/intent_log.jsonl');
  writeFileSync(logFile, readFileSync(logFile, 'utf8').replace('Drop token validation from login: the gateway does it', 'fix typo'));
  process.stdout.write('$ sed -i "s/Drop token validation…/fix typo/" .aura/intent_log.jsonl\n');
  aura(['audit', 'verify'], { cwd: copy, expectFail: true });

  step('9. a tampered copy: code changed under a kept Aura-Intent trailer → COMMIT_MISMATCH');
  const copy2 = join(root, 'tampered2');
  git(['clone', '-q', repo, copy2], { cwd: root });
  writeFileSync(join(copy2, 'src/auth.ts'), "export function login(user: string, token: string): string {\n  return user + token;\n}\n");
  git(['commit', '-q', '-a', '--amend', '--no-edit', '--no-verify'], { cwd: copy2 });
  const bad = await verifyRange(`${base}..HEAD`, { cwd: copy2, logPath: join(copy2, '.aura/intent_log.jsonl') });
  process.stdout.write(`$ aura audit verify --range ${base.slice(0, 7)}..HEAD\n  ${formatRangeResult(bad).replace(/\n/g, '\n  ')}\n`);
  if (bad.findings[0]?.category !== 'COMMIT_MISMATCH') process.exit(1);

  step('10. the evidence pack for an auditor: one folder, readable and verifiable anywhere');
  aura(['audit', 'report', '--since', '1d', '--out', REPORT_DIR]);
  aura(['audit', 'verify', '--report', REPORT_DIR], { cwd: root });
  process.stdout.write(`\n${bold('Tour complete.')} Scratch repository: ${repo} (removed now)\n`);
  process.stdout.write(`The evidence pack stays: open ${join(REPORT_DIR, 'report.html')}\n`);
}

tour()
  .catch((e) => {
    process.stdout.write(`demo failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    // the tour's commits started a hook helper (Linux): it ends before its repository does
    spawnSync(process.execPath, [CLI, 'helper', 'stop'], { cwd: repo, env, encoding: 'utf8' });
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });
