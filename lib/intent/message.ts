// The intent a commit message states: the message as Git stores it (after its cleanup mode:
// comments, the scissors cut, whitespace), without its trailer block (Signed-off-by,
// Co-authored-by, our own Aura-Intent …).

/** Git's commit.cleanup modes, as Git applies them (the editor decides what "default" means). */
export type CleanupMode = 'strip' | 'whitespace' | 'verbatim' | 'scissors';

export interface MessageReading {
  mode: CleanupMode;
  /** core.commentChar / core.commentString: what starts a comment line */
  comment: string;
}

/** A message Git has already stored: its cleanup is done, nothing in it is a comment. */
export const STORED: MessageReading = { mode: 'verbatim', comment: '#' };

const TRAILER = /^[A-Za-z0-9][A-Za-z0-9-]*:\s/;
// `git cherry-pick -x` adds this line to the trailer block; git counts it as a trailer.
const PICKED_FROM = /^\(cherry picked from commit [0-9a-f]+\)$/;
const KNOWN_TRAILER = /^(Signed-off-by|Co-authored-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Helped-by|Suggested-by|Cc|Change-Id|Aura-Intent):\s/i;

/** Git's stripspace: trailing whitespace off every line, runs of blank lines squeezed, none at the ends. */
function stripspace(text: string, comment: string | null): string {
  const out: string[] = [];
  let blank = false;
  for (const raw of text.split('\n')) {
    if (comment !== null && raw.startsWith(comment)) continue;
    const line = raw.replace(/\s+$/, '');
    if (line === '') {
      blank = out.length > 0;
      continue;
    }
    if (blank) out.push('');
    blank = false;
    out.push(line);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/**
 * What Git stores from a message file in this mode (builtin/commit.c's cleanup_message):
 * everything from Git's scissors line down goes (it is only ever there from `-v` or scissors
 * mode); then whitespace is cleaned, and in strip mode (only) comment lines dropped.
 */
export function cleanupMessage(message: string, how: MessageReading): string {
  let text = message.replace(/\r\n/g, '\n');
  const cut = `${how.comment} ------------------------ >8 ------------------------\n`;
  const at = text.startsWith(cut) ? 0 : text.indexOf('\n' + cut);
  if (at >= 0) text = text.slice(0, at === 0 ? 0 : at + 1);
  if (how.mode === 'verbatim') return text;
  // scissors mode keeps comment lines above the cut (Git's template sits below it)
  return stripspace(text, how.mode === 'strip' ? how.comment : null);
}

/** The intent of a message: what Git keeps of it in this reading, without the trailer block. */
export function intentFromMessage(message: string, how: MessageReading = STORED): string {
  const paragraphs = cleanupMessage(message, how).trim().split(/\n\s*\n/);
  // The last paragraph is a trailer block when every line is "Key: value" (or a continuation).
  // A lone paragraph is the subject ("Fix: handle nulls"), unless it holds only well-known
  // trailers (a message of nothing but "Signed-off-by: …" states no intent).
  if (paragraphs.length > 0) {
    const last = paragraphs[paragraphs.length - 1].split('\n');
    const re = paragraphs.length > 1 ? TRAILER : KNOWN_TRAILER;
    const isTrailer = (l: string): boolean => re.test(l) || PICKED_FROM.test(l);
    if (isTrailer(last[0]) && last.every((l) => isTrailer(l) || /^\s+\S/.test(l))) paragraphs.pop();
  }
  return paragraphs.join('\n\n').trim();
}

export const TRAILER_KEY = 'Aura-Intent';

/** The Aura-Intent trailer of a commit message: entry id and hash, or null. */
export function readAuraTrailer(message: string): { id: string; hash: string } | null {
  const re = /^Aura-Intent:\s*(in_[0-9A-Z]{26})\s+(blake3:[0-9a-f]{64})\s*$/gim;
  let found: { id: string; hash: string } | null = null;
  for (const m of message.matchAll(re)) found = { id: m[1], hash: m[2] }; // the last one wins, as Git's trailers do
  return found;
}

export const trailerValue = (e: { id: string; hash: string }): string => `${e.id} ${e.hash}`;

/**
 * `message` with the trailer `Aura-Intent: <value>` appended as a block of its own, when the
 * message is plain enough that this is exactly what `git interpret-trailers` does with Git's
 * default settings: it ends with a newline, has no CR, no `---` divider line, no line already
 * naming the key, and its last paragraph (unless it is the subject alone) holds nothing a
 * trailer could be (no ':', no leading space or '('), and no Aura-Intent already (an amend's,
 * to replace). Otherwise null: the caller asks Git
 * (lib/hooks/fold.ts). Saves a git process on every commit; test/hooks-commit.test.ts holds
 * it to Git's output.
 */
export function appendOwnTrailer(message: Buffer, value: string): Buffer | null {
  const text = message.toString('latin1'); // byte for byte: the message may be in any encoding
  if (!text.endsWith('\n') || /[\r\x01]/.test(text) || /^---/m.test(text)) return null;
  if (new RegExp(`^\\s*${TRAILER_KEY}\\s*:`, 'im').test(text)) return null;
  const lines = text.slice(0, -1).split('\n');
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  if (end === 0) return null;
  let start = end;
  while (start > 0 && lines[start - 1].trim() !== '') start--;
  const subjectOnly = start === 0 && end === 1;
  if (!subjectOnly && lines.slice(start, end).some((l) => l.includes(':') || /^[\s(]/.test(l))) return null;
  return Buffer.concat([message.subarray(0, lines.slice(0, end).join('\n').length + 1), Buffer.from(`\n${TRAILER_KEY}: ${value}\n`, 'utf8')]);
}
