// The log a checkpoint is made, cosigned or checked against: verified (hashes, signatures,
// trust: a witness signs only what it has verified), with the trust at its tips and its shape.
import { statSync } from 'node:fs';
import type { TrustState } from '../entry/trust';
import { AuraError } from '../errors';
import { graphOf, LogGraph } from '../omission/graph';
import { logTextWithArchives } from '../omission/archives';
import type { VerifyReport } from '../verify/types';

export interface LogState {
  logPath: string;
  graph: LogGraph;
  genesis: string | null;
  trust: TrustState;
  entries: { hash: string; id: string | null; ts: string | null }[]; // in file order (archives first)
}

/** Verifies the log (with its archives); throws an AuraError when it does not verify. */
export async function verifiedLog(logPath: string): Promise<LogState> {
  const { verifyLines, workersFor } = require('../verify/engine') as typeof import('../verify/engine');
  const { readLinesWithArchives } = require('../log/segments') as typeof import('../log/segments');
  let size = 0;
  try {
    size = statSync(logPath).size;
  } catch {
    throw new AuraError(`cannot read the log ${logPath}`, 'nothing has been logged yet (run aura init), or pass --log PATH');
  }
  const report = await verifyLines(readLinesWithArchives(logPath), { workers: workersFor(size) });
  if (!report.ok) {
    const f = report.failures[0];
    throw new AuraError(`the log ${logPath} does not verify (line ${f.line}: ${f.category} ${f.reason}): no checkpoint is made or signed over it`, 'run: aura audit verify');
  }
  return logStateOf(logPath, report);
}

/** The state of a log `report` verified (its genesis and trust) with its shape read from the file. */
export function logStateOf(logPath: string, report: Pick<VerifyReport, 'genesis' | 'trust'>): LogState {
  const text = logTextWithArchives(logPath);
  const graph = graphOf(text);
  const entries: LogState['entries'] = [];
  for (const line of text.toString('utf8').split('\n')) {
    const h = /"hash"\s*:\s*"(blake3:[0-9a-f]{64})"/.exec(line);
    if (!h || !graph.parents.has(h[1])) continue;
    try {
      const e = JSON.parse(line) as { hash?: string; id?: string; ts?: string };
      if (e.hash) entries.push({ hash: e.hash, id: e.id ?? null, ts: e.ts ?? null });
    } catch {
      /* not an entry */
    }
  }
  return { logPath, graph, genesis: report.genesis?.hash ?? null, trust: report.trust, entries };
}
