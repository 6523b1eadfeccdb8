#!/usr/bin/python3
"""run.py: benchmark tracuu against SQLite FTS5 and plain Xapian, side by side.

One command runs everything on the same documents and the same queries:

    /usr/bin/python3 tests/bench/run.py --build build-bench

1. extracts the first --docs documents of --corpus into WORK/docs.jsonl and
   counts their body text (MB = 10^6 bytes of UTF-8);
2. indexes them with each engine, each indexer a subprocess of its own:
   wall time (monotonic clock), CPU time and peak RSS (ru_maxrss from
   os.wait4), then the index's size on disk (sum of its files' sizes);
   with --repeat N every indexer runs N times, interleaved, and the
   medians are reported;
3. times the fixed query list (queries.txt) in each engine's own process
   (peers.py for the peers, tracuu-bench-query for tracuu): index opened
   once, one warm-up pass, N timed passes, per-query median;
4. prints a markdown table, peers' figures with tracuu's ratios to each,
   and writes every raw figure to --out (JSON).

tracuu's programs are looked for in --build (indexer/tracuu-index,
tests/bench/tracuu-bench-query); when absent its column says "not built"
and the peers still run.  See README.md for what each metric means and
the fairness notes.
"""
import argparse
import gzip
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CORPUS = os.path.join(REPO, "..", "shared", "corpus",
                              "vi-news-baomoi-2017.jsonl.gz")
PEERS = os.path.join(HERE, "peers.py")
MB = 1e6


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def percentile(values, p):
    """Nearest rank, as in peers.py and bench_query.c."""
    if not values:
        return None
    v = sorted(values)
    return v[max(1, math.ceil(p / 100.0 * len(v))) - 1]


def disk_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def run_measured(argv, log_path):
    """Run argv as a child; return wall s, CPU s, peak RSS bytes, rc."""
    with open(log_path, "wb") as logf:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime,
            "peak_rss_bytes": ru.ru_maxrss * 1024, "rc": proc.returncode}


def tail(path, n=15):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


# ---- the engines --------------------------------------------------------

class Engine:
    """How to index with and query one engine."""

    def __init__(self, name, index_argv, query_argv, available=True,
                 why=""):
        self.name = name
        self.index_argv = index_argv      # fn(input, db) -> argv
        self.query_argv = query_argv      # fn(db, queries, out, repeat)
        self.available = available
        self.why = why


def make_engines(args, work):
    py = args.python
    tracuu_index = os.path.join(args.build, "indexer", "tracuu-index")
    tracuu_query = os.path.join(args.build, "tests", "bench",
                                "tracuu-bench-query")
    missing = [p for p in (tracuu_index, tracuu_query)
               if not os.access(p, os.X_OK)]
    engines = [
        Engine("tracuu",
               lambda i, d: [tracuu_index, "--db", d, i],
               lambda d, q, o, r: [tracuu_query, "--repeat", str(r), d, q, o],
               available=not missing,
               why="not built (missing %s)" % ", ".join(missing)),
        Engine("fts5",
               lambda i, d: [py, PEERS, "fts5-index", i, d],
               lambda d, q, o, r: [py, PEERS, "fts5-query", d, q, o,
                                   "--repeat", str(r)]),
        Engine("xapian",
               lambda i, d: [py, PEERS, "xapian-index", i, d],
               lambda d, q, o, r: [py, PEERS, "xapian-query", d, q, o,
                                   "--repeat", str(r)]),
    ]
    if args.with_scriptindex:
        si_input = os.path.join(work, "docs.scriptindex")
        have = shutil.which("scriptindex") is not None
        engines.append(Engine(
            "scriptindex",
            lambda i, d: [py, PEERS, "scriptindex-index", si_input, d],
            lambda d, q, o, r: [py, PEERS, "xapian-query", d, q, o,
                                "--repeat", str(r), "--engine", "scriptindex"],
            available=have,
            why="scriptindex not found (Debian package xapian-omega)"))
    if args.engines:
        keep = set(args.engines.split(","))
        engines = [e for e in engines if e.name in keep]
    return engines


# ---- steps --------------------------------------------------------------

def extract(corpus, ndocs, out_path):
    """Copy the first ndocs lines as they are; count their text."""
    n = body = title = 0
    with gzip.open(corpus, "rb") as f, open(out_path, "wb") as out:
        for line in itertools.islice(f, ndocs):
            out.write(line)
            d = json.loads(line)
            n += 1
            body += len(d.get("body", "").encode("utf-8"))
            title += len(d.get("title", "").encode("utf-8"))
    return {"docs": n, "body_bytes": body, "title_bytes": title,
            "jsonl_bytes": os.path.getsize(out_path)}


