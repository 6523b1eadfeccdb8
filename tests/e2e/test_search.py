"""End-to-end: index real documents into a temporary index with the real
tracuu-index, search them with the real tracuu-search, and check what a
user of the search box expects (issue: foundation).

The index holds the default corpus (corpus/), controlled ranking fixtures
(tests/data/e2e/ranking.jsonl) and, when ../shared is there, the Dân Trí
2021 corpus and the first 3,000 documents of the baomoi 2017 corpus.
"""
import html
import os
import re
import unittest

import tc


class SearchTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        inputs, cls.have_shared = tc.standard_inputs(cls.tmp, baomoi_docs=3000)
        tc.index(cls.db, *inputs, extra=["--quiet"])

    def search(self, q, *opts):
        return tc.search(self.db, q, *opts)

    def top(self, q, n=10):
        return tc.ids(self.search(q, "--limit", str(n)))

    def assertBefore(self, q, first, second):
        got = tc.ids(self.search(q, "--limit", "100"))
        self.assertIn(first, got, q)
        if second in got:
            self.assertLess(got.index(first), got.index(second),
                            "%r: %s should rank above %s in %s" %
                            (q, first, second, got[:10]))

    # ---- diacritics --------------------------------------------------

    def test_query_without_diacritics_finds_accented_text(self):
        got = self.search("dau thanh tung")
        self.assertIn("seeds/002_74ba2798a88be1b9.txt", tc.ids(got))
        snippets = " ".join(r["snippet"] for r in got["results"])
        self.assertIn("<mark>Đầu Thanh Tùng</mark>", snippets)
        if self.have_shared:
            # the two Dân Trí articles that name him
            dantri = [i for i in tc.ids(got) if i.startswith("unc-news")]
            self.assertGreaterEqual(len(dantri), 2, tc.ids(got))

    def test_restored_query_is_how_the_results_write_it(self):
        cases = [("dau thanh tung", "đầu thanh tùng"),
                 ("Dau Thanh Tung", "Đầu Thanh Tùng"),
                 ("thue bao", "thuê bao"),
                 ('"thue bao" -xqzjwv', '"thuê bao" -xqzjwv')]
        for q, want in cases:
            self.assertEqual(self.search(q)["restored"], want, q)
        # typed with diacritics, or nothing to restore: null
        for q in ("thuê bao", "2017", "zzzzqqqq", "ubnd"):
            self.assertIsNone(self.search(q)["restored"], q)
        p = tc.run([tc.SEARCH, "--db", self.db, "--limit", "1", "thue bao"])
        self.assertIn("Results for: thuê bao", p.stdout)

    def test_thanh_hoa_finds_both_tone_placements(self):
        for q in ("thanh hoa", "Thanh Hoá", "Thanh Hóa", "THANH HOÁ"):
            got = self.top(q, 100)
            self.assertIn("tone-old", got, q)
            self.assertIn("tone-new", got, q)
        got = self.search("thanh hoa", "--limit", "100")
        marks = set(re.findall(r"<mark>(.*?)</mark>",
                               " ".join(r["snippet"] for r in got["results"])))
        self.assertIn("Thanh Hoá", marks)
        self.assertIn("Thanh Hóa", marks)

    def test_tone_placement_never_matters_for_ranking(self):
        for q in ("Thanh Hoá triển khai", "Thanh Hóa triển khai",
                  "uỷ ban giao nhiệm vụ", "ủy ban giao nhiệm vụ"):
            r = {x["id"]: x["score"] for x in self.search(q, "--limit", "100")["results"]}
            self.assertAlmostEqual(r["tone-old"], r["tone-new"], places=6, msg=q)

    def test_exact_diacritics_rank_first(self):
        self.assertBefore("bằng", "rank-bang-exact", "rank-bang-breve")
        self.assertBefore("bằng", "rank-bang-exact", "rank-bang-hook")
        self.assertBefore("băng thông", "rank-bang-breve", "rank-bang-exact")
        self.assertBefore("bảng", "rank-bang-hook", "rank-bang-exact")
        # without diacritics all three match
        got = self.top("bang", 100)
        for i in ("rank-bang-exact", "rank-bang-breve", "rank-bang-hook"):
            self.assertIn(i, got)

    def test_every_exact_match_before_any_look_alike(self):
        """Over a whole page of real results, documents with the words as
        typed come first: their highlights show the exact form."""
        for q, form in (("bằng", "bằng"), ("bảng", "bảng"), ("phố", "phố"),
                        ("Hóa", "hóa"), ("thành", "thành")):
            got = self.search(q, "--limit", "100")["results"]
            forms = {form, form.replace("óa", "oá")}   # both placements
            exact = [any(m.lower() in forms for m in
                         re.findall(r"<mark>(.*?)</mark>", r["snippet"]))
                     or form in (r["title"] or "").lower() for r in got]
            self.assertIn(True, exact, q)
            first_other = exact.index(False) if False in exact else len(exact)
            self.assertNotIn(True, exact[first_other:],
                             "%r: exact match after a look-alike: %s" %
                             (q, [r["id"] for r in got]))
        # several words: every word as typed first, then the rest
        self.assertBefore("Cao Bằng hội nghị", "rank-bang-exact",
                          "rank-bang-breve")
        # a look-alike is not highlighted where the word itself is there
        r = self.search("thành phố", "--limit", "100")["results"]
        marks = " ".join(" ".join(re.findall(r"<mark>(.*?)</mark>",
                                             x["snippet"])) for x in r[:20])
        self.assertNotIn("Thanh", marks)
        # paging crosses from the exact tier into the look-alikes
        full = self.top("bảng", 100)
        paged = []
        for off in range(0, len(full), 3):
            paged += tc.ids(self.search("bảng", "--limit", "3",
                                        "--offset", str(off)))
        self.assertEqual(paged[:len(full)], full)

    # ---- adjacency -----------------------------------------------------

    def test_adjacent_syllables_rank_first(self):
        for q, together, scattered in (
                ("thuê bao internet", "adj-together", "adj-scattered"),
                ("thue bao internet", "adj-together", "adj-scattered"),
                ("Huỳnh Tấn Phát", "name-together", "name-scattered"),
                ("huynh tan phat", "name-together", "name-scattered"),
                ("công nghệ thông tin", "cntt-together", "cntt-scattered"),
                ("cong nghe thong tin", "cntt-together", "cntt-scattered")):
            self.assertBefore(q, together, scattered)

    @unittest.skipUnless(tc.shared("vi-news-dantri-unc-2021.jsonl.gz"),
                         "needs ../shared")
    def test_real_name_on_shared_corpus(self):
        got = self.search("huynh tan phat", "--limit", "3")
        self.assertTrue(got["results"])
        self.assertIn("<mark>Huỳnh Tấn Phát</mark>",
                      got["results"][0]["snippet"])

    # ---- syntax ----------------------------------------------------------

    def test_phrase(self):
        got = self.top('"thuê bao internet"', 100)
        self.assertIn("adj-together", got)
        self.assertNotIn("adj-scattered", got)
        r = self.search('"cong nghe thong tin"')
        self.assertIn("<mark>công nghệ thông tin</mark>",
                      " ".join(x["snippet"].lower() for x in r["results"]))

    def test_boolean_operators(self):
        both = set(self.top("thanh hoa", 100))
        self.assertIn("tone-old", both)
        self.assertNotIn("tone-old", self.top("thanh hoa NOT uy", 100))
        self.assertNotIn("tone-old", self.top("thanh hoa -uỷ", 100))
        got = set(self.top("bảng OR băng", 100))
        self.assertTrue({"rank-bang-breve", "rank-bang-hook"} <= got)
        got = self.top("bảng AND tin", 100)
        self.assertIn("rank-bang-hook", got)
        self.assertNotIn("rank-bang-breve", got)
        got = self.top("(bảng OR băng) AND thông", 100)
        self.assertIn("rank-bang-breve", got)
        self.assertNotIn("rank-bang-hook", got)

    def test_title_field(self):
        got = self.top("title:đường", 100)
        self.assertIn("name-together", got)
        self.assertNotIn("name-scattered", got)   # "đường" only in its body
        got = self.top('title:"thuê bao"', 100)
        self.assertIn("num-dots", got)

    def test_malformed_queries_are_searched_as_words(self):
        for q in ('"thuê bao', "((thuê bao", "thuê bao)", "thuê AND",
                  "OR thuê bao", "NOT", "-", "title:", "AND OR NOT",
                  "(((((((((((((((((((((thuê)))))))))))))))))))))",
                  ":::", '"', "thuê bao AND AND internet"):
            got = self.search(q)            # never fails
            self.assertIn("results", got, q)
        self.assertIn("adj-together", self.top('"thuê bao internet', 100))

    # ---- numbers -------------------------------------------------------

    def test_numbers_in_both_notations(self):
        self.assertIn("num-dots", self.top("1800000", 100))
        self.assertIn("num-dots", self.top("1.800.000", 100))
        self.assertIn("num-plain", self.top("2.500.000", 100))
        self.assertIn("num-plain", self.top("2500000", 100))
        self.assertIn("num-dots", self.top("80,87", 100))
        self.assertIn("num-dots", self.top("12,5%", 100))
        self.assertIn("num-dots", self.top("12,5", 100))
        r = self.search("1800000")
        snip = [x["snippet"] for x in r["results"] if x["id"] == "num-dots"][0]
        self.assertIn("<mark>1.800.000</mark>", snip)
        # the seed article's figure
        self.assertIn("seeds/002_74ba2798a88be1b9.txt", self.top("1800000 thue bao"))

    # ---- snippets and output -----------------------------------------

    def test_snippets_are_escaped_and_bounded(self):
        r = self.search("chuyen doi so", "--limit", "100")
        x = [x for x in r["results"] if x["id"] == "xss"][0]
        self.assertNotIn("<script>", x["snippet"])
        self.assertNotIn("<b>", x["snippet"])
        self.assertIn("&lt;script&gt;", x["snippet"])
        self.assertEqual(x["title"], "<script>alert(1)</script> Tiêu đề")
        for res in r["results"]:
            text = html.unescape(re.sub(r"</?mark>", "", res["snippet"]))
            self.assertLessEqual(len(text.encode()), 400, res["id"])

    def test_best_passage_is_chosen(self):
        r = self.search("thuê bao 1.800.000")
        snip = [x["snippet"] for x in r["results"]
                if x["id"] == "seeds/002_74ba2798a88be1b9.txt"][0]
        self.assertIn("<mark>1.800.000 thuê bao</mark>", snip)

    def test_json_schema(self):
        r = self.search("thanh hoa", "--limit", "5", "--offset", "1")
        for k in ("query", "total_estimated", "took_ms", "results",
                  "relaxed", "restored"):
            self.assertIn(k, r)
        self.assertEqual(r["query"], "thanh hoa")
        self.assertLessEqual(len(r["results"]), 5)
        for res in r["results"]:
            self.assertEqual(set(res), {"id", "title", "url", "date",
                                        "score", "snippet", "similar",
                                        "entities"})
        page1 = tc.ids(self.search("thanh hoa", "--limit", "2"))
        page2 = tc.ids(self.search("thanh hoa", "--limit", "2",
                                   "--offset", "1"))
        self.assertEqual(page1[1], page2[0])

    def test_human_output(self):
        p = tc.run([tc.SEARCH, "--db", self.db, "--limit", "2", "dau thanh tung"])
        self.assertIn("Đầu Thanh Tùng", p.stdout)
        self.assertNotIn("<mark>", p.stdout)
        self.assertNotIn("\033[", p.stdout)   # not a terminal: no escapes
        self.assertIn("1. ", p.stdout)

    def test_no_results(self):
        r = self.search("zzzzqqqq")
        self.assertEqual(r["results"], [])
        self.assertEqual(r["total_estimated"], 0)

    def test_relaxed_when_no_document_has_every_word(self):
        r = self.search("thuê zzzzqqqq")
        self.assertTrue(r["relaxed"])
        self.assertTrue(r["results"])

    # ---- errors --------------------------------------------------------

    def test_missing_index_is_a_one_line_error(self):
        p = tc.run([tc.SEARCH, "--db", os.path.join(self.tmp, "nope"), "x"],
                   check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
        self.assertIn("cannot open index", p.stderr)

    def test_bad_options(self):
        for args in (["--limit", "-1"], ["--limit", "101"], ["--limit", "x"],
                     ["--offset", "999999"], []):
            p = tc.run([tc.SEARCH, "--db", self.db, *args, "thanh"] if args
                       else [tc.SEARCH, "--db", self.db], check=False)
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stderr.strip(), args)

    def test_help_and_version(self):
        for prog in (tc.SEARCH, tc.INDEX):
            self.assertIn("Usage", tc.run([prog, "--help"]).stdout)
            self.assertIn("Xapian", tc.run([prog, "--version"]).stdout)


if __name__ == "__main__":
    unittest.main()
