// Reading .aura/config.toml against SCHEMA: defaults for what is absent, an error naming
// file, line and key for anything unknown or ill-typed.
import { readFileSync } from 'node:fs';
import { AuraError } from '../errors';
import { ARRAY_TABLES, SCHEMA } from './schema';
import { parseToml, TomlError, TomlValue } from './toml';

export type Config = { [table: string]: { [key: string]: any } };

export function defaultConfig(): Config {
  const cfg: Config = {};
  for (const [table, keys] of Object.entries(SCHEMA)) {
    cfg[table] = {};
    for (const [k, spec] of Object.entries(keys)) cfg[table][k] = spec.default;
  }
  for (const table of Object.keys(ARRAY_TABLES)) cfg[table] = [] as any;
  return cfg;
}

function typeOk(kind: string, v: TomlValue): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'string[]': return Array.isArray(v) && v.every((x) => typeof x === 'string');
  }
  return false;
}

export function parseConfig(text: string, file: string): Config {
  const cfg = defaultConfig();
  let entries;
  try {
    entries = parseToml(text, file);
  } catch (e) {
    if (e instanceof TomlError) throw new AuraError(`bad config: ${e.message}`, 'fix the line, or delete the file to use the defaults');
    throw e;
  }
  const firstLine = new Map<string, number>(); // "table#index" → the line of its first key
  for (const { table, key, value, line, index } of entries) {
    const where = `${file}:${line}`;
    if (index !== undefined) {
      const specs = ARRAY_TABLES[table];
      if (!specs) throw new AuraError(`bad config: ${where}: unknown array of tables [[${table}]]`, `known: ${Object.keys(ARRAY_TABLES).map((t) => `[[${t}]]`).join(' ')}`);
      const spec = specs[key];
      if (!spec) throw new AuraError(`bad config: ${where}: unknown key "${key}" in [[${table}]]`, `known keys: ${Object.keys(specs).join(', ')}`);
      if (!typeOk(spec.kind, value)) throw new AuraError(`bad config: ${where}: key "${key}" of [[${table}]] must be a ${spec.kind}, not ${JSON.stringify(value)}`);
      const problem = spec.check?.(value);
      if (problem) throw new AuraError(`bad config: ${where}: key "${key}" of [[${table}]] ${problem} (got ${JSON.stringify(value)})`);
      const list = cfg[table] as unknown as Record<string, unknown>[];
      (list[index] ??= {})[key] = value;
      if (!firstLine.has(`${table}#${index}`)) firstLine.set(`${table}#${index}`, line);
      continue;
    }
    const specs = SCHEMA[table];
    if (!specs) throw new AuraError(`bad config: ${where}: unknown table [${table}] (key "${key}")`, `known tables: ${Object.keys(SCHEMA).map((t) => `[${t}]`).join(' ')}`);
    const spec = specs[key];
    if (!spec) throw new AuraError(`bad config: ${where}: unknown key "${key}" in [${table}]`, `known keys: ${Object.keys(specs).join(', ')}`);
    if (!typeOk(spec.kind, value)) throw new AuraError(`bad config: ${where}: key "${table}.${key}" must be a ${spec.kind}, not ${JSON.stringify(value)}`);
    const problem = spec.check?.(value);
    if (problem) throw new AuraError(`bad config: ${where}: key "${table}.${key}" ${problem} (got ${JSON.stringify(value)})`);
    cfg[table][key] = value;
  }
  for (const [table, specs] of Object.entries(ARRAY_TABLES)) {
    (cfg[table] as unknown as Record<string, unknown>[]).forEach((item, i) => {
      const missing = Object.keys(specs).filter((k) => !(k in item));
      if (missing.length) throw new AuraError(`bad config: ${file}:${firstLine.get(`${table}#${i}`)}: [[${table}]] item ${i + 1} lacks ${missing.map((k) => `"${k}"`).join(', ')}`);
    });
  }
  return cfg;
}

/** Loads `file`; a missing file means all defaults. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw e;
  }
  return parseConfig(text, file);
}
