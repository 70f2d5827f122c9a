#!/usr/bin/env bash
# Every example configuration in etc/examples/ passes `routerd --config-test` with the plugins
# this build makes (standalone-check.toml needs the SDK's out-of-tree example checker: the
# sdk_example test covers it).
# Usage: examples_config_test.sh ROUTERD PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"
ROUTERD=$1 PLUGINS=$2 SOURCE_DIR=$3
for example in "$SOURCE_DIR"/etc/examples/*.toml; do
    [ "$(basename "$example")" = standalone-check.toml ] && continue
    "$ROUTERD" --config-test --config "$example" --plugin-dir "$PLUGINS" ||
        fail "$(basename "$example") does not pass --config-test"
done
echo "examples: all pass --config-test"