def index_all(engines, docs_path, work, repeat):
    runs = {e.name: [] for e in engines}
    for r in range(repeat):
        for e in engines:                  # interleaved: noise spreads evenly
            if not e.available:
                continue
            db = os.path.join(work, "%s.db" % e.name)
            if os.path.isdir(db):
                shutil.rmtree(db)
            elif os.path.exists(db):
                os.remove(db)
            log_path = os.path.join(work, "%s-index-%d.log" % (e.name, r))
            log("index %s (run %d/%d)" % (e.name, r + 1, repeat))
            m = run_measured(e.index_argv(docs_path, db), log_path)
            if m["rc"] != 0:
                log("%s indexer failed (rc %d):\n%s" % (e.name, m["rc"],
                                                        tail(log_path)))
                m["size_bytes"] = None
            else:
                m["size_bytes"] = disk_size(db)
            m["db"] = db
            runs[e.name].append(m)
            log("  %.1f s, %.0f MB peak RSS, %s" % (
                m["wall_s"], m["peak_rss_bytes"] / MB,
                "%.1f MB on disk" % (m["size_bytes"] / MB)
                if m["size_bytes"] else "failed"))
    return runs


def query_all(engines, runs, queries, work, repeat):
    out = {}
    for e in engines:
        ok = [m for m in runs.get(e.name, []) if m["rc"] == 0]
        if not e.available or not ok:
            continue
        res = os.path.join(work, "%s-queries.json" % e.name)
        log_path = os.path.join(work, "%s-query.log" % e.name)
        log("query %s" % e.name)
        m = run_measured(e.query_argv(ok[-1]["db"], queries, res, repeat),
                         log_path)
        if m["rc"] != 0 or not os.path.exists(res):
            log("%s query timer failed (rc %d):\n%s" % (e.name, m["rc"],
                                                        tail(log_path)))
            continue
        with open(res, encoding="utf-8") as f:
            out[e.name] = json.load(f)
    return out


# ---- summary ------------------------------------------------------------

def is_marked(q):
    return any(ord(c) > 127 for c in q)


def summarize(engines, text, runs, qres, queries):
    qs = [line.rstrip("\n") for line in open(queries, encoding="utf-8")
          if line.strip()]
    marked = [i for i, q in enumerate(qs) if is_marked(q)]
    plain = [i for i, q in enumerate(qs) if not is_marked(q)]
    summary = {}
    for e in engines:
        s = {"available": e.available, "why": "" if e.available else e.why}
        ok = [m for m in runs.get(e.name, []) if m["rc"] == 0]
        if ok:
            wall = statistics.median(m["wall_s"] for m in ok)
            s.update({
                "index_s": wall,
                "index_cpu_s": statistics.median(m["cpu_s"] for m in ok),
                "index_mb_per_s": text["body_bytes"] / MB / wall,
                "peak_rss_mb": statistics.median(m["peak_rss_bytes"]
                                                 for m in ok) / MB,
                "index_mb": ok[-1]["size_bytes"] / MB,
            })
        elif e.available:
            s["why"] = "indexer failed"
        q = qres.get(e.name)
        if q:
            lat = q["latency_us"]
            s.update({
                "p50_us": percentile(lat, 50), "p99_us": percentile(lat, 99),
                "mean_us": statistics.fmean(lat),
                "p50_marked_us": percentile([lat[i] for i in marked], 50),
                "p50_plain_us": percentile([lat[i] for i in plain], 50),
                "answered": sum(1 for r in q["results"] if r["ids"]),
            })
            if "errors" in q:
                s["errors"] = q["errors"]
            if any("relaxed" in r for r in q["results"]):
                s["relaxed"] = sum(1 for r in q["results"] if r.get("relaxed"))
            if "snippets" in q:
                sl = q["snippets"]["latency_us"]
                s["p50_snip_us"] = percentile(sl, 50)
                s["p99_snip_us"] = percentile(sl, 99)
        summary[e.name] = s
    return summary, len(qs), len(marked)


