// aura audit timestamp [--tsa URL] [CHECKPOINT]: sends a checkpoint's SHA-256 to an RFC 3161
// time-stamping authority and keeps the signed reply beside it (<checkpoint>.tsr). An explicit
// command (or a CI step): nothing on the commit path ever contacts a TSA.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuraError, UsageError } from '../errors';
import { replaceFile } from '../fs/atomic-file';
import { findRepo } from '../repo';
import { parseCheckpoint } from '../checkpoint/checkpoint';
import { parseNote } from '../checkpoint/note';
import { keptCheckpoints } from '../checkpoint/section';
import { imprintOf, postQuery, readReply, timestampQuery, tokenPathOf, verifyToken } from '../checkpoint/timestamp';

export const USAGE = 'aura audit timestamp [--tsa URL] [CHECKPOINT-FILE]';

export const HELP = `usage: ${USAGE}

Asks an RFC 3161 time-stamping authority to sign the SHA-256 of a checkpoint's text and keeps
its reply beside the checkpoint (<file>.tsr): proof that the log held every entry the
checkpoint commits to by that time. aura audit verify checks it against the TSA certificates
in [audit.timestamp] tsa_certs and reports the trusted time interval of each entry.

  CHECKPOINT-FILE  default: the newest checkpoint in .aura/checkpoints/ (aura audit checkpoint)
  --tsa URL        the TSA (default: [audit.timestamp] url)

Needs the openssl command.`;

/** The newest kept checkpoint, by the time it states. */
function newestCheckpoint(auraDir: string): string {
  const files = keptCheckpoints(auraDir);
  const timed = files.flatMap((f) => {
    try {
      return [{ f, time: parseCheckpoint(parseNote(readFileSync(f, 'utf8')).text).time }];
    } catch {
      return [];
    }
  });
  if (timed.length === 0) throw new AuraError('no checkpoint to timestamp in .aura/checkpoints/', 'make one first: aura audit checkpoint');
  return timed.sort((a, b) => a.time.localeCompare(b.time)).pop()!.f;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { tsa: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('one checkpoint file at a time', USAGE);
  const repo = findRepo();
  const cfg = repo?.config['audit.timestamp'] ?? { url: '', tsa_certs: [], timeout_ms: 10000 };
  const url: string = values.tsa ?? cfg.url;
  if (!url) throw new UsageError('no TSA: pass --tsa URL or set [audit.timestamp] url', USAGE);
  let file: string;
  if (positionals.length) file = resolve(positionals[0]);
  else if (repo) file = newestCheckpoint(repo.auraDir);
  else throw new UsageError('outside a repository: name the checkpoint file', USAGE);
  const out = tokenPathOf(file);
  if (existsSync(out)) throw new AuraError(`${out} exists: this checkpoint is already timestamped (a token is never replaced)`, 'make a new checkpoint to timestamp: aura audit checkpoint');

  let text: string;
  try {
    text = parseNote(readFileSync(file, 'utf8')).text;
    parseCheckpoint(text);
  } catch (e) {
    throw new AuraError(`${file} is not a checkpoint: ${(e as Error).message}`, 'make one: aura audit checkpoint');
  }
  const reply = await postQuery(url, timestampQuery(imprintOf(text)), cfg.timeout_ms);
  const rep = readReply(reply);
  if (!rep.granted) throw new AuraError(`the TSA at ${url} did not grant the timestamp: ${rep.status}`);
  const certs = (cfg.tsa_certs as string[]).map((c) => (isAbsolute(c) || !repo ? c : join(repo.root, c)));
  const check = certs.length ? verifyToken(reply, text, certs) : null;
  if (check && !check.ok) throw new AuraError(`the TSA's reply does not verify against [audit.timestamp] tsa_certs: ${check.problem}`, 'check the TSA URL and its certificate; nothing was stored');
  replaceFile(out, [reply]);
  process.stdout.write(`timestamped ${file}\n  at ${rep.genTime}${rep.accuracyMs ? ` (± ${rep.accuracyMs} ms)` : ''} by ${rep.tsa ?? 'the TSA'}; token: ${out}\n`);
  if (!check) process.stdout.write('  not verified: set [audit.timestamp] tsa_certs so aura audit verify can check it\n');
  return 0;
}
