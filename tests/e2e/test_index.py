"""End-to-end: tracuu-index on real files, as a user runs it.

Re-indexing replaces and skips, never duplicates; --delete; bad input is
reported as FILE:LINE: reason while the rest is indexed; text, HTML,
JSON Lines (plain, gzip, stdin); a run killed with SIGKILL leaves an index
that opens and that a re-run completes; one shard or several give the same
answers; a directory that is not an index is never touched.
"""
import gzip
import json
import os
import re
import signal
import subprocess
import time
import unittest

import tc


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


summary = tc.summary


def doccount(stderr):
    """The number of documents in the index, from the summary line."""
    m = re.search(r"(\d+) documents in ", stderr)
    assert m, stderr
    return int(m.group(1))


DOCS = [{"id": "a", "title": "Hội nghị tổng kết", "body": "Sở Thông tin và "
         "Truyền thông tỉnh Thanh Hóa tổng kết năm 2017."},
        {"id": "b", "title": "Thuê bao", "body": "Toàn tỉnh có 1.800.000 thuê "
         "bao di động."},
        {"id": "c", "title": "Cao Bằng", "body": "Tỉnh Cao Bằng phát triển "
         "hạ tầng viễn thông."}]


class IndexTest(tc.TempDirTest):

    def path(self, name):
        return os.path.join(self.tmp, name)

    def test_reindex_replaces_and_skips(self):
        db, src = self.path("re.db"), self.path("re.jsonl")
        write_jsonl(src, DOCS)
        self.assertEqual(summary(tc.index(db, src).stderr)["added"], 3)
        again = summary(tc.index(db, src).stderr)
        self.assertEqual((again["added"], again["unchanged"]), (0, 3))
        changed = [dict(DOCS[0], body="Nội dung mới về chuyển đổi số."),
                   DOCS[1], DOCS[2]]
        write_jsonl(src, changed)
        s = summary(tc.index(db, src).stderr)
        self.assertEqual((s["replaced"], s["unchanged"], s["added"]),
                         (1, 2, 0))
        self.assertEqual(tc.ids(tc.search(db, "chuyen doi so")), ["a"])
        self.assertEqual(tc.ids(tc.search(db, '"nam 2017"')), [])
        # the same id twice in one input: reported (exit 1), the last one
        # wins, no duplicate
        write_jsonl(src, DOCS + [dict(DOCS[2], body="Bản cuối cùng.")])
        p = tc.index(db, src, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"re.jsonl:4: id 'c' was already given")
        self.assertEqual(tc.ids(tc.search(db, "ban cuoi cung")), ["c"])
        self.assertEqual(tc.ids(tc.search(db, "cao bang")), ["c"])

    def test_delete(self):
        db, src = self.path("del.db"), self.path("del.jsonl")
        write_jsonl(src, DOCS)
        tc.index(db, src)
        p = tc.index(db, extra=["--delete", "b"])
        self.assertEqual(summary(p.stderr)["deleted"], 1)
        self.assertEqual(tc.ids(tc.search(db, "thue bao")), [])
        p = tc.index(db, extra=["--delete", "nope"], check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("nope: no document with this id", p.stderr)
        self.assertEqual(tc.ids(tc.search(db, "cao bang")), ["c"])

    def test_bad_input_is_reported_and_skipped(self):
        db, src = self.path("bad.db"), self.path("bad.jsonl")
        lines = [json.dumps(DOCS[0], ensure_ascii=False),
                 '{"id": "x", "body": ',                  # invalid JSON
                 json.dumps({"title": "no id", "body": "x"}),
                 json.dumps({"id": "y", "title": 5, "body": "x"}),
                 "[1, 2]",
                 json.dumps(DOCS[1], ensure_ascii=False)]
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        empty, binary = self.path("empty.txt"), self.path("binary.txt")
        open(empty, "w").close()
        with open(binary, "wb") as f:
            f.write(b"\x00\x01\x02\xff" * 100)
        p = tc.index(db, src, empty, binary, check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        for line in (2, 3, 4, 5):
            self.assertRegex(p.stderr, r"%s:%d: \S" % (re.escape(src), line))
        self.assertIn("%s: empty file" % empty, p.stderr)
        self.assertIn("%s: binary file" % binary, p.stderr)
        self.assertIn("missing id", p.stderr)
        self.assertIn("'title'", p.stderr)
        self.assertEqual(summary(p.stderr)["added"], 2)
        self.assertEqual(summary(p.stderr)["failed"], 6)
        self.assertEqual(tc.ids(tc.search(db, "thue bao")), ["b"])

    def test_huge_document_is_skipped(self):
        db, src = self.path("huge.db"), self.path("huge.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps(DOCS[0], ensure_ascii=False) + "\n")
            f.write('{"id": "huge", "body": "' + "thuê bao " * 5_600_000 +
                    '"}\n')
            f.write(json.dumps(DOCS[2], ensure_ascii=False) + "\n")
        p = tc.index(db, src, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"huge.jsonl:2: document too large")
        self.assertEqual(summary(p.stderr)["added"], 2)

    def test_text_html_gzip_and_stdin(self):
        d = self.path("files")
        os.makedirs(os.path.join(d, "sub"))
        with open(os.path.join(d, "sub", "bao-cao.txt"), "w") as f:
            f.write("\n  Báo cáo tổng kết\nNăm 2017 có 1.800.000 thuê bao.\n")
        with open(os.path.join(d, "trang.html"), "w") as f:
            f.write("<html><head><title>Trang Sở TT&amp;TT</title>"
                    "<script>var zzkichban = 1;</script><style>p{zzkieu:0}</style>"
                    "</head><body><p>Đồng chí Đầu Thanh Tùng phát biểu."
                    "</p></body></html>")
        with open(os.path.join(d, "anh.png"), "wb") as f:
            f.write(b"\x89PNG")
        with gzip.open(os.path.join(d, "tin.jsonl.gz"), "wt",
                       encoding="utf-8") as f:
            f.write(json.dumps(DOCS[2], ensure_ascii=False) + "\n")
        db = self.path("files.db")
        tc.index(db, d)
        r = tc.search(db, "bao cao tong ket")["results"]
        self.assertEqual([(x["id"], x["title"]) for x in r],
                         [("sub/bao-cao.txt", "Báo cáo tổng kết")])
        r = tc.search(db, "dau thanh tung")["results"]
        self.assertEqual([(x["id"], x["title"]) for x in r],
                         [("trang.html", "Trang Sở TT&TT")])
        self.assertEqual(tc.ids(tc.search(db, "zzkichban")), [])  # script
        self.assertEqual(tc.ids(tc.search(db, "zzkieu")), [])     # style
        self.assertEqual(tc.ids(tc.search(db, "cao bang")), ["c"])
        p = tc.run([tc.INDEX, "--db", db, "-"],
                   input=json.dumps(DOCS[1], ensure_ascii=False) + "\n")
        self.assertEqual(summary(p.stderr)["added"], 1)
        self.assertEqual(tc.ids(tc.search(db, "1800000 di dong")), ["b"])

    def test_killed_run_leaves_a_valid_index(self):
        baomoi = tc.shared("vi-news-baomoi-2017.jsonl.gz")
        if not baomoi:
            self.skipTest("needs ../shared")
        src, db = self.path("kill.jsonl"), self.path("kill.db")
        tc.slice_jsonl(baomoi, src, 4000)
        for delay in (1.0, 1.5, 2.0):
            p = subprocess.Popen([tc.INDEX, "--quiet", "--db", db, src],
                                 stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            # the index opens and answers after every kill
            self.assertIn("results", tc.search(db, "năm"))
        p = tc.index(db, src)
        s = summary(p.stderr)
        # every document once: what was committed is unchanged, the rest
        # added; nothing replaced (no duplicate), nothing lost
        self.assertEqual(s["added"] + s["unchanged"], 4000)
        self.assertEqual(s["replaced"], 0)
        self.assertEqual(doccount(p.stderr), 4000)

    def test_shard_count_does_not_change_answers(self):
        src = os.path.join(tc.CORPUS, "legal-official-2025.jsonl")
        one, three = self.path("one.db"), self.path("three.db")
        tc.index(one, src, extra=["--shards", "1", "--quiet"])
        tc.index(three, src, extra=["--shards", "3", "--quiet"])
        with open(os.path.join(three, "XAPIANDB")) as f:
            self.assertEqual(len(f.read().split("\n")) - 1, 3)
        for q in ("thanh hoa", "Nghị quyết", "sap xep don vi hanh chinh",
                  '"ủy ban thường vụ"'):
            a = tc.search(one, q, "--limit", "50")["results"]
            b = tc.search(three, q, "--limit", "50")["results"]
            self.assertEqual(sorted(x["id"] for x in a),
                             sorted(x["id"] for x in b), q)
            for x, y in zip(sorted(a, key=lambda r: r["id"]),
                            sorted(b, key=lambda r: r["id"])):
                self.assertAlmostEqual(x["score"], y["score"], places=6)

    def test_not_an_index_is_left_alone(self):
        d = self.path("mine")
        os.makedirs(d)
        keep = os.path.join(d, "notes.txt")
        with open(keep, "w") as f:
            f.write("không được xoá")
        p = tc.index(d, os.path.join(tc.CORPUS, "seeds"), check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("holds no tracuu index", p.stderr)
        p = tc.index(d, os.path.join(tc.CORPUS, "seeds"), check=False,
                     extra=["--overwrite"])
        self.assertEqual(p.returncode, 2)
        self.assertEqual(os.listdir(d), ["notes.txt"])

    def test_foreign_xapian_database_is_refused(self):
        src = os.path.join(tc.CORPUS, "seeds")
        one = self.path("plain.db")
        tc.index(one, src, extra=["--quiet"])
        with open(os.path.join(one, "XAPIANDB")) as f:
            shard = os.path.join(one, f.read().split()[1])
        # a database without tracuu's stub, as another program leaves it
        p = tc.index(shard, src, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("did not make", p.stderr)

    def test_files_named_directly_keep_their_paths(self):
        db = self.path("named.db")
        for d, word in (("x1", "alpha"), ("x2", "beta")):
            os.makedirs(self.path(d))
            with open(self.path(d + "/doc.txt"), "w") as f:
                f.write("Tài liệu %s\n%s\n" % (d, word))
        p = tc.index(db, self.path("x1/doc.txt"), self.path("x2/doc.txt"))
        self.assertEqual(summary(p.stderr)["added"], 2)
        self.assertEqual(tc.ids(tc.search(db, "beta")),
                         [self.path("x2/doc.txt")])

    def test_search_output_for_people(self):
        db, src = self.path("out.db"), self.path("out.jsonl")
        write_jsonl(src, DOCS + [{"id": "esc\u001b]0;x\u0007",
                                  "title": "t \u001b[2J\u001b[31mRED",
                                  "url": "http://x/\u001b[1m",
                                  "body": "nội dung thử nghiệm"}])
        tc.index(db, src)
        out = tc.run([tc.SEARCH, "--db", db, "noi dung thu"]).stdout
        self.assertIn("RED", out)
        self.assertNotIn("\x1b", out)        # a document cannot drive a terminal
        self.assertNotIn("\x07", out)
        # "-word" after the first word is part of the query, not an option
        out = tc.run([tc.SEARCH, "--db", db, "tinh", "-bang"]).stdout
        self.assertIn("Hội nghị tổng kết", out)
        self.assertNotIn("Cao Bằng", out)
        out = tc.run([tc.SEARCH, "--db", db, "--", "-bang", "tinh"]).stdout
        self.assertIn("Hội nghị tổng kết", out)
        # a page past the end is not "no results"
        out = tc.run([tc.SEARCH, "--db", db, "--offset", "50", "tinh"]).stdout
        self.assertIn("About 3 results", out)
        self.assertIn("Nothing on this page", out)
        out = tc.run([tc.SEARCH, "--db", db, "--offset", "1", "cao bang"]).stdout
        self.assertIn("About 1 result ", out)

    def test_overwrite(self):
        db, src = self.path("ow.db"), self.path("ow.jsonl")
        write_jsonl(src, DOCS)
        tc.index(db, src)
        write_jsonl(src, DOCS[:1])
        tc.index(db, src, extra=["--overwrite"])
        self.assertEqual(tc.ids(tc.search(db, "cao bang")), [])
        self.assertEqual(tc.ids(tc.search(db, "tong ket")), ["a"])

    def test_bad_options_and_paths(self):
        for args in (["--shards", "0"], ["--shards", "65"], ["--batch", "x"],
                     ["--max-doc-size", "-1"], []):
            p = tc.run([tc.INDEX, "--db", self.path("o.db"), *args, tc.CORPUS]
                       if args else [tc.INDEX, tc.CORPUS], check=False)
            self.assertEqual(p.returncode, 2, args)
        p = tc.index(self.path("p.db"), self.path("does-not-exist"),
                     check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("does-not-exist", p.stderr)


if __name__ == "__main__":
    unittest.main()
