#!/usr/bin/env python3
"""How often all-capital abbreviations occur in the shared corpora, and
which the abbreviation table (indexer/entities_abbr.c) holds.

    python3 tests/eval/abbr_frequencies.py [--corpus ../shared/corpus] [--top 150]

Reads the first 20,000 baomoi articles, the 2,653 dantri articles and the
510 official documents of 2025; counts tokens written in capitals (two
letters or more, joined by & or -: "TT&TT", "KT-XH"); prints the most
frequent with a mark for those in the table.  This is how the table was
chosen; the coccoc acronym list (LGPL-3.0) was only read to check
spellings.  Python's standard library only.
"""
import argparse
import collections
import gzip
import json
import os
import re
import sys

CAPS = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
TOKEN = re.compile(r"(?<![\w&\-.])([%s][%s]*(?:[&\-][%s]+)*)(?![\w&\-])"
                   % (CAPS, CAPS + "y", CAPS))
DRAW = [("vi-news-baomoi-2017.jsonl.gz", 20000),
        ("vi-news-dantri-unc-2021.jsonl.gz", 3000),
        ("vi-legal-official-2025.jsonl.gz", 1000)]


def table_keys(src):
    path = os.path.join(src, "indexer", "entities_abbr.c")
    text = open(path, encoding="utf-8").read()
    return set(re.findall(r'\{"[^"]+", "[^"]+",\s*"([^"]+)"', text))


def fold_key(s):
    import unicodedata
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]", "", s.lower())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus",
                    default=os.path.join(src, "..", "shared", "corpus"))
    ap.add_argument("--top", type=int, default=150)
    args = ap.parse_args()

    counts = collections.Counter()
    for name, limit in DRAW:
        with gzip.open(os.path.join(args.corpus, name), "rt",
                       encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                body = json.loads(line).get("body") or ""
                for m in TOKEN.findall(body):
                    if len(re.sub(r"[&\-]", "", m)) >= 2:
                        counts[fold_key(m)] += 1
    keys = table_keys(src)
    shown = 0
    for key, n in counts.most_common():
        if shown >= args.top:
            break
        print("%7d  %-12s %s" % (n, key, "in table" if key in keys else ""))
        shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
