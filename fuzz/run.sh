#!/usr/bin/env bash
# Runs every fuzz target (or those named) for RUNS executions each, one after the other, and
# prints each one's executions, wall time and outcome. See README.md here.
#
#   fuzz/run.sh [RUNS] [TARGET...]      e.g.  fuzz/run.sh 250000   or   fuzz/run.sh 20000 query_parse
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). On a stable toolchain it sets
# RUSTC_BOOTSTRAP=1 for the nightly flags cargo-fuzz passes. Environment: FUZZ_TARGET_DIR (the
# build folder, default fuzz/target), FUZZ_LOGS (where each run's log goes, default
# fuzz/artifacts/logs), FUZZ_SANITIZER (address, the default, or none: faster).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-250000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(query_parse read_dated read_frontmatter read_jsonl read_any passages)
target_dir=${FUZZ_TARGET_DIR:-fuzz/target}
logs=${FUZZ_LOGS:-fuzz/artifacts/logs}
sanitizer=${FUZZ_SANITIZER:-address}
mkdir -p "$logs"
export RUSTC_BOOTSTRAP=1

# Each target's seeds, dictionary and libFuzzer options. The readers and the splitter get
# inputs of any length up to 4 KiB from the start (-len_control=0): a paragraph is cut at
# sentences only past 1000 bytes. The parser grows its inputs the usual way.
declare -A seeds=(
    [query_parse]=fuzz/seeds/query [read_dated]=fuzz/seeds/dated [read_frontmatter]=fuzz/seeds/frontmatter
    [read_jsonl]=fuzz/seeds/jsonl [read_any]=fuzz/seeds [passages]=fuzz/seeds/passages
)
declare -A dicts=(
    [query_parse]=fuzz/dicts/query.dict [read_dated]=fuzz/dicts/formats.dict
    [read_frontmatter]=fuzz/dicts/formats.dict [read_jsonl]=fuzz/dicts/formats.dict
    [read_any]=fuzz/dicts/formats.dict [passages]=fuzz/dicts/formats.dict
)

status=0
for target in "${targets[@]}"; do
    # Built first, so that the time below is the fuzzing's alone.
    cargo fuzz build -a -s "$sanitizer" --target-dir "$target_dir" "$target"
    length="-len_control=0"
    [ "$target" = query_parse ] && length=""
    mkdir -p "fuzz/corpus/$target"
    start=$(date +%s%N)
    set +e
    cargo fuzz run -a -s "$sanitizer" --target-dir "$target_dir" "$target" "fuzz/corpus/$target" "${seeds[$target]}" -- \
        -runs="$runs" -max_len=4096 $length -dict="${dicts[$target]}" -print_final_stats=1 \
        >"$logs/$target.log" 2>&1
    code=$?
    set -e
    millis=$((($(date +%s%N) - start) / 1000000))
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$logs/$target.log" | tail -1 || true)
    executed=$(grep -E '^stat::number_of_executed_units:' "$logs/$target.log" | awk '{print $2}' || true)
    printf '%-17s runs=%-9s executed=%-9s wall=%d.%03ds exit=%s  %s\n' \
        "$target" "$runs" "${executed:-?}" $((millis / 1000)) $((millis % 1000)) "$code" "${done_line:-see $logs/$target.log}"
    [ "$code" -eq 0 ] || status=1
done
exit $status
