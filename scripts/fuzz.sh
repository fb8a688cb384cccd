#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a bounded time (make fuzz). New interesting
# inputs go to <build>/corpus/<target> (seeded from the checked-in corpus, which stays as it is);
# crashes, timeouts and sanitizer reports go to <build>/findings/ and fail the run.
# Usage: scripts/fuzz.sh BUILD_DIR SECONDS_PER_TARGET
set -uo pipefail
build=${1:?build dir}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build/findings"
failed=()
for exe in "$build"/tests/fuzz/fuzz_*; do
    target=${exe##*/fuzz_}
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    # libvips and glib keep caches for the process's lifetime: leak checks only for parsers.
    leaks=1
    [[ $target == image || $target == config ]] && leaks=0
    echo "== fuzz_$target for ${seconds}s"
    if ! ASAN_OPTIONS=detect_leaks=$leaks "$exe" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$build/findings/$target-" "$corpus" "$root/tests/fuzz/corpus/$target" \
        > "$build/findings/$target.log" 2>&1; then
        failed+=("$target")
        tail -40 "$build/findings/$target.log"
    else
        grep -E "^stat::number_of_executed_units|^#[0-9]+ *DONE" "$build/findings/$target.log" | tail -2
    fi
done
if ((${#failed[@]})); then
    echo "fuzz: findings in ${failed[*]} (see $build/findings/)"
    exit 1
fi
echo "fuzz: no findings"
