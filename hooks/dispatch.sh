# aura's hook dispatcher. Every stub `aura init` writes is two lines that hand over here, so
# the installed package decides what runs: upgrading aura upgrades every repository's hooks
# without running `aura init` again. Called with <hook> <node recorded by aura init> [Git's
# arguments…], in the directory Git runs hooks in (the top of the worktree), either read into
# the stub's own shell (`.`, by the stubs aura writes as whole files, with $aura_pkg set: one
# shell fewer per hook) or run as `/bin/sh <package>/hooks/dispatch.sh …` (husky's scripts,
# the pre-commit framework, stubs of earlier versions). The fast paths below spare a Node start
# (the largest part of a hook's cost) when a hook surely has nothing to do; anything else goes
# to hooks/run.ts, which knows every hook by name (lib/hooks/table.ts).
aura_hook=$1
aura_node=$2
shift 2
case $0 in
  */dispatch.sh) aura_pkg=${0%/*}/.. ;; # run as a script: the package is where it lies
  dispatch.sh) aura_pkg=.. ;;
  *) ;; # read by a stub, which set $aura_pkg
esac

# The node recorded at install time first (GUI clients run hooks with a minimal PATH), else
# the one on PATH (node was upgraded or moved since).
if [ ! -x "$aura_node" ]; then
  if command -v node >/dev/null 2>&1; then
    aura_node=node
  else
    echo "aura: node is no longer at $aura_node (recorded by aura init) and none is on PATH. Fix: run 'aura init' again with the node you use now, or 'aura uninstall'." >&2
    exit 1
  fi
fi

# One bundled script (npm run build), started with V8's code cache by launch.js, unless a plain
# `tsc` build is newer than it (a checkout being worked on): hooks run what was compiled last
# (lib/helper/start.ts bundleIsCurrent decides the same for the hook helper).
aura_js=$aura_pkg/dist/hooks/launch.js
if [ ! -f "$aura_pkg/dist/hooks/run.bundle.js" ] || [ "$aura_pkg/dist/hooks/run.js" -nt "$aura_pkg/dist/hooks/run.bundle.js" ]; then aura_js=$aura_pkg/dist/hooks/run.js; fi

# Hooks run at the top of the worktree: in the main worktree (no GIT_DIR override) the state
# directory is .git/aura without asking git; elsewhere `git rev-parse --git-path` finds it.
aura_state() {
  if [ -z "$GIT_DIR" ] && [ -d .git ]; then aura_state=.git/aura; else aura_state="$(git rev-parse --git-path aura)"; fi
}

case $aura_hook in
  pre-commit | pre-merge-commit)
    # Work only when an intent was logged beforehand, commits are GPG-signed (docs/hooks.md),
    # or an added line of the index Git is committing could hold a secret: the secret scan
    # (docs/secrets.md). npm run build writes the pre-filter as literals for `grep -F` and the
    # two rules no literal stands for, for `grep -E` (lib/secrets/prefilter.ts): one `grep -E`
    # over all of it spent ~10 ms compiling. In the C locale -i folds ASCII only, which is all
    # the patterns hold, and any byte is text. Without the files, Node runs.
    aura_state
    aura_words=$aura_pkg/dist/hooks/secret-prefilter.txt
    aura_ere=$aura_pkg/dist/hooks/secret-prefilter.ere
    # `git commit -S` signs without commit.gpgsign: Git's command line (the stub's parent) read by
    # the shell itself, which drops its NUL separators; a stray match only means Node runs.
    aura_signs=
    if [ -r "/proc/$PPID/cmdline" ]; then
      read -r aura_argv < "/proc/$PPID/cmdline" || :
      case ${aura_argv-} in *-S* | *--gpg-sign*) aura_signs=1 ;; esac
    fi
    # The added lines go to a file in the state directory (no subshells to pipe them twice),
    # emptied at once: what it held is staged content, already in Git's objects. Only a grep's
    # status 1 (nothing matched) spares Node; 0 (a match) and 2 (the file could not be written
    # or read) leave the scan to it, so the pre-filter fails closed.
    if [ ! -f "$aura_state/pending-intent.json" ] && [ -z "$aura_signs" ] && [ -f "$aura_words" ] && [ -f "$aura_ere" ] && [ -d "$aura_state" ] && [ "$(git config --type=bool commit.gpgsign)" != true ]; then
      aura_added=$aura_state/staged-added-lines
      git diff --cached --no-color --no-ext-diff --no-textconv -U0 | grep '^+' > "$aura_added"
      aura_found=$? # 1: no line added at all
      if [ "$aura_found" = 0 ]; then
        LC_ALL=C grep -q -i -F -f "$aura_words" "$aura_added"
        aura_found=$?
        if [ "$aura_found" = 1 ]; then
          LC_ALL=C grep -q -i -E -f "$aura_ere" "$aura_added"
          aura_found=$?
        fi
      fi
      true > "$aura_added" # a regular builtin: a failed redirection does not end this shell
      [ "$aura_found" != 1 ] || exit 0
    fi
    ;;
  commit-msg)
    # Strict mode is off and no intent convention is set at this exact log
    # (lib/hooks/policy-cache.ts), and nothing was prepared by pre-commit: commit-msg would
    # refuse nothing, so post-commit runs the check on the commit made, and Node does not start
    # here. The hint (policy-ok) holds the log's size, path, the AURA_KEY it was written under
    # and the log's path as a find pattern; it is stale once the log has another size or
    # changed after it, or .aura/config.toml (e.g. export switched to fail_commit) or the
    # default key did: one `find` prints any of those. It also prints the hint itself, always:
    # only that one line means fresh, so a find that is missing or fails says stale.
    aura_state
    if [ ! -f "$aura_state/prepared.json" ] && [ -f "$aura_state/policy-ok" ]; then
      { read -r aura_size; read -r aura_log; read -r aura_key; read -r aura_log_glob; } < "$aura_state/policy-ok"
      aura_hint=$aura_state/policy-ok
      if [ -n "$aura_log_glob" ] && [ -f "$aura_log" ] && [ "${AURA_KEY-}" = "$aura_key" ] &&
        [ "$(find "$aura_hint" "$aura_log" .aura/config.toml "${XDG_CONFIG_HOME:-$HOME/.config}/aura/keys/default" -prune \( -newer "$aura_hint" -o -path "$aura_log_glob" ! -size "${aura_size}c" -o -path "$aura_hint" \) -print 2>/dev/null)" = "$aura_hint" ]; then
        : > "$aura_state/deferred-check"
        exit 0
      fi
    fi
    ;;
  post-commit)
    # While a rebase runs its picks are logged all at once by post-rewrite (lib/hooks/rewrite-kind.ts).
    aura_state
    if [ -d "${aura_state%/aura}/rebase-merge" ]; then exit 0; fi
    ;;
  post-rewrite)
    # "amend" was logged by post-commit; only a finished rebase has work.
    if [ "$1" != rebase ]; then exit 0; fi
    ;;
  reference-transaction)
    # Git runs this for every ref update, several times per commit: Node starts only for a
    # committed transaction that moved remote-tracking refs (fetch, pull, push), with those
    # "<old> <new> <ref>" lines on its stdin (lib/omission). Git ignores this exit status.
    [ "$1" = committed ] || exit 0
    aura_refs=
    while IFS= read -r aura_line; do
      case "$aura_line" in *" refs/remotes/"*) aura_refs="$aura_refs$aura_line
";; esac
    done
    [ -n "$aura_refs" ] || exit 0
    printf '%s' "$aura_refs" | "$aura_node" "$aura_js" "$aura_hook" "$@"
    exit 0
    ;;
esac
# NODE_EXTRA_CA_CERTS makes every Node start read and parse that CA file (here ~80 ms of CPU,
# more than the rest of Node's start); a hook opens a TLS connection only to an https export
# endpoint (.aura/config.toml), so without one it starts Node without them (read by the shell
# itself: no grep process).
if [ -n "$NODE_EXTRA_CA_CERTS" ]; then
  aura_https=
  if [ -f .aura/config.toml ]; then
    while IFS= read -r aura_line || [ -n "$aura_line" ]; do
      case $aura_line in *https:*) aura_https=1; break ;; esac
    done < .aura/config.toml
  fi
  [ -n "$aura_https" ] || unset NODE_EXTRA_CA_CERTS
fi
# The commit's hooks go to the repository's hook helper when one runs (lib/helper/server.ts: a
# Node that stays up, so the hook pays neither Node's start nor a cold compile). The client is
# bash, for /dev/tcp and read's timeout; without bash, or without a helper, Node runs here.
# These names are the helper's SERVED_HOOKS: hooks that read nothing on stdin.
case $aura_hook in
  pre-commit | pre-merge-commit | commit-msg | post-commit | post-merge)
    [ -n "${aura_state-}" ] || aura_state
    if [ -f "$aura_state/helper" ] && [ "${AURA_HELPER-}" != 0 ] && command -v bash >/dev/null 2>&1; then
      exec bash "$aura_pkg/hooks/helper-client.bash" "$aura_node" "$aura_js" "$aura_state/helper" "$aura_hook" "$@"
    fi
    ;;
esac
exec "$aura_node" "$aura_js" "$aura_hook" "$@"
