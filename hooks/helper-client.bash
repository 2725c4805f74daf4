# aura's hook helper client (lib/helper/server.ts has the protocol). hooks/dispatch.sh execs
# this, with bash, for a hook the helper runs when the hook state directory names a helper:
#   bash helper-client.bash <node> <hook script> <address file> <hook> [Git's arguments…]
# Everything it needs is a bash builtin (/dev/tcp, read -t, read -N): no process starts. The
# helper reads this process's environment and directory from /proc, so the hook sees what
# `node <hook script>` would have. Anything short of the helper's "a <proof>" (the second secret
# of the address file) within 3 s runs Node here instead.
aura_node=$1 aura_js=$2 aura_address=$3 aura_hook=$4
shift 4
aura_cold() {
  exec 3>&-
  exec "$aura_node" "$aura_js" "$aura_hook" "$@"
}
{ read -r aura_port aura_token aura_proof _ < "$aura_address"; } 2>/dev/null || aura_cold "$@"
{ exec 3<>"/dev/tcp/127.0.0.1/$aura_port"; } 2>/dev/null || aura_cold "$@"
printf '%s %s %s %s\n' "$aura_token" "$$" "$aura_hook" "$aura_node" >&3 2>/dev/null || aura_cold "$@"
# The helper answers at once; a process at that port that is not the helper cannot show the proof.
IFS= read -r -t 3 -u 3 aura_answer || aura_answer=
[ -n "$aura_proof" ] && [ "$aura_answer" = "a $aura_proof" ] || aura_cold "$@"
# From here the hook is the helper's: it runs once we say go, and only then.
printf 'g\n' >&3 || aura_cold "$@"
if ! read -r -u 3 aura_code aura_nout aura_nerr; then
  echo "aura: the hook helper stopped while running $aura_hook: the commit may not be logged. See: aura audit verify --range HEAD~1..HEAD; 'aura helper stop' and 'git config aura.helper false' turn the helper off" >&2
  exit 1
fi
LC_ALL=C
if [ "$aura_nout" -gt 0 ]; then read -r -N "$aura_nout" -u 3 aura_text; printf '%s' "$aura_text"; fi
if [ "$aura_nerr" -gt 0 ]; then read -r -N "$aura_nerr" -u 3 aura_text; printf '%s' "$aura_text" >&2; fi
exit "$aura_code"
