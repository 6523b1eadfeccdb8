"""End-to-end: an index split into shards, each served by its own
xapian-tcpsrv on a loopback port, searched as one through a Xapian stub
file ("remote HOST:PORT" lines), against the single index built from the
same documents: the same ids in the same order, with the same snippets,
entities and facets.  Then one shard is stopped (SIGSTOP: slow) and killed
(down): the answer comes from the shards that answered, within the shard
timeout, and says which are missing."""
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import unittest
import urllib.parse

import tc

TCPSRV = shutil.which("xapian-tcpsrv")
NSHARDS = 3

# Queries of every kind the searcher builds: with and without diacritics,
# phrases, boolean syntax, titles, each entity field, a figure range (a
# match decider locally, a filter of ours over remote shards), filters,
# date order, paging and a query no document has every word of.
QUERIES = [
    ("thông tin", []), ("thong tin", []), ("Thanh Hóa", []),
    ("thanh hoa", []), ("\"thuê bao\"", []), ("thue bao internet", []),
    ("công nghệ thông tin", []), ("ủy ban nhân dân", []), ("UBND", []),
    ("giáo dục OR y tế", []), ("học sinh -trường", []),
    ("title:\"Hà Nội\"", []), ("dau thanh tung", []), ("le anh tuan", []),
    ("official:\"Lê Anh Tuấn\"", []), ("doc:36a/NQ-CP", []),
    ("type:\"nghị quyết\"", []), ("place:\"Hà Nội\"", []),
    ("date:2021", []), ("figure:\"đồng\">1000000000", []),
    ("figure:\"người\">=100 dịch", []), ("tỷ đồng", ["--offset", "10"]),
    ("bệnh viện", ["--sort", "date"]), ("vaccine", ["--place", "Hà Nội"]),
    ("trường học", ["--from", "2021-01", "--to", "2021-06"]),
    ("xyzzy quốc hội", []), ("36a nq cp", []),
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, deadline=10.0):
    end = time.time() + deadline
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def comparable(o):
    """What must be the same whatever the layout: everything but timing,
    and scores to 9 significant digits."""
    o = dict(o)
    o.pop("took_ms", None)
    o["results"] = [dict(r, score=float("%.9g" % r["score"]))
                    for r in o["results"]]
    return o


REMOTE_FACET_DOCS = 100   # TC_FACET_DOCS_REMOTE


def without_facets(o):
    o = dict(o)
    o.pop("facets", None)
    return o


