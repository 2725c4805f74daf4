// TSX: .tsx, the tsx grammar of tree-sitter-typescript; symbols as TypeScript.
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'tsx',
  extensions: ['.tsx'],
  version: require('tree-sitter-typescript/package.json').version,
  language: () => require('tree-sitter-typescript').tsx,
  query: 'typescript',
  comments: ['comment', 'html_comment'],
  verbatim: [],
  wrappers: ['export_statement', 'ambient_declaration', 'lexical_declaration', 'variable_declaration', 'expression_statement'],
  attachToNext: ['decorator'],
  layout: { drop: [';'], trailingCommaBefore: [')', ']', '}'], quotes: ["'"] },
  docstringOwners: [],
};
