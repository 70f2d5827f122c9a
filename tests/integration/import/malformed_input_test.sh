#!/usr/bin/env bash
# `routerd import-keepalived` on malformed input: each case gives its error with its position
# and the documented exit code (1: syntax, 2: reported keywords), never a crash.
set -euo pipefail
routerd=$1
work=$(mktemp -d /tmp/routerd-import-malformed.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# expect NAME EXIT PATTERN: imports $work/NAME.conf; the exit code and stderr must match.
expect() {
    local name=$1 want=$2 pattern=$3 status=0
    "$routerd" import-keepalived "$work/$name.conf" -o "$work/$name.toml" 2>"$work/$name.err" || status=$?
    [ "$status" -eq "$want" ] || fail "$name: exit $status, expected $want: $(cat "$work/$name.err")"
    grep -qE "$pattern" "$work/$name.err" || fail "$name: no '$pattern' in: $(cat "$work/$name.err")"
    echo "$name: exit $status: $(head -1 "$work/$name.err")"
}

printf 'vrrp_instance VI_1 {\n  state MASTER\n' >"$work/unclosed.conf"
expect unclosed 1 "unclosed.conf:1:20: the block of 'vrrp_instance' opened here is never closed"

printf 'global_defs {\n}\n}\n' >"$work/stray.conf"
expect stray 1 "stray.conf:3:1: '}' closes no block"

printf 'global_defs {\n<<<<<<< HEAD\n  router_id a\n=======\n  router_id b\n>>>>>>> x\n}\n' >"$work/conflict.conf"
expect conflict 1 "conflict.conf:2:1: a merge-conflict marker"

printf 'vrrp_instance VI_1 {\n  interface eth0\n  frobnicate yes\n}\n' >"$work/unknown.conf"
expect unknown 2 "unknown.conf:3: frobnicate: not a keyword of vrrp_instance"

printf 'vrrp_instance VI_1 {\n  priority high\n}\n' >"$work/wrongtype.conf"
expect wrongtype 2 "wrongtype.conf:2: priority: 'high' is not a whole number"

printf 'include loop-b.conf\n' >"$work/loop-a.conf"
printf 'include loop-a.conf\n' >"$work/loop-b.conf"
cp "$work/loop-a.conf" "$work/loop.conf"
expect loop 1 "include loop"

printf 'include /nonexistent/keepalived.d/main.conf\n' >"$work/missing.conf"
expect missing 1 "missing.conf:1:1: cannot read include file"

# 10 MB: 250,000 virtual addresses in one instance.
{
    printf 'vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n  virtual_ipaddress {\n'
    awk 'BEGIN { for (a = 0; a < 250; a++) for (b = 0; b < 250; b++) for (c = 1; c <= 4; c++)
                     printf "    10.%d.%d.%d/32 dev eth0 label eth0:vip\n", a, b, c }'
    printf '  }\n}\n'
} >"$work/large.conf"
size=$(stat -c %s "$work/large.conf")
[ "$size" -ge 10000000 ] || fail "the large file is only $size bytes"
start=$(date +%s%N)
expect large 0 "keyword lines translated"
echo "large: $size bytes in $((($(date +%s%N) - start) / 1000000)) ms"

# Binary garbage.
head -c 65536 /dev/urandom >"$work/garbage.conf"
status=0
"$routerd" import-keepalived "$work/garbage.conf" -o /dev/null 2>/dev/null || status=$?
[ "$status" -eq 1 ] || [ "$status" -eq 2 ] || fail "garbage: exit $status"
echo "malformed input: pass"
