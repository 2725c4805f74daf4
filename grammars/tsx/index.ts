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
  attachToNext: ['decorator'],
  layout: { drop: [';'], trailingCommaBefore: [')', ']', '}'], quotes: ["'"] },
  docstringOwners: [],
};
