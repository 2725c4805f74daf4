// What a language folder under grammars/ declares. A folder holds `index.ts` (exporting
// `grammar: GrammarSpec`) and `symbols.scm` (the tree-sitter query naming its symbols);
// grammars/registry.ts finds the folders, so adding a language touches nothing else.
export interface GrammarSpec {
  /** folder name and cache key, e.g. "python" */
  name: string;
  /** file name endings this grammar parses, lower case, with the dot: ".py" */
  extensions: string[];
  /** version of the grammar package: a new grammar may shape trees differently, so it keys the symbol cache */
  version: string;
  /** the folder whose symbols.scm this grammar uses, when it shares another's (tsx uses typescript's) */
  query?: string;
  /**
   * A few dozen lines of typical code in the language: the hook helper parses them over and
   * over when it starts (lib/helper/server.ts), so V8 has compiled the parse before the first
   * commit it serves. Never hashed or recorded.
   */
  sample: string;
  /** loads the native tree-sitter Language (only called when a file of this language is parsed) */
  language(): unknown;
  /** node types dropped from every hash (comments) */
  comments: string[];
  /** node types hashed as their whole text (CRLF→LF) without descending: string bodies whose children do not cover their text */
  verbatim: string[];
  /**
   * Node types that wrap a declaration without adding to it (`export`, `declare`, a `const`
   * declaring one name): a symbol whose parent is one, holding no other named node, widens to it.
   */
  wrappers: string[];
  /** node types that belong to the symbol that follows them as the next sibling (decorators written before a member) */
  attachToNext: string[];
  /**
   * Tokens that are layout once the tree's structure is known, so formatters (black,
   * prettier) do not change a hash: `drop` anonymous tokens (statement-ending ";"), a ","
   * directly before one of `trailingCommaBefore`, and `'` read as `"` in `quotes` tokens.
   */
  layout: { drop: string[]; trailingCommaBefore: string[]; quotes: string[] };
  /** node types whose first statement, when it is a lone string literal, is a docstring and is dropped */
  docstringOwners: string[];
  /** the statement type that wraps an expression, and the string literal type (for docstrings) */
  docstring?: { statement: string; string: string };
  /**
   * Rewrites lib/delta/repair.ts may try (aura-symbol/2 and later; the Python ones from /3)
   * when a file's tree has errors: constructs the grammar rejects but the language accepts.
   */
  repairs?: RepairKind[];
  /**
   * What aura-symbol/2 and later also treat as layout, so formatters (prettier, black) do not
   * change a hash: `transparent` nodes (parentheses: the tree's shape already records grouping)
   * are hashed as their content without their own `(`/`)`; a `,` directly before one of
   * `trailingCommaBefore`; `arrowParameters` holding one plain identifier (`(s) => …`) is
   * hashed as that identifier (`s => …`); `jsxText` leaves are read as React reads them; a
   * `leadingOperator` node whose first child is `|`/`&` (a union written with a leading `|`)
   * is hashed as its member alone.
   * From aura-symbol/3: a `quotedKeys.string` that is a property key (under one of
   * `quotedKeys.parents`) holding a plain identifier or number is hashed as that key unquoted
   * (`{"a": 1}` as `{a: 1}`, Prettier's quoteProps); a `jsxExpression` holding only a string of
   * spaces (`{" "}`) is hashed as JSX text " ", joined with the JSX text beside it.
   */
  normalize?: {
    transparent: string[];
    trailingCommaBefore: string[];
    arrowParameters?: string;
    jsxText?: string;
    leadingOperator?: string[];
    quotedKeys?: { string: string; parents: string[] };
    jsxExpression?: string;
  };
}

/** The repair pass's rewrites (lib/delta/repair.ts). */
export type RepairKind = 'asi' | 'keywords' | 'ampersand' | 'except-star' | 'starred' | 'typeof-import';
