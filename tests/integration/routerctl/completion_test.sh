#!/usr/bin/env bash
# The bash completion of routerctl loads in a plain bash, registers for routerctl, and
# completes verbs, options and plugin sub-commands without a running routerd (names of
# virtual servers from a running one: routerctl/runtime_weight_test.sh).
# Usage: completion_test.sh COMPLETION_FILE ROUTERCTL
set -euo pipefail
COMPLETION=$1 ROUTERCTL=$2
fail() { echo "FAIL: $*" >&2; exit 1; }

# complete_words WORD...: what completing the last word offers.
complete_words() {
    PATH="$(dirname "$ROUTERCTL"):$PATH" bash --norc -c '
source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_routerctl
echo "${COMPREPLY[*]}"' _ "$COMPLETION" "$@"
}
expect() {
    local want=$1
    shift
    local got
    got=$(complete_words "$@")
    [ "$got" = "$want" ] || fail "completing '$*': '$got', expected '$want'"
}

bash --norc -c "source '$COMPLETION'; complete -p routerctl" | grep -q -- "-F _routerctl routerctl" ||
    fail "the completion does not register for routerctl"
expect "status vrrp checks vs alerts history drain undrain weight reload announce-bgp drain-node" \
    routerctl ""
expect "drain drain-node" routerctl dr
expect "history" routerctl --json hi
expect "--socket --json --help --since --instance --limit" routerctl history -
expect "--socket --json --help" routerctl status -
expect "list test" routerctl alerts ""
expect "1h 1d" routerctl history --since 1
# Every verb routerctl --help lists is offered.
for verb in $(complete_words routerctl ""); do
    "$ROUTERCTL" --help | grep -q "^  $verb\b" || fail "'$verb' is not in routerctl --help"
done
# No routerd at that socket: names are simply not offered, quickly and quietly.
expect "" routerctl --socket /nonexistent/routerd.sock drain ""
echo "routerctl completion: pass"
