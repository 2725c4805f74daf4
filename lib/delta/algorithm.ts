// The symbol algorithms: which rules a delta's hashes follow (docs/delta.md). A small module
// of its own so a verifier can check an entry's algorithm without loading the parser.

/**
 * The symbol algorithm new deltas use: the tag hashed first in every symbol document, recorded
 * as `ast_delta.algorithm`, and part of the symbol cache's directory name.
 */
export const ALGORITHM = 'aura-symbol/3';

/**
 * Every algorithm this version computes, so entries written by an older version still verify
 * (`aura audit verify --range` recomputes each entry with the algorithm it records). Each one's
 * rules are frozen once released: a change to what is hashed is a new id.
 * aura-symbol/1: the grammar's tree as it is.
 * aura-symbol/2: /1, plus the repair pass (repair.ts) for files the grammar leaves with errors
 * and the formatter normalizations of GrammarSpec.normalize.
 * aura-symbol/3: /2, plus Python's repairs (`except *(E)`, a starred item in a bare tuple),
 * quoted property keys read as unquoted ones, and JSX `{" "}` read as a space.
 */
export const ALGORITHMS: readonly string[] = ['aura-symbol/1', 'aura-symbol/2', 'aura-symbol/3'];

export function knownAlgorithm(a: unknown): a is string {
  return typeof a === 'string' && ALGORITHMS.includes(a);
}

/** The algorithm's number (aura-symbol/N → N): rules added in /N apply to every algorithm ≥ N. */
export function algorithmLevel(a: string): number {
  return ALGORITHMS.indexOf(a) + 1;
}
