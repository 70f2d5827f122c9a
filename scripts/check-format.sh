#!/usr/bin/env bash
# Every C and C++ file of the repository as the repo's .clang-format lays it out (the developers'
# brief: run clang-format). Prints each file that differs; `scripts/check-format.sh --fix`
# formats them in place instead.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.cpp' '*.h' '*.hpp')
if [ "${1:-}" = --fix ]; then
    clang-format -i "${files[@]}"
    exit 0
fi
differ=0
for file in "${files[@]}"; do
    clang-format --dry-run -Werror "$file" >/dev/null 2>&1 || {
        echo "not clang-formatted: $file (scripts/check-format.sh --fix)" >&2
        differ=1
    }
done
exit "$differ"
