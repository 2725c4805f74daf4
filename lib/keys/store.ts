// Key files: one JSON file per Ed25519 key under keysDir() (0700), each mode 0600, like ssh.
// A private key lives only here: it never enters a repository, the log or any output.
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { blake3 } from '../crypto/blake3';
import { generateKeyPair, pubkeyRef, refBytes, signingKey } from '../crypto/ed25519';
import { SigningKey } from '../entry/seal';
import { AuthorKind } from '../entry/types';
import { AuraError } from '../errors';

export interface KeyInfo {
  keyId: string;
  kind: AuthorKind;
  pubkey: string; // "ed25519:…"
  peerId: string;
  file: string;
}

export interface LoadedKey extends KeyInfo {
  signing: SigningKey;
}

interface KeyFile {
  version: 1;
  key_id: string;
  kind: AuthorKind;
  public_key: string;
  private_key: string; // 64 hex: the RFC 8032 32-byte seed
  peer_id: string;
  created: string;
}

const DEFAULT_FILE = 'default';

export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'aura', 'keys');
}

/** "peer-" + 8 hex of BLAKE3(public key): stable for a key, shows which replica wrote an entry. */
const peerIdOf = (publicKey: Buffer): string => 'peer-' + blake3(publicKey).toString('hex').slice(0, 8);

/** A file name for a key: its id in safe characters plus a piece of the public key (ids repeat across key rotations). */
function fileNameFor(keyId: string, publicKey: Buffer): string {
  const safe = keyId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 64) || 'key';
  return `${safe}-${publicKey.toString('hex').slice(0, 8)}.json`;
}

/** ssh's rule: a private key others can read is refused, not used. */
function checkPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new AuraError(
      `key file ${file} is accessible by other users (mode ${mode.toString(8).padStart(4, '0')}); refusing to use it`,
      `run: chmod 600 ${file}   (and consider the key exposed if others could read it: revoke it with aura key revoke)`,
    );
  }
}

function infoOf(k: KeyFile, file: string): KeyInfo {
  return { keyId: k.key_id, kind: k.kind, pubkey: k.public_key, peerId: k.peer_id, file };
}

/** Parses and checks a key file; the seed must produce the public key the file names. */
function readKeyFile(file: string): { info: KeyInfo; sign: (msg: Uint8Array) => Buffer } {
  let k: KeyFile;
  try {
    k = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AuraError(`key file ${file} does not exist`, 'run: aura key list   to see your keys, or aura key init to create one');
    throw new AuraError(`key file ${file} is not valid JSON`, 'restore it from a backup, or create a new key with: aura key init');
  }
  const bad = (what: string) => new AuraError(`key file ${file}: ${what}`, 'restore it from a backup, or create a new key with: aura key init');
  if (!k || k.version !== 1) throw bad('unsupported or missing "version"');
  if (typeof k.key_id !== 'string' || k.key_id === '') throw bad('missing "key_id"');
  if (k.kind !== 'human' && k.kind !== 'agent') throw bad('"kind" must be "human" or "agent"');
  if (typeof k.private_key !== 'string' || !/^[0-9a-f]{64}$/.test(k.private_key)) throw bad('"private_key" must be 64 lowercase hex');
  const { publicKey, sign } = signingKey(Buffer.from(k.private_key, 'hex'), typeof k.public_key === 'string' ? refBytes(k.public_key) : undefined);
  if (pubkeyRef(publicKey) !== k.public_key) throw bad('"public_key" does not match the private key');
  return { info: infoOf({ ...k, peer_id: typeof k.peer_id === 'string' ? k.peer_id : peerIdOf(publicKey) }, file), sign };
}

/** The public part of a key file (no permission check: nothing private is returned). */
export function keyInfo(file: string): KeyInfo {
  return readKeyFile(file).info;
}

export function loadKeyFile(file: string): LoadedKey {
  checkPrivate(file);
  const { info, sign } = readKeyFile(file);
  return { ...info, signing: { publicKey: refBytes(info.pubkey), sign } };
}

/** The file named by keysDir()/default, or null. */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const dir = keysDir(env);
  try {
    const name = readFileSync(join(dir, DEFAULT_FILE), 'utf8').trim();
    return name ? join(dir, basename(name)) : null;
  } catch {
    return null;
  }
}

/** The file of the key commands sign with: AURA_KEY, else the default key; null when neither. */
export function activeKeyFile(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.AURA_KEY) return resolve(env.AURA_KEY);
  return defaultKeyFile(env);
}

export function loadActiveKey(env: NodeJS.ProcessEnv = process.env): LoadedKey {
  const file = activeKeyFile(env);
  if (!file) throw new AuraError(`no aura key: AURA_KEY is not set and there is no default key in ${keysDir(env)}`, 'run: aura key init');
  return loadKeyFile(file);
}

export function setDefaultKey(file: string, env: NodeJS.ProcessEnv = process.env): void {
  const dir = keysDir(env);
  const tmp = join(dir, `${DEFAULT_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, basename(file) + '\n', { mode: 0o600 });
  renameSync(tmp, join(dir, DEFAULT_FILE));
}

function ensureKeysDir(env: NodeJS.ProcessEnv): string {
  const dir = keysDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(dir).mode & 0o077)) chmodSync(dir, 0o700);
  return dir;
}

/** Creates a new key file (mode 0600). The first key on a machine becomes the default. */
export function createKey(opts: { keyId: string; kind: AuthorKind; makeDefault?: boolean }, env: NodeJS.ProcessEnv = process.env): KeyInfo {
  if (opts.keyId.trim() === '' || /[\u0000-\u001f]/.test(opts.keyId)) throw new AuraError(`bad key id ${JSON.stringify(opts.keyId)}`, 'use a non-empty id without control characters, e.g. an e-mail address or an agent name');
  const dir = ensureKeysDir(env);
  const { seed, publicKey } = generateKeyPair();
  const file = join(dir, fileNameFor(opts.keyId, publicKey));
  const body: KeyFile = {
    version: 1,
    key_id: opts.keyId,
    kind: opts.kind,
    public_key: pubkeyRef(publicKey),
    private_key: seed.toString('hex'),
    peer_id: peerIdOf(publicKey),
    created: new Date().toISOString(),
  };
  // O_EXCL with mode 0600 from the first byte: the key is never readable by others, not even briefly.
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(body, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, 0o600); // openSync's mode is filtered by the umask; make it exact
  const current = defaultKeyFile(env);
  if (opts.makeDefault || !current || !existsSync(current)) setDefaultKey(file, env); // none, or a deleted one
  return infoOf(body, file);
}

/** Every readable key file in keysDir(), sorted by key id; damaged files are skipped. */
export function listKeys(env: NodeJS.ProcessEnv = process.env): KeyInfo[] {
  const dir = keysDir(env);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: KeyInfo[] = [];
  for (const n of names) {
    try {
      out.push(readKeyFile(join(dir, n)).info);
    } catch {
      /* not a key file we can read: `aura key list` shows only usable keys */
    }
  }
  return out.sort((a, b) => a.keyId.localeCompare(b.keyId) || a.file.localeCompare(b.file));
}

/** The `author` of a Draft signed with `key`. */
export function draftAuthor(key: KeyInfo): { kind: AuthorKind; id: string; peer_id: string } {
  return { kind: key.kind, id: key.keyId, peer_id: key.peerId };
}
