#!/usr/bin/env bash
# `routerd --config-test` on a file with three different mistakes prints all three, each with
# file:line:col and key path, and exits 1; on a valid file it exits 0.
# Usage: config_test_cli_test.sh ROUTERD TEST_PLUGIN_DIR
source "$(dirname "$0")/lib/common.sh"
ROUTERD=$1
PLUGINS=$2
make_workdir
cat >"$WORKDIR/routerd.toml" <<'TOML'
[global]
router_id = "lb1"

[test-service]
count = 300
interval = "5 seconds"
greting = "hello"
TOML
set +e
"$ROUTERD" --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" --config-test \
    >"$WORKDIR/out" 2>"$WORKDIR/err"
status=$?
set -e
cat "$WORKDIR/err"
[ $status -eq 1 ] || fail "--config-test exited $status on a bad file, not 1"
F="$WORKDIR/routerd.toml"
grep -qx "$F:5:9: test-service.count: 300 is out of range 1..10" "$WORKDIR/err" || fail "mistake 1"
grep -qx "$F:6:12: test-service.interval: '5 seconds' is not a duration (write e.g. \"1s\", \"150ms\", \"1m30s\")" "$WORKDIR/err" ||
    grep -q "$F:6:12: test-service.interval: '5 seconds'" "$WORKDIR/err" || fail "mistake 2"
grep -qx "$F:7:1: test-service.greting: unknown key 'greting' (did you mean 'greeting'?)" "$WORKDIR/err" ||
    fail "mistake 3"
[ "$(grep -c "$F:" "$WORKDIR/err")" -eq 3 ] || fail "expected exactly three errors"

sed -i '/^count/d; /^interval/d; s/^greting/greeting/' "$WORKDIR/routerd.toml"
"$ROUTERD" --config "$WORKDIR/routerd.toml" --plugin-dir "$PLUGINS" --config-test ||
    fail "a valid file was refused"
echo "config-test: three mistakes, three errors"
