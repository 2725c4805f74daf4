// The log-derived part of report.json from a pack's log.jsonl: verify it, then collect. Shared
// by `aura audit report` and `aura audit verify --report`, so both compute it the same way.
import type { TrustState } from '../entry/trust';
import type { Entry } from '../entry/types';
import { readLines } from '../log/read';
import { parseTs } from '../time';
import { verifyLog } from '../verify/engine';
import { ReportCollector, verificationOf } from './collect';
import { parseLine } from './pack-log';
import type { ReportData } from './types';

const SUPERSEDES = Buffer.from('"supersedes"');

/** Hashes some entry of the log corrects: their intents are shown beside the corrections. */
async function supersededHashes(logPath: string): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const l of readLines(logPath)) {
    if (l.bytes.indexOf(SUPERSEDES) < 0) continue; // most lines: no parse at all
    const v = parseLine(l.bytes);
    if (typeof v?.supersedes === 'string') out.add(v.supersedes);
  }
  return out;
}

/** The report data and the trust at the log's tips (who could sign the pack's manifest). */
export async function deriveReport(logPath: string, period: { since: string; until: string }): Promise<{ data: ReportData; trust: TrustState }> {
  const verified = await verifyLog(logPath);
  const verification = verificationOf(verified);
  const collector = new ReportCollector({ since: parseTs(period.since), until: parseTs(period.until) }, await supersededHashes(logPath));
  for await (const l of readLines(logPath)) {
    // Plain JSON.parse: strictness is the verifier's job (its result is in the report), and
    // this pass must stay cheap on a long log.
    const e = parseLine(l.bytes) as Entry | null;
    if (e && typeof e.hash === 'string' && typeof e.ts === 'string' && typeof e.author?.pubkey === 'string') collector.add(e);
  }
  return { data: collector.finish(period, verification), trust: verified.trust };
}
