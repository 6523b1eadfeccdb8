"""Questions about a figure end to end: the default corpus indexed by the
real tracuu-index, asked through the real tracuu-search (JSON and the
human output) and the real tracuu-server: "doanh thu toàn ngành bao
nhiêu" is answered by seed 000's 3.550 tỷ đồng with its sentence, a
question typed without diacritics is answered, a question's words do not
have to be in the documents, and a query that is no question has no
answers."""
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tc  # noqa: E402

SEED0 = "seeds/000_e4e9c9327fc2e4b3.txt"   # Thanh Hóa, 2018
SENTENCE0 = "Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng."


class AnswersTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        tc.index(cls.db, tc.CORPUS, extra=["--quiet"])

    def answers(self, q, *opts):
        return tc.search(self.db, q, *opts).get("answers", "absent")

    def test_revenue_of_seed_000(self):
        for q in ("doanh thu toàn ngành bao nhiêu",
                  "doanh thu toan nganh dat bao nhieu",
                  "Doanh thu toàn ngành đạt bao nhiêu?"):
            a = self.answers(q)
            self.assertIsInstance(a, list, q)
            self.assertLessEqual(len(a), 3)
            mine = [x for x in a if x["id"] == SEED0]
            self.assertEqual(len(mine), 1, (q, a))
            x = mine[0]
            self.assertEqual(x["figure"], "3.550 tỷ đồng")
            self.assertEqual(x["value"], 3.55e12)
            self.assertEqual(x["unit"], "đồng")
            self.assertEqual(x["sentence"], SENTENCE0)
            self.assertEqual(x["sentence_html"], "Phấn đấu doanh thu toàn "
                             "ngành đạt <b>3.550 tỷ đồng</b>.")
            self.assertEqual(x["title"], "Sở Thông tin Truyền thông Thanh Hóa")
            self.assertIn("url", x)
            # every answer is a revenue, from a sentence about it
            for y in a:
                self.assertIn("doanh thu toàn ngành", y["sentence"].lower())
                self.assertEqual(y["unit"], "đồng")

    def test_subscribers_without_diacritics(self):
        a = self.answers("bao nhieu thue bao internet")
        self.assertIsInstance(a, list)
        self.assertTrue(a)
        for x in a:
            self.assertEqual(x["unit"], "thuê bao")
            self.assertIn("internet", x["sentence"].lower())
            self.assertIn("<b>" + x["figure"] + "</b>", x["sentence_html"])

    def test_question_words_are_not_searched(self):
        """"bao nhiêu" is in no seed: the documents are those of the
        subject alone, not a relaxed any-word search."""
        asked = tc.search(self.db, "bao nhiêu thuê bao internet")
        plain = tc.search(self.db, "thuê bao internet")
        self.assertFalse(asked["relaxed"])
        self.assertEqual(tc.ids(asked), tc.ids(plain))
        self.assertEqual(asked["query"], "bao nhiêu thuê bao internet")

    def test_not_a_question(self):
        for q in ("thuê bao internet", "doanh thu toàn ngành",
                  "máy tính", "Nghị quyết 36a là gì?"):
            self.assertEqual(self.answers(q), "absent", q)

    def test_question_without_answer(self):
        """A question whose documents say no figure of it: null."""
        self.assertIsNone(self.answers("bao nhiêu Nghị quyết 36a/NQ-CP"))

    def test_first_page_only(self):
        self.assertEqual(self.answers("doanh thu toàn ngành bao nhiêu",
                                      "--offset", "10"), "absent")

    def test_human_output(self):
        p = tc.run([tc.SEARCH, "--db", self.db,
                    "doanh thu toàn ngành bao nhiêu"])
        head, _, results = p.stdout.partition("\n1. ")
        self.assertRegex(head, r"\nAnswers?:\n")
        self.assertIn("* 3.550 tỷ đồng", head)
        self.assertIn(SENTENCE0, head)
        self.assertIn("(" + SEED0 + ")", head)
        self.assertTrue(results)
        p = tc.run([tc.SEARCH, "--db", self.db, "thuê bao internet"])
        self.assertNotIn("Answer", p.stdout)

    def test_server(self):
        with tc.serve(self.db) as (port, _):
            def get(q):
                st, _, body = tc.http_get(port, "/api/search?" +
                                          urllib.parse.urlencode({"q": q}))
                self.assertEqual(st, 200)
                return json.loads(body)
            body = get("doanh thu toàn ngành bao nhiêu")
            cli = tc.search(self.db, "doanh thu toàn ngành bao nhiêu")
            self.assertEqual(body["answers"], cli["answers"])
            self.assertIn(SEED0, [x["id"] for x in body["answers"]])
            self.assertNotIn("answers", get("thuê bao internet"))
            # the cached answer is the same
            self.assertEqual(get("doanh thu toàn ngành bao nhiêu")["answers"],
                             body["answers"])


if __name__ == "__main__":
    import unittest
    unittest.main()
