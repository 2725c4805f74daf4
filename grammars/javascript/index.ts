// JavaScript: .js, .mjs, .cjs and .jsx (the grammar parses JSX), tree-sitter-javascript.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'javascript',
  extensions: ['.js', '.mjs', '.cjs', '.jsx'],
  sample: `import { readFile } from 'node:fs/promises';

export const DEFAULT_LIMIT = 50;

export function total(order) {
  return order.lines.reduce((sum, l) => sum + l.qty * l.price, 0);
}

export async function loadOrders(path, limit = DEFAULT_LIMIT) {
  const text = await readFile(path, 'utf8');
  return JSON.parse(text).filter((o) => o.status !== 'shipped').slice(0, limit);
}

export class OrderStore {
  #orders = new Map();
  add(order) {
    if (!order.id) throw new Error(\`order without id: \${JSON.stringify(order)}\`);
    this.#orders.set(order.id, { ...order, seen: Date.now() });
  }
  get open() {
    return [...this.#orders.values()].filter((o) => o.status === 'open');
  }
}

const handlers = {
  paid: async (order) => notify(order, 'paid'),
  shipped(order) {
    return notify(order, 'shipped');
  },
};

export function OrderRow({ order }) {
  return <li className="order">{order.id}: {total(order)}</li>;
}
`,
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
