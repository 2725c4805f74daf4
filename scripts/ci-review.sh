#!/bin/sh
# The commands action.yml runs on a pull request (and test/ci-review.test.ts runs locally):
#   sh scripts/ci-review.sh <base> <head> <sarif out> [<trust genesis hash>]
# verifies the whole log (pinned to the genesis when given), the range's commits against it,
# and writes the review as SARIF. Every step runs; the exit status is 1 if any failed.
# AURA names the CLI (default: aura on PATH; e.g. AURA="node /path/dist/lib/cli.js").
set -u
aura=${AURA:-aura}
base=$1
head=$2
out=$3
genesis=${4:-}
status=0
if [ -n "$genesis" ]; then $aura audit verify --trust-genesis "$genesis" || status=1; else $aura audit verify || status=1; fi
$aura audit verify --range "$base..$head" || status=1
$aura pr-review "$base..$head" --format sarif --out "$out" || status=1
exit $status
