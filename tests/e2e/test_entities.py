"""Entities end to end: officials, legal references, figures, places and
dates found by the indexer in the default corpus (the seed articles and
legal documents), searched by their own syntax, as plain text and as
command-line filters, faceted and filtered by date; and the same through
the server's /api/search."""
import http.client
import json
import os
import re
import subprocess
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tc  # noqa: E402

SEED0 = "seeds/000_e4e9c9327fc2e4b3.txt"   # Thanh Hóa, 2018, Lê Anh Tuấn
SEED1 = "seeds/001_6a530386b186a214.txt"   # 2014
SERVER = os.path.join(tc.BIN, "searcher", "tracuu-server")


class EntitiesTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        tc.index(cls.db, tc.CORPUS, extra=["--quiet"])

    def search(self, q, *opts):
        return tc.search(self.db, q, "--limit", "100", *opts)

    def top(self, q, *opts):
        return tc.ids(self.search(q, *opts))

    # ---- each kind, by its own syntax ---------------------------------

    def test_official_whatever_the_diacritics_or_case(self):
        for q in ('official:"Lê Anh Tuấn"', 'official:"le anh tuan"',
                  'cán bộ:"LÊ ANH TUẤN"'):
            self.assertEqual(self.top(q), [SEED0], q)
        self.assertEqual(self.top('official:"Lê Anh"'), [])   # a whole name

    def test_legal_reference_however_typed(self):
        for q in ("doc:36a/NQ-CP", "doc:36a/nq-cp", 'doc:"36a nq cp"',
                  'văn bản:"36A/NQ-CP"', "van ban:36a-NQ/CP"):
            self.assertEqual(self.top(q), [SEED0], q)
        self.assertEqual(self.top("doc:37a/NQ-CP"), [])

    def test_plain_query_that_is_an_entity_ranks_its_documents_first(self):
        for q in ("36a/NQ-CP", "36a nq cp", "le anh tuan", "Lê Anh Tuấn"):
            self.assertEqual(self.top(q)[0], SEED0, q)

    def test_place_and_type(self):
        for q in ('place:"Thanh Hoá"', 'place:"thanh hoa"',
                  'tỉnh:"tỉnh Thanh Hóa"'):
            self.assertIn(SEED0, self.top(q), q)
        laws = self.top('type:"luật"')
        self.assertTrue(any(i.startswith("vlc-") for i in laws), laws)

    def test_dates_filter_and_sort(self):
        self.assertIn(SEED0, self.top("date:2018"))
        self.assertNotIn(SEED1, self.top("date:2018"))
        self.assertIn(SEED1, self.top("date:2013..2014"))
        self.assertIn(SEED0, self.top("date:2018-01-01..2018-01-31"))
        self.assertNotIn(SEED0, self.top("date:2018-02..2018-12"))
        # the command-line filters say the same
        self.assertEqual(self.top("", "--from", "2018-01", "--to", "2018-01",
                                  "--place", "Thanh Hóa"), [SEED0])
        got = self.search("thông tin", "--sort", "date")
        days = [r["entities"]["date"] for r in got["results"]
                if r["entities"] and r["entities"].get("date")]
        self.assertGreater(len(days), 3)
        self.assertEqual(days, sorted(days, reverse=True))

    def test_counts_are_exact_up_to_100_on_every_page(self):
        for q in ("UBND", "TT&TT", "ủy ban nhân dân", "internet", "HĐND"):
            real = len(self.search(q)["results"])
            if real >= 100:
                continue
            for off in ("0", "10", "20"):
                got = tc.search(self.db, q, "--offset", off, "--no-facets")
                self.assertEqual(got["total_estimated"], real, (q, off))

    def test_date_order_keeps_the_words_as_typed(self):
        by_date = self.search("thuê bao", "--sort", "date")
        self.assertTrue(by_date["results"])
        # exactly the documents of the exact tier (every word as typed)
        tier = {r["id"] for r in self.search("thuê bao")["results"]
                if r["score"] >= 100000}
        self.assertEqual({r["id"] for r in by_date["results"]}, tier)
        # typed without diacritics, every look-alike is as good
        self.assertGreaterEqual(
            self.search("thue bao", "--sort", "date")["total_estimated"],
            by_date["total_estimated"])

    def test_bad_dates_are_refused_naming_the_input(self):
        for opt, v in (("--from", "xyz"), ("--to", "2018-13")):
            p = tc.run([tc.SEARCH, "--db", self.db, opt, v, "x"], check=False)
            self.assertEqual(p.returncode, 2)
            self.assertIn("'%s' is not a date" % v, p.stderr)

    def test_review_findings(self):
        # a query that cannot match stays so under a filter
        self.assertEqual(self.top("doc:notadoc", "--place", "Thanh Hóa"), [])
        self.assertEqual(self.top("date:9999", "--place", "Thanh Hóa"), [])
        # dates as Vietnamese writes them
        self.assertEqual(self.top("date:04/01/2018"), [SEED0])
        self.assertIn(SEED0, self.top("ngày:01/2018"))
        # a range never filters the branches of an OR, nor is searched as
        # a word when negated
        self.assertTrue(self.top('figure:"x">5 OR thông'))
        self.assertEqual(self.top('thông tin NOT figure:"thuê bao">1000000'),
                         self.top('thông tin NOT figure:"thuê bao"'))

    def test_command_line_filters(self):
        self.assertEqual(self.top("", "--official", "Lê Anh Tuấn"), [SEED0])
        self.assertEqual(self.top("hội nghị", "--doc", "36a nq cp"), [SEED0])
        self.assertEqual(self.top("hội nghị", "--official", "Nobody Here"), [])
        p = tc.run([tc.SEARCH, "--db", self.db, "--sort", "newest", "x"],
                   check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--sort", p.stderr)

    def test_figures_by_unit_and_value(self):
        seeds = [i for i in self.top('figure:"thuê bao"')
                 if i.startswith("seeds/")]
        self.assertGreaterEqual(len(seeds), 3)
        # seed 002 has 2.890.000 thuê bao, the others fewer than a million
        big = self.top('figure:"thuê bao">1000000')
        self.assertIn("seeds/002_74ba2798a88be1b9.txt", big)
        self.assertNotIn(SEED0, big)
        self.assertEqual(self.top('số liệu:"thuê bao">1.000.000'), big)
        self.assertEqual(self.top('figure:"thuê bao">=2.890.000'),
                         ["seeds/002_74ba2798a88be1b9.txt"])
        self.assertEqual(self.top('figure:"thuê bao">=2.890.000'),
                         self.top('figure:"thuê bao"=2.890.000'))
        self.assertIn(SEED0, self.top('figure:"máy/100 dân">80'))
        self.assertNotIn(SEED0, self.top('figure:"máy/100 dân">81'))
        self.assertEqual(self.top('figure:"thuê bao"<1'), [])
        # facets count what the range lets through
        r = self.search('figure:"thuê bao">1000000')
        self.assertEqual(r["facets"]["documents"], len(big))

    def test_abbreviations_both_ways(self):
        def marks(q):
            got = self.search(q)
            return {m.lower() for r in got["results"]
                    for m in re.findall(r"<mark>(.*?)</mark>", r["snippet"])}
        # UBND also finds "Ủy ban nhân dân" written out, and the other way
        self.assertIn("ủy ban nhân dân", marks("UBND"))
        self.assertIn("ubnd", marks("UBND"))
        self.assertIn("ubnd", marks("ủy ban nhân dân"))
        self.assertIn("thông tin và truyền thông", marks("TT&TT"))
        got = set(self.top("TT&TT"))
        self.assertTrue(got > set(self.top('"TT&TT"')), "no expansion")

    # ---- what results and facets carry ---------------------------------

    def test_results_carry_their_entities(self):
        r = self.search("le anh tuan")["results"][0]
        e = r["entities"]
        self.assertIn({"name": "Lê Anh Tuấn", "title": "Phó Chủ tịch UBND tỉnh"},
                      e["officials"])
        refs = [x["number"] for x in e["legal_refs"]]
        self.assertIn("36a/NQ-CP", refs)
        self.assertEqual(e["legal_refs"][refs.index("36a/NQ-CP")]["type"],
                         "Nghị quyết")
        self.assertIn("Thanh Hóa", e["places"])
        self.assertEqual(e["date"], "2018-01-04")
        figs = {f["text"]: f for f in e["figures"]}
        self.assertIn("80,87 máy/100 dân", figs)
        self.assertAlmostEqual(figs["80,87 máy/100 dân"]["value"], 80.87)
        p = tc.run([tc.SEARCH, "--db", self.db, "--limit", "1", "le anh tuan"])
        self.assertIn("officials: Lê Anh Tuấn (Phó Chủ tịch UBND tỉnh)",
                      p.stdout)

    def test_facets_over_the_whole_result_set(self):
        r = self.search("thông tin")
        f = r["facets"]
        self.assertTrue(f["exact"])
        self.assertEqual(f["documents"], r["total_estimated"])
        names = {o["name"]: o["count"] for o in f["officials"]}
        self.assertEqual(names.get("Lê Anh Tuấn"), 1)
        years = {y["key"]: y["count"] for y in f["years"]}
        self.assertGreaterEqual(years.get("2018", 0), 1)
        places = [p["name"] for p in f["places"]]
        self.assertIn("Thanh Hóa", places)
        counts = [p["count"] for p in f["places"]]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertNotIn("facets", tc.search(self.db, "thông tin",
                                             "--no-facets"))

    # ---- the server ----------------------------------------------------

    def test_server_filters_sort_and_facets(self):
        proc = subprocess.Popen([SERVER, "--db", self.db, "--port", "0"],
                                stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        try:
            port = int(re.search(r":(\d+)/", proc.stdout.readline()).group(1))

            def get(params):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                c.request("GET", "/api/search?" + urllib.parse.urlencode(params))
                r = c.getresponse()
                body = json.loads(r.read())
                c.close()
                return r.status, body

            st, body = get({"q": "", "official": "le anh tuan", "facets": "1"})
            self.assertEqual(st, 200)
            self.assertEqual(tc.ids(body), [SEED0])
            self.assertEqual(body["facets"]["officials"][0]["count"], 1)
            st, body = get({"q": "thông tin", "from": "2018", "sort": "date"})
            self.assertEqual(st, 200)
            self.assertNotIn(SEED1, tc.ids(body))
            self.assertNotIn("facets", body)
            st, body = get({"q": "x", "from": "xyz"})
            self.assertEqual(st, 400)
            self.assertIn("from and to", body["error"]["message"])
            st, body = get({"q": "x", "sort": "newest"})
            self.assertEqual(st, 400)
            self.assertEqual(body["error"]["code"], "bad_parameter")
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    unittest.main()
