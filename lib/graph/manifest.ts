// The signed manifest of a graph export: the signed-manifest format of every export
// (lib/entry/manifest.ts), kind "graph", over the exported file's bytes as a whole — an
// inventory is a document, not a sequence of log entries. `aura audit verify-export` checks
// it (signature, BLAKE3 and length of the file, the revision it names).
import { blake3, hashRef } from '../crypto/blake3';
import { Manifest, manifestProblems, signManifest } from '../entry/manifest';
import type { ManifestKey } from '../export/signing';
import type { GraphDocument } from './document';

export const GRAPH_SCOPE = 'graph';

/** The digest fields of a whole file: `count` is the number of symbols it lists; it holds no log entries, so no first/last hash. */
function fileDigest(body: Buffer, count: number) {
  const d = hashRef(blake3(body));
  return { count, first: null, last: null, length: body.length, digest: () => d };
}

export function signGraphManifest(doc: GraphDocument, format: 'json' | 'csv', body: Buffer, destination: string, key: ManifestKey): Manifest {
  return signManifest(
    { kind: 'graph', format, scope: GRAPH_SCOPE, rev: doc.rev, commit: doc.commit, tree: doc.tree, algorithm: doc.algorithm, destination },
    fileDigest(body, doc.symbols.length),
    key,
  );
}

/** Problems of a graph export against its manifest; [] when the file is what was signed. */
export function graphExportProblems(manifest: unknown, body: Buffer, pinnedPubkey?: string): string[] {
  const problems = manifestProblems(manifest, pinnedPubkey).map((p) => `manifest: ${p}`);
  if (problems.length) return problems;
  const m = manifest as Manifest;
  if (m.kind !== 'graph' || m.scope !== GRAPH_SCOPE) return [`manifest: a ${String(m.kind)} manifest, not a graph export's`];
  const got = hashRef(blake3(body));
  if (m.bytes_length !== body.length) problems.push(`export vs manifest: bytes_length: the manifest says ${m.bytes_length}, the file has ${body.length}`);
  if (m.bytes_blake3 !== got) problems.push(`export vs manifest: bytes_blake3: the manifest says ${m.bytes_blake3}, the file hashes to ${got}`);
  return problems;
}
