// `aura graph export`: the symbol inventory at HEAD and at an older --rev, read from Git's
// objects; the last logged change of each symbol followed through a move to an odd file name,
// through a merge, and never invented (a symbol older than the log, a commit without entry);
// RFC 4180 CSV; the JSON valid against docs/schemas/graph-export.schema.json; the signed
// manifest checked by `aura audit verify-export`, and caught when either file is changed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { aura, gitIn, newRepo, PROJECT, Sandbox, sandbox, writeFile } from './helpers/env';
import { commitFile, edit, mustCommit, trailerOf } from './hooks-fixture';

const schema = JSON.parse(readFileSync(join(PROJECT, 'docs', 'schemas', 'graph-export.schema.json'), 'utf8'));
const validate = (doc: unknown) => new Validator(schema, '2020-12', false).validate(doc);

// a path with a comma, double quotes, a space, a newline and non-ASCII: every CSV quoting rule
const ODD = 'src/odd, "quoted"\nnamé.ts';

function exportJson(sb: Sandbox, dir: string, args: string[] = []): any {
  const out = join(sb.dir, `graph-${Math.random().toString(36).slice(2)}.json`);
  const r = aura(sb, dir, ['graph', 'export', '--out', out, ...args]);
  assert.is(r.code, 0, r.stderr);
  return { doc: JSON.parse(readFileSync(out, 'utf8')), out };
}

