// The symbol algorithms: which rules a delta's hashes follow (docs/delta.md). A small module
// of its own so a verifier can check an entry's algorithm without loading the parser.

/**
 * The symbol algorithm new deltas use: the tag hashed first in every symbol document, recorded
 * as `ast_delta.algorithm`, and part of the symbol cache's directory name.
 */
export const ALGORITHM = 'aura-symbol/2';

/**
 * Every algorithm this version computes, so entries written by an older version still verify
 * (`aura audit verify --range` recomputes each entry with the algorithm it records).
 * aura-symbol/1: the grammar's tree as it is. aura-symbol/2: files the grammar leaves with
 * errors get the repair pass (repair.ts) first; files that parse are hashed as in /1.
 */
export const ALGORITHMS: readonly string[] = ['aura-symbol/1', 'aura-symbol/2'];

export function knownAlgorithm(a: unknown): a is string {
  return typeof a === 'string' && ALGORITHMS.includes(a);
}
