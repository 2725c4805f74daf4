#!/bin/sh
# The entry of .pre-commit-hooks.yaml (the pre-commit framework, `language: script`):
#   pre-commit-framework.sh <Git hook> [Git's arguments…]
# pre-commit runs this from its own clone of aura-hooks, which holds no build, so the aura that
# runs is the project's dev dependency (node_modules/aura-hooks, through the same dispatcher
# and fast paths as aura's own stubs) or else the `aura` on PATH (npm install -g aura-hooks).
aura_hook=$1
shift
# pre-commit passes post-merge's squash flag in the environment, not as an argument
if [ "$aura_hook" = post-merge ]; then set -- "${PRE_COMMIT_IS_SQUASH_MERGE:-0}"; fi
if [ -f node_modules/aura-hooks/hooks/dispatch.sh ]; then
  exec /bin/sh node_modules/aura-hooks/hooks/dispatch.sh "$aura_hook" "$(command -v node)" "$@"
fi
if command -v aura >/dev/null 2>&1; then exec aura hook "$aura_hook" "$@"; fi
echo "aura: aura-hooks is not installed for this repository. Fix: npm install --save-dev aura-hooks (or npm install -g aura-hooks), then aura init --no-hooks" >&2
exit 1
