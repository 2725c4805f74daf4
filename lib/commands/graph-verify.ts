// `aura audit verify-export` for a graph export (its manifest says kind "graph"): the
// manifest's signature and the file's BLAKE3 and length (lib/graph/manifest.ts).
import { readFileSync } from 'node:fs';
import { AuraError } from '../errors';
import type { Manifest } from '../entry/manifest';
import { graphExportProblems } from '../graph/manifest';

export function verifyGraphExport(file: string, manifest: unknown, pubkey?: string): number {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (e) {
    throw new AuraError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const problems = graphExportProblems(manifest, body, pubkey);
  if (problems.length > 0) {
    process.stdout.write(`BROKEN — ${file}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  }
  const m = manifest as Manifest;
  process.stdout.write(
    `OK — ${file} is the graph export the manifest signs: ${m.count} symbols at commit ${String(m.commit)} (${m.format}, exported ${m.exported_at})\n` +
      `  manifest signed by ${m.signer.pubkey}${m.signer.key_id ? ` (${m.signer.key_id})` : ''}${pubkey ? ', the expected key' : ' — compare it with the key you expect, or pass --pubkey'}\n`,
  );
  return 0;
}
