// Replacing the live log's bytes (redaction, archiving) without changing its tips. The tips
// (entries no other entry names as a parent) do not change when text is redacted or old
// entries move to an archive — but recomputed from the live log alone after archiving they
// would be wrong (an entry whose children were archived would look like a tip). So the tips
// are taken before, and the tips cache (lib/log/tips.ts) is written for the new bytes.
// Callers hold the writer lock.
import { blake3, hashRef } from '../crypto/blake3';
import { replaceFile } from '../fs/atomic-file';

export async function replaceLogKeepingTips(logPath: string, chunks: Buffer[]): Promise<void> {
  const { currentTips, writeTipsCache } = require('../log/tips') as typeof import('../log/tips');
  const tips = await currentTips(logPath);
  replaceFile(logPath, chunks);
  const all = Buffer.concat(chunks);
  let lines = 0;
  for (let i = all.indexOf(0x0a); i >= 0; i = all.indexOf(0x0a, i + 1)) lines++;
  const lastOffset = all.length === 0 ? 0 : all.lastIndexOf(0x0a, all.length - 2) + 1;
  writeTipsCache(logPath, {
    size: all.length,
    lines,
    lastOffset,
    lastDigest: all.length === 0 ? '' : hashRef(blake3(all.subarray(lastOffset))),
    tips,
    unsynced: 0, // replaceFile fsynced the new file
  });
}
