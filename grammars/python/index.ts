// Python: .py and .pyi files, tree-sitter-python.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'python',
  extensions: ['.py', '.pyi'],
  version: require('tree-sitter-python/package.json').version,
  language: () => nativeBinding('tree-sitter-python'),
  comments: ['comment'],
  // string_content and format_specifier hold escape sequences and interpolations as
  // children, and the characters between those children belong to no node.
  verbatim: ['string_content', 'format_specifier'],
  wrappers: [],
  attachToNext: [],
  // x[1,] and x[1] are different subscripts with the same tree: no trailing-comma rule for ']'
  layout: { drop: [';'], trailingCommaBefore: [')', '}'], quotes: ['string_start', 'string_end'] },
  docstringOwners: ['module', 'block'],
  docstring: { statement: 'expression_statement', string: 'string' },
  repairs: ['except-star', 'starred'], // from aura-symbol/3
  normalize: { transparent: ['parenthesized_expression'], trailingCommaBefore: [] },
};
