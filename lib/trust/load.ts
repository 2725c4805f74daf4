// The effective trust and policy at the log's tips, for hooks and commands that must know
// which keys are valid and whether strict mode is on. Replays the log through the verifier
// in its trust-only mode: trust entries (genesis, key-add, key-revoke, policy) count only
// when their hash, signature and signer verify, so editing the file cannot add a key or
// switch strict mode off. Fails closed: a log whose structure is inconsistent is an error.
import { existsSync } from 'node:fs';
import { AuraError } from '../errors';
import { EMPTY_TRUST, TrustState } from './state';

export async function loadTrust(logPath: string): Promise<{ state: TrustState; tips: string[] }> {
  if (!existsSync(logPath)) return { state: EMPTY_TRUST, tips: [] };
  const { verifyLog } = require('../verify/engine') as typeof import('../verify/engine');
  const report = await verifyLog(logPath, { trustOnly: true, workers: 0 });
  if (!report.ok) {
    const f = report.failures[0];
    throw new AuraError(
      `the intent log ${logPath} is inconsistent at line ${f.line}: ${f.category} ${f.reason}`,
      'run: aura audit verify (and aura audit repair for a torn last line)',
    );
  }
  return { state: report.trust, tips: report.tips.map((t) => t.hash) };
}
