"""tc.py: what the end-to-end tests share.

Paths to the built programs and the data (from the environment CTest sets:
TC_BIN, TC_SRC, TC_SHARED), running the programs, and building a temporary
index.  Standard library only, so the tests need nothing but python3.
"""
import contextlib
import gzip
import http.client
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("TC_SRC", os.path.dirname(os.path.dirname(HERE)))
BIN = os.environ.get("TC_BIN", os.path.join(SRC, "build"))
SHARED = os.environ.get("TC_SHARED", os.path.join(SRC, "..", "shared"))
INDEX = os.path.join(BIN, "indexer", "tracuu-index")
SEARCH = os.path.join(BIN, "searcher", "tracuu-search")
SERVER = os.path.join(BIN, "searcher", "tracuu-server")
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


def summary(stderr):
    """The counts of tracuu-index's summary line."""
    m = re.search(r"(\d+) added, (\d+) replaced, (\d+) unchanged, "
                  r"(\d+) deleted, (\d+) failed", stderr)
    assert m, stderr
    return dict(zip(("added", "replaced", "unchanged", "deleted", "failed"),
                    map(int, m.groups())))


def run_peak(args, label=None):
    """Run a program to its end, sampling its peak resident memory
    (VmHWM) every 10 ms.  Returns (exit status, stderr, peak in MB);
    with label, prints the time and the peak."""
    t0 = time.time()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    err = []
    reader = threading.Thread(target=lambda: err.append(p.stderr.read()))
    reader.start()
    peak = 0
    while p.poll() is None:
        try:
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.01)
    reader.join()
    p.stderr.close()
    if label:
        print("%s: %.1f s, peak RSS %.0f MB" % (label, time.time() - t0,
                                              peak / 1024))
    return p.returncode, err[0].decode("utf-8", "replace"), peak / 1024


@contextlib.contextmanager
def serve(db, *opts, log=os.devnull):
    """tracuu-server on a free loopback port for the with block, which
    gets (port, process); stopped (SIGTERM) at its end."""
    with open(log, "w") as logf:
        p = subprocess.Popen([SERVER, "--db", db, "--port", "0", *opts],
                             stdout=subprocess.PIPE, stderr=logf, text=True)
        try:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/",
                          p.stdout.readline())
            assert m, "the server did not start"
            yield int(m.group(1)), p
        finally:
            if p.poll() is None:
                p.terminate()
            p.wait(timeout=10)
            p.stdout.close()


def http_get(port, path, headers=None, timeout=30):
    """GET path on the loopback port: (status, headers, body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body
    finally:
        c.close()


def clean_build(tmp, n, batch):
    """The first n baomoi documents in tmp/in.jsonl and their clean build
    (tmp/clean.db, parts left unmerged: --no-compact).  Returns (the
    input, {id: position in it}, part_ids of the build, seconds it took)."""
    src = os.path.join(tmp, "in.jsonl")
    slice_jsonl(shared("vi-news-baomoi-2017.jsonl.gz"), src, n)
    with open(src, encoding="utf-8") as f:
        order = {json.loads(l)["id"]: i for i, l in enumerate(f)}
    clean = os.path.join(tmp, "clean.db")
    t0 = time.time()
    index(clean, src, extra=["--quiet", "--no-compact", "--batch",
                             str(batch)])
    took = time.time() - t0
    return src, order, part_ids(clean, order), took


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


def stub_dbs(db):
    """The databases an index's stub (XAPIANDB) lists, as paths."""
    with open(os.path.join(db, "XAPIANDB")) as f:
        return [os.path.join(db, line.split()[1])
                for line in f if line.strip()]


def ids_of(path):
    """The ids in a database or index, from its Q terms (xapian-delve)."""
    p = run(["xapian-delve", "-1", "-A", "Q", path])
    return [t[1:] for t in p.stdout.split("\n")[1:] if t.startswith("Q")]


def part_ids(db, order):
    """{part name: its ids in input order} of an index built with
    --no-compact (order: id -> position in the input)."""
    return {os.path.basename(p).split(".")[0]: sorted(ids_of(p), key=order.get)
            for p in stub_dbs(db)}


def check_committed(test, db, parts, order, batch, where=""):
    """Check that the index db, left by a run that did not finish, opens
    and holds exactly the batches committed: every database the stub lists
    passes xapian-check; each part holds a prefix (in input order) of what
    the same part holds in a clean build (parts, from part_ids), a whole
    number of batches long or the whole part; a merged database holds
    everything.  Returns the number of documents."""
    total = 0
    for path in stub_dbs(db):
        run(["xapian-check", path])
        have = sorted(ids_of(path), key=order.get)
        name = os.path.basename(path)
        if name.startswith("part"):
            want = parts[name.split(".")[0]]
            test.assertEqual(have, want[:len(have)],
                             "%s: %s is not a prefix" % (where, name))
            test.assertTrue(len(have) % batch == 0 or len(have) == len(want),
                            "%s: %s holds %d documents" %
                            (where, name, len(have)))
        else:
            test.assertEqual(set(have), set(order), where)
        total += len(have)
    test.assertIn("results", search(db, "năm"))
    return total


class TempDirTest(unittest.TestCase):
    """A test case with a temporary directory, removed afterwards."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="tracuu-e2e-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
