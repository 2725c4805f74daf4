// The hook helper (lib/helper): a post-commit that ran Node starts it; the commits after it are
// run by it (with each commit's own environment and index), logged and verified as before; a
// helper that is gone, stopped, idle, or asked with the wrong token costs only speed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { aura, gitIn, newRepo, PROJECT, Sandbox, sandbox, writeFile } from './helpers/env';

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
/** Running, not a zombie left for init to reap. */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
};

interface Setup {
  sb: Sandbox;
  dir: string;
  env: NodeJS.ProcessEnv;
  state: string;
}

function setup(idleSeconds = 60): Setup {
  const sb = sandbox();
  const dir = newRepo(sb);
  const env = { ...sb.env, AURA_HELPER: '1', AURA_HELPER_IDLE_SECONDS: String(idleSeconds) };
  writeFile(dir, 'src/a.ts', 'export function a(x: number): number {\n  return x;\n}\n');
  gitIn(sb, dir, ['add', '.']);
  gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'initial']);
  const init = aura(sb, dir, ['init'], env);
  assert.is(init.code, 0, init.stderr);
  return { sb, dir, env, state: join(dir, '.git', 'aura') };
}

/** A test in a fresh repository whose helper, whatever the test left running, is stopped after it. */
function helperTest(name: string, body: (s: Setup) => void | Promise<void>, idleSeconds = 60): void {
  test(name, async () => {
    const s = setup(idleSeconds);
    try {
      await body(s);
    } finally {
      aura(s.sb, s.dir, ['helper', 'stop']);
      s.sb.cleanup();
    }
  });
}

let n = 0;
function commit(s: Setup, extraEnv: NodeJS.ProcessEnv = {}, paths: string[] = []): string {
  n++;
  writeFile(s.dir, `src/f${n}.ts`, `export function f${n}(x: number): number {\n  return x + ${n};\n}\n`);
  gitIn(s.sb, s.dir, ['add', `src/f${n}.ts`]);
  return gitIn(s.sb, s.dir, ['commit', '-m', `Add f${n} to src`, ...paths], { env: { ...s.env, ...extraEnv } }).stderr;
}

/** The helper's pid once its address file names a live one (it starts detached, after the commit). */
function helperPid(s: Setup, other = 0): number {
  for (let i = 0; i < 200; i++) {
    const text = existsSync(join(s.state, 'helper')) ? readFileSync(join(s.state, 'helper'), 'utf8') : '';
    const pid = Number(text.split(' ')[3]);
    if (pid && pid !== other && alive(pid)) return pid;
    sleep(25);
  }
  throw new Error('no hook helper started');
}

/** The helper's log says it ran `count` post-commits, all with exit 0. */
function served(s: Setup, count: number, why?: string): void {
  const log = readFileSync(join(s.state, 'helper.log'), 'utf8');
  assert.is((log.match(/ post-commit for pid \d+: exit 0/g) ?? []).length, count, `${why ?? 'hooks the helper ran'}; its log:\n${log}`);
}
const verified = (s: Setup): void => {
  const v = aura(s.sb, s.dir, ['audit', 'verify']);
  assert.is(v.code, 0, v.stdout + v.stderr);
};
const trailer = (s: Setup): string => gitIn(s.sb, s.dir, ['log', '-1', '--format=%(trailers:key=Aura-Intent,valueonly)']).stdout.trim();

helperTest('the first commit starts the helper; the next ones are run by it, logged, bound and verified', (s) => {
  commit(s); // Node runs post-commit itself, then starts the helper
  const pid = helperPid(s);
  const out = commit(s);
  assert.match(out, /aura: logged in_\w+ \(\w+ carries Aura-Intent\)/, 'the hook\'s messages reach the terminal');
  served(s, 1);
  assert.match(trailer(s), /^in_\w+ blake3:[0-9a-f]{64}$/);
  // another branch: nothing of the last run is reused
  gitIn(s.sb, s.dir, ['checkout', '-q', '-b', 'topic']);
  commit(s);
  // a partial commit (`git commit -m … <path>`): the hook reads the temporary index Git gives it
  writeFile(s.dir, 'src/a.ts', 'export function a(x: number): number {\n  return x * 2;\n}\n');
  writeFile(s.dir, 'notes.txt', 'left unstaged\n');
  gitIn(s.sb, s.dir, ['commit', '-m', 'Double the value a returns', 'src/a.ts'], { env: s.env });
  served(s, 3);
  assert.match(trailer(s), /^in_\w+ /);
  assert.is(gitIn(s.sb, s.dir, ['status', '--porcelain']).stdout, '?? notes.txt\n', 'the log is staged in the real index, the rest untouched');
  verified(s);
  const range = aura(s.sb, s.dir, ['audit', 'verify', '--range', 'HEAD~4..HEAD']);
  assert.is(range.code, 0, range.stdout + range.stderr);
  assert.is(helperPid(s), pid, 'one helper served them all');
  // each request took a bundle evaluated ahead of it: the bundle's module code reads neither
  // the environment nor the directory as it loads (those are the next client's)
  assert.not.match(readFileSync(join(s.state, 'helper.log'), 'utf8'), /evaluating the hooks ahead/);
  const stop = aura(s.sb, s.dir, ['helper', 'stop']);
  assert.match(stop.stdout, new RegExp(`stopped the hook helper \\(pid ${pid}\\)`));
  assert.not.ok(alive(pid));
  assert.not.ok(existsSync(join(s.state, 'helper')));
});