@unittest.skipUnless(TCPSRV, "xapian-tcpsrv (xapian-tools) is not installed")
class ShardsTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        inputs, cls.have_shared = tc.standard_inputs(cls.tmp)
        cls.single = os.path.join(cls.tmp, "single")
        cls.sharded = os.path.join(cls.tmp, "sharded")
        tc.index(cls.single, *inputs, extra=["--quiet"])
        tc.index(cls.sharded, *inputs, extra=["--quiet", "--shards",
                                              str(NSHARDS)])
        cls.shard_dirs = tc.stub_dbs(cls.sharded)
        assert len(cls.shard_dirs) == NSHARDS, cls.shard_dirs
        cls.srv = [None] * NSHARDS
        cls.ports = [0] * NSHARDS
        for i in range(NSHARDS):
            cls.start_shard(i)
        cls.stub = os.path.join(cls.tmp, "remote.stub")
        with open(cls.stub, "w") as f:
            f.write("# three shards, each served by xapian-tcpsrv\n")
            for p in cls.ports:
                f.write("remote 127.0.0.1:%d\n" % p)

    @classmethod
    def start_shard(cls, i):
        """Serve shard i (again, on the same port when it had one)."""
        for _ in range(5):
            port = cls.ports[i] or free_port()
            proc = subprocess.Popen(
                [TCPSRV, "--port", str(port), "--interface", "127.0.0.1",
                 "--quiet", cls.shard_dirs[i]],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)   # its children share its group
            if wait_port(port, proc):
                cls.srv[i], cls.ports[i] = proc, port
                return
            proc.kill()
            proc.wait()
            time.sleep(0.5)
        raise AssertionError("xapian-tcpsrv for shard %d did not start" % i)

    @classmethod
    def signal_shard(cls, i, sig):
        """sig to shard i's server and the children serving connections."""
        try:
            os.killpg(cls.srv[i].pid, sig)
        except ProcessLookupError:
            pass
        if sig == signal.SIGKILL:
            cls.srv[i].wait()

    @classmethod
    def tearDownClass(cls):
        for i in range(NSHARDS):
            if cls.srv[i]:
                cls.signal_shard(i, signal.SIGCONT)
                cls.signal_shard(i, signal.SIGKILL)
        super().tearDownClass()

    def search(self, db, q, opts=(), timeout_ms=None):
        extra = list(opts) + ["--limit", "20"]
        if timeout_ms:
            extra += ["--shard-timeout", str(timeout_ms)]
        return tc.search(db, q, *extra)

    def test_stub_syntax_is_the_installed_xapians(self):
        # the stub also opens with Xapian itself: our reading of it is
        # Xapian 1.4's ("remote HOST:PORT")
        try:
            import xapian
        except ImportError:
            self.skipTest("python3-xapian is not installed")
        self.assertEqual(xapian.Database(self.stub).get_doccount(),
                         xapian.Database(self.single).get_doccount())

    def test_same_answers_as_one_index(self):
        n_results = 0
        for q, opts in QUERIES:
            one = comparable(self.search(self.single, q, opts))
            local = comparable(self.search(self.sharded, q, opts))
            remote = comparable(self.search(self.stub, q, opts))
            self.assertFalse(remote["partial"], q)
            for name, got in (("local shards", local),
                              ("remote shards", remote)):
                self.assertEqual(tc.ids(got), tc.ids(one), (name, q, opts))
                if one["total_estimated"] <= 100:   # exact counts
                    self.assertEqual(got["total_estimated"],
                                     one["total_estimated"], (name, q))
                self.assertEqual(without_facets(got), without_facets(dict(
                    one, total_estimated=got["total_estimated"])),
                    (name, q, opts))
            self.assertEqual(local["facets"], one["facets"], q)
            self.check_remote_facets(remote["facets"], one["facets"], q)
            n_results += len(one["results"])
        self.assertGreater(n_results, 100)

    def check_remote_facets(self, got, one, q):
        """Over remote shards the facets count the best 100 matches (each
        document read is a round trip): the same as one index's when it
        counted no more, else a sample whose counts never exceed its."""
        if one["documents"] <= REMOTE_FACET_DOCS:
            self.assertEqual(got, one, q)
            return
        self.assertEqual((got["documents"], got["exact"]),
                         (REMOTE_FACET_DOCS, False), q)
        for kind, items in got.items():
            if not isinstance(items, list):
                continue
            full = {x["key"]: x["count"] for x in one[kind]}
            for x in items:
                if x["key"] in full:
                    self.assertLessEqual(x["count"], full[x["key"]], (q, x))

    def test_entities_and_facets_come_back(self):
        r = self.search(self.stub, "ủy ban nhân dân")
        self.assertTrue(r["results"])
        self.assertTrue(any(x["entities"] for x in r["results"]))
        self.assertTrue(any(r["facets"][k] for k in
                            ("officials", "legal_refs", "places", "years")))

    def server(self, db, *extra):
        """tracuu-server on db for the rest of the test: its port."""
        port, _ = self.enterContext(tc.serve(db, "--threads", "2", *extra))
        return port

    def get(self, port, path):
        status, _, body = tc.http_get(port, path)
        return status, json.loads(body)

    def test_server_over_remote_shards(self):
        one = self.server(self.single)
        rem = self.server(self.stub)
        for q in ("thông tin", "thanh hoa", "doc:36a/NQ-CP"):
            path = "/api/search?facets=1&" + urllib.parse.urlencode({"q": q})
            s1, a = self.get(one, path)
            s2, b = self.get(rem, path)
            self.assertEqual((s1, s2), (200, 200))
            self.assertEqual(without_facets(comparable(b)),
                             without_facets(comparable(a)), q)
            self.check_remote_facets(b["facets"], a["facets"], q)
        any_id = a["results"][0]["id"] if a["results"] else None
        st, h = self.get(rem, "/healthz")
        self.assertEqual((st, h["status"], h["shards"], h["missing_shards"]),
                         (200, "ok", NSHARDS, []))
        st, _ = self.get(one, "/healthz")
        self.assertEqual(st, 200)
        if any_id:
            st, d = self.get(rem, "/api/doc/" + urllib.parse.quote(any_id))
            self.assertEqual((st, d["id"]), (200, any_id))
        st, sg = self.get(rem, "/api/suggest?q=thong")
        self.assertEqual(st, 200)
        self.assertEqual(sg[0], "thong")

    def expected_without(self, i, q):
        """The answer of the shards other than i: a local stub of them."""
        stub = os.path.join(self.tmp, "without%d.stub" % i)
        with open(stub, "w") as f:
            for j, d in enumerate(self.shard_dirs):
                if j != i:
                    f.write("auto %s\n" % d)
        return self.search(stub, q)

    def test_zz_shard_down_or_slow(self):
        q = "thông tin"
        timeout_ms = 700
        port = self.server(self.stub, "--shard-timeout", str(timeout_ms),
                           "--cache-mb", "0")
        path = "/api/search?" + urllib.parse.urlencode({"q": q,
                                                       "limit": 20})
        st, full = self.get(port, path)
        self.assertEqual((st, full["partial"]), (200, False))
        victim = 1
        name = "127.0.0.1:%d" % self.ports[victim]
        want = comparable(self.expected_without(victim, q))

        # slow: stopped, so connections hang; every answer still comes
        # within the timeout (once per connection that meets it), partial
        self.signal_shard(victim, signal.SIGSTOP)
        try:
            for db in (self.stub,):
                t = time.time()
                r = self.search(db, q, timeout_ms=timeout_ms)
                took = time.time() - t
                self.assertTrue(r["partial"])
                self.assertEqual(r["missing_shards"], [name])
                self.assertEqual(tc.ids(r), tc.ids(want))
                self.assertLess(took, timeout_ms / 1000 * 2 + 3)
            for _ in range(4):     # both server threads meet it
                t = time.time()
                st, r = self.get(port, path)
                took = time.time() - t
                self.assertEqual(st, 200)
                self.assertEqual((r["partial"], r["missing_shards"]),
                                 (True, [name]))
                self.assertEqual(tc.ids(r), tc.ids(want))
                self.assertLess(took, timeout_ms / 1000 * 2 + 3)
            st, h = self.get(port, "/healthz")
            self.assertEqual((h["status"], h["missing_shards"]),
                             ("degraded", [name]))
        finally:
            self.signal_shard(victim, signal.SIGCONT)

        # back: tried again after the retry interval (5 s)
        deadline = time.time() + 20
        while True:
            st, r = self.get(port, path)
            if not r["partial"] or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertFalse(r["partial"])
        self.assertEqual(comparable(r)["results"], comparable(full)["results"])

        # down: killed, so connections are refused at once
        self.signal_shard(victim, signal.SIGKILL)
        try:
            r = self.search(self.stub, q)
            self.assertEqual((r["partial"], r["missing_shards"]),
                             (True, [name]))
            self.assertEqual(tc.ids(r), tc.ids(want))
            st, r = self.get(port, path)
            self.assertEqual((st, r["partial"]), (200, True))
            # every shard down: a clear error, not a hang
            others = [j for j in range(NSHARDS) if j != victim]
            for j in others:
                self.signal_shard(j, signal.SIGSTOP)
            try:
                p = tc.run([tc.SEARCH, "--db", self.stub, "--shard-timeout",
                            "300", q], check=False, timeout=60)
                self.assertEqual(p.returncode, 2)
                self.assertIn("no shard", p.stderr)
            finally:
                for j in others:
                    self.signal_shard(j, signal.SIGCONT)
        finally:
            self.start_shard(victim)


if __name__ == "__main__":
    unittest.main()
