// The hook helper: a Node process that stays up beside one repository's hook state directory
// and runs the commit's hooks for hooks/helper-client.bash, so a commit does not pay Node's
// start, the bundle's compile and a cold JIT (docs/hooks.md → The hook helper). It is never
// needed: any hook that cannot reach it, or that it turns away, runs Node itself.
//
// What keeps it from serving stale state:
// - Every request gets a fresh evaluation of the hooks' bundle (compiled once; V8 keeps the
//   bytecode), so no module-level state of one hook run reaches the next. It is evaluated ahead,
//   once the request before is done (~1 ms less on the commit's path): the bundle's module code
//   may then read neither the environment nor the directory, which belong to the next client
//   (it throws if it tries, and that request evaluates its own). Only packages (tree-sitter and its
//   native grammars, the noble libraries) and the parse (lib/delta/extract.ts and the grammars:
//   functions of a grammar and a text) stay loaded: their code, not the repository's state.
//   The parse is warmed up when the helper starts, so V8 has optimized it for the first commit.
// - The hook's arguments, environment, working directory and umask are the client's own, read
//   from /proc/<client>/ (Linux only): what `node launch.js <hook> …` would have seen.
// - A rebuilt or reinstalled bundle, another node binary, or another NODE_OPTIONS /
//   NODE_EXTRA_CA_CERTS than it started with: it turns the request away and exits, and the
//   hook that runs Node itself starts a new one.
// It exits when idle (AURA_HELPER_IDLE_SECONDS, default 1800), after 1000 requests, on SIGUSR2
// (`aura helper stop`) or SIGTERM, or when its address file no longer names it.
//
// The protocol, over TCP on 127.0.0.1 (bash reaches it with /dev/tcp and its own builtins):
//   client: "<token> <client pid> <hook> <node path>\n"
//   helper: "a <proof>\n" (it will run it) or "r\n" (run it yourself)
//   client: "g\n" — only then does it run, so a client that gave up never has its hook run twice
//   helper: "<exit code> <stdout bytes> <stderr bytes>\n" then those bytes.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { accessSync, appendFileSync, constants, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { createServer, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { Prestarted } from '../git/exec';
import { helperLogPath, readAddress, removeAddressOf, writeAddress } from './address';
import { GitPrestarter } from './prestart';
import { bundleIsCurrent } from './start';

/**
 * The hooks a helper runs: the commit's, which read nothing on stdin (hooks/dispatch.sh hands
 * these same names to the client). pre-commit and commit-msg come here only when the
 * dispatcher's shell found work for Node (strict mode, an intent convention, a pending intent,
 * a possible secret, a signed commit).
 */
export const SERVED_HOOKS = ['pre-commit', 'pre-merge-commit', 'commit-msg', 'post-commit', 'post-merge'];

/** hooks/helper-client.bash's own arguments before Git's: <node> <hook script> <address file> <hook>. */
const CLIENT_ARGS = 4;

export interface HelperOptions {
  stateDir: string;
  bundle: string; // dist/hooks/served.bundle.js: exports serve(hook, args, gitPid)
  idleMs: number;
}

interface Served {
  serve(hook: string, args: string[], hookParentPid: number, later: (work: () => void) => void, prestarted: Prestarted): Promise<number>;
  warm(): void;
  preload(): void;
}

// Read once at start by Node itself: a request that needs other values needs another process.
const STARTUP_ENV = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'];
const MAX_REQUESTS = 1000;
// V8 has optimized the parse after ~200 small files (~300 ms): spent once per helper, between
// requests, so that the first commits it serves do not pay for it.
const WARM_UP_MS = 400;
const LOG_LIMIT = 64 * 1024;

const stampOf = (file: string): string => {
  const st = statSync(file);
  return `${st.size}-${st.mtimeMs}-${st.ino}`;
};