/** RFC 4180, read independently of the writer: quoted fields with "" and raw CR/LF inside, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') row.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    else if (c === '\n' || c === '\r') throw new Error(`bare line break outside quotes at ${i}`);
    else (field += c), i++;
  }
  assert.is(field, '', 'the last record ends with CRLF');
  return rows;
}

const sym = (doc: any, path: string, name: string) => doc.symbols.find((s: any) => s.path === path && s.name === name);

test('graph export: HEAD and an older --rev, attribution through a move, never invented; schema; CSV; manifest', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    writeFile(dir, 'legacy/old.py', 'def old():\n    return 0\n');
    gitIn(sb, dir, ['add', '-A']);
    gitIn(sb, dir, ['commit', '-q', '-m', 'Before aura']); // no hooks yet: older than the log
    assert.is(aura(sb, dir, ['init']).code, 0);
    commitFile(sb, dir, 'src/a.ts', 'export function a() {\n  return 1;\n}\n\nexport function b() {\n  return 2;\n}\n', 'Add a and b');
    const e1 = trailerOf(sb, dir)!;
    const c1 = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    edit(dir, 'src/a.ts', 'return 1;', 'return 10;');
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'a returns 10']);
    const e2 = trailerOf(sb, dir)!;
    const c2 = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    gitIn(sb, dir, ['mv', 'src/a.ts', ODD]);
    mustCommit(sb, dir, ['-q', '-m', 'Move a.ts to its odd name']);
    const e3 = trailerOf(sb, dir)!;
    const c3 = gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim();
    edit(dir, ODD, 'return 2;', 'return 20;');
    gitIn(sb, dir, ['add', '-A']);
    gitIn(sb, dir, ['commit', '-q', '--no-verify', '-m', 'b returns 20, unlogged']);
    // the working tree is not what is exported
    writeFile(dir, 'src/untracked.ts', 'export function ghost() {}\n');
    edit(dir, 'legacy/old.py', 'return 0', 'return 99');

    const { doc, out } = exportJson(sb, dir);
    const v = validate(doc);
    assert.ok(v.valid, JSON.stringify(v.errors.slice(0, 5), null, 2));
    assert.not.ok(validate({ ...doc, version: 2 }).valid, 'the schema rejects another version');
    assert.is(doc.commit, gitIn(sb, dir, ['rev-parse', 'HEAD']).stdout.trim());
    assert.equal(doc.symbols.map((s: any) => `${s.path}:${s.name}`), ['legacy/old.py:old', `${ODD}:a`, `${ODD}:b`]);
    assert.equal(doc.log, { commits: 5, commits_logged: 3 });

    const old = sym(doc, 'legacy/old.py', 'old');
    assert.equal([old.language, old.kind, old.last_change, old.created], ['python', 'function', null, null], 'no logged entry names it: nothing invented');
    const a = sym(doc, ODD, 'a');
    assert.equal([a.last_change.entry, a.last_change.entry_hash, a.last_change.commit, a.last_change.change, a.last_change.from], [e3.id, e3.hash, c3, 'moved', 'src/a.ts:a']);
    assert.equal([a.last_change.author.kind, a.last_change.author.key_id, a.last_change.hash_matches], ['human', 'alice@example.ch', true]);
    assert.equal([a.created.entry, a.created.commit, a.created.change], [e1.id, c1, 'added'], 'created: followed back through the move');
    const b = sym(doc, ODD, 'b');
    assert.is(b.last_change.entry, e3.id);
    assert.is(b.last_change.hash_matches, false, 'changed since by a commit no entry binds');
    // the symbol hash is the delta's: the one the move entry recorded for a
    const log = readFileSync(join(dir, '.aura', 'intent_log.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const moveNode = log.find((e: any) => e.id === e3.id).ast_delta.nodes.find((n: any) => n.path === `${ODD}:a`);
    assert.is(a.hash, moveNode.after);

    assert.equal(doc.totals.by_language, [
      { language: 'python', files: 1, symbols: 1, symbols_with_logged_change: 0 },
      { language: 'typescript', files: 1, symbols: 2, symbols_with_logged_change: 2 },
    ]);
    assert.equal(doc.totals.by_directory.map((d: any) => [d.directory, d.files, d.symbols]), [['legacy', 1, 1], ['src', 1, 2]]);
    assert.equal([doc.totals.files, doc.totals.parsed_files, doc.totals.symbols, doc.totals.symbols_with_logged_change], [2, 2, 3, 2]);

    // an older revision: its own tree and only its ancestors' entries
    const { doc: at2 } = exportJson(sb, dir, ['--rev', c2.slice(0, 10)]);
    assert.ok(validate(at2).valid);
    assert.is(at2.commit, c2);
    assert.equal(at2.symbols.map((s: any) => `${s.path}:${s.name}`), ['legacy/old.py:old', 'src/a.ts:a', 'src/a.ts:b']);
    assert.equal([sym(at2, 'src/a.ts', 'a').last_change.entry, sym(at2, 'src/a.ts', 'a').last_change.change], [e2.id, 'modified']);
    assert.equal([sym(at2, 'src/a.ts', 'b').last_change.entry, sym(at2, 'src/a.ts', 'b').last_change.change], [e1.id, 'added']);
    assert.equal(at2.log, { commits: 3, commits_logged: 2 });

    // CSV: one row per symbol, read back exactly
    const csvOut = join(sb.dir, 'graph.csv');
    const rc = aura(sb, dir, ['graph', 'export', '--format', 'csv', '--out', csvOut]);
    assert.is(rc.code, 0, rc.stderr);
    const rows = parseCsv(readFileSync(csvOut, 'utf8'));
    const head = rows[0];
    assert.is(rows.length, 1 + doc.symbols.length);
    const col = (r: string[], name: string) => r[head.indexOf(name)];
    rows.slice(1).forEach((r, i) => {
      const s = doc.symbols[i];
      assert.equal([col(r, 'path'), col(r, 'name'), col(r, 'hash'), col(r, 'last_change_entry'), col(r, 'author_kind')], [s.path, s.name, s.hash, s.last_change?.entry ?? '', s.last_change?.author.kind ?? '']);
    });
    assert.is(col(rows[3], 'hash_matches'), 'false');

    // manifests: both verify; a changed byte, a changed manifest or another key do not
    for (const f of [out, csvOut]) {
      const ok = aura(sb, dir, ['audit', 'verify-export', f]);
      assert.is(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /OK — .* graph export the manifest signs: 3 symbols at commit/);
    }
    const m = JSON.parse(readFileSync(out + '.manifest.json', 'utf8'));
    assert.equal([m.kind, m.scope, m.format, m.commit, m.count], ['graph', 'graph', 'json', doc.commit, 3]);
    const wrongKey = aura(sb, dir, ['audit', 'verify-export', out, '--pubkey', 'ed25519:' + '11'.repeat(32)]);
    assert.is(wrongKey.code, 1);
    writeFileSync(csvOut, readFileSync(csvOut, 'utf8').replace('legacy/old.py', 'legacy/new.py'));
    const tampered = aura(sb, dir, ['audit', 'verify-export', csvOut]);
    assert.is(tampered.code, 1);
    assert.match(tampered.stdout, /BROKEN[\s\S]*bytes_blake3/);
    writeFileSync(out + '.manifest.json', JSON.stringify({ ...m, count: 2 }));
    const forged = aura(sb, dir, ['audit', 'verify-export', out]);
    assert.is(forged.code, 1);
    assert.match(forged.stdout, /signature does not verify/);

    // usage errors name the problem
    assert.is(aura(sb, dir, ['graph', 'export', '--format', 'xml', '--out', out]).code, 2);
    const bad = aura(sb, dir, ['graph', 'export', '--rev', 'no-such-rev', '--out', out]);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /unknown revision "no-such-rev"/);
  } finally {
    sb.cleanup();
  }
});

test('graph export: a symbol changed on a merged branch keeps the branch commit, not the merge', () => {
  const sb = sandbox();
  try {
    const dir = newRepo(sb);
    assert.is(aura(sb, dir, ['init']).code, 0);
    commitFile(sb, dir, 'src/m.ts', 'export function m() {\n  return 1;\n}\n', 'Add m');
    gitIn(sb, dir, ['checkout', '-q', '-b', 'topic']);
    edit(dir, 'src/m.ts', 'return 1;', 'return 2;');
    gitIn(sb, dir, ['add', '-A']);
    mustCommit(sb, dir, ['-q', '-m', 'm returns 2']);
    const onTopic = trailerOf(sb, dir)!;
    gitIn(sb, dir, ['checkout', '-q', 'main']);
    commitFile(sb, dir, 'src/n.py', 'def n():\n    return 3\n', 'Add n');
    const r = gitIn(sb, dir, ['merge', '--no-ff', '-q', '-m', 'Merge topic', 'topic'], { allowFail: true });
    assert.is(r.code, 0, r.stderr);
    const merge = trailerOf(sb, dir);
    assert.ok(merge && merge.id !== onTopic.id, 'the merge is logged by its own entry');
    const { doc } = exportJson(sb, dir);
    assert.ok(validate(doc).valid);
    const m = sym(doc, 'src/m.ts', 'm');
    assert.equal([m.last_change.entry, m.last_change.change, m.last_change.hash_matches], [onTopic.id, 'modified', true]);
    assert.is(sym(doc, 'src/n.py', 'n').last_change.change, 'added');
  } finally {
    sb.cleanup();
  }
});

test.run();
