#!/usr/bin/python3
"""run_eval.py: how well tracuu, SQLite FTS5 and plain Xapian rank the
documents that matter, on the queries of eval_queries.jsonl.

    /usr/bin/python3 tests/eval/run_eval.py --build build-rel \\
        [--work DIR] [--engines tracuu,fts5,xapian] [--failures CATEGORY]

1. the document set (WORK/eval_docs.jsonl.gz) is written by make_eval.py's
   own code from the shared corpora when it is not there yet;
2. each engine indexes it: tracuu with BUILD/indexer/tracuu-index (again
   at every run unless --reuse-tracuu), FTS5 and Xapian with
   tests/bench/peers.py (kept in WORK and reused while the document set is
   the same, unless --reindex);
3. every query runs on each engine, top 10: tracuu through
   BUILD/tests/bench/tracuu-bench-query when built (tc_search(), the
   function tracuu-search and tracuu-server call), else one
   `tracuu-search --json --limit 10` per query; the peers through
   peers.py (FTS5: each word quoted, implicit AND, ORDER BY bm25();
   Xapian: QueryParser, default operator AND, no stemming, BM25);
4. scores, per category and overall, per engine: hit@10 (a relevant
   document in the top 10), MRR at 10 (1/rank of the first relevant
   document, 0 beyond 10), share (|relevant in top 10| / min(|relevant|,
   10)); prints a markdown table and writes every query's ranks and top
   10 to --out (default BUILD/eval-results.json).

--failures CATEGORY (or "all") prints, for --failures-engine (tracuu),
each query whose first relevant document is not first: the query, its
relevant documents, and what came first, with a passage of each.
Standard library only; peers.py needs Debian's /usr/bin/python3.
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import make_eval  # noqa: E402

PEERS = os.path.join(REPO, "tests", "bench", "peers.py")
ENGINES = ["tracuu", "fts5", "xapian"]


def log(msg):
    print("[eval] " + msg, file=sys.stderr, flush=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def run(argv, what):
    t = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        log("%s failed (exit %d): %s\n%s" % (what, p.returncode,
                                             " ".join(argv), p.stderr[-2000:]))
        sys.exit(1)
    return time.monotonic() - t


# ---- indexing -----------------------------------------------------------

def ensure_docs(args):
    path = os.path.join(args.work, make_eval.DOCS_NAME)
    if not os.path.exists(path):
        log("writing the document set to %s" % path)
        docs = make_eval.load_docs(make_eval.parse_inputs(None, args.corpus))
        make_eval.write_docs(docs, path)
    return path


def index_engines(args, engines, docs_path):
    digest = sha256(docs_path)
    stamp_path = os.path.join(args.work, "indexes.json")
    try:
        with open(stamp_path, encoding="utf-8") as f:
            stamps = json.load(f)
    except (OSError, ValueError):
        stamps = {}
    dbs, times = {}, {}
    for e in engines:
        if e == "tracuu":
            db = os.path.join(args.work, "tracuu-idx")
            fresh = not (args.reuse_tracuu and os.path.isdir(db) and
                         stamps.get(e) == digest)
            argv = [os.path.join(args.build, "indexer", "tracuu-index"),
                    "--db", db, docs_path]
        else:
            db = os.path.join(args.work, "fts5.db" if e == "fts5"
                              else "xapian-db")
            fresh = args.reindex or stamps.get(e) != digest or \
                not os.path.exists(db)
            argv = [args.python, PEERS, e + "-index", docs_path, db]
        dbs[e] = db
        if not fresh:
            log("%s: reusing %s" % (e, db))
            continue
        if os.path.isdir(db):
            shutil.rmtree(db)
        elif os.path.exists(db):
            os.remove(db)
        stamps.pop(e, None)
        log("%s: indexing" % e)
        times[e] = run(argv, e + " indexing")
        log("%s: indexed in %.0f s" % (e, times[e]))
        stamps[e] = digest
        with open(stamp_path, "w", encoding="utf-8") as f:
            json.dump(stamps, f)
    return dbs, times


# ---- querying -----------------------------------------------------------

def query_engine(args, e, db, queries):
    """The top 10 ids of every query, in order."""
    qfile = os.path.join(args.work, "queries.txt")
    with open(qfile, "w", encoding="utf-8") as f:
        for q in queries:
            f.write(q + "\n")
    out = os.path.join(args.work, "results-%s.json" % e)
    bench = os.path.join(args.build, "tests", "bench", "tracuu-bench-query")
    if e == "tracuu" and not os.access(bench, os.X_OK):
        search = os.path.join(args.build, "searcher", "tracuu-search")
        ids = []
        for q in queries:
            p = subprocess.run([search, "--db", db, "--json", "--no-facets",
                                "--limit", "10", "--", q],
                               stdout=subprocess.PIPE, text=True, check=True)
            ids.append([r["id"] for r in json.loads(p.stdout)["results"]])
        return ids, "tracuu-search --json --limit 10"
    if e == "tracuu":
        argv = [bench, "--repeat", "1", db, qfile, out]
        how = "tracuu-bench-query (tc_search, limit 10)"
    else:
        argv = [args.python, PEERS, e + "-query", db, qfile, out,
                "--repeat", "1"]
        how = "peers.py %s-query" % e
    run(argv, e + " queries")
    with open(out, encoding="utf-8") as f:
        res = json.load(f)["results"]
    assert [r["query"] for r in res] == queries
    return [r["ids"][:10] for r in res], how


# ---- scoring ------------------------------------------------------------

def score(rel, top):
    rel = set(rel)
    rank = next((i + 1 for i, d in enumerate(top[:10]) if d in rel), None)
    return {"rank": rank, "hit": 1.0 if rank else 0.0,
            "rr": 1.0 / rank if rank else 0.0,
            "share": len(rel & set(top[:10])) / min(len(rel), 10)}


def summarize(rows, engines, results):
    cats = [c for c in make_eval.CATEGORIES
            if any(r["category"] == c for r in rows)]
    table = {}
    for e in engines:
        for c in cats + ["overall"]:
            sel = [i for i, r in enumerate(rows)
                   if c == "overall" or r["category"] == c]
            s = [results[e][i]["score"] for i in sel]
            table[(e, c)] = {k: sum(x[k] for x in s) / len(s)
                             for k in ("hit", "rr", "share")}
            table[(e, c)]["n"] = len(s)
    return cats, table


def markdown(cats, engines, table):
    head = "| category | n | " + " | ".join(
        "%s hit@10 / MRR / share" % e for e in engines) + " |"
    lines = [head, "| --- | ---: | " + " | ".join(
        "---:" for _ in engines) + " |"]
    for c in cats + ["overall"]:
        cells = []
        for e in engines:
            t = table[(e, c)]
            cells.append("%.2f / %.2f / %.2f" % (t["hit"], t["rr"],
                                                 t["share"]))
        name = "**overall**" if c == "overall" else c
        lines.append("| %s | %d | %s |" % (name, table[(engines[0], c)]["n"],
                                           " | ".join(cells)))
    return "\n".join(lines)


# ---- failures -----------------------------------------------------------

def passage(doc, query, width=70):
    """Where the query's first word (folded) stands in the document."""
    text = make_eval.SPACE_RE.sub(" ", (doc.get("title", "") + " | " +
                                        doc.get("body", "")))
    folded = make_eval.fold_text(text)
    words = make_eval.fold_text(query).split()
    at = -1
    for n in range(len(words), 0, -1):     # the longest run of words
        at = folded.find(" ".join(words[:n]))
        if at >= 0:
            break
    if at < 0:
        return text[:2 * width]
    src = text if len(text) == len(folded) else folded
    return src[max(0, at - width):at + width]


