// Applying redactions to the log file. This is the only place aura rewrites the log, and it
// changes only redactable text: under the writer lock, every line is copied byte for byte
// except the redacted entries, which lose their salt, gain `redacted` (the commitments of
// intent and author.id, computed from the salt before it is dropped) and get the new text.
// No entry is removed, added or moved, and every entry's hash stays the same, since the hash
// covers commitments, not text. The new file replaces the old one atomically (temp file,
// fsync, rename, fsync of the directory): a crash leaves the old log or the new one.
import { commitment, entryHash } from '../entry/hash';
import type { Entry } from '../entry/types';
import { AuraError } from '../errors';
import { canonicalize } from '../json/canonical';
import { parseStrictJson } from '../json/strict-parse';
import { replaceLogKeepingTips } from './replace-log';

export interface Redaction {
  intent?: string; // the replacement text (a tokenized intent)
  authorId?: string; // the replacement author.id
}

/** The entry with `r` applied; the hash is re-checked so a bug can never break the chain. */
export function redactEntry(e: Entry, r: Redaction): Entry {
  const recorded = e.redacted ?? {};
  const salt = e.salt;
  const commit = (field: 'intent' | 'author.id', text: string): string => {
    const c = recorded[field];
    if (c) return c;
    if (typeof salt !== 'string') throw new AuraError(`entry ${e.id} has neither a salt nor a recorded ${field} commitment`, 'run: aura audit verify');
    return commitment(salt, text);
  };
  const { salt: _drop, ...rest } = e;
  const out: Entry = {
    ...rest,
    intent: r.intent ?? e.intent,
    author: { ...e.author, id: r.authorId ?? e.author.id },
    redacted: { intent: commit('intent', e.intent), 'author.id': commit('author.id', e.author.id) },
  };
  if (entryHash(out) !== e.hash) throw new AuraError(`redacting ${e.id} would change its hash; nothing was written`, 'run: aura audit verify (the entry may already be inconsistent)');
  return out;
}

/**
 * Rewrites the log applying `changes` (entry hash → redaction). Returns how many lines changed.
 * The caller must already hold nothing; this takes the writer lock itself.
 */
export async function rewriteWithRedactions(logPath: string, changes: ReadonlyMap<string, Redaction>): Promise<number> {
  if (changes.size === 0) return 0;
  const { withLock } = require('../log/lock') as typeof import('../log/lock');
  const { readLines } = require('../log/read') as typeof import('../log/read');
  return withLock(logPath, async () => {
    // Collected in memory as Buffers (the file is streamed in, and replaceFile needs an iterable):
    // bounded by the log's size, which retention keeps moderate by archiving.
    const out: Buffer[] = [];
    let changed = 0;
    for await (const l of readLines(logPath)) {
      if (!l.terminated) throw new AuraError(`${logPath}:${l.lineNo}: the last line is torn; nothing was redacted`, 'run: aura audit repair, then retry');
      let entry: Entry | null = null;
      try {
        entry = parseStrictJson(l.bytes.toString('utf8')) as Entry;
      } catch {
        entry = null; // not ours to judge: copied as it is, the verifier reports it
      }
      const r = entry && typeof entry.hash === 'string' ? changes.get(entry.hash) : undefined;
      if (entry && r) {
        out.push(Buffer.from(canonicalize(redactEntry(entry, r)) + '\n', 'utf8'));
        changed++;
      } else out.push(l.bytes, Buffer.from('\n'));
    }
    await replaceLogKeepingTips(logPath, out);
    return changed;
  });
}
