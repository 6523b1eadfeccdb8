"""End-to-end: words typed in Telex or VNI without an input method, and
"did you mean" for a query typed without diacritics (issue 5), with the
real tracuu-index, tracuu-search and tracuu-server.

The index holds the default corpus (corpus/), the ranking fixtures and the
typing fixtures (tests/data/e2e/typing.jsonl): a document that has the
Telex word "vieejt" itself, one about Việt Nam, one with "deadline", and
for "pho chu tich ubnd tinh" a short look-alike ("phở của chú Tích ...
UBND ... tình") that BM25 ranks above a longer document that writes "Phó
Chủ tịch UBND tỉnh".
"""
import json
import os
import urllib.parse
import unittest

import tc


class TypingTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        tc.index(cls.db, tc.CORPUS, os.path.join(tc.DATA, "e2e", "ranking.jsonl"),
                 os.path.join(tc.DATA, "e2e", "typing.jsonl"),
                 extra=["--quiet"])

    def search(self, q, *opts):
        return tc.search(self.db, q, "--no-facets", *opts)

    # ---- Telex and VNI ----------------------------------------------

    def test_telex_and_vni_find_viet_nam(self):
        for q in ("vieejt nam", "vie6t5 nam", "VIEEJT NAM"):
            got = self.search(q)
            typed = q.split()[0]
            self.assertEqual(got["alternatives"],
                             [{"typed": typed,
                               "as": "VIỆT" if typed.isupper() else "việt"}],
                             q)
            self.assertEqual(got["also_searched"].lower(), "việt nam", q)
            ids = tc.ids(got)
            self.assertIn("typing-vn", ids[:3], q)
            # every result has the words it spells, highlighted as written
            for r in got["results"]:
                if r["id"] != "typing-literal":
                    self.assertRegex(r["snippet"], r"<mark>[^<]*(Việt|VIỆT|việt)",
                                     (q, r["id"]))

    def test_what_was_typed_ranks_first(self):
        got = self.search("vieejt nam")
        self.assertEqual(tc.ids(got)[0], "typing-literal")
        self.assertIn("<mark>vieejt nam</mark>", got["results"][0]["snippet"])

    def test_english_words_stay_as_typed(self):
        for w in ("deadline", "facebook", "test", "internet", "covid",
                  "email", "online"):
            got = self.search(w)
            self.assertEqual(got["alternatives"], [], w)
            self.assertIsNone(got["also_searched"], w)
        self.assertEqual(tc.ids(self.search("deadline")), ["typing-deadline"])

    def test_only_what_the_index_holds(self):
        # "ddi" spells "đi", which this index holds; "xoawn" spells "xoăn",
        # which it does not: searched as typed
        self.assertEqual(self.search("xoawn")["alternatives"], [])
        # phrases are searched as typed
        self.assertEqual(self.search('"vieejt nam"')["alternatives"], [])
        self.assertEqual(tc.ids(self.search('"vieejt nam"')),
                         ["typing-literal"])

    # ---- did you mean -------------------------------------------------

    def test_did_you_mean(self):
        q = "pho chu tich ubnd tinh"
        got = self.search(q)
        want = "phó chủ tịch UBND tỉnh"
        self.assertEqual(got["restored"], want)
        self.assertEqual(got["did_you_mean"], want)
        # offered because a look-alike ranks above a document that writes
        # it; searched as offered, that document comes first
        ids = tc.ids(got)
        self.assertLess(ids.index("dym-lookalike"), ids.index("dym-exact"))
        better = self.search(want)
        ids = tc.ids(better)
        self.assertIn("dym-exact", ids)
        if "dym-lookalike" in ids:
            self.assertLess(ids.index("dym-exact"), ids.index("dym-lookalike"))
        self.assertGreaterEqual(better["results"][0]["score"], 100000)
        self.assertIsNone(better["did_you_mean"])     # typed with diacritics

    def test_no_did_you_mean_when_the_page_is_right(self):
        # the page already ranks the one document that writes it first
        got = self.search("tran van binh")
        self.assertEqual(got["restored"], "trần văn bình")
        self.assertIsNone(got["did_you_mean"])
        # nothing restored, a later page, or no results: none either
        for q, opts in (("2017", ()), ("zzqqxx", ()),
                        ("pho chu tich ubnd tinh", ("--offset", "10"))):
            self.assertIsNone(self.search(q, *opts)["did_you_mean"], q)

    def test_human_output(self):
        p = tc.run([tc.SEARCH, "--db", self.db, "pho chu tich ubnd tinh"])
        self.assertIn("Did you mean: phó chủ tịch UBND tỉnh", p.stdout)
        # a page of one, the one that writes it: nothing better to offer
        p = tc.run([tc.SEARCH, "--db", self.db, "--limit", "1",
                    "pho chu tich ubnd tinh"])
        self.assertNotIn("Did you mean", p.stdout)
        p = tc.run([tc.SEARCH, "--db", self.db, "--limit", "1",
                    "vie6t5 nam"])
        self.assertIn("Also searched: việt nam", p.stdout)

    def test_server_answers_the_same(self):
        with tc.serve(self.db) as (port, _):
            for q in ("vie6t5 nam", "pho chu tich ubnd tinh"):
                status, _, body = tc.http_get(
                    port, "/api/search?q=" + urllib.parse.quote(q))
                self.assertEqual(status, 200)
                got = json.loads(body)
                cli = self.search(q)
                for k in ("alternatives", "also_searched", "did_you_mean",
                          "restored"):
                    self.assertEqual(got[k], cli[k], (q, k))


if __name__ == "__main__":
    unittest.main()
