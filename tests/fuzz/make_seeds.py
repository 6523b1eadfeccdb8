#!/usr/bin/python3
"""make_seeds.py: write the seed corpora of the fuzz targets,
tests/fuzz/corpus/<target>/, from the repository's own licence-clean data:
the default corpus (corpus/: the seed articles, official documents of
2025, laws), the benchmark's real queries (tests/bench/queries.txt), the
readers' test files, the paths and parameters the server tests send, and
a few hand-written hostile cases.  Each seed is small (at most 2 KB of
text).  Files already there (crashes fuzzing found: crash-*, and the
hand-kept regression seeds) are left alone; run again after changing
this script.

    /usr/bin/python3 tests/fuzz/make_seeds.py
"""
import gzip
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "corpus")


# Questions about a figure (searcher/answers.h) and texts with figures
# that answer some of them.
QUESTIONS = [
    "doanh thu toàn ngành bao nhiêu", "bao nhieu thue bao internet",
    "mật độ điện thoại là bao nhiêu", "có mấy tập thể được khen",
    "doanh thu năm 2020 bao nhiêu?", "số lượng thuê bao",
    "tỷ lệ hộ nghèo bao nhiêu phần trăm", "how many \"thuê bao\"",
    "title:mấy bao nhiêu", "bao nhiêu", "co may tap the", "-bao nhiêu x",
]
QUESTION_TEXTS = [
    "Năm 2018: thuê bao điện thoại đạt 2.905.200 máy với mật độ 80,87 "
    "máy/100 dân; số thuê bao Internet ước đạt 980.000 thuê bao (tăng "
    "6.674 thuê bao). Phấn đấu doanh thu toàn ngành đạt 3.550 tỷ đồng.",
    "Doanh thu quý 1 đạt 100 tỷ đồng, bằng 100,6% kế hoạch.\nCó 21 tập "
    "thể và 39 cá nhân được khen. Tỷ lệ hộ nghèo giảm còn 3,5%.",
    "Doanh thu <b>\x01 đạt 520 tỷ đồng & \"x\"\n\n: 12 tỷ.",
]


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:12]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def cut(s, n):
    """s cut to at most n bytes of UTF-8, on a character boundary."""
    return s.encode("utf-8")[:n].decode("utf-8", "ignore")


def corpus_docs():
    docs = []
    for name in ("legal-official-2025.jsonl", "legal-laws.jsonl"):
        with open(os.path.join(SRC, "corpus", name), encoding="utf-8") as f:
            docs += [json.loads(l) for l in f][:12]
    seeds = os.path.join(SRC, "corpus", "seeds")
    for n in sorted(os.listdir(seeds)):
        with open(os.path.join(seeds, n), encoding="utf-8") as f:
            docs.append({"id": "seeds/" + n, "title": "", "body": f.read()})
    return docs


HOSTILE_TEXT = [
    "Thanh Hoá, Thanh Hóa, THANH HOÁ, uỷ ban, ủy ban, khoẻ, khỏe",
    "Thanh Ho\u0061\u0301, Đa\u0300 Na\u0302\u0303ng",          # NFD
    "thu\u200bê bao, Vi\u200d\u1ec7t Nam, \u202eabc\u202c, \ufeffđầu",
    "số 1.800.000 thuê bao, 80,87%, 12,5 %, 3.550 tỷ đồng, 1/2",
    "Nghị quyết số 36a/NQ-CP ngày 14/10/2015; Quyết định 2977/2013/QĐ-UBND",
    "Phó Chủ tịch UBND tỉnh Lê Anh Tuấn; Bí thư Tỉnh ủy Đỗ Trọng Hưng",
    "Chiều 11-1, ngày 30 tháng 6 hằng năm, tháng 10/2015, 2021-02-30",
    "TP.HCM, TT&TT, KT-XH, CNTT, HĐND, GD-ĐT, tp hcm",
    "a\x00b\x01c\x7f\u0085d\u2028e",
    "x" * 130 + " " + "9" * 50 + " " + "đ" * 70,
    "\ud7ff\ue000\U0010ffff\U0001F600",
    " ".join(str(i) for i in range(0, 400, 7)),
]
BAD_BYTES = [b"\xff\xfe thu\xc3\xaa", b"\xc3\x28 \xe2\x82 \xf0\x9f\x98",
             b"\xed\xa0\x80 surrogate", b"\xc0\xaf overlong \xe0\x80\xaf",
             b"\xf4\x90\x80\x80 past", b"Vi\xe1\xbb\x87t\xe1\xbb"]

QUERY_SYNTAX = [
    '"thuê bao" internet', 'a OR b', 'thuê AND bao', 'NOT tinh', '-tinh thanh',
    '+tinh', '(thue OR bao) AND (ha OR noi)', 'title:"chuyển đổi số"',
    'title:', 'official:"Lê Anh Tuấn"', 'cán bộ:"le anh tuan"',
    'doc:36a/NQ-CP', 'văn bản:"36a nq cp"', 'doc:QD', 'type:"nghị quyết"',
    'loại:nghi quyet', 'place:"Thanh Hóa"', 'tỉnh:TP.HCM', 'date:2018',
    'date:2018..2020', 'date:2018-01-01..2018-06-30', 'date:..2019',
    'ngày:04/01/2018', 'date:01/2018', 'figure:"thuê bao">1000000',
    'figure:"đồng">=3.550', 'số liệu:"%"<80,87', 'figure:"thuê bao"=5',
    '-figure:"thuê bao"', 'UBND tỉnh', 'uy ban nhan dan', 'TT&TT', 'CNTT',
    '36a nq cp', 'le anh tuan', '((((((', '"unclosed', 'AND OR NOT', ')))',
    '"" () :', '* ** *a*', 'a ' * 70, '(' * 20 + 'x' + ')' * 20,
    'dau thanh tung', 'Thanh Hoá', '1800000', '80,87', '12,5%',
]