helperTest('a linked worktree has a helper of its own (its hook state directory), and both log their commits', (s) => {
  commit(s);
  const main = helperPid(s);
  const wt = join(s.sb.dir, 'wt');
  gitIn(s.sb, s.dir, ['worktree', 'add', '-q', '-b', 'side', wt]);
  const other: Setup = { ...s, dir: wt, state: join(s.dir, '.git', 'worktrees', 'wt', 'aura') };
  try {
    commit(other); // Node in its hook: starts the worktree's helper
    const side = helperPid(other);
    assert.is.not(side, main);
    commit(other);
    commit(s);
    served(other, 1);
    served(s, 1);
    for (const dir of [s.dir, wt]) {
      const v = aura(s.sb, dir, ['audit', 'verify']);
      assert.is(v.code, 0, v.stdout + v.stderr);
      assert.is(gitIn(s.sb, dir, ['status', '--porcelain']).stdout, '');
    }
    aura(s.sb, wt, ['helper', 'stop']);
    assert.not.ok(alive(side));
    assert.ok(alive(main), 'the main worktree\'s helper is another process');
  } finally {
    aura(s.sb, wt, ['helper', 'stop']);
  }
});

helperTest('strict mode: commit-msg runs in the helper too; its refusal stops the commit, with the report', (s) => {
  assert.is(aura(s.sb, s.dir, ['strict', 'on']).code, 0);
  commit(s); // commit-msg and post-commit in Node; post-commit starts the helper
  helperPid(s);
  commit(s);
  const log = (): string => readFileSync(join(s.state, 'helper.log'), 'utf8');
  assert.match(log(), / commit-msg for pid \d+: exit 0/);
  served(s, 1);
  // deleting a function the message does not name: refused in strict mode
  writeFile(s.dir, 'src/a.ts', '// a is gone\n');
  gitIn(s.sb, s.dir, ['add', 'src/a.ts']);
  const head = gitIn(s.sb, s.dir, ['rev-parse', 'HEAD']).stdout;
  const refused = gitIn(s.sb, s.dir, ['commit', '-q', '-m', 'fix typo'], { env: s.env, allowFail: true });
  assert.is(refused.code, 1);
  assert.match(refused.stderr, /intent check — inconsistent \(strict mode\)/);
  assert.match(refused.stderr, /removed +src\/a\.ts:a — removed, but the intent does not name it/);
  assert.match(log(), / commit-msg for pid \d+: exit 1/);
  assert.is(gitIn(s.sb, s.dir, ['rev-parse', 'HEAD']).stdout, head, 'nothing committed');
  verified(s);
});

helperTest('a helper killed outright costs one cold commit: it is logged, and a new helper starts', (s) => {
  commit(s);
  const pid = helperPid(s);
  process.kill(pid, 'SIGKILL');
  sleep(50);
  assert.ok(existsSync(join(s.state, 'helper')), 'its address file is left behind');
  const out = commit(s);
  assert.match(out, /aura: logged in_\w+/);
  verified(s);
  const next = helperPid(s, pid);
  assert.is.not(next, pid);
  commit(s);
  served(s, 1, 'the new helper runs the commit after');
  verified(s);
});

