// aura audit checkpoint [--out FILE] | --cosign FILE: a signed checkpoint of the intent log
// (C2SP signed note: origin, entries, root hash of the tips, date, tips), or a witness's
// cosignature added to one after verifying the log up to its tips. docs/format.md "Checkpoints".
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { replaceFile, writeAll } from '../fs/atomic-file';
import { loadActiveKey, LoadedKey } from '../keys/store';
import { findRepo } from '../repo';
import { nowTs } from '../time';
import { checkCheckpointText } from '../checkpoint/check';
import { checkpointOfLog, formatCheckpoint, keyNameOf } from '../checkpoint/checkpoint';
import { LogState, verifiedLog } from '../checkpoint/log-state';
import { formatNote, signatureLine } from '../checkpoint/note';

export const USAGE = 'aura audit checkpoint [--out FILE] [--log PATH] | aura audit checkpoint --cosign FILE [--log PATH]';

export const HELP = `usage: ${USAGE}

Verifies the intent log, then writes a checkpoint of it signed by your key: a C2SP signed
note naming the log's genesis, its number of entries, a root hash committing to every entry
(BLAKE3 of the sorted tip hashes), the date and the tips. Default file:
.aura/checkpoints/checkpoint-<entries>-<date>.note (never overwritten: one file per checkpoint).
Commit it: checkpoints travel with the repository, and aura audit verify checks them all.

  --out FILE      write the checkpoint there instead
  --cosign FILE   witness: verify the log, check the checkpoint against it (the log must hold
                  every entry it commits to, its signatures must verify), then add your
                  signature line to FILE
  --log PATH      the log (default: this repository's)`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, cosign: { type: 'string' }, log: { type: 'string' } },
  });
  if (values.out !== undefined && values.cosign !== undefined) throw new UsageError('use --out or --cosign, not both', USAGE);
  const repo = findRepo();
  const logPath = values.log !== undefined ? resolve(values.log) : repo?.logPath;
  if (!logPath) throw new UsageError('not inside a Git repository: pass --log PATH', USAGE);
  const key = loadActiveKey();
  const log = await verifiedLog(logPath);
  const name = signerName(log, key);
  if (values.cosign !== undefined) return cosign(resolve(values.cosign), log, key, name);

  const time = nowTs();
  const text = formatCheckpoint(checkpointOfLog(log.graph, log.genesis!, time));
  const note = formatNote({ text, signatureLines: [signatureLine(text, name, key.pubkey, key.signing.sign)] });
  let out = values.out !== undefined ? resolve(values.out) : null;
  if (!out) {
    if (!repo) throw new UsageError('outside a repository: pass --out FILE', USAGE);
    out = join(repo.auraDir, 'checkpoints', `checkpoint-${log.graph.parents.size}-${time.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.note`);
  }
  writeNew(out, note);
  process.stdout.write(`checkpoint of ${log.graph.parents.size} entries written to ${repo ? relative(process.cwd(), out) || out : out}, signed by ${name}\n\n${note}`);
  return 0;
}

/** The name the running key signs with; it must be a key the log trusts (else nobody could check it). */
function signerName(log: LogState, key: LoadedKey): string {
  const rec = log.trust.keys.get(key.pubkey);
  if (!rec || rec.addedBy === '' || rec.revoked) {
    throw new AuraError(`your key ${key.keyId} (${key.pubkey.slice(0, 24)}…) is not a valid key of this log, so its signature would count for nothing`,
      'ask an admin to register it: aura key add <your public key> --id <you>   (aura key list shows it)');
  }
  if (!log.genesis) throw new AuraError('the log has no genesis entry', 'run: aura init');
  return keyNameOf(rec);
}

/** Writes a file that must not exist yet: checkpoints are append-only, one file each. */
function writeNew(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new AuraError(`${file} exists: a checkpoint is never overwritten`, 'choose another --out FILE');
    throw e;
  }
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

function cosign(file: string, log: LogState, key: LoadedKey, name: string): number {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AuraError(`cannot read the checkpoint ${file}: ${(e as Error).message}`);
  }
  const r = checkCheckpointText(file, raw, log);
  if (r.problems.length) {
    throw new AuraError(`not cosigning ${file}: ${r.problems.join('; ')}`, 'a witness signs only a checkpoint its own verified log holds: git pull, then aura audit verify', 1);
  }
  if (r.signers.includes(name)) {
    process.stdout.write(`${file}: already signed by ${name}; unchanged\n`);
    return 0;
  }
  const line = signatureLine(r.note!.text, name, key.pubkey, key.signing.sign);
  replaceFile(file, [raw, line + '\n']);
  process.stdout.write(`${file}: cosigned by ${name} (the log holds all ${r.checkpoint!.size} entries it commits to; signed by ${[...r.signers, name].join(', ')})\n`);
  return 0;
}