export function serveHelper(o: HelperOptions): void {
  const script = new Script(Module.wrap(readFileSync(o.bundle, 'utf8')), { filename: o.bundle });
  const requireFromBundle = Module.createRequire(o.bundle);
  const stamp = stampOf(o.bundle);
  const ownNode = realpathSync(process.execPath);
  const startEnv = STARTUP_ENV.map((k) => process.env[k] ?? '');
  const token = randomBytes(32).toString('hex');
  const proof = randomBytes(32).toString('hex');
  const uid = process.getuid!();
  let queue: Promise<void> = Promise.resolve();
  let requests = 0;
  let stopping = false;
  let idle: NodeJS.Timeout;

  const log = (line: string): void => {
    const file = helperLogPath(o.stateDir);
    try {
      if (statSync(file).size > LOG_LIMIT) writeFileSync(file, readFileSync(file, 'utf8').slice(-LOG_LIMIT / 2).replace(/^[^\n]*\n/, ''));
    } catch {
      // no log yet
    }
    try {
      appendFileSync(file, `${new Date().toISOString()} pid ${process.pid} ${line}\n`);
    } catch {
      // the state directory is gone: the periodic check ends this process
    }
  };

  // the umask each hook runs with (a client's, set in run()): what a git started ahead must match
  let umask = process.umask(0o022);
  process.umask(umask);
  const prestarter = new GitPrestarter(() => umask, log);

  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${why}`);
    removeAddressOf(o.stateDir, process.pid);
    server.close();
    prestarter.stop();
    // a hook being served finishes first
    void queue.then(() => process.exit(0));
  };
  /** The bundle's exports, from a fresh run of its module code. */
  const evaluate = (): Served => {
    const mod = { exports: {} as Served };
    (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, requireFromBundle, mod, o.bundle, dirname(o.bundle));
    return mod.exports;
  };
  /** A fresh evaluation made between requests, taken by the next one. */
  let ahead: Served | null = null;
  let aheadFailed = false; // logged once
  const evaluateAhead = (): void => {
    if (ahead || stopping) return;
    const { env, cwd } = process;
    // what the module code must not read now: the next client's environment and directory
    const unset = (): never => {
      throw new Error('the hooks bundle reads the environment or the directory as it loads');
    };
    process.env = new Proxy({}, { get: unset, has: unset, ownKeys: unset, getOwnPropertyDescriptor: unset });
    process.cwd = unset;
    try {
      const served = evaluate();
      served.preload();
      ahead = served;
    } catch (e) {
      if (!aheadFailed) log(`evaluating the hooks ahead: ${(e as Error).message}; each request evaluates its own`);
      aheadFailed = true;
    } finally {
      process.env = env;
      process.cwd = cwd;
    }
  };
  const fresh = (): Served => {
    const served = ahead ?? evaluate();
    ahead = null;
    return served;
  };
  /**
   * Rounds of `served.warm()` until WARM_UP_MS are spent, one per turn of the event loop and
   * queued like requests, so a hook that arrives meanwhile waits for one round (a few ms) at most.
   */
  const warmUp = (served: Served, spent = 0): void => {
    if (stopping) return;
    if (spent >= WARM_UP_MS) return void (queue = queue.then(evaluateAhead));
    queue = queue.then(
      () =>
        new Promise<void>((done) =>
          setImmediate(() => {
            const t = performance.now();
            try {
              served.warm();
              warmUp(served, spent + performance.now() - t);
            } catch (e) {
              log(`warming up: ${(e as Error).message}`);
            }
            done();
          }),
        ),
    );
  };
  const touch = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => stop('idle'), o.idleMs);
  };

  /** Runs one hook as the client would have: its environment, directory and umask; fresh modules. */
  const run = async (hook: string, pid: number, client: ClientProcess, sock: Socket): Promise<void> => {
    const started = Date.now();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const writes = { out: process.stdout.write, err: process.stderr.write };
    const capture =
      (into: Buffer[]) =>
      (chunk: string | Uint8Array, enc?: unknown, cb?: unknown): boolean => {
        into.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8') : Buffer.from(chunk));
        const done = typeof enc === 'function' ? enc : cb;
        if (typeof done === 'function') process.nextTick(done as () => void);
        return true;
      };
    // what the hook's modules register (lib/log/lock.ts releases its locks on these) goes with it
    const signals = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP'];
    const listeners = signals.map((s) => process.listeners(s as 'exit'));
    const later: (() => void)[] = [];
    let code: number;
    try {
      replaceEnv(client.env);
      process.chdir(client.cwd);
      process.umask((umask = client.umask));
      process.stdout.write = capture(out) as typeof process.stdout.write;
      process.stderr.write = capture(err) as typeof process.stderr.write;
      code = await fresh().serve(hook, client.args, client.ppid, (work) => later.push(work), prestarter);
    } catch (e) {
      err.push(Buffer.from(`aura: the hook helper could not run ${hook}: ${(e as Error).message}\n`));
      code = 1;
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      signals.forEach((s, i) => {
        for (const l of process.listeners(s as 'exit')) if (!listeners[i].includes(l)) process.removeListener(s, l);
      });
    }
    log(`${hook} for pid ${pid}: exit ${code} in ${Date.now() - started} ms`); // before the answer: the commit is over once it is sent
    sock.end(Buffer.concat([Buffer.from(`${code} ${sum(out)} ${sum(err)}\n`), ...out, ...err]));
    // the answer on its way, what only saves time later (the next request waits for it)
    await new Promise((resolve) => setImmediate(resolve));
    if (!stopping) later.push(() => prestarter.prepare(), evaluateAhead); // the fold's git and the bundle for the next commit
    for (const work of later) {
      try {
        work();
      } catch (e) {
        log(`after ${hook}: ${(e as Error).message}`);
      }
    }
  };

  /** Why this request must not run here, or null. */
  const refusal = (r: Request | null): string | null => {
    if (!r) return 'malformed request';
    if (!timingSafeEqual(Buffer.from(r.token), Buffer.from(token))) return 'wrong token';
    if (!SERVED_HOOKS.includes(r.hook)) return `not a hook it serves: ${r.hook}`;
    try {
      if (statSync(`/proc/${r.pid}`).uid !== uid) return 'client of another user';
    } catch {
      return 'client process gone';
    }
    return null;
  };
  /** Why this process must make way for a new one, or null. */
  const outdated = (node: string, env: Record<string, string>): string | null => {
    try {
      if (stampOf(o.bundle) !== stamp) return 'the hooks bundle changed (rebuilt or reinstalled)';
      if (!bundleIsCurrent(o.bundle)) return 'a plain tsc build is newer than the hooks bundle (npm run build makes both)';
      if (realpathSync(node.includes('/') ? node : onPath(node, env.PATH ?? '')) !== ownNode) return `another node (${node})`;
    } catch (e) {
      return (e as Error).message;
    }
    if (STARTUP_ENV.some((k, i) => (env[k] ?? '') !== startEnv[i])) return `another ${STARTUP_ENV.join(' or ')}`;
    return null;
  };

  const server = createServer((sock) => {
    sock.setNoDelay(true);
    sock.setTimeout(10_000, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    let buf = Buffer.alloc(0);
    let phase: 'request' | 'go' | 'running' = 'request';
    let request: { r: Request; client: ClientProcess } | null = null;
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length > 8192) return sock.destroy();
      const nl = buf.indexOf(0x0a);
      if (nl < 0) return;
      const line = buf.toString('utf8', 0, nl); // whole lines only: a path's UTF-8 is never cut
      buf = buf.subarray(nl + 1);
      if (phase === 'request') {
        touch();
        const r = parseRequest(line);
        const why = refusal(r);
        if (why) {
          log(`refused: ${why}`);
          return sock.end('r\n');
        }
        let client: ClientProcess;
        try {
          client = clientProcess(r!.pid);
        } catch (e) {
          log(`refused: ${(e as Error).message}`);
          return sock.end('r\n');
        }
        if (client.hook !== r!.hook) {
          log(`refused: the request names ${r!.hook}, its client runs ${client.hook}`);
          return sock.end('r\n');
        }
        const stale = outdated(r!.node, client.env);
        if (stale) {
          sock.end('r\n');
          return stop(stale);
        }
        request = { r: r!, client };
        phase = 'go';
        sock.write(`a ${proof}\n`);
      } else if (phase === 'go' && line === 'g' && request && !stopping) {
        phase = 'running';
        sock.setTimeout(0);
        const { r, client } = request;
        requests++;
        queue = queue.then(() => run(r.hook, r.pid, client, sock)).then(() => {
          touch();
          if (requests >= MAX_REQUESTS) stop(`served ${MAX_REQUESTS} requests`);
        });
      } else if (phase !== 'running') {
        sock.end('r\n');
      }
    });
  });

  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (!address || typeof address === 'string') return stop('no TCP address');
    writeAddress(o.stateDir, { port: address.port, token, proof, pid: process.pid });
    log(`listening on 127.0.0.1:${address.port}`);
    touch();
    warmUp(evaluate());
  });
  server.on('error', (e) => {
    log(`cannot listen: ${e.message}`);
    process.exit(1);
  });
  // Another helper took the address (two hooks started one each), or the repository is gone.
  setInterval(() => {
    if (readAddress(o.stateDir)?.pid !== process.pid) stop('its address file names another helper, or is gone');
  }, 15_000).unref();
  process.on('SIGUSR2', () => stop('aura helper stop'));
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, () => stop(s));
  process.on('uncaughtException', (e) => {
    log(`uncaught: ${e.stack ?? e}`);
    removeAddressOf(o.stateDir, process.pid);
    process.exit(1);
  });
}

interface Request {
  token: string;
  pid: number; // the client: hooks/helper-client.bash
  hook: string;
  node: string; // the node the hook would have started
}

/** The file a shell would run for `name` (the dispatcher falls back to `node` on PATH). */
function onPath(name: string, path: string): string {
  for (const dir of path.split(':')) {
    const file = join(dir || '.', name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return name;
}

function parseRequest(line: string): Request | null {
  const m = /^([0-9a-f]{64}) (\d+) ([a-z-]+) (.+)$/.exec(line);
  return m ? { token: m[1], pid: Number(m[2]), hook: m[3], node: m[4] } : null;
}

const sum = (bufs: Buffer[]): number => bufs.reduce((n, b) => n + b.length, 0);

interface ClientProcess {
  hook: string; // the hook its command line names
  args: string[]; // Git's arguments to the hook
  env: Record<string, string>;
  cwd: string;
  umask: number;
  ppid: number; // git, which ran the hook
}

function readEnviron(pid: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of readFileSync(`/proc/${pid}/environ`).toString('utf8').split('\0')) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return env;
}

function clientProcess(pid: number): ClientProcess {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): string => (new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status) ?? [])[1] ?? '';
  // "bash <client script> <node> <hook script> <address> <hook> <Git's arguments…>", NUL-separated
  const argv = readFileSync(`/proc/${pid}/cmdline`).toString('utf8').split('\0').slice(0, -1);
  if (!argv[1]?.endsWith('/helper-client.bash') || argv.length < 2 + CLIENT_ARGS) throw new Error(`process ${pid} is not aura's hook client`);
  return {
    hook: argv[1 + CLIENT_ARGS],
    args: argv.slice(2 + CLIENT_ARGS),
    env: readEnviron(pid),
    cwd: readlinkSync(`/proc/${pid}/cwd`),
    umask: field('Umask') ? parseInt(field('Umask'), 8) : 0o022,
    ppid: Number(field('PPid')),
  };
}

/** process.env becomes `next`, in place: Node's own readers (os.homedir, child processes) see it. */
function replaceEnv(next: Record<string, string>): void {
  for (const k of Object.keys(process.env)) if (!(k in next)) delete process.env[k];
  for (const [k, v] of Object.entries(next)) if (process.env[k] !== v) process.env[k] = v;
}
