// The parse corpus: popular public repositories at a fixed commit, used by
// `npm run bench:parse-corpus` and `npm run bench:format-invariance` to measure how much real
// code the grammars parse and whether formatters change symbol hashes. Nothing of it is
// committed here: the snapshots are fetched (the search tool's `fetch github:owner/name`, or a
// plain `git clone`) and their source files extracted into a scratch directory.
//
//   node dist/bench/corpus.js build     extracts every listed repository's files at its commit
//                                       from $AURA_MIRROR (default /work/.mirror) into $AURA_CORPUS
//                                       (default /work/corpus)
//   node dist/bench/corpus.js list      prints the repositories, commits and file counts
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CorpusRepo {
  name: string; // owner/name on GitHub
  commit: string;
  langs: string; // what it is there for
}

/** The corpus: at least 10 popular repositories across TypeScript, TSX, JavaScript and Python. */
export const REPOS: CorpusRepo[] = [
  { name: 'pmndrs/zustand', commit: 'f094eebe9bd3b4b0d77b997f69ab1d273f69a877', langs: 'TS, TSX' },
  { name: 'pmndrs/jotai', commit: '1fae77247ae72ab5f2f002dc82a876e61ce26f56', langs: 'TS, TSX' },
  { name: 'honojs/hono', commit: '28a9c128912de19f3fb28b00ae289c9b93f6f392', langs: 'TS, TSX' },
  { name: 'colinhacks/zod', commit: 'e516c3baf22615e20934116abebfed6c000222c2', langs: 'TS' },
  { name: 'TanStack/query', commit: '40321a0b1b3bdd0afa11f0e439642ab84cdf6afe', langs: 'TS, TSX, JS' },
  { name: 'shadcn-ui/ui', commit: '1773ecfeeb4a04366978d353e69b5c7ded78dcb2', langs: 'TSX, TS' },
  { name: 'excalidraw/excalidraw', commit: '4872083c044491b6d5c96ae134a75464f96d6831', langs: 'TSX, TS' },
  { name: 'expressjs/express', commit: 'a3714473feb3d2908add734d340e7755fd85e0a3', langs: 'JS' },
  { name: 'axios/axios', commit: '23a25af0688d1db2c396deb09229d2271cc24f6c', langs: 'JS, TS' },
  { name: 'lodash/lodash', commit: '9429a4ee03056e5b7be9a85a54571d7630f05983', langs: 'JS, TS' },
  { name: 'psf/requests', commit: '1f6589ec3a1ee910f9a65cc3ceac60b26677bc0e', langs: 'Python' },
  { name: 'pallets/flask', commit: '2ac89889f4cc330eabd50f295dcef02828522c69', langs: 'Python' },
  { name: 'encode/httpx', commit: 'ae1b9f66238f75ced3ced5e4485408435de10768', langs: 'Python' },
  { name: 'psf/black', commit: '8947c48ef2077c3a301b03c1e814dc2e3f78436e', langs: 'Python' },
  { name: 'fastapi/fastapi', commit: 'c3f316b7e814667e8ee81e03a7330d00ee61e45c', langs: 'Python' },
];

/** File endings of the languages measured (the grammars' extensions). */
export const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx|py|pyi)$/i;

export const corpusDir = (): string => process.env.AURA_CORPUS || '/work/corpus';
const mirrorDir = (): string => process.env.AURA_MIRROR || '/work/.mirror';
const slug = (r: CorpusRepo): string => r.name.replace('/', '+');

export interface CorpusFile {
  repo: string;
  path: string; // inside the repository
  file: string; // on disk
}

function walkDir(dir: string, rel: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) walkDir(p, rel ? `${rel}/${name}` : name, out);
    else if (st.isFile() && SOURCE.test(name)) out.push(rel ? `${rel}/${name}` : name);
  }
}

/**
 * The corpus files on disk, or null (with the reason) when the corpus has not been built at
 * the listed commits.
 */
export function corpusFiles(): { files: CorpusFile[] } | { missing: string } {
  const root = corpusDir();
  const files: CorpusFile[] = [];
  for (const r of REPOS) {
    const dir = join(root, slug(r));
    const stamp = join(dir, '.aura-corpus-commit');
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== r.commit) {
      return { missing: `${r.name}@${r.commit.slice(0, 12)} is not in ${root}` };
    }
    const paths: string[] = [];
    walkDir(dir, '', paths);
    for (const path of paths) files.push({ repo: r.name, path, file: join(dir, path) });
  }
  return { files };
}

export const HOW_TO_BUILD =
  'build it with `node dist/bench/corpus.js build` after fetching each repository of bench/corpus.ts ' +
  '(fetch github:<owner>/<name> into $AURA_MIRROR, or `git clone --bare https://github.com/<owner>/<name> $AURA_MIRROR/<owner>+<name>/repo`); ' +
  'set $AURA_CORPUS to use another directory than /work/corpus';

function build(): void {
  const root = corpusDir();
  for (const r of REPOS) {
    const gitDir = join(mirrorDir(), slug(r), 'repo');
    const git = (args: string[], input?: string) => spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
    if (git(['cat-file', '-e', `${r.commit}^{commit}`]).status !== 0) {
      console.error(`${r.name}: commit ${r.commit} not found in ${gitDir}: fetch github:${r.name} first`);
      process.exitCode = 1;
      continue;
    }
    const dir = join(root, slug(r));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // regular files with a source ending, as committed (snapshots may lack their largest blobs)
    const entries = git(['ls-tree', '-r', '-z', r.commit]).stdout.toString().split('\0').filter(Boolean)
      .map((l) => { const tab = l.indexOf('\t'); const [mode, , oid] = l.slice(0, tab).split(' '); return { mode, oid, path: l.slice(tab + 1) }; })
      .filter((e) => (e.mode === '100644' || e.mode === '100755') && SOURCE.test(e.path));
    const out = git(['cat-file', '--batch'], entries.map((e) => e.oid).join('\n') + '\n').stdout;
    let at = 0, written = 0, absent = 0;
    for (const e of entries) {
      const nl = out.indexOf(10, at);
      const header = out.subarray(at, nl).toString();
      if (header.endsWith(' missing')) {
        absent++, (at = nl + 1);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      const file = join(dir, e.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, out.subarray(nl + 1, nl + 1 + size));
      written++, (at = nl + 1 + size + 1);
    }
    writeFileSync(join(dir, '.aura-corpus-commit'), r.commit + '\n');
    console.log(`${r.name.padEnd(24)} ${r.commit.slice(0, 12)}  ${String(written).padStart(5)} source files${absent ? ` (${absent} absent from the snapshot)` : ''}`);
  }
}

if (require.main === module) {
  const cmd = process.argv[2];
  if (cmd === 'build') build();
  else if (cmd === 'list') {
    const c = corpusFiles();
    for (const r of REPOS) {
      const n = 'files' in c ? c.files.filter((f) => f.repo === r.name).length : '-';
      console.log(`${r.name.padEnd(24)} ${r.commit}  ${String(n).padStart(5)}  ${r.langs}`);
    }
    if ('missing' in c) console.log(`\ncorpus not built: ${c.missing}; ${HOW_TO_BUILD}`);
  } else {
    console.error('usage: node dist/bench/corpus.js build | list');
    process.exitCode = 2;
  }
}
