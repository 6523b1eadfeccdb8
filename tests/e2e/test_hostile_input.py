"""End-to-end: hostile documents, from the committed corpus
tests/data/hostile/ (README.md there lists each file and what it holds)
and from documents made at run time (a 100 MB document, 10,000 distinct
numbers in one document, HTML at the tag and attribute caps).

The indexer reports each bad input as FILE[:LINE]: reason and indexes
the rest; its peak memory (VmHWM, sampled) stays under a stated bound;
the server's JSON, Atom, RSS and snippet HTML of the documents that got
in stay valid and escaped.
"""
import json
import os
import re
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import tc

HOSTILE = os.path.join(tc.DATA, "hostile")
ATOM = "{http://www.w3.org/2005/Atom}"
MB = 1024 * 1024

# What tracuu-index must say about each bad input of tests/data/hostile/.
REPORTS = [
    ("bad.jsonl:3", "invalid JSON: control character 0x0"),
    ("bad.jsonl:6", "field 'title' is not a string"),
    ("bad.jsonl:7", "field 'body' is not a string"),
    ("bad.jsonl:8", "invalid JSON: duplicate object key"),
    ("bad.jsonl:9", "field 'date' is not a string"),
    ("bad.jsonl:10", "not a JSON object"),
    ("bad.jsonl:11", "invalid JSON: '[' or '{' expected"),
    ("bad.jsonl:12", "invalid JSON: premature end of input"),
    ("cut.jsonl.gz:7", "truncated gzip stream"),
    ("deep.html", "HTML nested deeper than 256 elements"),
    ("nul.txt", "binary file"),
]
# What gets in, and the word that finds it.
FOUND = {
    "zzhostile": {"h-ok-1", "h-ok-2", "h-bad-utf8", "h-nul-escaped", "42"},
    "zzescnul": {"h-nul-escaped"},
    "zzcontrol": {"h-control"},
    "zzrtl": {"h-rtl"},
    "zzxss": {"h-xss"},
    "zzidla": {'h-id <a href="x">&amp; ?q=1#f'},
    "zzcrlf": {"h-crlf-1", "h-crlf-2"},
    "zzoverlong": {"overlong.txt"},
    "zzunclosed": {"unclosed.html"},
    "zzxsshtml": {"xss.html"},
    # zero-width joiners and spaces inside words are not word breaks
    "thue bao zzzwj": {"h-zwj"},
    '"Việt Nam" zzzwj': {"h-zwj"},
}


def sanitizers():
    """Peak memory under ASan is several times the release build's."""
    cache = os.path.join(tc.BIN, "CMakeCache.txt")
    if not os.path.exists(cache):
        return False
    with open(cache) as f:
        return "SANITIZE:STRING=address" in f.read()


class HostileInputTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        cls.status, cls.stderr, cls.peak = tc.run_peak(
            [tc.INDEX, "--db", cls.db, HOSTILE])

    def test_each_bad_input_is_reported(self):
        self.assertEqual(self.status, 1, self.stderr)
        lines = self.stderr.strip().split("\n")
        reports = [l for l in lines if l.startswith(HOSTILE)]
        for where, why in REPORTS:
            want = "%s/%s: %s" % (HOSTILE, where, why)
            self.assertTrue(any(l.startswith(want) for l in reports),
                            "%s not in\n%s" % (want, self.stderr))
        self.assertEqual(len(reports), len(REPORTS), self.stderr)
        s = tc.summary(self.stderr)
        self.assertEqual(s["failed"], len(REPORTS))

    def test_the_rest_is_indexed(self):
        for q, want in FOUND.items():
            got = set(tc.ids(tc.search(self.db, q, "--limit", "50")))
            self.assertEqual(got, want, q)
        # six documents of the gzip stream before its cut, all whole
        got = tc.search(self.db, "zzgzip", "--limit", "50")
        self.assertEqual(len(got["results"]), 6)
        # invalid UTF-8 is replaced, the words around it kept
        r = tc.search(self.db, "zzhostile bao")["results"]
        self.assertIn("h-bad-utf8", [x["id"] for x in r])

    def test_outputs_stay_valid_and_escaped(self):
        with tc.serve(self.db, "--threads", "2") as (port, _):
            for q in FOUND:
                self.check_outputs(port, q)
            self.check_doc_route(port)

    def get(self, port, path):
        st, _, body = tc.http_get(port, path)
        return st, body

    def check_outputs(self, port, q):
        qs = urllib.parse.urlencode({"q": q, "limit": 50})
        st, body = self.get(port, "/api/search?" + qs)
        self.assertEqual(st, 200)
        res = json.loads(body)
        self.assertTrue(res["results"], q)
        for r in res["results"]:
            # the snippet is HTML: text escaped, only <mark> as markup,
            # no control character
            tags = re.findall(r"<[^>]*>", r["snippet"])
            self.assertTrue(set(tags) <= {"<mark>", "</mark>"}, r["snippet"])
            self.assertNotRegex(r["snippet"], "[\x00-\x1f\x7f]")
            self.assertNotRegex(r["snippet"], r"&(?!(amp|lt|gt|quot|#39);)")
        for feed in ("search.atom", "search.rss"):
            st, body = self.get(port, "/%s?%s" % (feed, qs))
            self.assertEqual(st, 200)
            root = ET.fromstring(body)          # well-formed, or it raises
            self.assertNotIn(b"<script", body)
            self.assertNotIn(b"<img", body)
            if feed == "search.atom":
                titles = [e.find(ATOM + "title").text or ""
                          for e in root.iter(ATOM + "entry")]
                self.assertEqual(len(titles), len(res["results"]))
                want = [r["title"] or r["id"] for r in res["results"]]
                # XML 1.0 cannot carry C0 controls: the feeds drop them
                strip = lambda s: re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "",
                                         s)
                self.assertEqual([strip(t) for t in titles],
                                 [strip(t) for t in want])

    def check_doc_route(self, port):
        for id_ in ('h-xss', 'h-id <a href="x">&amp; ?q=1#f', "h-control"):
            st, body = self.get(port, "/api/doc/" +
                                urllib.parse.quote(id_, safe=""))
            self.assertEqual(st, 200, id_)
            self.assertEqual(json.loads(body)["id"], id_)
        st, body = self.get(port, "/search.atom?q=zzidla")
        link = ET.fromstring(body).find(ATOM + "entry/" + ATOM + "link")
        self.assertTrue(link.get("href").endswith(
            "/api/doc/" + urllib.parse.quote('h-id <a href="x">&amp; ?q=1#f',
                                             safe="")), link.get("href"))

    def test_100_mb_document(self):
        """A 100 MB JSON Lines document (past the 32 MiB cap) between two
        small ones, and a 100 MB text file: reported, the others indexed,
        memory bounded by the cap (the line reader keeps at most
        cap + 1 bytes, a file over the cap is not read)."""
        src = os.path.join(self.tmp, "big.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "before", "body": "trước zzbig"}) + "\n")
            f.write('{"id": "huge", "body": "')
            chunk = "thuê bao di động " * 1000
            for _ in range(100 * MB // len(chunk.encode())):
                f.write(chunk)
            f.write('"}\n')
            f.write(json.dumps({"id": "after", "body": "sau zzbig"}) + "\n")
        txt = os.path.join(self.tmp, "big.txt")
        with open(txt, "wb") as f:
            f.truncate(100 * MB)
        db = os.path.join(self.tmp, "big.db")
        status, err, peak = tc.run_peak([tc.INDEX, "--db", db, src, txt],
                                        "100 MB document")
        self.assertEqual(status, 1, err)
        self.assertRegex(err, r"big\.jsonl:2: document too large "
                              r"\(1\d{8} bytes, limit 33554432\)")
        self.assertRegex(err, r"big\.txt: document too large "
                              r"\(104857600 bytes, limit 33554432\)")
        self.assertEqual(tc.summary(err)["added"], 2)
        self.assertEqual(sorted(tc.ids(tc.search(db, "zzbig"))),
                         ["after", "before"])
        self.assertLess(peak, 400 if sanitizers() else 100)

    def test_ten_thousand_numbers(self):
        """10,000 distinct numbers in one document: indexed, each one
        found, the figure extractor capped, time and memory bounded."""
        # distinct, written as Vietnamese writes them: 1.007.919
        nums = ["{:,}".format(1_000_000 + 7919 * i).replace(",", ".")
                for i in range(10000)]
        src = os.path.join(self.tmp, "nums.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "numbers", "title": "Mười nghìn số",
                                "body": "Bảng số liệu: " + " tỷ đồng, ".join(
                                    nums)}, ensure_ascii=False) + "\n")
        db = os.path.join(self.tmp, "nums.db")
        status, err, peak = tc.run_peak([tc.INDEX, "--db", db, src],
                                        "10,000 numbers")
        self.assertEqual(status, 0, err)
        for k in (0, 4321, 9999):
            q = nums[k].replace(".", "")         # 1.007.919 -> 1007919
            self.assertEqual(tc.ids(tc.search(db, q)), ["numbers"], q)
        r = tc.search(db, "so lieu")["results"][0]
        self.assertLessEqual(len(r["entities"]["figures"]), 512)
        self.assertLess(peak, 400 if sanitizers() else 100)

    def test_html_at_the_caps(self):
        """HTML that libxml2 would blow up (32 MiB of tags took 1.4 GB;
        one tag of 4 million attributes, minutes): refused with the cap
        named; just under the caps, indexed within the bound."""
        d = os.path.join(self.tmp, "html")
        os.makedirs(d)
        names = " ".join("a%x" % i for i in range(256))
        tag = "<i %s>x</i>" % names
        files = {
            "tags.html": "<p>zzcap " + "<i>x</i>" * 499_990,
            "attrs.html": "<p>zzcap " + tag * (999_000 // 258),
            "too-many-tags.html": "<p>" + "<i>x</i>" * 500_001,
            "too-many-attrs.html": "<p>x<i %s a>y</i>" % " ".join(
                "b%x" % i for i in range(300_000)),
        }
        for n, text in files.items():
            with open(os.path.join(d, n), "w") as f:
                f.write(text)
        db = os.path.join(self.tmp, "html.db")
        status, err, peak = tc.run_peak([tc.INDEX, "--db", db, d],
                                        "HTML at the caps")
        self.assertEqual(status, 1, err)
        self.assertIn("too-many-tags.html: HTML with more than 1000000 tags "
                      "and attributes", err)
        self.assertIn("too-many-attrs.html: an HTML tag with more than 256 "
                      "attributes", err)
        self.assertEqual(tc.summary(err)["added"], 2)
        self.assertEqual(sorted(tc.ids(tc.search(db, "zzcap"))),
                         ["attrs.html", "tags.html"])
        self.assertLess(peak, 1000 if sanitizers() else 300)


if __name__ == "__main__":
    unittest.main()
