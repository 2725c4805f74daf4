// Python: .py and .pyi files, tree-sitter-python.
import { nativeBinding } from '../native';
import type { GrammarSpec } from '../types';

export const grammar: GrammarSpec = {
  name: 'python',
  extensions: ['.py', '.pyi'],
  sample: `"""Orders: loading, totals and a small store."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

DEFAULT_LIMIT = 50


@dataclass
class Line:
    sku: str
    qty: int
    price: float


@dataclass
class Order:
    id: str
    lines: list[Line] = field(default_factory=list)
    status: str = "open"

    @property
    def total(self) -> float:
        """What the order costs."""
        return sum(line.qty * line.price for line in self.lines)


def load_orders(path: str, limit: int = DEFAULT_LIMIT) -> list[Order]:
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return [Order(**o) for o in raw if o.get("status") != "shipped"][:limit]


class OrderStore:
    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}

    def add(self, order: Order) -> None:
        if not order.id:
            raise ValueError(f"order without id: {order!r}")
        self._orders[order.id] = order

    async def open_orders(self) -> list[Order]:
        return [o for o in self._orders.values() if o.status == "open"]
`,
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
