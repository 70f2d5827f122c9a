#!/usr/bin/env bash
# Every sample configuration of Debian's keepalived package is imported: no crash, no syntax
# error, and the TOML passes `routerd --config-test` as written. Prints the share of keyword
# lines translated and each keyword the importer reported, with its count and reason.
source "$(dirname "$0")/../lib/common.sh"
routerd=$1 plugins=$2
samples=/usr/share/doc/keepalived/samples
[ -d "$samples" ] || { echo "no $samples (scripts/install-deps.sh installs keepalived)"; exit 77; }
make_workdir
work=$WORKDIR

# The programs a configuration runs (scripts, notify and misc_path commands), as absolute
# paths that this machine lacks.
missing_programs() {
    python3 - "$1" <<'PY'
import os, shlex, sys, tomllib
keys = ("script", "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop",
        "notify_up", "notify_down", "quorum_up", "quorum_down", "misc_path")
def walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                program = shlex.split(value)[0]
                if program.startswith("/") and not os.path.exists(program):
                    print(program)
            walk(value)
    elif isinstance(node, list):
        for item in node:
            walk(item)
walk(tomllib.load(open(sys.argv[1], "rb")))
PY
}

# The network namespace a TOML's [global] net_namespace names, if any.
net_namespace_of() {
    python3 -c 'import sys, tomllib
print(tomllib.load(open(sys.argv[1], "rb")).get("global", {}).get("net_namespace", ""))' "$1"
}

# --config-test as on the router the sample was written for: the scripts it names exist there,
# and so does the network namespace it runs in. They are stand-ins on tmpfs over /usr/local,
# /etc/keepalived and /run/netns, in a mount namespace of this test only (nothing on this
# machine changes).
config_test() {
    local toml=$1 programs namespace
    programs=$(missing_programs "$toml" | sort -u | tr '\n' ' ')
    namespace=$(net_namespace_of "$toml")
    unshare -m sh -c '
        for top in /usr/local /etc/keepalived /run/netns; do
            mkdir -p "$top" && mount -t tmpfs routerd-test "$top"
        done
        [ -z "'"$namespace"'" ] || touch "/run/netns/'"$namespace"'"
        for program in '"$programs"'; do
            case $program in /usr/local/*|/etc/keepalived/*) ;; *) continue ;; esac
            mkdir -p "$(dirname "$program")"
            printf "#!/bin/sh\nexit 0\n" >"$program"
            chmod 755 "$program"
        done
        exec "$0" --config-test --config "$1" --plugin-dir "$2"' "$routerd" "$toml" "$plugins"
}

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (a mount namespace for the samples' scripts)"; exit 77; }
failed=0 total=0 translated=0
for conf in "$samples"/keepalived.conf.*; do
    name=$(basename "$conf")
    status=0
    # A sample written for `keepalived -i NAME` (its first line says so) is imported the same way.
    instance=()
    if head -1 "$conf" | grep -q "with either '-i high'"; then instance=(--instance high); fi
    "$routerd" import-keepalived "$conf" "${instance[@]}" -o "$work/$name.toml" \
        2>"$work/$name.report" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
        echo "FAIL: $name: import exited $status"; cat "$work/$name.report"; failed=1; continue
    fi
    read -r lines_done lines_all < <(sed -nE 's/.*: ([0-9]+) of ([0-9]+) keyword lines translated$/\1 \2/p' "$work/$name.report")
    total=$((total + lines_all)); translated=$((translated + lines_done))
    if ! config_test "$work/$name.toml" >"$work/$name.test" 2>&1; then
        echo "FAIL: $name: the imported TOML does not pass --config-test:"
        cat "$work/$name.test"; failed=1
    fi
    echo "$name: $lines_done of $lines_all keyword lines translated"
done

echo
echo "all samples: $translated of $total keyword lines translated ($((100 * translated / total)) %)"
echo "reported, by count:"
cat "$work"/*.report | grep -vE 'keyword lines translated$' |
    sed -E 's/^[^:]+:[0-9]+: //' | sort | uniq -c | sort -rn
exit "$failed"
