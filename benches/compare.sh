#!/usr/bin/env bash
# dateline compared with tantivy-cli, SQLite FTS5 and ripgrep on the same generated corpus, in one
# run: indexing (wall time, throughput, peak RSS, index size), then the query mix of
# benches/queries.txt from the terminal (one process per query, every tool in turn), then
# dateline's in-process latency for the same mix (cargo bench --bench search).
#
#   benches/compare.sh [ARTICLES]        (default 10000; 100000 and 1000000 work too)
#
# Environment:
#   RUNS=15         timed runs of each query per tool
#   RG_RUNS=$RUNS   timed runs for ripgrep, which scans the whole corpus each time
#   TANTIVY_CLI     an existing tantivy-cli binary; otherwise it is installed with
#                   `cargo install tantivy-cli --root target/bench-tools` (a few minutes, once)
#
# Installs what is missing (sqlite3, ripgrep, GNU time with apt-get; tantivy-cli with cargo).
# A peer that cannot be installed or fails is reported as n/a; dateline itself must work.
# The corpus is cached in target/bench-corpus/N, the indexes are rebuilt on every run in
# target/bench-work/N. Prints one table and writes it to benches/results/compare-N.txt.
# Timings are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
articles=${1:-10000}
runs=${RUNS:-15}
rg_runs=${RG_RUNS:-$runs}
heap=$((256 * 1024 * 1024)) # dateline's default writer budget, given to tantivy-cli as well
[[ $articles =~ ^[1-9][0-9]*$ ]] || { echo "usage: benches/compare.sh [ARTICLES]" >&2; exit 2; }

say() { printf '== %s\n' "$*" >&2; }
warn() { printf 'compare.sh: warning: %s\n' "$*" >&2; }