# (key, label, format)
ROWS = [
    ("index_s", "indexing time (s, wall)", "%.1f"),
    ("index_cpu_s", "indexing CPU time (s, user+sys)", "%.1f"),
    ("index_mb_per_s", "indexing speed (MB/s of body text)", "%.2f"),
    ("peak_rss_mb", "indexer peak RSS (MB)", "%.0f"),
    ("index_mb", "index size on disk (MB)", "%.1f"),
    ("p50_us", "query p50 (µs)", "%.0f"),
    ("p99_us", "query p99 (µs)", "%.0f"),
    ("mean_us", "query mean (µs)", "%.0f"),
    ("p50_marked_us", "query p50, with diacritics (µs)", "%.0f"),
    ("p50_plain_us", "query p50, without diacritics (µs)", "%.0f"),
    ("answered", "queries with ≥1 result", "%d"),
    ("relaxed", "of which answered by any-word fallback", "%d"),
    ("errors", "failed searches", "%d"),
    ("p50_snip_us", "query p50 with snippets (µs)", "%.0f"),
    ("p99_snip_us", "query p99 with snippets (µs)", "%.0f"),
]


def table(summary, engines):
    names = [e.name for e in engines]
    peers = [n for n in names if n != "tracuu"]
    tr = summary.get("tracuu", {})
    head = ["metric"] + names + ["tracuu/%s" % p for p in peers]
    lines = ["| " + " | ".join(head) + " |",
             "| --- |" + " ---: |" * (len(head) - 1)]
    for key, label, fmt in ROWS:
        if not any(key in summary[n] for n in names):
            continue
        cells = [label]
        for n in names:
            s = summary[n]
            if key in s and s[key] is not None:
                cells.append(fmt % s[key])
            elif not s["available"] or s.get("why"):
                cells.append(s["why"].split(" (")[0] or "n/a")
            else:
                cells.append("")
        for p in peers:
            a, b = tr.get(key), summary[p].get(key)
            cells.append("%.2f" % (a / b) if a is not None and b else
                         ("" if b is None else "n/a"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build-bench"),
                    help="tracuu's build directory (default: %(default)s)")
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.txt"))
    ap.add_argument("--work", help="scratch directory (default: a new "
                    "temporary one, removed at the end unless --keep)")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--with-scriptindex", action="store_true",
                    help="also index with xapian-omega's scriptindex (slow)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="index N times and time N query passes; medians")
    ap.add_argument("--engines", help="comma-separated subset to run")
    ap.add_argument("--out", help="raw results (default: "
                    "BUILD/bench-results.json, or ./bench-results.json "
                    "when BUILD does not exist)")
    ap.add_argument("--python", default="/usr/bin/python3"
                    if os.path.exists("/usr/bin/python3") else sys.executable,
                    help="Python with python3-xapian, for peers.py")
    args = ap.parse_args()

    if not args.out:
        args.out = os.path.join(args.build if os.path.isdir(args.build)
                                else ".", "bench-results.json")
    work = args.work or tempfile.mkdtemp(prefix="tracuu-bench-")
    os.makedirs(work, exist_ok=True)
    engines = make_engines(args, work)
    for e in engines:
        if not e.available:
            log("%s: %s" % (e.name, e.why))
    load_before = os.getloadavg()
    docs_path = os.path.join(work, "docs.jsonl")
    log("extract %d docs from %s" % (args.docs, args.corpus))
    text = extract(args.corpus, args.docs, docs_path)
    log("  %d docs, %.1f MB of body text" % (text["docs"],
                                              text["body_bytes"] / MB))
    if any(e.name == "scriptindex" and e.available for e in engines):
        subprocess.run([args.python, PEERS, "scriptindex-prep", docs_path,
                        os.path.join(work, "docs.scriptindex")], check=True)

    runs = index_all(engines, docs_path, work, args.repeat)
    qres = query_all(engines, runs, args.queries, work, args.repeat)
    summary, nq, nmarked = summarize(engines, text, runs, qres, args.queries)

    meta = {"docs": text, "corpus": os.path.abspath(args.corpus),
            "queries": nq, "queries_with_diacritics": nmarked,
            "repeat": args.repeat, "cpus": os.cpu_count(),
            "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
            "machine": platform.platform(), "time": time.strftime("%FT%T%z")}
    md = table(summary, engines)
    print("%d docs, %.1f MB body text; %d queries (%d with diacritics); "
          "repeat %d; load average %.1f -> %.1f\n"
          % (text["docs"], text["body_bytes"] / MB, nq, nmarked, args.repeat,
             load_before[0], meta["loadavg_after"][0]))
    print(md)
    print("\nratio = tracuu / peer: below 1 is better for times, memory "
          "and size; above 1 is better for MB/s and answered queries.")
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "summary": summary, "index_runs": runs,
                   "queries": qres, "table": md}, f, ensure_ascii=False,
                  indent=1)
    log("raw results: %s" % os.path.abspath(args.out))
    if not args.work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log("work directory kept: %s" % work)


if __name__ == "__main__":
    main()
