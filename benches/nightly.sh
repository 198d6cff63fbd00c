#!/usr/bin/env bash
# Nightly re-runs, measured: a full build of a generated corpus, a re-run with nothing changed,
# a re-run after 1% of the files changed, and a --rebuild; then peak memory on a corpus holding
# one 200 MB article (skipped unread by default, and read with --max-article-size 256).
#
#   benches/nightly.sh [ARTICLES]        (default 20000; needs GNU time at /usr/bin/time)
#
# Prints a table and writes it to benches/results/nightly.txt. Timings are never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-20000}
cargo build --profile release-lto -q --bin dateline --example gen_corpus
bin=target/release-lto/dateline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

target/release-lto/examples/gen_corpus "$work/corpus" "$articles" 2>/dev/null
corpus_mb=$(du -sm "$work/corpus" | cut -f1)

# run LABEL COMMAND...: times a command with GNU time and appends a row.
rows=()
run() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
    read -r seconds kb < "$work/time"
    rows+=("$(printf '%-34s %9.2f s %9d MB' "$label" "$seconds" $((kb / 1024)))")
}

run "full build ($articles articles)" "$bin" index "$work/corpus" --index "$work/index"
run "re-run, nothing changed" "$bin" index "$work/corpus" --index "$work/index"
changed=$((articles / 100))
find "$work/corpus" -name '*.txt' | sort > "$work/files"
head -n "$changed" "$work/files" | while read -r file; do
    printf '\n\nA correction was appended to this article.\n' >> "$file"
done
run "re-run, 1% changed ($changed files)" "$bin" index "$work/corpus" --index "$work/index"
run "--rebuild" "$bin" index "$work/corpus" --index "$work/index" --rebuild

mkdir -p "$work/huge"
{ printf 'date 2021-01-01 '; yes 'The delegates met again on Tuesday and agreed on a short statement about grain.' | head -c 200000000 || true; } > "$work/huge/huge.txt"
run "200 MB article, skipped (default)" "$bin" index "$work/huge" --index "$work/huge-index-1"
run "200 MB article, read (limit 256 MB)" "$bin" index "$work/huge" --index "$work/huge-index-2" --max-article-size 256

{
    echo "dateline nightly re-runs: $articles articles, $corpus_mb MB of text, $(nproc) cores, $(date -u +%Y-%m-%d)"
    printf '%-34s %11s %12s\n' "run" "wall time" "peak RSS"
    printf '%s\n' "${rows[@]}"
} | tee benches/results/nightly.txt
