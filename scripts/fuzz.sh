#!/usr/bin/env bash
# Runs every libFuzzer target of a clang -DROUTERD_FUZZ=ON build folder for SECONDS each, from
# its seed corpus (tests/fuzz/corpus/<target>/, copied to a temporary folder so that the run
# never writes into the repository), and prints one line per target: executions, coverage
# (cov: edges, ft: features) and the verdict. Any finding (a crash, an abort, a leak, a
# timeout) fails the script after all targets ran; the input that caused it is kept in
# ARTIFACTS (default: a temporary folder, printed).
#
#   scripts/fuzz.sh BUILD_DIR [SECONDS] [libFuzzer options...]
#
# Targets run FUZZ_JOBS at a time (default: the number of CPUs).
#
# scripts/test.sh (CI) runs it for ${FUZZ_SECONDS:-10} s a target; a longer local run, e.g.
# `scripts/fuzz.sh build-fuzz 60`, is documented in README.md. FUZZ_ONLY=REGEX runs only the
# targets whose name matches.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR [SECONDS] [libFuzzer options...]}
seconds=${2:-10}
shift $(($# >= 2 ? 2 : 1))
artifacts=${ARTIFACTS:-}
[ -n "$artifacts" ] || { artifacts=$(mktemp -d /tmp/routerd-fuzz-artifacts.XXXXXX); own_artifacts=1; }
mkdir -p "$artifacts"
work=$(mktemp -d /tmp/routerd-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

# fuzz_one FUZZER: one target's run; its table line goes to $work/NAME.line, and the lines that
# explain a finding to $work/NAME.finding.
fuzz_one() {
    local fuzzer=$1 name corpus log verdict=ok executions done_line cov ft
    name=$(basename "$fuzzer")
    corpus="$work/$name"
    mkdir -p "$corpus"
    if [ -d "tests/fuzz/corpus/$name" ]; then cp -r "tests/fuzz/corpus/$name/." "$corpus/"; fi
    log="$work/$name.log"
    TMPDIR="$work" "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/$name-" "${options[@]}" "$corpus" >"$log" 2>&1 || verdict=FAILED
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
    printf '%-28s %12s %8s %8s  %s\n' "$name" "${executions:--}" "${cov:--}" "${ft:--}" "$verdict" \
        >"$work/$name.line"
    if [ "$verdict" != ok ]; then
        grep -E 'ERROR|SUMMARY|==[0-9]+==|#[0-9]+ in |Test unit written' "$log" | head -40 \
            >"$work/$name.finding" || true
    fi
}

# FUZZ_JOBS targets at a time (default: one per CPU); each target is one process on one CPU.
options=("$@")
jobs_max=${FUZZ_JOBS:-$(nproc)}
names=()
for fuzzer in $(find "$build/tests/fuzz" -type f -executable -name 'fuzz_*' | sort); do
    name=$(basename "$fuzzer")
    [[ $name =~ ${FUZZ_ONLY:-.} ]] || continue
    names+=("$name")
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
    fuzz_one "$fuzzer" &
done
wait

failed=()
printf '%-28s %12s %8s %8s  %s\n' target executions cov ft verdict
for name in "${names[@]}"; do
    cat "$work/$name.line"
    if [ -e "$work/$name.finding" ]; then
        failed+=("$name")
        cat "$work/$name.finding"
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found something in: ${failed[*]} (inputs in $artifacts)" >&2
    exit 1
fi
if [ "${own_artifacts:-0}" = 1 ]; then rm -rf "$artifacts"; fi
