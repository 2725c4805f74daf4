// Checking checkpoint files against a verified log: the note's signatures (each from a key the
// log trusts at its tips; a failing known-key signature rejects the note, unknown keys are
// ignored, as c2sp.org/signed-note requires), and that the log holds all it commits to.
import { readFileSync } from 'node:fs';
import { Checkpoint, parseCheckpoint, problemsAgainstLog, trustedKeys } from './checkpoint';
import type { LogState } from './log-state';
import { checkSignatures, Note, parseNote } from './note';

export interface CheckpointResult {
  file: string;
  note: Note | null;
  checkpoint: Checkpoint | null;
  problems: string[];
  signers: string[]; // names of trusted keys whose signatures verify
  ignored: string[]; // names on signatures from keys this log does not trust
}

export function checkCheckpointText(file: string, raw: string, log: LogState): CheckpointResult {
  const r: CheckpointResult = { file, note: null, checkpoint: null, problems: [], signers: [], ignored: [] };
  try {
    r.note = parseNote(raw);
    r.checkpoint = parseCheckpoint(r.note.text);
  } catch (e) {
    r.problems.push(`not a checkpoint: ${(e as Error).message}`);
    return r;
  }
  for (const s of checkSignatures(r.note, trustedKeys(log.trust))) {
    if (!s.key) r.ignored.push(s.name);
    else if (s.valid) r.signers.push(s.name);
    else r.problems.push(`the signature of ${s.name} does not verify (the text was changed after it was signed, or the signature is forged)`);
  }
  if (r.signers.length === 0) r.problems.push('no signature from a key this log trusts verifies');
  r.problems.push(...problemsAgainstLog(r.checkpoint, log.graph, log.genesis));
  return r;
}

export function checkCheckpointFile(file: string, log: LogState): CheckpointResult {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, note: null, checkpoint: null, problems: [`cannot read it: ${(e as Error).message}`], signers: [], ignored: [] };
  }
  return checkCheckpointText(file, raw, log);
}
