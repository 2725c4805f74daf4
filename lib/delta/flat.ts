// A parsed tree read once, in document order, through one tree-sitter cursor into typed
// arrays, so the normalizing walk and the symbol matcher (extract.ts, patterns.ts) move over it
// without calling into the native binding. Each read of the binding (a cursor move, a node's
// type or offsets) is an N-API call of ~0.2-0.3 µs: the walk made ~4 per node, and the
// symbols Query (or the cursor-based matcher) visited the whole tree again natively and made a
// node object per capture. Here the one pass makes the walk's own calls and records what later
// readers need; anything the pass did not read (an inner node's offsets, a field) is read on
// demand by moving the same cursor to that node's descendant index, so every value returned is
// tree-sitter's own and the arrays only decide what is read early.

/** Read flags a caller gives per node type (`kinds[id] & …`): what the pass reads at nodes of that type. */
export interface FlatReads {
  /** flags by type id, -1 for a type not seen yet */
  kinds: Int32Array;
  /** classifies a type seen for the first time (the cursor stands on a node of it) and returns its flags */
  learn(id: number, cursor: any): number;
  /** flags meaning "read start and end" at a node */
  offsets: number;
  /** flags meaning "read start" at a node */
  starts: number;
  /** the flag of named node types */
  named: number;
  /** type names by id (filled by learn) */
  names: string[];
  /** field names by id (filled as fields are read) */
  fields: string[];
}

/** Offsets, field and MISSING flag not read (yet). */
const UNREAD = -1;

// Arrays grow to the largest tree parsed in this thread and are reused: a tree's values are
// valid until the next flatten() (extract.ts finishes with one tree before the next).
let cap = 0;
let type = new Uint16Array(0);
let after = new Int32Array(0); // index just past the node's subtree
let parent = new Int32Array(0);
let start = new Int32Array(0);
let end = new Int32Array(0);
let field = new Int32Array(0); // field id (0: none), UNREAD
let missing = new Int8Array(0); // 0/1, UNREAD

function grow(n: number): void {
  cap = Math.max(n, cap * 2, 1024);
  const keep = <T extends Int32Array | Uint16Array | Int8Array>(old: T, make: new (n: number) => T): T => {
    const a = new make(cap);
    a.set(old);
    return a;
  };
  type = keep(type, Uint16Array);
  after = keep(after, Int32Array);
  parent = keep(parent, Int32Array);
  start = keep(start, Int32Array);
  end = keep(end, Int32Array);
  field = keep(field, Int32Array);
  missing = keep(missing, Int8Array);
}

export class FlatTree {
  constructor(
    /** nodes in the tree (index 0 is the root) */
    readonly n: number,
    private readonly reads: FlatReads,
    /** the pass's cursor, back at the root: reads on demand */
    private readonly c: any,
  ) {}

  typeId(i: number): number {
    return type[i];
  }
  typeName(i: number): string {
    return this.reads.names[type[i]];
  }
  isNamed(i: number): boolean {
    return (this.reads.kinds[type[i]] & this.reads.named) !== 0;
  }
  parentOf(i: number): number {
    return parent[i];
  }
  /** index just past the subtree of `i` (its next sibling's, when it has one) */
  afterOf(i: number): number {
    return after[i];
  }
  hasChildren(i: number): boolean {
    return after[i] !== i + 1;
  }

  private at(i: number): any {
    this.c.gotoDescendant(i);
    return this.c;
  }
  startOf(i: number): number {
    if (start[i] === UNREAD) this.offsetsAt(i);
    return start[i];
  }
  endOf(i: number): number {
    if (end[i] === UNREAD) this.offsetsAt(i);
    return end[i];
  }
  private offsetsAt(i: number): void {
    const c = this.at(i);
    start[i] = c.startIndex;
    end[i] = c.endIndex;
  }
  /** the node's field id in its parent, 0 for none */
  fieldIdOf(i: number): number {
    if (field[i] === UNREAD) {
      const c = this.at(i);
      const f = (field[i] = (c.currentFieldId as number | undefined) ?? 0);
      if (f && this.reads.fields[f] === undefined) this.reads.fields[f] = c.currentFieldName;
    }
    return field[i];
  }
  fieldNameOf(i: number): string | undefined {
    const f = this.fieldIdOf(i);
    return f ? this.reads.fields[f] : undefined;
  }
  isMissing(i: number): boolean {
    if (missing[i] === UNREAD) missing[i] = this.at(i).nodeIsMissing ? 1 : 0;
    return missing[i] === 1;
  }

  /** A cursor over the subtree of node `root`, with the parts of tree-sitter's TreeCursor the readers use. */
  cursor(root = 0): FlatCursor {
    return new FlatCursor(this, root);
  }
  node(i: number): FlatNode {
    return new FlatNode(this, i);
  }
}

