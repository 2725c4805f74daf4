// The intent a commit message states: the message without comment lines, a scissors cut,
// and its trailer block (Signed-off-by, Co-authored-by, our own Aura-Intent …).

const SCISSORS = /^[#;] -+ >8 -+$/m;
const TRAILER = /^[A-Za-z0-9][A-Za-z0-9-]*:\s/;
// `git cherry-pick -x` adds this line to the trailer block; git counts it as a trailer.
const PICKED_FROM = /^\(cherry picked from commit [0-9a-f]+\)$/;
const KNOWN_TRAILER = /^(Signed-off-by|Co-authored-by|Reviewed-by|Acked-by|Tested-by|Reported-by|Helped-by|Suggested-by|Cc|Change-Id|Aura-Intent):\s/i;

export function intentFromMessage(message: string, commentChar = '#'): string {
  let text = message.replace(/\r\n/g, '\n');
  const cut = SCISSORS.exec(text);
  if (cut) text = text.slice(0, cut.index);
  const lines = text.split('\n').filter((l) => !l.startsWith(commentChar));
  const paragraphs = lines.join('\n').trim().split(/\n\s*\n/);
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