helperTest('the helper turns away a wrong token, exits when idle, and is never started with AURA_HELPER=0 or aura.helper false', async (s) => {
  commit(s);
  const pid = helperPid(s);
  const port = Number(readFileSync(join(s.state, 'helper'), 'utf8').split(' ')[0]);
  const answer = await new Promise<string>((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(`${'0'.repeat(64)} ${process.pid} post-commit ${process.execPath}\n`));
    let got = '';
    sock.on('data', (d) => (got += d));
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
  });
  assert.is(answer, 'r\n');
  assert.match(readFileSync(join(s.state, 'helper.log'), 'utf8'), /refused: wrong token/);
  for (let i = 0; i < 120 && alive(pid); i++) sleep(50); // idle for 1 s: it exits
  assert.not.ok(alive(pid), 'exited when idle');
  assert.not.ok(existsSync(join(s.state, 'helper')), 'and removed its address');
  // Something else at the port the address file names (the helper is gone): it learns the
  // token of a dead helper, but cannot show the proof, so the hook runs Node and never says go.
  const heard = join(s.sb.dir, 'heard');
  const impostor = spawn(process.execPath, ['-e', `
    const srv = require('node:net').createServer((c) => c.on('data', (d) => { require('node:fs').appendFileSync(${JSON.stringify(heard)}, d); c.write('a ' + '0'.repeat(64) + '\\n'); }));
    srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const fakePort = await new Promise<number>((resolve) => impostor.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    writeFileSync(join(s.state, 'helper'), `${fakePort} ${'1'.repeat(64)} ${'2'.repeat(64)} ${impostor.pid}\n`, { mode: 0o600 });
    assert.match(commit(s), /aura: logged in_\w+/, 'logged by Node in the hook');
    helperPid(s, impostor.pid); // which started a real helper again
  } finally {
    impostor.kill();
  }
  aura(s.sb, s.dir, ['helper', 'stop']);
  assert.match(readFileSync(heard, 'utf8'), /^1{64} \d+ post-commit /, 'the client asked');
  assert.not.match(readFileSync(heard, 'utf8'), /\ng\n/, 'and never said go');
  sleep(300);
  assert.not.ok(existsSync(join(s.state, 'helper')), 'AURA_HELPER=0: none started');
  gitIn(s.sb, s.dir, ['config', 'aura.helper', 'false']);
  commit(s);
  sleep(300);
  assert.not.ok(existsSync(join(s.state, 'helper')), 'aura.helper false: none started');
  assert.match(aura(s.sb, s.dir, ['helper', 'status'], s.env).stdout, /hook helper off: git config aura.helper false/);
  verified(s);
}, 1);

helperTest('a stub whose recorded node is gone runs `node` from PATH: the helper, started with that node, still serves it', (s) => {
  commit(s);
  const pid = helperPid(s);
  for (const hook of ['pre-commit', 'commit-msg', 'post-commit']) {
    const stub = join(s.dir, '.git', 'hooks', hook);
    writeFileSync(stub, readFileSync(stub, 'utf8').split(process.execPath).join('/nonexistent/bin/node'));
  }
  const path = `${join(process.execPath, '..')}:${s.env.PATH}`; // the node this test runs on comes first
  assert.match(commit(s, { PATH: path }), /aura: logged in_\w+/);
  served(s, 1);
  assert.ok(alive(pid), 'the same helper');
  assert.not.match(readFileSync(join(s.state, 'helper.log'), 'utf8'), /stopping/);
});

helperTest('a helper whose node is not the one the hook would run turns the hook away and exits', (s) => {
  commit(s);
  const pid = helperPid(s);
  // the stub records the node `aura init` ran with; another path to a node makes the helper stale
  const other = join(s.sb.dir, 'other-node');
  spawnSync('cp', [process.execPath, other]);
  const stub = join(s.dir, '.git', 'hooks', 'post-commit');
  const text = readFileSync(stub, 'utf8');
  assert.ok(text.includes(process.execPath), 'the stub names the node');
  require('node:fs').writeFileSync(stub, text.split(process.execPath).join(other));
  const out = commit(s);
  assert.match(out, /aura: logged in_\w+/, 'run by Node in the hook instead');
  for (let i = 0; i < 60 && alive(pid); i++) sleep(50);
  assert.not.ok(alive(pid), 'the stale helper exited');
  assert.match(readFileSync(join(s.state, 'helper.log'), 'utf8'), /stopping: another node/);
  verified(s);
});

helperTest('a rebuilt hooks bundle: the helper turns the next hook away and exits, and a new one serves the commits after', (s) => {
  commit(s);
  const pid = helperPid(s);
  // what `npm run build` or a reinstall does to the file the helper compiled (only its stamp here)
  const bundle = join(PROJECT, 'dist', 'hooks', 'served.bundle.js');
  const st = statSync(bundle);
  utimesSync(bundle, st.atime, new Date(st.mtimeMs + 1000));
  assert.match(commit(s), /aura: logged in_\w+/, 'run by Node in the hook instead');
  for (let i = 0; i < 60 && alive(pid); i++) sleep(50);
  assert.not.ok(alive(pid), 'the old helper exited');
  assert.match(readFileSync(join(s.state, 'helper.log'), 'utf8'), /stopping: the hooks bundle changed/);
  helperPid(s, pid);
  commit(s);
  served(s, 1, 'the new helper runs the commit after');
  verified(s);
});

/** The helper's children waiting to exec `git <command>` (lib/helper/prestart.ts): their pids. */
function waitingGits(helper: number, command = 'update-index'): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === helper && cmd.includes('read -r go') && cmd.split('\0').includes(command)) pids.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

helperTest("the fold's git is started between commits: the next commit with the same environment takes it, another gets its own, and it goes with the helper", (s) => {
  commit(s);
  const pid = helperPid(s);
  commit(s); // served: once it has answered, the helper starts the fold's `git update-index` waiting
  const waiting = (): number[] => {
    for (let i = 0; i < 100; i++) {
      const w = waitingGits(pid);
      if (w.length) return w;
      sleep(20);
    }
    return [];
  };
  const first = waiting();
  assert.is(first.length, 1, 'one waits');
  sleep(1100); // another second: Git gives each commit's hooks its own GIT_AUTHOR_DATE
  commit(s);
  served(s, 2);
  const log = (): string => readFileSync(join(s.state, 'helper.log'), 'utf8');
  assert.not.match(log(), /started ahead was for another/, `the same environment: taken; its log:\n${log()}`);
  const second = waiting();
  assert.is(second.length, 1);
  assert.is.not(second[0], first[0], 'the one taken became the commit\'s git and exited; a new one waits');
  // another environment: the waiting one is stopped, the fold starts its own, and all is logged
  assert.match(commit(s, { AURA_TEST_OTHER_ENV: '1' }), /aura: logged in_\w+/);
  served(s, 3);
  assert.match(log(), /started ahead was for another environment \(it differs in AURA_TEST_OTHER_ENV\): stopped/, 'the log names the variable, never its value');
  assert.not.ok(alive(second[0]));
  assert.is(gitIn(s.sb, s.dir, ['status', '--porcelain']).stdout, '', 'the log is staged');
  assert.not.ok(existsSync(join(s.dir, '.git', 'index.lock')));
  verified(s);
  const third = waiting();
  assert.is(third.length, 1);
  aura(s.sb, s.dir, ['helper', 'stop']);
  for (let i = 0; i < 50 && alive(third[0]); i++) sleep(20);
  assert.not.ok(alive(third[0]), 'stopped with the helper');
  assert.not.ok(existsSync(join(s.dir, '.git', 'index.lock')), 'it never took the index');
});

helperTest('with trace2 on, each commit has another session id: the git started ahead is still taken, and reports to the commit it works for', (s) => {
  const traces = join(s.sb.dir, 'trace2');
  mkdirSync(traces);
  const env = { GIT_TRACE2_EVENT: traces }; // a directory: one file per git process
  commit(s, env);
  const pid = helperPid(s);
  commit(s, env); // served; a git update-index waits after it, with this commit's session id
  let waiting: number[] = [];
  for (let i = 0; i < 100 && !waiting.length; i++, sleep(20)) waiting = waitingGits(pid);
  assert.is(waiting.length, 1, 'a git update-index waits');
  assert.match(commit(s, env), /aura: logged in_\w+/);
  assert.not.ok(waitingGits(pid).includes(waiting[0]), 'the waiting one was taken');
  served(s, 2);
  const log = readFileSync(join(s.state, 'helper.log'), 'utf8');
  assert.not.match(log, /started ahead was for another/, `taken although GIT_TRACE2_PARENT_SID changed; its log:\n${log}`);
  // every git process's first event names its session: "<parent's sid>/<own>"
  const sessions = readdirSync(traces).map((f) => {
    const first = JSON.parse(readFileSync(join(traces, f), 'utf8').split('\n').find((l) => l.includes('"event":"start"'))!);
    return { sid: first.sid as string, argv: first.argv as string[] };
  });
  const commits = sessions.filter((p) => p.argv[1] === 'commit').map((p) => p.sid);
  const folds = sessions.filter((p) => p.argv.includes('update-index'));
  assert.is(commits.length, 3);
  assert.ok(folds.length >= 2, 'the served commits\' update-index ran with trace2 on');
  for (const f of folds) assert.ok(commits.includes(f.sid.slice(0, f.sid.lastIndexOf('/'))), `${f.sid}: a child of one of the commits`);
  const last = folds.find((f) => f.sid.startsWith(commits.sort()[2] + '/'));
  assert.ok(last, 'the last commit\'s update-index (the one started ahead) names that commit as its parent');
  verified(s);
});

helperTest("strict mode: commit-msg's `git config` (the message's cleanup) is started between commits too, and taken by the next commit-msg", (s) => {
  assert.is(aura(s.sb, s.dir, ['strict', 'on'], s.env).code, 0);
  commit(s);
  const pid = helperPid(s);
  commit(s); // served: commit-msg asks for git config, post-commit for update-index
  const waiting = (command: string): number[] => {
    for (let i = 0; i < 100; i++) {
      const w = waitingGits(pid, command);
      if (w.length) return w;
      sleep(20);
    }
    return [];
  };
  const config = waiting('config');
  assert.is(config.length, 1, 'a git config waits');
  assert.is(waiting('update-index').length, 1, 'and the fold\'s update-index beside it');
  sleep(1100); // another second: another GIT_AUTHOR_DATE
  assert.match(commit(s), /aura: logged in_\w+/);
  const log = readFileSync(join(s.state, 'helper.log'), 'utf8');
  assert.match(log, / commit-msg for pid \d+: exit 0/, 'commit-msg ran in the helper');
  assert.not.match(log, /started ahead was for another/, `both taken; its log:\n${log}`);
  assert.not.ok(alive(config[0]) && waitingGits(pid, 'config').includes(config[0]), 'the waiting one was taken');
  verified(s);
});

helperTest('a commit the helper cannot log (a key the log does not trust) leaves the index unlocked, and the next commit is logged', (s) => {
  commit(s);
  helperPid(s);
  commit(s);
  // a key of another person, never registered in this log
  const other = { ...s.env, XDG_CONFIG_HOME: join(s.sb.dir, 'other-config') };
  assert.is(aura(s.sb, s.dir, ['key', 'init', '--id', 'mallory@example.ch'], other).code, 0);
  const key = join(s.sb.dir, 'other-config', 'aura', 'keys', readFileSync(join(s.sb.dir, 'other-config', 'aura', 'keys', 'default'), 'utf8').trim());
  assert.match(commit(s, { AURA_KEY: key }), /NOT logged/);
  served(s, 2, 'the helper ran it');
  // the fold's `git update-index` had started, waiting for the log's path: it ended without it
  assert.not.ok(existsSync(join(s.dir, '.git', 'index.lock')), 'the index is not left locked');
  assert.is(gitIn(s.sb, s.dir, ['status', '--porcelain']).stdout, '');
  assert.match(commit(s), /aura: logged in_\w+/);
  served(s, 3);
  verified(s);
});

helperTest('a plain tsc build newer than the hooks bundle (a checkout being worked on): the helper makes way, and none starts until npm run build', (s) => {
  commit(s);
  const pid = helperPid(s);
  const runJs = join(PROJECT, 'dist', 'hooks', 'run.js');
  const st = statSync(runJs);
  const bundle = statSync(join(PROJECT, 'dist', 'hooks', 'served.bundle.js'));
  try {
    utimesSync(runJs, st.atime, new Date(bundle.mtimeMs + 2000)); // what `tsc` alone does
    assert.match(commit(s), /aura: logged in_\w+/, 'run by Node in the hook, from the tsc build');
    for (let i = 0; i < 60 && alive(pid); i++) sleep(50);
    assert.not.ok(alive(pid), 'the helper exited');
    assert.match(readFileSync(join(s.state, 'helper.log'), 'utf8'), /stopping: a plain tsc build is newer than the hooks bundle/);
    commit(s);
    sleep(300);
    assert.not.ok(existsSync(join(s.state, 'helper')), 'no helper started for the tsc build');
  } finally {
    utimesSync(runJs, st.atime, st.mtime);
  }
  commit(s);
  helperPid(s, pid); // the bundle is current again: the next commit starts one
  verified(s);
});

test.run();
