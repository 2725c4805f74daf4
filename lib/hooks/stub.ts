// The text `aura init` writes into Git's hooks. A stub is a few lines of sh that call node on
// dist/hooks/<hook>.js, both by ABSOLUTE paths recorded at install time: GUI clients run hooks
// with a minimal PATH where neither `node` nor `aura` may be found. When either has moved the
// stub says so and how to fix it, instead of failing with "command not found".
// Everything aura writes sits between BEGIN and END markers so `aura uninstall` removes exactly it.

/** The hooks aura installs. post-rewrite/rebase are not needed: see docs/hooks.md. */
export const HOOKS = ['pre-commit', 'pre-merge-commit', 'commit-msg', 'post-commit', 'post-merge'] as const;
export type HookName = (typeof HOOKS)[number];

export const BEGIN = '# >>> aura hooks >>> (written by `aura init`; `aura uninstall` removes this block)';
export const END = '# <<< aura hooks <<<';
/** An existing hook we replace is kept under this suffix and run first (chained). */
export const CHAINED_SUFFIX = '.pre-aura';

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface StubPaths {
  node: string; // absolute path of the node binary
  script: string; // absolute path of dist/hooks/<hook>.js
}

/**
 * The aura block. `standalone` = the whole hook file is ours (we may `exec`); otherwise the
 * block is appended to a script that may hold other lines after it (husky), so it only
 * fails the hook on a non-zero exit.
 */
export function auraBlock(hook: HookName, p: StubPaths, standalone: boolean): string {
  const lines = [
    BEGIN,
    `aura_node=${shQuote(p.node)}`,
    `aura_hook=${shQuote(p.script)}`,
    `if [ ! -x "$aura_node" ]; then echo "aura: node is no longer at $aura_node (recorded by aura init). Fix: run 'aura init' again with the node you use now, or 'aura uninstall'." >&2; exit 1; fi`,
    `if [ ! -f "$aura_hook" ]; then echo "aura: $aura_hook is gone (aura was moved or removed). Fix: run 'aura init' again from the new install, or 'aura uninstall'." >&2; exit 1; fi`,
  ];
  // Fast path: pre-commit only has work when an intent was logged beforehand or commits are
  // GPG-signed (docs/hooks.md); two cheap git calls spare a Node start on every other commit.
  const call = standalone ? `exec "$aura_node" "$aura_hook" "$@"` : `"$aura_node" "$aura_hook" "$@" || exit $?`;
  // Hooks run at the top of the worktree: in the main worktree (no GIT_DIR override) the state
  // directory is .git/aura without asking git; elsewhere `git rev-parse --git-path` finds it.
  const stateDir = `if [ -z "$GIT_DIR" ] && [ -d .git ]; then aura_state=.git/aura; else aura_state="$(git rev-parse --git-path aura)"; fi`;
  if (hook === 'pre-commit' || hook === 'pre-merge-commit') {
    lines.push(
      stateDir,
      `if [ -f "$aura_state/pending-intent.json" ] || [ "$(git config --type=bool commit.gpgsign)" = true ]; then`,
      `  ${call}`,
      `fi`,
    );
  } else if (hook === 'commit-msg') {
    // Fast path (lib/hooks/policy-cache.ts): strict mode is off at this exact log, nothing was
    // prepared by pre-commit, and the message surely states an intent (a line that is neither
    // a comment nor a trailer): post-commit runs the check, so no Node start here. An edited
    // .aura/config.toml (e.g. export switched to fail_commit) also makes the hint stale.
    lines.push(
      stateDir,
      `aura_skip=`,
      `if [ ! -f "$aura_state/prepared.json" ] && [ -f "$aura_state/policy-ok" ]; then`,
      `  { read -r aura_size; read -r aura_log; } < "$aura_state/policy-ok"`,
      `  if [ -f "$aura_log" ] && [ "$(wc -c < "$aura_log" | tr -d ' ')" = "$aura_size" ] && [ -z "$(find "$aura_log" .aura/config.toml -newer "$aura_state/policy-ok" 2>/dev/null)" ] &&`,
      `    git stripspace --strip-comments < "$1" | grep -v -E '^[A-Za-z0-9][A-Za-z0-9-]*:[[:space:]]' | grep -q '[^[:space:]]'; then`,
      `    aura_skip=1`,
      `    : > "$aura_state/deferred-check"`,
      `  fi`,
      `fi`,
      `if [ -z "$aura_skip" ]; then`,
      `  ${call}`,
      `fi`,
    );
  } else {
    lines.push(call);
  }
  lines.push(END);
  return lines.join('\n') + '\n';
}

/** A whole hook file owned by aura; runs the hook it replaced first, if there was one. */
export function standaloneStub(hook: HookName, p: StubPaths): string {
  return [
    '#!/bin/sh',
    `chained="$(dirname "$0")/${hook}${CHAINED_SUFFIX}"`,
    `if [ -x "$chained" ]; then "$chained" "$@" || exit $?; fi`,
    auraBlock(hook, p, true),
  ].join('\n');
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

/** The node and script paths a block records (for `aura status`). */
export function recordedPaths(text: string): StubPaths | null {
  const node = /^aura_node='((?:[^']|'\\'')*)'$/m.exec(text);
  const script = /^aura_hook='((?:[^']|'\\'')*)'$/m.exec(text);
  if (!node || !script) return null;
  const unq = (s: string) => s.replace(/'\\''/g, "'");
  return { node: unq(node[1]), script: unq(script[1]) };
}