def main():
    docs = corpus_docs()
    texts = [cut(d.get("title", "") + "\n" + d["body"], 2000) for d in docs]
    texts += [cut(d["body"][len(d["body"]) // 2:], 1500) for d in docs[:8]]
    with open(os.path.join(SRC, "tests", "bench", "queries.txt"),
              encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip()]
    queries = queries[::6] + QUERY_SYNTAX

    for t in texts + HOSTILE_TEXT:
        put("analysis", t)
        put("tokenize", t)
    for b in BAD_BYTES:
        put("analysis", b)
        put("tokenize", b)
    for i, t in enumerate(texts + HOSTILE_TEXT):
        put("entities", bytes([i % 40]) + t.encode("utf-8"))
    for i, b in enumerate(BAD_BYTES):
        put("entities", bytes([i * 5 % 40]) + b)

    for i, q in enumerate(queries):
        put("query", q if i % 3 else q + "\n" + texts[i % len(texts)])
    for i, q in enumerate(QUESTIONS):
        put("query", q + "\n" + QUESTION_TEXTS[i % len(QUESTION_TEXTS)])
        put("snippet", q + "\n" + texts[(i * 7) % len(texts)])
    for t in HOSTILE_TEXT:
        put("snippet", "thue bao\n" + t)
        put("snippet", "<script>&amp;\n<b>\"x\" & 'y'</b> " + t)

    lines = [json.dumps(d, ensure_ascii=False) for d in
             ({**d, "body": cut(d["body"], 800)} for d in docs[:10])]
    for i in range(0, len(lines), 2):
        put("jsonl", "\n".join(lines[i:i + 2]) + "\n")
    for s in ['\ufeff' + lines[0] + '\r\n' + lines[1],
              '{"id": "a", "id": "b", "body": "x"}\n{"id": 5, "body": "x"}',
              '{"id": "x", "title": ["t"], "body": {"a": 1}}\n[1,2]\nnull',
              '{"id": "x", "body": "' + "a" * 5000 + '"}\n{"id": "y", '
              '"body": "sau dòng dài"}',
              '{"id": "\\u0000", "body": "nul\\u0000 ở giữa"}',
              '{"id": "x", "body": "\\ud800 lone surrogate"}',
              '\n\n   \n{"id":"z","body":"ok"}', '{"id": "x", "body": ',
              '{"id": "a/../../b", "url": "javascript:alert(1)", '
              '"title": "<script>alert(1)</script>", "body": "x"}']:
        put("jsonl", s)
    put("jsonl", gzip.compress((lines[2] + "\n" + lines[3] + "\n")
                               .encode("utf-8"), mtime=0))
    put("jsonl", gzip.compress(lines[4].encode("utf-8"), mtime=0)[:40])

    rd = os.path.join(SRC, "tests", "data", "readers")
    for n in sorted(os.listdir(rd)):
        p = os.path.join(rd, n)
        if os.path.isfile(p) and n.endswith((".html", ".htm", ".txt")):
            with open(p, "rb") as f:
                put("html", f.read()[:2000])
    for s in ["<html><head><title>Sở TT&amp;TT</title></head><body><h1>Báo "
              "cáo</h1><p>" + texts[0][:600] + "</p></body></html>",
              "<div>" * 300 + "sâu" + "</div>" * 10,
              "<p><b><i>chưa đóng <table><tr><td>ô",
              "<meta charset=\"windows-1258\"><p>Vi\xea\xecn</p>",
              "<meta http-equiv=\"Content-Type\" content=\"text/html; "
              "charset=iso-8859-1\"><title>T\xeatle</title>x",
              "<script>alert(1)</script><style>p{}</style><p>chữ</p>",
              "<!-- <p>ẩn</p> --><![CDATA[x]]><p>&#x1F600;&#0;&#xD800;"
              "&nbsp;&amp;&lt;</p>",
              "<title>" + "dài " * 300 + "</title><p>x</p>",
              "<h1>a<br>b</h1><p>c</p>", "\ufeff<p>BOM</p>"]:
        put("html", s.encode("utf-8", "surrogateescape")
            if isinstance(s, str) else s)

    for path in ["/api/search?q=dau+thanh+tung&limit=5",
                 "/api/search?q=thu%E1%BA%BF&limit=1&offset=10000",
                 "/api/search?q=tinh&limit=101", "/api/search?q=x&offset=1e3",
                 "/api/search?q=x&limit=+5&count=-1",
                 "/api/search?q=x&limit=99999999999999999999",
                 "/api/search?q=%ff%fe&sort=date&facets=1&from=2018",
                 "/api/suggest?q=thue+b&limit=10", "/api/doc/num-dots",
                 "/api/doc/seeds%2F002_74ba2798a88be1b9.txt", "/api/doc/",
                 "/api/docx", "/search.atom?q=chuyen+doi+so&limit=50",
                 "/search.rss?q=x", "/opensearch.xml", "/healthz", "/metrics",
                 "/", "/index.html", "/style.css", "/app.js",
                 "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                 "/..%2f..%2fetc%2fpasswd", "/.hidden", "/web/../README.md",
                 "//etc/passwd", "/index.html%00.txt", "/%252e%252e%252f",
                 "/..\\..\\etc\\passwd", "/%c0%ae%c0%ae/etc/passwd",
                 "/index.html?x=1&&&=&limit="]:
        for m, host in ((0, "127.0.0.1:8080"), (3, "a.example"),
                        (1, "evil\"><script>"), (2, "")):
            put("server", bytes([m]) + (path + "\n" + host).encode())


if __name__ == "__main__":
    main()
