// The review report of a pull request's range (docs/review.md has the JSON schema). Version 1.
import type { Kind } from './kinds';

export interface ReviewFinding {
  kind: Kind;
  commit: string | null; // the commit it is about (null: the range as a whole, e.g. a secret in the final diff)
  path: string | null; // a file of the repository
  line: number | null; // 1-based, when known
  symbol: string | null; // "file:Qualified.name"
  message: string; // never holds a secret (secrets are masked)
}

export interface ReviewCommit {
  sha: string;
  subject: string;
  author: string; // Git author name
  entry: string | null; // id of its commit entry
  key: { id: string; kind: 'human' | 'agent' } | null; // the entry's signer
  intent: string | null; // the entry's intent, corrected by the newest supersede entry
}

export interface DirSummary {
  added: number;
  modified: number;
  removed: number;
}

export interface ReviewReport {
  version: 1;
  range: string;
  base: string;
  head: string;
  commits: ReviewCommit[];
  findings: ReviewFinding[];
  counts: Partial<Record<Kind, number>>;
  summary: {
    symbols: Record<string, DirSummary>; // by directory of the file ("." for the root)
    authors: string[];
    keys: { id: string; kind: 'human' | 'agent' }[];
  };
}
