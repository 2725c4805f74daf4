// TypeScript: .ts, .mts, .cts (and .d.ts), the typescript grammar of tree-sitter-typescript.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'typescript',
  extensions: ['.ts', '.mts', '.cts'],
  version: require('tree-sitter-typescript/package.json').version,
  language: () => nativeBinding<Record<string, unknown>>('tree-sitter-typescript').typescript,
  comments: ['comment', 'html_comment'],
  verbatim: [],
  // a member's decorators are children of class_body, written before the member
  wrappers: ['export_statement', 'ambient_declaration', 'lexical_declaration', 'variable_declaration', 'expression_statement'],
  attachToNext: ['decorator'],
  layout: { drop: [';'], trailingCommaBefore: [')', ']', '}'], quotes: ["'"] },
  docstringOwners: [],
  repairs: ['asi', 'keywords', 'typeof-import'],
  normalize: { transparent: ['parenthesized_expression', 'parenthesized_type'], trailingCommaBefore: ['>'], arrowParameters: 'formal_parameters', jsxText: 'jsx_text', leadingOperator: ['union_type', 'intersection_type'],
    quotedKeys: { string: 'string', parents: ['pair', 'pair_pattern', 'method_definition', 'field_definition', 'public_field_definition', 'method_signature', 'abstract_method_signature', 'property_signature', 'enum_assignment', 'enum_body'] }, jsxExpression: 'jsx_expression' },
};
