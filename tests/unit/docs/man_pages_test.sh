#!/usr/bin/env bash
# Every generated man page renders at 80 columns without a warning from man or groff and has a
# NAME line that whatis can read; routerd.toml(5) lists each keyword routerd's importer maps.
# Usage: man_pages_test.sh MAN_DIR ROUTERD
set -euo pipefail
MAN_DIR=$1
ROUTERD=$2
status=0
for page in routerd.8 routerctl.8 routerd.toml.5; do
    [ -f "$MAN_DIR/$page" ] || { echo "FAIL: no $MAN_DIR/$page"; status=1; continue; }
    warnings=$(MANWIDTH=80 man --warnings -l "$MAN_DIR/$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
        echo "FAIL: $page: $warnings"
        status=1
    fi
    lexgrog "$MAN_DIR/$page" >/dev/null || { echo "FAIL: $page: whatis cannot read its NAME"; status=1; }
done
# One tagged paragraph per row of the importer's table (past its header and rule).
rows=$("$ROUTERD" import-keepalived --keywords | grep -c '^|')
listed=$(sed -n '/^\.SH KEEPALIVED KEYWORDS/,/^\.SH /p' "$MAN_DIR/routerd.toml.5" | grep -c '^\.TP')
if [ "$listed" -ne $((rows - 2)) ]; then
    echo "FAIL: routerd.toml(5) lists $listed keywords, the importer maps $((rows - 2))"
    status=1
fi
exit $status
