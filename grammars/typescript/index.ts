// TypeScript: .ts, .mts, .cts (and .d.ts), the typescript grammar of tree-sitter-typescript.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'typescript',
  extensions: ['.ts', '.mts', '.cts'],
  sample: `import { readFile } from 'node:fs/promises';
import type { Config } from './config';

export interface Order {
  id: string;
  lines: { sku: string; qty: number; price: number }[];
  status: 'open' | 'paid' | 'shipped';
}

export type Handler<T> = (input: T) => Promise<void>;

export const DEFAULT_LIMIT = 50;

export enum Level { Low = 1, High = 2 }

export function total(order: Order): number {
  return order.lines.reduce((sum, l) => sum + l.qty * l.price, 0);
}

export async function loadOrders(path: string, limit = DEFAULT_LIMIT): Promise<Order[]> {
  const text = await readFile(path, 'utf8');
  return (JSON.parse(text) as Order[]).filter((o) => o.status !== 'shipped').slice(0, limit);
}

@tracked()
export class OrderStore {
  private readonly orders = new Map<string, Order>();
  constructor(private config: Config) {}
  add(order: Order): void {
    if (!order.id) throw new Error(\`order without id: \${JSON.stringify(order)}\`);
    this.orders.set(order.id, { ...order });
  }
  get open(): Order[] {
    return [...this.orders.values()].filter((o) => o.status === 'open');
  }
}

namespace Audit {
  export const enabled = true;
}
`,
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
