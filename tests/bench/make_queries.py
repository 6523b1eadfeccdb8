#!/usr/bin/env python3
"""make_queries.py: build the benchmark's fixed query list from real text.

Reads the first N documents (default 20,000) of the baomoi news corpus and
writes tests/bench/queries.txt, one plain query per line: words only, no
operators, so that every engine answers the same question.  The mix:

  - 1-, 2- and 3-syllable n-grams taken from titles and bodies, frequent
    (long posting lists) and mid-frequency ones (short lists);
  - names: runs of 2-3 capitalised syllables (people, places, bodies such
    as "Hà Nội", "Nguyễn Xuân Phúc"), and a few fixed office and
    administrative phrases ("Phó Chủ tịch", "UBND tỉnh") when present;
  - a few numbers ("2017", "1.000").

In every group half the queries keep their diacritics and half are folded
the way a user types without marks: NFD, combining marks dropped, đ/Đ
mapped to d/D (đ has no decomposition).  Folded queries are drawn only from
n-grams that carry marks (so folding changes them), and so are the queries
kept with marks: the two halves are the same kind of text.

Deterministic: a fixed seed and count-then-key ordering; the same corpus
gives the same file.  Standard library only:

    python3 tests/bench/make_queries.py [--corpus PATH] [--docs 20000]
"""
import argparse
import collections
import gzip
import itertools
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.join(REPO, "..", "shared", "corpus",
                              "vi-news-baomoi-2017.jsonl.gz")
SEED = 20170606

# A phrase stops at punctuation; inside it, words are separated by spaces.
PHRASE_SPLIT = re.compile(r"[^\w\s]+|\n")
WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")

# Fixed phrases from the corpus README (what users of the product look up);
# kept only if the corpus has them.
FIXED = ["Phó Chủ tịch", "UBND tỉnh", "Nghị quyết", "tỷ đồng",
         "Chủ tịch UBND", "Thủ tướng Chính phủ", "Bộ trưởng",
         "Hội đồng nhân dân", "Công an huyện", "Sở Thông tin và Truyền thông"]
OFFICE_WORDS = {"Bộ", "Sở", "Ban", "Cục", "Viện", "Hội", "Tổng", "Công", "Ủy",
                "Uỷ", "Phó", "Chủ", "Thủ", "Trường", "Phòng", "Đảng", "Tòa",
                "Ngân", "Quỹ", "Tập", "Trung", "Học", "Nhà", "Đại"}
NUMBERS = ["2017", "1.000", "2016", "100", "2020", "500", "10.000", "30"]

# group: (rank window in the frequency list, queries with marks, folded)
PLAN = {
    "uni-frequent": ((0, 300), 20, 20),
    "uni-mid": ((1500, 6000), 15, 15),
    "bi-frequent": ((0, 500), 25, 25),
    "bi-mid": ((3000, 30000), 20, 20),
    "tri-frequent": ((0, 500), 15, 15),
    "tri-mid": ((3000, 30000), 15, 15),
    "names": ((0, 2000), 30, 30),
}


def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s)
                if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s)


def has_marks(s):
    return fold(s) != s


def is_syllable(w):
    return w.isalpha() and len(w) >= 2 and not w.isupper()


def is_name_syllable(w):
    return w.isalpha() and len(w) >= 2 and w[0].isupper() and w[1:].islower()


def read_docs(path, n):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, n):
            yield json.loads(line)


class Counts:
    """N-gram counts (lower-cased keys) plus capitalised runs as written."""

    def __init__(self):
        self.ngrams = {1: collections.Counter(), 2: collections.Counter(),
                       3: collections.Counter()}
        self.names = collections.Counter()
        self.numbers = collections.Counter()

    def add_text(self, text):
        for number in NUMBER.findall(text):
            self.numbers[number] += 1
        for phrase in PHRASE_SPLIT.split(text):
            words = WORD.findall(phrase)
            low = [w.lower() if is_syllable(w) else None for w in words]
            for n, counter in self.ngrams.items():
                for i in range(len(low) - n + 1):
                    gram = low[i:i + n]
                    if None not in gram:
                        counter[" ".join(gram)] += 1
            # Names: whole runs of 2-3 capitalised syllables, not at the
            # start of the phrase (a sentence's first word is capitalised
            # anyway), not opening with an office word ("Bộ Giáo" of "Bộ
            # Giáo dục" is no name).
            i = 1
            while i < len(words):
                j = i
                while j < len(words) and is_name_syllable(words[j]):
                    j += 1
                if 2 <= j - i <= 3 and words[i] not in OFFICE_WORDS:
                    self.names[" ".join(words[i:j])] += 1
                i = j + 1


def ranked(counter):
    """Keys by falling count, ties by key: a stable order."""
    return [k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def pick(rng, candidates, window, n_marked, n_folded, seen):
    lo, hi = window
    pool = candidates[lo:hi]
    rng.shuffle(pool)
    marked, folded = [], []
    for q in pool:
        if not has_marks(q) or q in seen:
            continue
        if len(marked) < n_marked:
            marked.append(q)
            seen.add(q)
        elif len(folded) < n_folded and fold(q) not in seen:
            folded.append(fold(q))
            seen.add(q)
            seen.add(fold(q))
        if len(marked) == n_marked and len(folded) == n_folded:
            break
    return marked, folded


def build(corpus, ndocs):
    counts = Counts()
    text_all = []
    for doc in read_docs(corpus, ndocs):
        counts.add_text(doc.get("title", ""))
        counts.add_text(doc.get("body", ""))
        text_all.append(doc.get("title", "") + "\n" + doc.get("body", ""))
    rng = random.Random(SEED)
    seen = set()
    out = []
    for group, (window, n_marked, n_folded) in PLAN.items():
        if group == "names":
            cands = ranked(counts.names)
        else:
            n = {"uni": 1, "bi": 2, "tri": 3}[group.split("-")[0]]
            cands = ranked(counts.ngrams[n])
        marked, folded = pick(rng, cands, window, n_marked, n_folded, seen)
        out += marked + folded
    # Fixed phrases: present in the text as written, both forms.
    blob = "\n".join(text_all)
    for phrase in FIXED:
        if blob.count(phrase) >= 5 and phrase not in seen:
            out += [phrase, fold(phrase)]
            seen.update([phrase, fold(phrase)])
    for number in NUMBERS:
        if counts.numbers[number] >= 5 and number not in seen:
            out.append(number)
            seen.add(number)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--out", default=os.path.join(HERE, "queries.txt"))
    args = ap.parse_args()
    queries = build(args.corpus, args.docs)
    if len(queries) < 240:
        sys.exit("make_queries: only %d queries" % len(queries))
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for q in queries:
            f.write(q + "\n")
    marked = sum(1 for q in queries if has_marks(q))
    print("%d queries (%d with diacritics) -> %s"
          % (len(queries), marked, args.out))


if __name__ == "__main__":
    main()
