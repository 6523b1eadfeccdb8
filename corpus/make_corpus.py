#!/usr/bin/env python3
"""make_corpus.py: regenerate tracuu's small default corpus from ../shared/corpus.

The default corpus lets the demo run offline in seconds on licence-clean
text.  This script copies and selects; it never edits a document:

  seeds/*.txt                 the five seed articles, byte for byte
  legal-official-2025.jsonl   the documents of vi-legal-official-2025 whose
                              source starts with "github:dvhcvn/" (MIT)
  legal-laws.jsonl            the laws listed in LAWS below, taken from
                              vi-legal-vlc-laws (GPL-3.0 data; legal
                              normative documents are not copyrighted)

Output lines keep the input's order and fields, written as compact JSON with
ensure_ascii=False.  Running it twice gives the same bytes.  Standard library
only; usage:

    python3 corpus/make_corpus.py [--shared ../shared/corpus] [--out corpus]
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_SHARED = os.path.join(REPO, "..", "shared", "corpus")

OFFICIAL_IN = "vi-legal-official-2025.jsonl.gz"
OFFICIAL_OUT = "legal-official-2025.jsonl"
OFFICIAL_PREFIX = "github:dvhcvn/"
OFFICIAL_COUNT = 36

LAWS_IN = "vi-legal-vlc-laws.jsonl.gz"
LAWS_OUT = "legal-laws.jsonl"
# Ten laws that people look things up in (constitution, land, housing,
# family, residence, traffic, education, press, IT, government), chosen by
# hand to keep the whole corpus under ~3 MB.  Ids as in the source file.
LAWS = [
    "vlc-hien-phap",
    "vlc-luat-dat-dai",
    "vlc-luat-nha-o",
    "vlc-luat-hon-nhan-va-gia-dinh",
    "vlc-luat-cu-tru",
    "vlc-luat-giao-thong-duong-bo",
    "vlc-luat-giao-duc",
    "vlc-luat-bao-chi",
    "vlc-luat-cong-nghe-thong-tin",
    "vlc-luat-to-chuc-chinh-phu",
]

MAX_TOTAL_BYTES = 4 * 1000 * 1000


def read_jsonl_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")))
            f.write("\n")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def copy_seeds(shared, out):
    src = os.path.join(shared, "seeds")
    dst = os.path.join(out, "seeds")
    os.makedirs(dst, exist_ok=True)
    names = sorted(n for n in os.listdir(src) if n.endswith(".txt"))
    for n in names:
        shutil.copyfile(os.path.join(src, n), os.path.join(dst, n))
    return [os.path.join(dst, n) for n in names]


def select_official(shared, out):
    docs = [d for d in read_jsonl_gz(os.path.join(shared, OFFICIAL_IN))
            if d.get("source", "").startswith(OFFICIAL_PREFIX)]
    if len(docs) != OFFICIAL_COUNT:
        sys.exit("make_corpus: expected %d dvhcvn documents, found %d"
                 % (OFFICIAL_COUNT, len(docs)))
    path = os.path.join(out, OFFICIAL_OUT)
    write_jsonl(path, docs)
    return path


def select_laws(shared, out):
    wanted = set(LAWS)
    docs = [d for d in read_jsonl_gz(os.path.join(shared, LAWS_IN))
            if d.get("id") in wanted]
    missing = wanted - {d["id"] for d in docs}
    if missing:
        sys.exit("make_corpus: laws not found: %s" % ", ".join(sorted(missing)))
    path = os.path.join(out, LAWS_OUT)
    write_jsonl(path, docs)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=DEFAULT_SHARED,
                    help="the shared corpus directory (default: %(default)s)")
    ap.add_argument("--out", default=HERE,
                    help="where to write (default: this script's directory)")
    args = ap.parse_args()

    files = copy_seeds(args.shared, args.out)
    files.append(select_official(args.shared, args.out))
    files.append(select_laws(args.shared, args.out))

    total = 0
    for p in files:
        size = os.path.getsize(p)
        total += size
        print("%10d  %s  %s" % (size, sha256(p)[:16],
                                os.path.relpath(p, args.out)))
    print("%10d  total" % total)
    if total > MAX_TOTAL_BYTES:
        sys.exit("make_corpus: %d bytes is over the %d byte budget"
                 % (total, MAX_TOTAL_BYTES))


if __name__ == "__main__":
    main()
