#!/usr/bin/env python3
"""Time of `dateline collocates` and `dateline keywords` from the terminal, one process per run.

    benches/word_statistics.py CORPUS_DIR INDEX_DIR [--dateline BIN] [--runs N]

INDEX_DIR must be an index of CORPUS_DIR (`dateline index CORPUS_DIR --index INDEX_DIR`). The
script picks, among the words of the corpus's first files, a common word (in the share of
articles closest to one in ten) and a rare one (closest to one in a thousand), by asking
dateline how many articles hold each. Then it runs, N times each (5 by default):

- the collocates of the common word, and by year;
- the collocates of the rare word;
- the keywords of the common word's articles (a tenth of the archive) against the rest;
- the keywords of one year against another year, and the under-represented words of that year.

It prints the median and slowest wall time and the peak RSS of each, and the index's size against
the corpus's text. Nothing is asserted.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

WORD = re.compile(r"[a-z]{4,}")


def articles_holding(dateline, index, word):
    out = subprocess.run(
        [dateline, "search", word, "--index", index, "--limit", "0", "--json"],
        capture_output=True, text=True, check=False,
    ).stdout
    for line in out.splitlines():
        record = json.loads(line)
        if record.get("type") == "summary":
            return record["total"]
    return 0


def timed(command, runs):
    """Median and slowest wall time in seconds, peak RSS in MB, and the first run's output lines."""
    walls, peak, lines = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True, check=False
        )
        walls.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed: {result.stderr}")
        peak = max(peak, int(result.stderr.strip().splitlines()[-1]) / 1024)
        lines = lines or len(result.stdout.splitlines())
    return statistics.median(walls), max(walls), peak, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("index")
    parser.add_argument("--dateline", default="target/release/dateline")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(args.corpus) for f in fs)
    text_bytes = sum(os.path.getsize(f) for f in files)
    index_bytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.index) for f in fs)
    info = json.loads(subprocess.run(
        [args.dateline, "status", "--index", args.index, "--json"], capture_output=True, text=True, check=False
    ).stdout or "{}")
    articles = info.get("articles") or len(files)

    words = set()
    for path in files[:40]:
        with open(path, encoding="utf-8", errors="replace") as handle:
            words.update(WORD.findall(handle.read().lower()))
    counts = {word: articles_holding(args.dateline, args.index, word) for word in sorted(words)[:400]}
    common = min(counts, key=lambda w: abs(counts[w] - articles / 10))
    rare = min(counts, key=lambda w: abs(counts[w] - articles / 1000) if counts[w] else articles)

    base = ["--index", args.index, "--format", "csv"]
    cases = [
        (f"collocates of `{common}` ({counts[common]:,} articles)", ["collocates", common]),
        (f"collocates of `{common}` --by year", ["collocates", common, "--by", "year"]),
        (f"collocates of `{rare}` ({counts[rare]:,} articles)", ["collocates", rare]),
        (f"keywords of `{common}` against the rest", ["keywords", common]),
        ("keywords of 2015 against 2005", ["keywords", "date:2015", "--reference", "date:2005"]),
        ("keywords of 2015 against 2005 --negative", ["keywords", "date:2015", "--reference", "date:2005", "--negative"]),
    ]
    print(f"archive: {articles:,} articles, {text_bytes / 1e6:.1f} MB of text; index {index_bytes / 1e6:.1f} MB "
          f"({index_bytes / text_bytes:.2f}x the text)")
    print(f"{'command':<48} {'median':>8} {'slowest':>8} {'peak RSS':>9} {'rows':>5}")
    for label, command in cases:
        median, slowest, peak, lines = timed([args.dateline] + command + base, args.runs)
        print(f"{label:<48} {median:>7.3f}s {slowest:>7.3f}s {peak:>7.0f}MB {max(lines - 1, 0):>5}")


if __name__ == "__main__":
    main()