def print_failures(rows, results, engine, cats, docs_path):
    docs = {d["id"]: d for d in make_eval.read_jsonl(docs_path)}
    for i, r in enumerate(rows):
        if cats != ["all"] and r["category"] not in cats:
            continue
        res = results[engine][i]
        if res["score"]["rank"] == 1:
            continue
        rank = res["score"]["rank"]
        print("\n## %s %r  (%s; %d relevant)" % (
            r["id"], r["query"], "miss" if rank is None else
            "first relevant at %d" % rank, len(r["relevant"])))
        print("   notes: %s" % json.dumps(r["notes"], ensure_ascii=False))
        for d in r["relevant"][:3]:
            print("   relevant %s: %s" % (d, passage(docs[d], r["query"])))
        for n, d in enumerate(res["top10"][:3], 1):
            mark = "*" if d in r["relevant"] else " "
            print("   %s#%d %s: %s" % (mark, n, d, passage(docs[d],
                                                          r["query"])))
        if not res["top10"]:
            print("   (no result)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--work", help="scratch directory, kept between runs "
                    "(default BUILD/eval-work)")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--queries", default=make_eval.DEFAULT_OUT)
    ap.add_argument("--corpus", default=make_eval.SHARED)
    ap.add_argument("--reindex", action="store_true",
                    help="index the peers again even when cached")
    ap.add_argument("--reuse-tracuu", action="store_true",
                    help="keep tracuu's index of the last run")
    ap.add_argument("--out", help="default BUILD/eval-results.json")
    ap.add_argument("--failures", help="CATEGORY[,CATEGORY] or all: print "
                    "the queries whose first result is not relevant")
    ap.add_argument("--failures-engine", default="tracuu")
    ap.add_argument("--python", default="/usr/bin/python3"
                    if os.path.exists("/usr/bin/python3") else sys.executable)
    args = ap.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    if any(e not in ENGINES for e in engines):
        ap.error("engines: %s" % ", ".join(ENGINES))
    args.work = args.work or os.path.join(args.build, "eval-work")
    args.out = args.out or os.path.join(args.build, "eval-results.json")
    os.makedirs(args.work, exist_ok=True)
    t0 = time.monotonic()

    with open(args.queries, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    docs_path = ensure_docs(args)
    with gzip.open(docs_path, "rt", encoding="utf-8") as f:
        ids = {json.loads(line)["id"] for line in f}
    missing = sorted({d for r in rows for d in r["relevant"]} - ids)
    if missing:
        log("relevant documents not in %s: %s (regenerate the document "
            "set: remove it)" % (docs_path, missing[:5]))
        sys.exit(1)
    dbs, index_s = index_engines(args, engines, docs_path)
    queries = [r["query"] for r in rows]
    results, how, query_s = {}, {}, {}
    for e in engines:
        t = time.monotonic()
        tops, how[e] = query_engine(args, e, dbs[e], queries)
        query_s[e] = time.monotonic() - t
        results[e] = [{"top10": top, "score": score(r["relevant"], top)}
                      for r, top in zip(rows, tops)]
    cats, table = summarize(rows, engines, results)
    md = markdown(cats, engines, table)
    total = time.monotonic() - t0
    print("%d queries, %d documents; %.0f s\n" % (len(rows), len(ids), total))
    print(md)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"meta": {"queries": len(rows), "documents": len(ids),
                            "docs_sha256": sha256(docs_path),
                            "engines": how, "index_seconds": index_s,
                            "query_seconds": query_s, "seconds": total,
                            "time": time.strftime("%FT%T%z")},
                   "summary": {"%s/%s" % k: v for k, v in table.items()},
                   "table": md,
                   "queries": [dict(r, results={
                       e: {"rank": results[e][i]["score"]["rank"],
                           "share": results[e][i]["score"]["share"],
                           "top10": results[e][i]["top10"]}
                       for e in engines}) for i, r in enumerate(rows)]},
                  f, ensure_ascii=False, indent=1)
    log("per-query results: %s" % os.path.abspath(args.out))
    if args.failures:
        if args.failures_engine not in engines:
            ap.error("--failures-engine must be one of --engines")
        print_failures(rows, results, args.failures_engine,
                       args.failures.split(","), docs_path)


if __name__ == "__main__":
    main()
