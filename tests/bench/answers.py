#!/usr/bin/python3
"""answers.py: what questions about a figure cost (searcher/answers.h).

Times, with tracuu-bench-query (in-process, warm-up pass, per-query
medians over --repeat passes), on one index:

- the benchmark's queries (queries.txt) as they are: no question, so no
  answers; with --base-build (a build of the code before answers) the same
  queries there too, to show that queries that are no question cost
  nothing more;
- the same subjects asked as questions ("X bao nhiêu") and as plain
  queries ("X"), with snippets (answers are computed from the records the
  snippets read, so without snippets there are none): the difference is
  what a question adds, the detection and the answers.

It also counts how many of the questions got answers (tracuu-search
--json, one process each).  Not a test: nothing here fails on a time.

    /usr/bin/python3 tests/bench/answers.py --build build --db IDX \\
        [--base-build BUILD0] [--repeat 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Subjects of questions people ask of news and reports, beside the
# benchmark's own queries.
SUBJECTS = [
    "doanh thu", "doanh thu toàn ngành", "thuê bao internet",
    "mật độ điện thoại", "tập thể được khen", "giá vàng", "giá xăng",
    "vốn đầu tư", "kim ngạch xuất khẩu", "xuất khẩu gạo", "dân số",
    "người tử vong", "người bị thương", "ca mắc covid", "lãi suất",
    "diện tích", "lương tối thiểu", "tăng trưởng GDP", "du khách",
    "học sinh", "doanh nghiệp", "hộ nghèo", "ngân sách", "nợ xấu",
    "tỷ lệ thất nghiệp", "giá vé máy bay", "số vụ tai nạn giao thông",
    "sản lượng lúa", "vốn điều lệ", "lợi nhuận",
]


def bench(build, db, queries, repeat, tmp, name):
    """Run tracuu-bench-query on the queries; its JSON."""
    qf = os.path.join(tmp, name + ".txt")
    with open(qf, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    out = os.path.join(tmp, name + ".json")
    prog = os.path.join(build, "tests", "bench", "tracuu-bench-query")
    subprocess.run([prog, "--repeat", str(repeat), db, qf, out], check=True,
                   stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, int(round(p / 100 * len(xs))) - 1))]


def row(label, r):
    s = r["snippets"]["latency_us"]
    print("| %s | %d | %.0f | %.0f | %.0f | %.0f |" % (
        label, len(s), statistics.median(r["latency_us"]),
        pct(r["latency_us"], 99), statistics.median(s), pct(s, 99)))


def answered(build, db, questions):
    prog = os.path.join(build, "searcher", "tracuu-search")
    n = 0
    for q in questions:
        p = subprocess.run([prog, "--db", db, "--json", "--no-facets", q],
                           capture_output=True, text=True, check=True)
        n += bool(json.loads(p.stdout).get("answers"))
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--base-build")
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.txt"))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    with open(a.queries, encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip()]
    subjects = SUBJECTS + queries
    questions = [s + " bao nhiêu" for s in subjects]
    with tempfile.TemporaryDirectory(prefix="tracuu-answers-") as tmp:
        print("| queries | n | p50 µs | p99 µs | p50 with snippets µs "
              "| p99 with snippets µs |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        if a.base_build:
            row("benchmark queries, before answers",
                bench(a.base_build, a.db, queries, a.repeat, tmp, "base"))
        row("benchmark queries", bench(a.build, a.db, queries, a.repeat, tmp,
                                       "plain"))
        if a.base_build:
            row("subjects (\"X\"), before answers",
                bench(a.base_build, a.db, subjects, a.repeat, tmp, "base-s"))
        row("subjects (\"X\")", bench(a.build, a.db, subjects, a.repeat, tmp,
                                      "subjects"))
        row("questions (\"X bao nhiêu\")",
            bench(a.build, a.db, questions, a.repeat, tmp, "questions"))
    print("\nquestions answered: %d of %d" % (
        answered(a.build, a.db, questions), len(questions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
