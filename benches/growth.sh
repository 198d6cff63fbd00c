#!/usr/bin/env bash
# How dateline grows with the archive: for each size, a full build (wall time, throughput, peak
# RSS, index size, segments), a re-run with nothing changed, and one search process per query
# for a few queries of benches/queries.txt (median of hyperfine runs).
#
#   benches/growth.sh [ARTICLES...]      (default: 10000 100000; 1000000 takes about 15 minutes
#                                         and 9 GB of disk)
#
# Needs GNU time (/usr/bin/time), hyperfine and python3. The corpora are generated (seed 7) and
# cached in target/bench-corpus/N like benches/compare.sh does; the indexes go to
# target/bench-work/growth-N. Prints a table and writes it to benches/results/growth.txt.
# Timings are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 100000)
runs=${RUNS:-10}
for tool in /usr/bin/time hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "growth.sh: $tool is needed" >&2; exit 2; }
done

cargo build --profile release-lto -q --bin dateline --example gen_corpus
bin=$root/target/release-lto/dateline

# label|query|flags, from benches/queries.txt's mix.
queries=(
    "rare|tregrudrior|"
    "common|ba|"
    "and|flotion strva|"
    "or|flotion OR strva|"
    "phrase|\"cle gru\"|"
    "common+country|ba|--country Kenya"
    "common+date|ba|--from 2005 --to 2014"
)

header=$(printf '%-10s %8s %10s %6s %9s %10s %9s %19s' articles text "full build" "MB/s" "peak RSS" "index/text" segments "no-change re-run")
for q in "${queries[@]}"; do header+=$(printf ' %15s' "${q%%|*}"); done
rows=()
for n in "${sizes[@]}"; do
    corpus=$root/target/bench-corpus/$n
    stamp="$n 7 $(cksum <benches/support/generator.rs | cut -d' ' -f1)" # as benches/compare.sh
    if [[ ! -f $corpus.done ]] || [[ $(cat "$corpus.done") != "$stamp" ]]; then
        echo "== generating $n articles" >&2
        rm -rf "$corpus" "$corpus.done"
        mkdir -p "$(dirname "$corpus")"
        target/release-lto/examples/gen_corpus "$corpus" "$n" 7 >&2
        echo "$stamp" >"$corpus.done"
    fi
    index=$root/target/bench-work/growth-$n
    rm -rf "$index"
    mkdir -p "$(dirname "$index")"
    text_bytes=$(du -sb "$corpus" | cut -f1)

    echo "== $n: full build" >&2
    /usr/bin/time -f "%e %M" -o "$index.time" "$bin" index "$corpus" --index "$index" >/dev/null 2>&1
    read -r build_s build_kb <"$index.time"
    index_bytes=$(du -sb "$index" | cut -f1)
    segments=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["segments"]))' "$index/meta.json")

    echo "== $n: re-run with nothing changed" >&2
    /usr/bin/time -f "%e %M" -o "$index.time" "$bin" index "$corpus" --index "$index" >/dev/null 2>&1
    read -r rerun_s _ <"$index.time"
    rm -f "$index.time"

    row=$(python3 -c '
import sys
n, text, build_s, build_kb, index_b, segments, rerun_s = sys.argv[1:]
text, build_s, rerun_s = int(text), float(build_s), float(rerun_s)
print("%-10s %5.0f MB %8.1f s %6.1f %6d MB %10.2f %9s %9.2f s (%4.1f%%)" % (
    f"{int(n):,}", text / 1e6, build_s, text / 1e6 / build_s, int(build_kb) // 1024,
    int(index_b) / text, segments, rerun_s, 100 * rerun_s / build_s))
' "$n" "$text_bytes" "$build_s" "$build_kb" "$index_bytes" "$segments" "$rerun_s")

    for q in "${queries[@]}"; do
        IFS='|' read -r label query flags <<<"$q"
        echo "== $n: search $label" >&2
        # shellcheck disable=SC2086 # the flags are words
        hyperfine -N -w 3 -r "$runs" --export-json "$index.json" \
            "$(printf '%q ' "$bin" search "$query" --index "$index" -n 10 $flags)" >/dev/null 2>&1
        median=$(python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$index.json")
        row+=$(printf ' %12s ms' "$median")
    done
    rm -f "$index.json"
    rows+=("$row")
done

{
    echo "dateline growth: $(nproc) cores, generated corpus (examples/gen_corpus, seed 7), $(date -u '+%Y-%m-%d')"
    echo "command: benches/growth.sh ${sizes[*]}  (search: one process per run, median of $runs hyperfine runs)"
    echo
    echo "$header"
    printf '%s\n' "${rows[@]}"
} | tee benches/results/growth.txt
