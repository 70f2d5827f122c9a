#!/usr/bin/env bash
# Every example configuration in etc/examples/ (and its folders) passes `routerd --config-test` with the plugins
# this build makes (standalone-check.toml needs the SDK's out-of-tree example checker: the
# sdk_example test covers it).
# Usage: examples_config_test.sh ROUTERD PLUGIN_DIR SOURCE_DIR
source "$(dirname "$0")/lib/common.sh"
ROUTERD=$1 PLUGINS=$2 SOURCE_DIR=$3
for example in "$SOURCE_DIR"/etc/examples/*.toml "$SOURCE_DIR"/etc/examples/*/*.toml; do
    [ "$(basename "$example")" = standalone-check.toml ] && continue
    "$ROUTERD" --config-test --config "$example" --plugin-dir "$PLUGINS" ||
        fail "${example#"$SOURCE_DIR"/} does not pass --config-test"
done
echo "examples: all pass --config-test"
