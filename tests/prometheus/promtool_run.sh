#!/usr/bin/env bash
# promtool ARGS...: Debian's promtool (package prometheus), or skip (77) where it is missing.
command -v promtool >/dev/null || { echo "SKIP: promtool (Debian's prometheus) is missing"; exit 77; }
exec promtool "$@"
