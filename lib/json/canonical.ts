// RFC 8785 JSON Canonicalization Scheme. Numbers and strings serialize exactly as
// ECMAScript's JSON.stringify does (which is what RFC 8785 specifies); object members are
// sorted by the UTF-16 code units of their names, which is JavaScript's default string order.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// String.prototype.isWellFormed (V8 ≥ 11.3) is several times faster than the regex.
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

function str(s: string): string {
  // RFC 8785 3.2.2.2: a string that is not valid Unicode has no canonical form.
  if (!wellFormed(s)) throw new TypeError('canonical JSON: string contains a lone surrogate');
  return JSON.stringify(s);
}

export function canonicalize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON: number is not finite');
      return JSON.stringify(value);
    case 'string':
      return str(value);
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        if (i) out += ',';
        out += str(keys[i]) + ':' + canonicalize(obj[keys[i]]);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonical JSON: cannot encode a ${typeof value}`);
  }
}

export const canonicalBytes = (value: unknown): Buffer => Buffer.from(canonicalize(value), 'utf8');
