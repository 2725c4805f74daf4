// `aura config set`: one key of .aura/config.toml changed in place. The file is edited as text
// — every comment, blank line and the order of keys and tables stay as the user wrote them —
// and the result is read back with the loader (parseConfig) before it replaces the file, so
// a value the loader would refuse is refused here, naming the file, line and key.
import { AuraError } from '../errors';
import { parseConfig } from './load';
import { KeySpec, SCHEMA } from './schema';
import { parseToml, TomlError, valueAt } from './toml';

/**
 * Keys that must never come from an editable file: policies that protect (strict mode, agent
 * permissions, scanning) change only through entries signed by admin keys.
 */
const POLICY_KEY = /(^|\.)(strict|strict_mode|policy|agent_permissions|scanning)(\.|$)/;
export const POLICY_COMMAND = 'aura strict on|off --reason "…"   (an admin key signs a policy entry; aura status shows the mode)';

export function isPolicyKey(key: string): boolean {
  return POLICY_KEY.test(key);
}

/** "table.key" → its table, key and spec; an unknown key is an error listing the known ones. */
export function lookupKey(full: string): { table: string; key: string; spec: KeySpec } {
  if (isPolicyKey(full)) {
    throw new AuraError(`${full} is a policy, and policies are never read from .aura/config.toml: a file anyone can edit cannot switch protection off`, `run: ${POLICY_COMMAND}`, 1);
  }
  const dot = full.lastIndexOf('.');
  const table = dot < 0 ? '' : full.slice(0, dot);
  const key = full.slice(dot + 1);
  const spec = SCHEMA[table]?.[key];
  if (!spec) {
    const known = Object.entries(SCHEMA).flatMap(([t, keys]) => Object.keys(keys).map((k) => `${t}.${k}`));
    throw new AuraError(`unknown configuration key ${JSON.stringify(full)}`, `known keys: ${known.join(', ')}`, 2);
  }
  return { table, key, spec };
}

/** The TOML text for `raw` (a command-line string) as a value of `spec`'s kind. */
export function tomlLiteral(full: string, spec: KeySpec, raw: string): string {
  const bad = (what: string) => new AuraError(`${full} must be ${what}, not ${JSON.stringify(raw)}`, `e.g. aura config set ${full} ${JSON.stringify(spec.default)}`, 2);
  switch (spec.kind) {
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw bad('true or false');
      return raw;
    case 'integer':
      if (!/^[+-]?(0|[1-9][0-9]*)$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw bad('a whole number');
      return String(Number(raw));
    case 'string[]':
      return '[' + raw.split(',').map((s) => JSON.stringify(s.trim())).join(', ') + ']';
    default:
      return JSON.stringify(raw); // a TOML basic string: JSON's escapes are all valid TOML escapes
  }
}

const HEADER = /^\s*\[\s*([A-Za-z0-9_.\s-]+?)\s*\]\s*(#.*)?$/;

/** `text` with `table.key` set to `literal`: in place when the key is there, else at the end of its table (created when missing). */
export function setInText(text: string, file: string, table: string, key: string, literal: string): string {
  let entries;
  try {
    entries = parseToml(text, file);
  } catch (e) {
    if (e instanceof TomlError) throw new AuraError(`bad config: ${e.message}`, 'fix that line first (aura config edits only files the loader reads)', 2);
    throw e;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const hit = entries.find((e) => e.table === table && e.key === key);
  if (hit) {
    const line = lines[hit.line - 1];
    const m = /^(\s*[A-Za-z0-9_-]+\s*=\s*)(.*)$/.exec(line)!;
    const { end } = valueAt(m[2], (msg) => {
      throw new AuraError(`bad config: ${file}:${hit.line}: ${msg}`);
    });
    lines[hit.line - 1] = m[1] + literal + m[2].slice(end); // keeps the spacing and a trailing comment
    return lines.join(eol);
  }
  const newLine = `${key} = ${literal}`;
  // the table's header, then the last key or comment line before the next header
  const headerAt = lines.findIndex((l) => HEADER.exec(l)?.[1].replace(/\s+/g, '') === table);
  if (table === '' || headerAt >= 0) {
    let at = table === '' ? -1 : headerAt;
    for (let i = at + 1; i < lines.length && !HEADER.test(lines[i]); i++) if (lines[i].trim() !== '') at = i;
    lines.splice(at + 1, 0, newLine);
    return lines.join(eol);
  }
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  lines.push(...(lines.length ? [''] : []), `[${table}]`, newLine, '');
  return lines.join(eol);
}

/** The new text of the config file with `full` set to `raw`, validated exactly as the loader will read it. */
export function configWith(text: string, file: string, full: string, raw: string): string {
  const { table, key, spec } = lookupKey(full);
  const out = setInText(text, file, table, key, tomlLiteral(full, spec, raw));
  parseConfig(out, file); // throws with file, line and key
  return out;
}
