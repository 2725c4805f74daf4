// C2SP signed notes (https://c2sp.org/signed-note): a text ending in "\n", a blank line, and
// signature lines "— <key name> <base64(key ID || Ed25519 signature of the text)>".
// key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian.
import { createHash } from 'node:crypto';
import { refBytes, verify } from '../crypto/ed25519';

const DASH = '\u2014 ';
/** A verifier must accept 16 signatures (the spec); more than this is refused as malformed. */
const MAX_SIGNATURES = 100;

export interface NoteSignature {
  name: string;
  keyId: Buffer; // 4 bytes
  sig: Buffer; // the rest
  line: string;
}

export interface Note {
  text: string; // what the signatures cover, final "\n" included
  signatures: NoteSignature[];
}

/** Key names: non-empty, no Unicode space, no "+". */
export const isKeyName = (s: string): boolean => s.length > 0 && !/[\s+]/u.test(s);

export function keyIdOf(name: string, pubkey: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n', 'utf8'), Buffer.from([0x01]), pubkey])).digest().subarray(0, 4);
}

/** Parses a signed note; throws an Error saying what is malformed. */
export function parseNote(raw: string): Note {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(raw)) throw new Error('a signed note may hold no control character other than newline');
  if (!raw.endsWith('\n')) throw new Error('a signed note ends with a newline');
  const split = raw.lastIndexOf('\n\n');
  if (split < 0) throw new Error('no blank line separates the text from the signatures');
  const text = raw.slice(0, split + 1);
  const lines = raw.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new Error(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line): NoteSignature => {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!m || !isKeyName(m[1])) throw new Error(`not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
    const bytes = Buffer.from(m[2], 'base64');
    if (bytes.length < 5 || bytes.toString('base64') !== m[2]) throw new Error(`signature of ${m[1]} is not valid base64 of a key ID and a signature`);
    return { name: m[1], keyId: bytes.subarray(0, 4), sig: bytes.subarray(4), line };
  });
  if (signatures.length === 0) throw new Error('a signed note has at least one signature');
  return { text, signatures };
}

/** `sign`: Ed25519 with the key whose public key is `pubkey` (the private key never leaves its holder). */
export function signatureLine(text: string, name: string, pubkey: string, sign: (msg: Uint8Array) => Buffer): string {
  const sig = sign(Buffer.from(text, 'utf8'));
  return `${DASH}${name} ${Buffer.concat([keyIdOf(name, refBytes(pubkey)), sig]).toString('base64')}`;
}

export const formatNote = (n: { text: string; signatureLines: string[] }): string => `${n.text}\n${n.signatureLines.join('\n')}\n`;

export interface KnownKey {
  name: string;
  pubkey: string; // "ed25519:…"
}

export interface SignatureCheck {
  name: string;
  key: KnownKey | null; // null: an unknown key (ignored, as the spec requires)
  valid: boolean;
}

/** Each signature checked against the known keys: matched by name and key ID, then verified. */
export function checkSignatures(note: Note, keys: KnownKey[]): SignatureCheck[] {
  return note.signatures.map((s) => {
    const key = keys.find((k) => k.name === s.name && keyIdOf(k.name, refBytes(k.pubkey)).equals(s.keyId)) ?? null;
    return { name: s.name, key, valid: key !== null && verify(refBytes(key.pubkey), Buffer.from(note.text, 'utf8'), s.sig) };
  });
}
