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

The configurations run one after the other, --rounds times (so that a
busy spell of the machine falls on all of them alike); each figure printed
is the median over the rounds.  It also counts how many of the questions
got answers (tracuu-search --json, one process each).  Not a test:
nothing here fails on a time.

    /usr/bin/python3 tests/bench/answers.py --build build --db IDX \\
        [--base-build BUILD0] [--repeat 5] [--rounds 3]
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


def figures(r):
    """p50, p99 without snippets, p50, p99 with snippets (µs)."""
    s = r["snippets"]["latency_us"]
    return (statistics.median(r["latency_us"]), pct(r["latency_us"], 99),
            statistics.median(s), pct(s, 99))


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
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    with open(a.queries, encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip()]
    subjects = SUBJECTS + queries
    questions = [s + " bao nhiêu" for s in subjects]
    runs = []
    if a.base_build:
        runs.append(("benchmark queries, before answers", a.base_build,
                     queries))
    runs.append(("benchmark queries", a.build, queries))
    if a.base_build:
        runs.append(("subjects (\"X\"), before answers", a.base_build,
                     subjects))
    runs.append(("subjects (\"X\")", a.build, subjects))
    runs.append(("questions (\"X bao nhiêu\")", a.build, questions))
    got = [[] for _ in runs]
    with tempfile.TemporaryDirectory(prefix="tracuu-answers-") as tmp:
        for _ in range(a.rounds):
            for i, (_, build, qs) in enumerate(runs):
                got[i].append(figures(bench(build, a.db, qs, a.repeat, tmp,
                                            "run%d" % i)))
    print("| queries | n | p50 µs | p99 µs | p50 with snippets µs "
          "| p99 with snippets µs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for (label, _, qs), g in zip(runs, got):
        med = [statistics.median(x[k] for x in g) for k in range(4)]
        print("| %s | %d | %.0f | %.0f | %.0f | %.0f |" % (label, len(qs),
                                                         *med))
    print("\nquestions answered: %d of %d" % (
        answered(a.build, a.db, questions), len(questions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
