"""tc.py: what the end-to-end tests share.

Paths to the built programs and the data (from the environment CTest sets:
TC_BIN, TC_SRC, TC_SHARED), running the programs, and building a temporary
index.  Standard library only, so the tests need nothing but python3.
"""
import gzip
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TC_SRC", os.path.dirname(os.path.dirname(HERE)))
BIN = os.environ.get("TC_BIN", os.path.join(SRC, "build"))
SHARED = os.environ.get("TC_SHARED", os.path.join(SRC, "..", "shared"))
INDEX = os.path.join(BIN, "indexer", "tracuu-index")
SEARCH = os.path.join(BIN, "searcher", "tracuu-search")
DATA = os.path.join(SRC, "tests", "data")
CORPUS = os.path.join(SRC, "corpus")


def run(args, input=None, check=True, timeout=600):
    """Run a program; returns the CompletedProcess (text mode)."""
    p = subprocess.run(args, input=input, capture_output=True, text=True,
                       timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("%s exited %d\nstdout: %s\nstderr: %s" %
                             (args, p.returncode, p.stdout[-2000:],
                              p.stderr[-2000:]))
    return p


def index(db, *inputs, check=True, extra=()):
    return run([INDEX, "--db", db, *extra, *inputs], check=check)


def search(db, query, *opts):
    """Search with --json; returns the parsed object."""
    p = run([SEARCH, "--db", db, "--json", *opts, query])
    return json.loads(p.stdout)


def ids(result):
    return [r["id"] for r in result["results"]]


def shared(name):
    """Path of a shared corpus file, or None when ../shared is absent."""
    p = os.path.join(SHARED, "corpus", name)
    return p if os.path.exists(p) else None


def slice_jsonl(src, dst, n):
    """Write the first n documents of a .jsonl.gz file to dst."""
    with gzip.open(src, "rt", encoding="utf-8") as f, \
            open(dst, "w", encoding="utf-8") as out:
        for line in itertools.islice(f, n):
            out.write(line)


def standard_inputs(tmp, baomoi_docs=0):
    """The inputs of the e2e indexes: the default corpus and the ranking
    fixtures, and, when ../shared is there, the Dân Trí corpus and (with
    baomoi_docs) the first baomoi_docs baomoi documents, sliced into tmp.
    Returns (inputs, whether those shared corpora are in)."""
    inputs = [CORPUS, os.path.join(DATA, "e2e", "ranking.jsonl")]
    dantri = shared("vi-news-dantri-unc-2021.jsonl.gz")
    baomoi = shared("vi-news-baomoi-2017.jsonl.gz") if baomoi_docs else None
    have = bool(dantri and (baomoi or not baomoi_docs))
    if have:
        inputs.append(dantri)
        if baomoi_docs:
            part = os.path.join(tmp, "baomoi.jsonl")
            slice_jsonl(baomoi, part, baomoi_docs)
            inputs.append(part)
    return inputs, have


class TempDirTest(unittest.TestCase):
    """A test case with a temporary directory, removed afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tracuu-e2e-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
