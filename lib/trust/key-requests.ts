// Key requests: how a new teammate's key reaches the log without any secret changing hands.
// `aura key request` writes the public half of the active key to .aura/key-requests/<key id>.pub
// (committed and reviewed like any file); `aura key approve <key id>` (an admin) turns it into a
// signed key-add entry and removes the file. The file holds nothing an entry does not publish.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthorKind } from '../entry/types';
import { AuraError } from '../errors';
import { parseStrictJson } from '../json/strict-parse';

export const REQUESTS_DIR = 'key-requests';

export interface KeyRequest {
  key_id: string;
  kind: AuthorKind;
  pubkey: string; // "ed25519:" + 64 hex
  requested_at: string; // timestamp, for the reviewer
}

/** The file name a key id maps to: the id itself when it is a safe name (e-mail addresses and agent names are). */
export function requestName(keyId: string): string {
  const safe = keyId.replace(/[^A-Za-z0-9@._+-]/g, '_').replace(/^\.+/, '_').slice(0, 128);
  return `${safe || 'key'}.pub`;
}

export const requestsDir = (auraDir: string): string => join(auraDir, REQUESTS_DIR);
export const requestPath = (auraDir: string, keyId: string): string => join(requestsDir(auraDir), requestName(keyId));

export function writeRequest(auraDir: string, req: KeyRequest): string {
  const file = requestPath(auraDir, req.key_id);
  mkdirSync(requestsDir(auraDir), { recursive: true });
  writeFileSync(file, JSON.stringify(req, null, 2) + '\n');
  return file;
}

/** A request file, checked field by field (it arrives through Git from someone else). */
export function readRequest(file: string): KeyRequest {
  let v: unknown;
  try {
    v = parseStrictJson(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AuraError(`${file} is not a key request: ${(e as Error).message}`, 'ask its author to run aura key request again and commit the new file', 1);
  }
  const r = v as Partial<KeyRequest>;
  const bad = (what: string) => new AuraError(`${file} is not a key request: ${what}`, 'ask its author to run aura key request again and commit the new file', 1);
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw bad('not a JSON object');
  if (typeof r.key_id !== 'string' || r.key_id.trim() === '' || /[\u0000-\u001f]/.test(r.key_id)) throw bad('key_id must be a non-empty string');
  if (r.kind !== 'human' && r.kind !== 'agent') throw bad('kind must be "human" or "agent"');
  if (typeof r.pubkey !== 'string' || !/^ed25519:[0-9a-f]{64}$/.test(r.pubkey)) throw bad('pubkey must be "ed25519:" + 64 lowercase hex digits');
  return { key_id: r.key_id, kind: r.kind, pubkey: r.pubkey, requested_at: typeof r.requested_at === 'string' ? r.requested_at : '' };
}

/** Pending requests in this working tree, by file; unreadable ones are reported, not skipped. */
export function listRequests(auraDir: string): { file: string; request?: KeyRequest; error?: string }[] {
  const dir = requestsDir(auraDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.pub'))
    .sort()
    .map((n) => {
      const file = join(dir, n);
      try {
        return { file, request: readRequest(file) };
      } catch (e) {
        return { file, error: (e as Error).message };
      }
    });
}

export const removeRequest = (file: string): void => rmSync(file, { force: true });
