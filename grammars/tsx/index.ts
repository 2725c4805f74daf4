// TSX: .tsx, the tsx grammar of tree-sitter-typescript; everything else (symbols query,
// comments, layout normalization) exactly as TypeScript.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';
import { grammar as typescript } from '../typescript';

export const grammar: GrammarSpec = {
  ...typescript,
  name: 'tsx',
  extensions: ['.tsx'],
  sample: typescript.sample + `export function OrderRow({ order }: { order: Order }): JSX.Element {
  return <li className="order">{order.id}: {total(order)}</li>;
}
`,
  language: () => nativeBinding<Record<string, unknown>>('tree-sitter-typescript').tsx,
  query: 'typescript',
  repairs: ['asi', 'keywords', 'ampersand', 'typeof-import'], // JSX text and attribute strings
};
