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

// Member names repeat from entry to entry ("author", "parents", …): their canonical forms are
// kept, so each is checked and escaped once. Bounded, as names are data too.
const keyForms = new Map<string, string>();
function keyForm(k: string): string {
  let f = keyForms.get(k);
  if (f === undefined) {
    f = str(k);
    if (keyForms.size >= 1024) keyForms.clear();
    keyForms.set(k, f);
  }
  return f;
}

/**
 * Canonical forms of subtrees already serialized by the caller, by identity. The verifier
 * serializes an entry's ast_delta once for ast_delta_hash and reuses the string inside the
 * entry's hashed form instead of walking the delta a second time.
 */
export type CanonicalMemo = Map<object, string>;

export function canonicalize(value: unknown, memo?: CanonicalMemo): string {
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
      const known = memo?.get(value as object);
      if (known !== undefined) return known;
      return Array.isArray(value) ? arrayForm(value, memo) : objectForm(value as Record<string, unknown>, memo);
    }
    default:
      throw new TypeError(`canonical JSON: cannot encode a ${typeof value}`);
  }
}

// The two builders append to one string instead of mapping and joining: the verifier
// canonicalizes every entry of the log, and the intermediate arrays were most of its garbage.
function arrayForm(arr: unknown[], memo: CanonicalMemo | undefined): string {
  let out = '[';
  for (let i = 0; i < arr.length; i++) {
    if (i) out += ',';
    out += canonicalize(arr[i], memo);
  }
  return out + ']';
}

function objectForm(obj: Record<string, unknown>, memo: CanonicalMemo | undefined): string {
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]];
    if (v === undefined) continue; // an undefined member is absent, as in JSON.stringify
    if (out.length > 1) out += ',';
    out += keyForm(keys[i]) + ':' + canonicalize(v, memo);
  }
  return out + '}';
}
