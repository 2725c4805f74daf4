// JavaScript: .js, .mjs, .cjs and .jsx (the grammar parses JSX), tree-sitter-javascript.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'javascript',
  extensions: ['.js', '.mjs', '.cjs', '.jsx'],
  version: require('tree-sitter-javascript/package.json').version,
  language: () => nativeBinding('tree-sitter-javascript'),
  comments: ['comment', 'html_comment'],
  verbatim: [],
  wrappers: ['export_statement', 'lexical_declaration', 'variable_declaration'],
  attachToNext: ['decorator'],
  layout: { drop: [';'], trailingCommaBefore: [')', ']', '}'], quotes: ["'"] },
  docstringOwners: [],
  repairs: ['ampersand'],
  normalize: { transparent: ['parenthesized_expression'], trailingCommaBefore: [], arrowParameters: 'formal_parameters', jsxText: 'jsx_text',
    quotedKeys: { string: 'string', parents: ['pair', 'pair_pattern', 'method_definition', 'field_definition', 'public_field_definition', 'method_signature', 'abstract_method_signature', 'property_signature', 'enum_assignment', 'enum_body'] }, jsxExpression: 'jsx_expression' },
};
