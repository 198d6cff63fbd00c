#!/usr/bin/env python3
"""Hit counts of dateline against a brute-force whole-word search of the same corpus.

    benches/whole_words.py CORPUS_DIR INDEX_DIR [--dateline BIN] [QUERY ...]

Reads every dated-text file of CORPUS_DIR (`date YYYY-MM-DD` then the body), splits its body into
whole words the way grep -w and SQLite FTS5 do (runs of letters and digits, case-insensitive), and
counts the articles that hold every word of each query. Then asks dateline for the same queries
(`dateline search QUERY --index INDEX_DIR --limit 0 --json`) and prints both counts side by side,
with what dateline misses and what it finds beyond the brute force.

Without queries, it takes the 12 words found most often *only* inside a run that Unicode word
segmentation (UAX #29) keeps whole (`...cle.Gru...`: two sentences glued by a lost space), each
alone and then in pairs, so a corpus written with `gen_corpus ... --glue-every K` is checked where
gluing bites. Exits 1 when a count differs.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

WORD = re.compile(r"[^\W_]+")
GLUED = re.compile(r"[a-z]\.([A-Z][a-z]+)")
# Words as UAX #29 keeps them: letters and digits, joined by `.`, `:` or `'` between two of them.
UAX29 = re.compile(r"[^\W_]+(?:[.:'][^\W_]+)*")


def articles(root):
    """(relative path, body) of every file under root, in a stable order."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            body = text.split(" ", 2)[2] if text.startswith("date ") else text
            yield os.path.relpath(path, root), body


def dateline_total(binary, index, query):
    out = subprocess.run(
        [binary, "search", query, "--index", index, "--limit", "0", "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    summary = json.loads(out.strip().splitlines()[-1])
    return summary["total"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("index")
    parser.add_argument("--dateline", default="target/release/dateline")
    parser.add_argument("queries", nargs="*")
    args = parser.parse_args()

    started = time.time()
    words_of = {}
    glued = collections.Counter()
    only_glued = collections.Counter()
    for path, body in articles(args.corpus):
        lower = body.lower()
        words = words_of[path] = set(WORD.findall(lower))
        glued.update(match.lower() for match in GLUED.findall(body))
        only_glued.update(words - set(UAX29.findall(lower)))
    top = [word for word, _ in only_glued.most_common(12)]
    queries = args.queries or top + [f"{a} {b}" for a, b in zip(top[::2], top[1::2])]
    print(f"{len(words_of):,} articles read in {time.time() - started:.1f} s; "
          f"{sum(glued.values()):,} glued sentence joins (a lower-case letter, '.', a capitalised word)")
    print(f"{'query':<28} {'brute force':>12} {'dateline':>10} {'missed':>8} {'beyond':>8}")
    differ = False
    for query in queries:
        words = WORD.findall(query.lower())
        brute = sum(1 for held in words_of.values() if all(w in held for w in words))
        found = dateline_total(args.dateline, args.index, query)
        missed, beyond = max(brute - found, 0), max(found - brute, 0)
        differ |= found != brute
        print(f"{query:<28} {brute:>12,} {found:>10,} {missed:>8,} {beyond:>8,}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