/**
 * Reads `tree` in one pass of a tree-sitter cursor. At every node: its type; start and end
 * where its type's flags ask (`reads.offsets`, `reads.starts`) and at every named leaf; the
 * start of every leaf when `leafStarts`; whether each leaf is MISSING when `leafMissing`.
 */
export function flatten(tree: any, reads: FlatReads, leafStarts: boolean, leafMissing: boolean): FlatTree {
  const c = tree.walk();
  const { kinds, offsets, starts, named } = reads;
  const both = offsets | named;
  let n = 0;
  let up = -1; // the parent of the next node
  for (;;) {
    if (n === cap) grow(n + 1);
    const i = n++;
    const id: number = c.nodeTypeId;
    let k = kinds[id];
    if (k < 0) k = reads.learn(id, c);
    type[i] = id;
    parent[i] = up;
    field[i] = UNREAD;
    missing[i] = UNREAD;
    start[i] = end[i] = UNREAD;
    if (k & offsets) (start[i] = c.startIndex), (end[i] = c.endIndex);
    else if (k & starts) start[i] = c.startIndex;
    if (c.gotoFirstChild()) {
      up = i;
      continue;
    }
    // a leaf
    after[i] = i + 1;
    if (k & both) {
      if (start[i] === UNREAD) (start[i] = c.startIndex), (end[i] = c.endIndex);
    } else if (leafStarts && start[i] === UNREAD) start[i] = c.startIndex;
    if (leafMissing) missing[i] = c.nodeIsMissing ? 1 : 0;
    let done = false;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) {
        done = true;
        break;
      }
      after[up] = n;
      up = parent[up];
    }
    if (done) break;
  }
  after[0] = n;
  return new FlatTree(n, reads, c);
}

/** TreeCursor's moves and reads over a FlatTree, confined to the subtree it was made at (as tree-sitter's is). */
export class FlatCursor {
  i: number;
  constructor(
    private readonly t: FlatTree,
    private readonly root: number,
  ) {
    this.i = root;
  }
  get nodeTypeId(): number {
    return this.t.typeId(this.i);
  }
  get nodeType(): string {
    return this.t.typeName(this.i);
  }
  get nodeIsNamed(): boolean {
    return this.t.isNamed(this.i);
  }
  get nodeIsMissing(): boolean {
    return this.t.isMissing(this.i);
  }
  get startIndex(): number {
    return this.t.startOf(this.i);
  }
  get endIndex(): number {
    return this.t.endOf(this.i);
  }
  get currentFieldId(): number | undefined {
    return this.t.fieldIdOf(this.i) || undefined;
  }
  get currentFieldName(): string | undefined {
    return this.t.fieldNameOf(this.i);
  }
  get currentDescendantIndex(): number {
    return this.i - this.root;
  }
  get currentNode(): FlatNode {
    return this.t.node(this.i);
  }
  gotoFirstChild(): boolean {
    if (!this.t.hasChildren(this.i)) return false;
    this.i++;
    return true;
  }
  gotoNextSibling(): boolean {
    if (this.i === this.root) return false;
    const next = this.t.afterOf(this.i);
    if (next >= this.t.afterOf(this.t.parentOf(this.i))) return false;
    this.i = next;
    return true;
  }
  gotoParent(): boolean {
    if (this.i === this.root) return false;
    this.i = this.t.parentOf(this.i);
    return true;
  }
  gotoDescendant(at: number): void {
    this.i = this.root + at;
  }
}

/** The parts of tree-sitter's SyntaxNode that extract.ts reads, for a node of a FlatTree. */
export class FlatNode {
  constructor(
    private readonly t: FlatTree,
    readonly index: number,
  ) {}
  get typeId(): number {
    return this.t.typeId(this.index);
  }
  get type(): string {
    return this.t.typeName(this.index);
  }
  get startIndex(): number {
    return this.t.startOf(this.index);
  }
  get endIndex(): number {
    return this.t.endOf(this.index);
  }
  get parent(): FlatNode | null {
    const p = this.t.parentOf(this.index);
    return p < 0 ? null : this.t.node(p);
  }
  private kids(): number[] {
    const out: number[] = [];
    const stop = this.t.afterOf(this.index);
    for (let j = this.index + 1; j < stop; j = this.t.afterOf(j)) out.push(j);
    return out;
  }
  get childCount(): number {
    return this.kids().length;
  }
  child(k: number): FlatNode | null {
    const j = this.kids()[k];
    return j === undefined ? null : this.t.node(j);
  }
  get firstChild(): FlatNode | null {
    return this.child(0);
  }
  get namedChildren(): FlatNode[] {
    return this.kids().filter((j) => this.t.isNamed(j)).map((j) => this.t.node(j));
  }
}