# ---------------------------------------------------------------- 1. tools
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v rg >/dev/null || missing+=(ripgrep)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    { "${sudo[@]}" apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"; } >&2 ||
        warn "apt-get could not install ${missing[*]}"
fi
command -v python3 >/dev/null || { echo "compare.sh: python3 is needed" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "compare.sh: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

tantivy_ok=1 fts5_ok=1 rg_ok=1
tantivy=${TANTIVY_CLI:-}
if [[ -z $tantivy ]]; then
    tantivy=$root/target/bench-tools/bin/tantivy
    if [[ ! -x $tantivy ]]; then
        say "installing tantivy-cli into target/bench-tools (once; a few minutes)"
        # Not --locked: its lockfile pins traitobject 0.1.0, which no longer builds.
        cargo install tantivy-cli --root target/bench-tools >&2 || warn "cargo install tantivy-cli failed"
    fi
fi
[[ -x $tantivy ]] || { warn "no tantivy-cli at $tantivy: its rows are n/a"; tantivy_ok=0; }
sqlite=$(command -v sqlite3 || true)
if [[ -z $sqlite ]] || ! "$sqlite" :memory: "CREATE VIRTUAL TABLE t USING fts5(x); SELECT count(*) FROM fsdir('.') LIMIT 1;" >/dev/null 2>&1; then
    warn "no sqlite3 with FTS5 and fsdir(): its rows are n/a"
    fts5_ok=0
fi
rg=$(command -v rg || true)
[[ -n $rg ]] || { warn "no ripgrep: its rows are n/a"; rg_ok=0; }

# ---------------------------------------------------------------- 2. build and corpus
say "building dateline, gen_corpus and the search bench"
cargo build --profile release-lto -q --bin dateline --example gen_corpus
# The bench is built now and run later from its file, so that it reads the same sources as the
# dateline binary even if they are edited meanwhile.
bench_exe=$(cargo bench -q --bench search --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "search" and m.get("executable"):
        print(m["executable"])') || true
[[ -n $bench_exe ]] || warn "the search bench did not build: no in-process column"
dateline=$root/target/release-lto/dateline

# The corpus is reused while N.done records the same count, seed and generator source; a run
# stopped while generating leaves no N.done, so the next run starts it again.
corpus=$root/target/bench-corpus/$articles
stamp="$articles 7 $(cksum <benches/support/generator.rs | cut -d' ' -f1)"
if [[ ! -f $corpus.done ]] || [[ $(cat "$corpus.done") != "$stamp" ]]; then
    say "generating $articles articles into $corpus"
    rm -rf "$corpus" "$corpus.done"
    mkdir -p "$(dirname "$corpus")"
    target/release-lto/examples/gen_corpus "$corpus" "$articles" 7
    echo "$stamp" >"$corpus.done"
fi
files=$(find "$corpus" -type f | wc -l)
corpus_bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
[[ $files -eq $articles ]] || { echo "compare.sh: $corpus holds $files files, expected $articles" >&2; exit 1; }

state=$root/target/bench-work/$articles # the indexes, kept after the run for inspection
mkdir -p "$state"
work=$(mktemp -d "$state/tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT

{
    printf 'dateline %s' "$("$dateline" --version | awk '{ print $2 }')"
    ((tantivy_ok)) && printf ', tantivy-cli %s' "$("$tantivy" --version | awk '{ print $2 }')"
    ((fts5_ok)) && printf ', sqlite3 %s' "$("$sqlite" --version | awk '{ print $1 }')"
    ((rg_ok)) && printf ', ripgrep %s' "$("$rg" --version | head -1 | awk '{ print $2 }')"
    echo
} >"$work/versions.txt"

# ---------------------------------------------------------------- 3. indexing
# measure TOOL INDEX_PATH COMMAND...: runs COMMAND under GNU time and appends
# `TOOL ok|failed WALL_S PEAK_KB INDEX_BYTES` to indexing.tsv. Stdin is the caller's.
measure() {
    local tool=$1 index=$2
    shift 2
    if /usr/bin/time -f '%e %M' -o "$work/time.$tool" "$@" >"$work/index-$tool.log" 2>&1; then
        read -r seconds kb <"$work/time.$tool"
        echo "$tool ok $seconds $kb $(du -sb "$index" | cut -f1)" >>"$work/indexing.tsv"
    else
        warn "$tool indexing failed:"
        tail -5 "$work/index-$tool.log" >&2
        echo "$tool failed 0 0 0" >>"$work/indexing.tsv"
        return 1
    fi
}
: >"$work/indexing.tsv"
sync

say "indexing: dateline"
rm -rf "$state/dateline"
measure dateline "$state/dateline" "$dateline" index "$corpus" --index "$state/dateline"

if ((tantivy_ok)); then
    say "indexing: tantivy-cli (converting the corpus to JSON first, not timed)"
    rm -rf "$state/tantivy"
    mkdir -p "$state/tantivy"
    # `tantivy new` asks its questions interactively, so the schema is written here: id (string,
    # stored), date (indexed, fast), body (default tokenizer, positions, not stored).
    cat >"$state/tantivy/meta.json" <<'EOF'
{
  "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
  "segments": [],
  "schema": [
    {"name": "id", "type": "text",
     "options": {"indexing": {"record": "basic", "fieldnorms": false, "tokenizer": "raw"}, "stored": true, "fast": false}},
    {"name": "date", "type": "date",
     "options": {"indexed": true, "fieldnorms": false, "fast": true, "stored": false, "precision": "seconds"}},
    {"name": "body", "type": "text",
     "options": {"indexing": {"record": "position", "fieldnorms": true, "tokenizer": "default"}, "stored": false, "fast": false}}
  ],
  "opstamp": 0
}
EOF
    python3 benches/compare.py tantivy-docs "$corpus" "$work/docs.jsonl"
    sync
    measure tantivy "$state/tantivy" "$tantivy" index -i "$state/tantivy" -t 2 -m "$heap" <"$work/docs.jsonl" || tantivy_ok=0
    rm -f "$work/docs.jsonl"
fi

if ((fts5_ok)); then
    say "indexing: SQLite FTS5"
    rm -f "$state/fts5.db" "$state/fts5.db-journal"
    python3 benches/compare.py fts5-load "$corpus" >"$work/load.sql"
    measure fts5 "$state/fts5.db" "$sqlite" "$state/fts5.db" <"$work/load.sql" || fts5_ok=0
    if ((fts5_ok)) && [[ $(tail -1 "$work/index-fts5.log") != "$articles" ]]; then
        warn "FTS5 loaded $(tail -1 "$work/index-fts5.log") articles, expected $articles"
    fi
fi
((rg_ok)) && echo "rg ok 0 0 0" >>"$work/indexing.tsv"

# ---------------------------------------------------------------- 4. search from the terminal
common=(--work "$work" --queries benches/queries.txt --corpus "$corpus" --runs "$runs" --rg-runs "$rg_runs"
    --dateline "$dateline" --dateline-index "$state/dateline"
    --tantivy "$tantivy" --tantivy-index "$state/tantivy" --tantivy-ok "$tantivy_ok"
    --sqlite3 "${sqlite:-sqlite3}" --fts5-db "$state/fts5.db" --fts5-ok "$fts5_ok"
    --rg "${rg:-rg}" --rg-ok "$rg_ok" --root "$root")
say "searching: the query mix, $runs runs per query and tool (ripgrep $rg_runs)"
python3 benches/compare.py search "${common[@]}"

# ---------------------------------------------------------------- 5. in-process latency
say "in-process latency: cargo bench --bench search -- article_scope, on the same index"
# What `DATELINE_BENCH_INDEX=... cargo bench --bench search -- article_scope` runs, without rebuilding.
if [[ -n $bench_exe ]]; then
    DATELINE_BENCH_INDEX=$state/dateline "$bench_exe" --bench article_scope >"$work/divan.txt" ||
        warn "the search bench failed: no in-process column"
fi

# ---------------------------------------------------------------- 6. the table
mkdir -p benches/results
python3 benches/compare.py report "${common[@]}" --divan "$work/divan.txt" --out "benches/results/compare-$articles.txt" \
    --articles "$articles" --files "$files" --corpus-bytes "$corpus_bytes"
say "written to benches/results/compare-$articles.txt"
