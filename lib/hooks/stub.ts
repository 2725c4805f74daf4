// The text `aura init` writes into Git's hooks: two lines that hand over to the dispatcher
// shipped in the package (hooks/dispatch.sh), as husky's stubs do, so the fast paths and
// everything else live in the package and upgrade with it. The stub prefers the project's own
// copy (node_modules/<package>, when aura is a dev dependency: every teammate runs the version
// in the lockfile, and `npm ci` reinstalling it changes nothing); otherwise the package and
// node recorded by ABSOLUTE paths at install time (GUI clients run hooks with a minimal PATH).
// When the package is gone the stub says so and how to fix it, instead of "not found".
// Everything aura writes sits between BEGIN and END markers so `aura uninstall` removes exactly it.
// Hook names are plain strings here (lib/hooks/table.ts holds the list): the stubs' text is
// read by the flow too (lib/hooks/own-ref-update.ts), and the table loads the flow.

export const BEGIN = '# >>> aura hooks >>> (written by `aura init`; `aura uninstall` removes this block)';
export const END = '# <<< aura hooks <<<';
/** An existing hook we replace is kept under this suffix and run first (chained). */
export const CHAINED_SUFFIX = '.pre-aura';
/** The dispatcher, relative to the package root. */
export const DISPATCHER = 'hooks/dispatch.sh';

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface StubPaths {
  node: string; // absolute path of the node binary
  pkg: string; // absolute path of the aura package (holds hooks/dispatch.sh and dist/)
  name: string; // the package's npm name: node_modules/<name> is the project's own copy
}

/**
 * The aura block. `standalone` = the whole hook file is ours (we may `exec`); otherwise the
 * block is appended to a script that may hold other lines after it (husky), so it only
 * fails the hook on a non-zero exit.
 */
export function auraBlock(hook: string, p: StubPaths, standalone: boolean): string {
  const local = `node_modules/${p.name}`;
  const gone = `{ echo "aura: $aura_pkg is gone (aura was moved or removed). Fix: run 'aura init' again from where aura is installed now (or 'npm ci' where aura is a dev dependency), or 'aura uninstall'." >&2; exit 1; }`;
  // AURA_HOOK_FILE: the hook file Git ran, so aura knows which hooks directory is in use
  // without asking git (lib/hooks/own-ref-update.ts). A whole file of ours reads the dispatcher
  // into its own shell (`.`: no second shell started, on every hook run); a block inside
  // another script (husky) runs it as a shell of its own, so its exits end only that.
  const args = `${hook} ${shQuote(p.node)} "$@"`;
  const call = standalone
    ? `export AURA_HOOK_FILE="$0"; set -- ${args}; . "$aura_pkg/${DISPATCHER}"`
    : `AURA_HOOK_FILE="$0" /bin/sh "$aura_pkg/${DISPATCHER}" ${args} || exit $?`;
  return [
    BEGIN,
    `aura_pkg=${shQuote(p.pkg)}; if [ -f ${local}/${DISPATCHER} ]; then aura_pkg=${local}; fi`,
    `[ -f "$aura_pkg/${DISPATCHER}" ] || ${gone}; ${call}`,
    END,
  ].join('\n') + '\n';
}

/** Hooks Git gives input on stdin ("<old> <new>" lines): the chained hook and aura both read it. */
const STDIN_HOOKS: readonly string[] = ['post-rewrite', 'reference-transaction'];

/**
 * A whole hook file owned by aura; runs the hook it replaced first, if there was one. For a
 * hook with input on stdin, that input is kept in a temp file the chained hook reads and aura
 * reads after it (`exec <` keeps the file open once it is removed): otherwise the first reader
 * would take it all and the other would see nothing.
 */
export function standaloneStub(hook: string, p: StubPaths): string {
  // `${0%/*}` is dirname without starting it (one process per hook run). `[ "$chained" != "$0" ]`:
  // a stub that was itself kept as <hook>.pre-aura (by an aura that did not know it, e.g. an
  // older version's `aura init`) must not run itself forever.
  const runChained = STDIN_HOOKS.includes(hook)
    ? [
        `if [ -x "$chained" ] && [ "$chained" != "$0" ]; then`,
        `  aura_in="$(mktemp)" || exit 1; cat > "$aura_in"`,
        `  "$chained" "$@" < "$aura_in" || { aura_rc=$?; rm -f "$aura_in"; exit $aura_rc; }`,
        `  exec < "$aura_in"; rm -f "$aura_in"`,
        `fi`,
      ]
    : [`if [ -x "$chained" ] && [ "$chained" != "$0" ]; then "$chained" "$@" || exit $?; fi`];
  return ['#!/bin/sh', `chained="\${0%/*}/${hook}${CHAINED_SUFFIX}"`, ...runChained, auraBlock(hook, p, true)].join('\n');
}

/** True when `text` contains an aura block. */
export const hasBlock = (text: string): boolean => text.includes(BEGIN) && text.includes(END);

/** `text` without its aura block (and the blank line we added before it). */
export function removeBlock(text: string): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) return text;
  let before = text.slice(0, start);
  const after = text.slice(end + END.length).replace(/^\n/, '');
  if (before.endsWith('\n\n')) before = before.slice(0, -1);
  return before + after;
}

const unquote = (s: string): string => s.replace(/'\\''/g, "'");
const QUOTED = `'((?:[^']|'\\\\'')*)'`;

/**
 * The package and node a block records (for `aura status`); null for a block this version
 * does not write (a stub from before the dispatcher: `aura init` rewrites it).
 */
export function recordedPaths(text: string): Omit<StubPaths, 'name'> | null {
  const pkg = new RegExp(`^aura_pkg=${QUOTED};`, 'm').exec(text);
  const node = new RegExp(`(?:dispatch\\.sh" |set -- )[a-z-]+ ${QUOTED} "\\$@"`, 'm').exec(text);
  if (!pkg || !node) return null;
  return { pkg: unquote(pkg[1]), node: unquote(node[1]) };
}
