"""End-to-end: the real tracuu-server on a free loopback port, against a
real index, called the way browsers, scripts and portals call it: every
route, malformed requests, CORS, the feeds parsed as XML, documents the
indexer adds while it runs, and a graceful stop."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import tc

SERVER = os.path.join(tc.BIN, "searcher", "tracuu-server")
OS_NS = "{http://a9.com/-/spec/opensearch/1.1/}"
ATOM = "{http://www.w3.org/2005/Atom}"


class ServerTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        # with real news when there is some: suggestions learn from it
        inputs, cls.have_shared = tc.standard_inputs(cls.tmp)
        tc.index(cls.db, *inputs, extra=["--quiet"])
        cls.log = open(os.path.join(cls.tmp, "server.log"), "w+")
        cls.proc = subprocess.Popen(
            [SERVER, "--db", cls.db, "--port", "0", "--threads", "2",
             "--timeout", "3"],
            stdout=subprocess.PIPE, stderr=cls.log, text=True)
        line = cls.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        cls.port = int(m.group(1))

    @classmethod
    def tearDownClass(cls):
        if cls.proc.poll() is None:
            cls.proc.kill()
            cls.proc.wait()
        cls.log.close()
        super().tearDownClass()

    def request(self, path, method="GET", headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body

    def get_json(self, path, status=200):
        st, h, body = self.request(path)
        self.assertEqual(st, status, (path, body[:300]))
        self.assertTrue(h["content-type"].startswith("application/json"))
        return json.loads(body)

    def search(self, q, **params):
        params["q"] = q
        return self.get_json("/api/search?" + urllib.parse.urlencode(params))

    # ---- the JSON API ----------------------------------------------------

    def test_search_matches_the_command_line(self):
        for q in ("dau thanh tung", "Thanh Hoá", '"thuê bao" internet',
                  "bằng", "1800000"):
            api = self.search(q, limit=5)
            cli = tc.search(self.db, q, "--limit", "5")
            self.assertEqual(tc.ids(api), tc.ids(cli), q)
            self.assertEqual(api["total_estimated"], cli["total_estimated"])
            self.assertEqual([r["snippet"] for r in api["results"]],
                             [r["snippet"] for r in cli["results"]])
        r = self.search("dau thanh tung")
        self.assertIn("<mark>Đầu Thanh Tùng</mark>",
                      " ".join(x["snippet"] for x in r["results"]))

    def test_paging(self):
        """Pages put together give the same ranking as one long page: the
        same score at every rank (documents whose scores differ only in
        the last bits may trade places across page sizes)."""
        full = self.search("tinh", limit=35)["results"][:30]
        paged = []
        for off in range(0, 35, 7):
            paged += self.search("tinh", limit=7, offset=off)["results"]
        for a, b in zip(paged, full):
            self.assertAlmostEqual(a["score"], b["score"], places=6)
        self.assertEqual(len({r["id"] for r in paged}), len(paged))

    def test_bad_parameters(self):
        for params in ({"limit": "101"}, {"limit": "-1"}, {"limit": "x"},
                       {"offset": "10001"}, {"offset": "1e3"},
                       {"limit": "+5"}):
            r = self.get_json("/api/search?q=tinh&" +
                              urllib.parse.urlencode(params), 400)
            self.assertEqual(r["error"]["code"], "bad_parameter", params)
            self.assertTrue(r["error"]["message"])
        r = self.get_json("/api/search?q=" + "a" * 4097, 414)
        self.assertEqual(r["error"]["code"], "query_too_long")

    def test_hostile_queries_are_answered(self):
        for raw in ("%ff%fe", "thu%00bao", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                    "((((((", "%22", "", "AND+OR+NOT", "title%3A"):
            r = self.get_json("/api/search?q=" + raw)
            self.assertIn("results", r, raw)
        # JSON carries text as it is; snippets are HTML, escaped
        r = self.search("script alert chuyen doi so")
        x = [x for x in r["results"] if x["id"] == "xss"][0]
        self.assertEqual(x["title"], "<script>alert(1)</script> Tiêu đề")
        self.assertNotIn("<script", x["snippet"])
        self.assertIn("&lt;", x["snippet"])

    def test_huge_request_is_refused_not_crashed(self):
        st, _, _ = self.request("/api/search?q=" + "a" * 100_000)
        self.assertIn(st, (414, 431))
        st, _, _ = self.request("/api/search?q=x",
                                headers={"X-Big": "b" * 100_000})
        self.assertIn(st, (413, 414, 431))
        self.assertEqual(self.request("/healthz")[0], 200)   # still serving

    def suggest(self, q, status=200):
        st, h, body = self.request("/api/suggest?q=" +
                                   urllib.parse.quote(q))
        self.assertEqual(st, status, (q, body[:200]))
        if status == 200:
            self.assertTrue(h["content-type"].startswith(
                "application/x-suggestions+json"))
        return json.loads(body)

    def test_suggest_restores_diacritics(self):
        cases = [("thue b", "thuê bao"), ("pho chu t", "phó chủ tịch"),
                 ("cong nghe thong t", "công nghệ thông tin"),
                 ("thuê b", "thuê bao")]
        if self.have_shared:
            # writings are learnt from a sample of documents: the default
            # corpus alone is too small and too uneven for this one
            cases += [("thanh h", "thanh hóa"), ("ha no", "hà nội"),
                      ("uy ban nhan d", "ủy ban nhân dân")]
        for typed, want in cases:
            r = self.suggest(typed)
            # OpenSearch suggestions: [query, completions, descriptions, urls]
            self.assertEqual(len(r), 4)
            self.assertEqual(r[0], typed)
            self.assertEqual(len(r[1]), len(r[2]))
            self.assertEqual(len(r[1]), len(r[3]))
            self.assertIn(want, r[1][:3], (typed, r[1]))
        # titles are offered as known phrases, with their page
        r = self.suggest("so thong tin va tr")
        i = [k for k, d in enumerate(r[2]) if d == "tiêu đề"]
        self.assertTrue(i, r)
        self.assertTrue(r[3][i[0]].startswith("/api/doc/"))

    def test_suggest_bad_input(self):
        for q in ("", "   ", "zzzzqqqq", "\x00", "%", "((", "\ud7ff"):
            self.assertEqual(self.suggest(q)[1], [], q)
        st, _, body = self.request("/api/suggest?q=%ff%fe")
        self.assertEqual(st, 200)
        self.suggest("a" * 5000, 414)

    def test_doc(self):
        r = self.get_json("/api/doc/num-dots")
        self.assertEqual(r["id"], "num-dots")
        self.assertIn("1.800.000", r["body"])
        path = "/api/doc/" + urllib.parse.quote("seeds/002_74ba2798a88be1b9.txt",
                                                safe="")
        self.assertEqual(self.get_json(path)["id"],
                         "seeds/002_74ba2798a88be1b9.txt")
        r = self.get_json("/api/doc/no-such-id", 404)
        self.assertEqual(r["error"]["code"], "not_found")
        self.get_json("/api/doc/", 404)

    def test_health_and_metrics(self):
        r = self.get_json("/healthz")
        self.assertEqual(r["status"], "ok")
        self.assertGreater(r["documents"], 50)
        self.search("tinh")
        st, h, body = self.request("/metrics")
        self.assertEqual(st, 200)
        self.assertTrue(h["content-type"].startswith("text/plain"))
        text = body.decode()
        self.assertRegex(text, r'tracuu_http_requests_total\{route="/api/search",'
                               r'status="200"\} \d+')
        self.assertRegex(text, r'tracuu_search_seconds_bucket\{le="\+Inf"\} \d+')
        self.assertRegex(text, r"tracuu_index_documents \d+")

    def cache_hits(self):
        st, h, body = self.request("/metrics")
        m = re.search(r'tracuu_cache_lookups_total\{result="hit"\} (\d+)',
                      body.decode())
        self.assertIsNotNone(m)
        return int(m.group(1))

    def test_answers_are_cached_per_request(self):
        path = "/api/search?" + urllib.parse.urlencode(
            {"q": "công nghệ thông tin", "limit": 7})
        first = self.request(path)
        # each pool thread's first open of the index starts a new epoch, so
        # the answer may be computed once per thread before it is kept
        for _ in range(10):
            hits = self.cache_hits()
            again = self.request(path)
            if self.cache_hits() > hits:
                break
        self.assertGreater(self.cache_hits(), hits, "no answer from the cache")
        self.assertEqual(again[0], 200)
        self.assertEqual(again[1]["content-type"], first[1]["content-type"])
        a, b = json.loads(first[2]), json.loads(again[2])
        a.pop("took_ms"), b.pop("took_ms")
        self.assertEqual(a, b)
        # a value cannot spell out other arguments of the cache key
        spoof = self.get_json("/api/search?q=thu%E1%BA%BF%0Alimit=1")
        real = self.get_json("/api/search?q=thu%E1%BA%BF&limit=1")
        self.assertEqual(len(real["results"]), 1)
        self.assertNotEqual(spoof["query"], real["query"])
        # other parameters are another answer
        other = self.get_json(path.replace("limit=7", "limit=3"))
        self.assertEqual(len(other["results"]), 3)
        # feeds link to the host the client asked, cached or not
        for host in ("a.example:8080", "b.example", "a.example:8080"):
            st, h, body = self.request("/search.atom?q=tinh",
                                       headers={"Host": host})
            self.assertEqual(st, 200)
            self.assertIn(("http://%s/" % host).encode(), body)

    # ---- HTTP behaviour ----------------------------------------------------

    def test_errors_and_methods(self):
        r = self.get_json("/no/such/route", 404)
        self.assertEqual(r["error"]["code"], "not_found")
        st, _, body = self.request("/api/search?q=x", method="POST")
        self.assertEqual(st, 405)
        self.assertEqual(json.loads(body)["error"]["code"],
                         "method_not_allowed")

    def test_cors(self):
        st, h, _ = self.request("/api/search?q=tinh",
                                headers={"Origin": "http://portal.example"})
        self.assertEqual(h["access-control-allow-origin"], "*")
        self.assertIn("Origin", h["vary"])
        st, h, _ = self.request("/api/search", method="OPTIONS",
                                headers={"Origin": "http://portal.example",
                                         "Access-Control-Request-Method":
                                         "GET"})
        self.assertEqual(st, 204)
        self.assertIn("GET", h["access-control-allow-methods"])

    def test_path_traversal_never_leaves_web(self):
        for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                     "/..%2f..%2fetc%2fpasswd", "/%2e%2e%2f%2e%2e%2fetc/passwd",
                     "/.hidden", "/web/../README.md", "//etc/passwd",
                     "/CMakeLists.txt", "/app.js/../../README.md"):
            st, _, body = self.request(path)
            self.assertEqual(st, 404, path)
            self.assertNotIn(b"root:", body)
        # a NUL cuts the name where it stands: still a file of web/
        st, _, body = self.request("/index.html%00.txt")
        self.assertIn(st, (200, 404))
        self.assertNotIn(b"root:", body)

    # ---- feeds for portals ------------------------------------------------

    def test_opensearch_description(self):
        st, h, body = self.request("/opensearch.xml")
        self.assertEqual(st, 200)
        self.assertTrue(h["content-type"].startswith(
            "application/opensearchdescription+xml"))
        root = ET.fromstring(body)
        self.assertEqual(root.find(OS_NS + "InputEncoding").text, "UTF-8")
        types = {u.get("type"): u.get("template")
                 for u in root.findall(OS_NS + "Url")}
        for t in ("text/html", "application/atom+xml", "application/rss+xml",
                  "application/json", "application/x-suggestions+json"):
            self.assertIn("{searchTerms}", types[t], t)
        self.assertIn("127.0.0.1:%d" % self.port, types["application/json"])

    def test_atom_and_rss(self):
        st, h, body = self.request("/search.atom?q=chuyen+doi+so&limit=50")
        self.assertEqual(st, 200)
        feed = ET.fromstring(body)          # well-formed, or this raises
        self.assertEqual(feed.find(OS_NS + "totalResults").text,
                         str(self.search("chuyen doi so")["total_estimated"]))
        q = feed.find(OS_NS + "Query")
        self.assertEqual((q.get("role"), q.get("searchTerms")),
                         ("request", "chuyen doi so"))
        titles = [e.find(ATOM + "title").text
                  for e in feed.findall(ATOM + "entry")]
        self.assertIn("<script>alert(1)</script> Tiêu đề", titles)
        st, h, body = self.request("/search.rss?q=chuyen+doi+so")
        self.assertEqual(st, 200)
        rss = ET.fromstring(body)
        self.assertTrue(rss.findall("./channel/item"))

    # ---- live index, graceful stop ----------------------------------------

    def test_new_documents_appear_without_restart(self):
        src = os.path.join(self.tmp, "live.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "live-1", "title": "Tin mới",
                                "body": "Tài liệu zzlivedoc vừa thêm."},
                               ensure_ascii=False) + "\n")
        self.assertEqual(tc.ids(self.search("zzlivedoc")), [])
        tc.index(self.db, src, extra=["--quiet"])
        deadline = time.time() + 5
        while time.time() < deadline:
            if tc.ids(self.search("zzlivedoc")) == ["live-1"]:
                break
            time.sleep(0.2)
        self.assertEqual(tc.ids(self.search("zzlivedoc")), ["live-1"])

    def test_zz_access_log_and_graceful_stop(self):
        self.search("bí mật của người dùng")
        self.proc.send_signal(signal.SIGTERM)
        self.assertEqual(self.proc.wait(timeout=10), 0)
        self.log.seek(0)
        log = self.log.read()
        self.assertRegex(log, r"/api/search 200 [\d.]+ms qlen=\d+")
        self.assertNotIn("bí mật", log)     # queries are not logged


if __name__ == "__main__":
    unittest.main()
