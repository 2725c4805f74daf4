// The shapes of SPEC.md (version 1). Capability-specific fields sit at the top level.
export type AuthorKind = 'human' | 'agent';

export interface Author {
  kind: AuthorKind;
  id: string; // redactable
  pubkey: string; // "ed25519:" + 64 hex
  peer_id?: string;
}

export type ChangeKind = 'added' | 'modified' | 'removed' | 'renamed' | 'moved';

export interface DeltaNode {
  path: string; // "file:Qualified.name"
  kind: string; // function, class, method, interface, type, enum, namespace, file, …
  change: ChangeKind;
  before: string | null;
  after: string | null;
  from?: string; // old path of a renamed or moved node
  [extra: string]: unknown;
}

export interface AstDelta {
  added: number;
  modified: number;
  removed: number;
  nodes: DeltaNode[];
  [extra: string]: unknown;
}

export interface Entry {
  version: 1;
  id: string;
  ts: string;
  author: Author;
  capability: string;
  intent: string; // redactable
  salt?: string; // 32 hex (16 bytes); absent once an entry has been redacted
  parents: string[];
  hash: string;
  signature: string;
  redacted?: { intent?: string; 'author.id'?: string };
  [field: string]: unknown;
}

/** Everything a writer chooses; id, ts, salt, hash and signature are filled in by `sealEntry`. */
export interface Draft {
  capability: string;
  intent: string;
  author: { kind: AuthorKind; id: string; peer_id?: string; agent?: Record<string, string>; via?: string[] };
  parents: string[];
  fields?: Record<string, unknown>;
}

/** Fields the envelope owns; a capability's own fields may not reuse these names. */
export const ENVELOPE_FIELDS = new Set([
  'version', 'id', 'ts', 'author', 'capability', 'intent', 'salt', 'parents', 'hash', 'signature', 'redacted',
]);
