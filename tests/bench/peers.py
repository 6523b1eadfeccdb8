#!/usr/bin/python3
"""peers.py: the engines tracuu is measured against, index and query sides.

Run with Debian's /usr/bin/python3 (the one with python3-xapian).  Each
subcommand is a separate process so that run.py can read its peak RSS:

  fts5-index IN.jsonl DB          SQLite FTS5, unicode61 remove_diacritics 2
  fts5-query DB QUERIES OUT.json
  xapian-index IN.jsonl DB        Xapian TermGenerator, no stemmer
                                  (IN may be .jsonl.gz for both indexers)
  xapian-query DB QUERIES OUT.json
  scriptindex-prep IN.jsonl OUT   JSONL -> scriptindex's name=value records
  scriptindex-index IN.txt DB     runs scriptindex with SCRIPTINDEX_SCRIPT
                                  (query its index with xapian-query)

What each engine stores, so sizes compare: FTS5 keeps id, title and body in
its content table; Xapian keeps {"id","title","body"} as JSON in the
document data, the id also as a unique term (Q prefix) and in value slot 0
(so a hit's id is read without parsing the data).  Both keep positions.

Query semantics are the same for every engine: the query's words are all
required (AND), ranked by BM25 with each engine's default parameters, top
10.  FTS5: each word quoted as a string ("w1" "w2": implicit AND, no syntax
errors), ORDER BY bm25(), LIMIT 10.  Xapian: QueryParser with default_op
AND, FLAG_DEFAULT, no stemming, "title:" mapped to prefix S.

Timing is in-process: the index is opened once, one untimed warm-up pass
runs every query, then --repeat timed passes; a query's time is its median
over the passes, measured with time.perf_counter_ns (monotonic) around
everything from the query string to the 10 ids in hand.  The output JSON
holds the per-query microseconds and p50/p99 (nearest rank).
"""
import argparse
import gzip
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import time

BATCH = 1000  # documents per progress line; FTS5 commits once at the end

# Title indexed with prefix S (for title:) and unprefixed (so a plain query
# searches titles as FTS5 does); body unprefixed; id as unique term and
# value 0; data = the stored fields.
SCRIPTINDEX_SCRIPT = """\
id : field=id boolean=Q unique=Q value=0
title : field=title index=S index
body : field=body index
"""


def read_jsonl(path):
    """JSON Lines, gzip-compressed when the name ends in .gz."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n") for line in f if line.strip()]


def percentile(values, p):
    """Nearest-rank percentile (the same definition in every tool)."""
    if not values:
        return None
    v = sorted(values)
    k = max(1, math.ceil(p / 100.0 * len(v)))
    return v[k - 1]


def time_queries(engine, queries, run_one, repeat, meta):
    """Warm up once, then time every query `repeat` times; run_one(q)
    returns the list of ids."""
    for q in queries:                      # warm-up, untimed
        run_one(q)
    passes = []
    results = []
    for r in range(repeat):
        times = []
        for q in queries:
            t0 = time.perf_counter_ns()
            ids = run_one(q)
            t1 = time.perf_counter_ns()
            times.append((t1 - t0) / 1000.0)
            if r == 0:
                results.append({"query": q, "ids": ids})
        passes.append(times)
    per_query = [statistics.median(p[i] for p in passes)
                 for i in range(len(queries))]
    out = {"engine": engine, "queries": len(queries), "repeat": repeat,
           "warmup_passes": 1, "latency_us": per_query,
           "p50_us": percentile(per_query, 50),
           "p99_us": percentile(per_query, 99),
           "mean_us": statistics.fmean(per_query) if per_query else None,
           "results": results}
    out.update(meta)
    return out


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False)


# ---- SQLite FTS5 --------------------------------------------------------

def fts5_index(args):
    if os.path.exists(args.db):
        os.remove(args.db)
    con = sqlite3.connect(args.db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, "
                "body, tokenize='unicode61 remove_diacritics 2')")
    n = 0
    with con:
        con.executemany("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)",
                        ((d["id"], d.get("title", ""), d.get("body", ""))
                         for d in read_jsonl(args.input)))
        n = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    con.close()
    print("fts5: %d documents" % n, file=sys.stderr)


def fts5_match(query):
    """Each word as an FTS5 string: implicit AND, no operator syntax."""
    return " ".join('"%s"' % w.replace('"', '""') for w in query.split())


def fts5_query(args):
    con = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    sql = ("SELECT id FROM docs WHERE docs MATCH ? "
           "ORDER BY bm25(docs) LIMIT 10")

    def run_one(q):
        return [row[0] for row in con.execute(sql, (fts5_match(q),))]

    out = time_queries("fts5", read_queries(args.queries), run_one,
                       args.repeat, {"sqlite_version": sqlite3.sqlite_version})
    write_json(args.out, out)


# ---- Xapian -------------------------------------------------------------

def xapian_index(args):
    import xapian
    db = xapian.WritableDatabase(args.db, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()          # no stemmer set: no stemming
    n = 0
    for d in read_jsonl(args.input):
        doc = xapian.Document()
        tg.set_document(doc)
        title = d.get("title", "")
        body = d.get("body", "")
        tg.index_text(title, 1, "S")
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        doc.set_data(json.dumps({"id": d["id"], "title": title, "body": body},
                                ensure_ascii=False))
        idterm = "Q" + d["id"]
        doc.add_boolean_term(idterm)
        doc.add_value(0, d["id"])
        db.replace_document(idterm, doc)
        n += 1
    db.commit()
    db.close()
    print("xapian: %d documents" % n, file=sys.stderr)


def xapian_query(args):
    import xapian
    db = xapian.Database(args.db)
    enquire = xapian.Enquire(db)          # BM25Weight is the default
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_NONE)
    qp.set_default_op(xapian.Query.OP_AND)
    qp.add_prefix("title", "S")
    flags = xapian.QueryParser.FLAG_DEFAULT

    def run_one(q):
        enquire.set_query(qp.parse_query(q, flags))
        mset = enquire.get_mset(0, 10)
        return [m.document.get_value(0).decode("utf-8") for m in mset]

    out = time_queries(args.engine, read_queries(args.queries), run_one,
                       args.repeat, {"xapian_version": xapian.version_string()})
    write_json(args.out, out)


# ---- scriptindex (xapian-omega) -----------------------------------------

def scriptindex_value(text):
    """A field value in scriptindex's input format: continuation lines
    start with '='; a record ends at a blank line, so none may be empty."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n=".join(lines)


def scriptindex_prep(args):
    with open(args.out, "w", encoding="utf-8") as out:
        for d in read_jsonl(args.input):
            for name in ("id", "title", "body"):
                out.write("%s=%s\n" % (name, scriptindex_value(d.get(name, ""))))
            out.write("\n")


def scriptindex_index(args):
    script = args.db.rstrip("/") + ".script"
    with open(script, "w", encoding="utf-8") as f:
        f.write(SCRIPTINDEX_SCRIPT)
    # exec, so that the measured process is scriptindex itself.
    os.execvp("scriptindex", ["scriptindex", "--overwrite", "--stemmer=none",
                              args.db, script, args.input])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name, fn in (("fts5-index", fts5_index), ("xapian-index", xapian_index),
                     ("scriptindex-index", scriptindex_index)):
        p = sub.add_parser(name)
        p.add_argument("input")
        p.add_argument("db")
        p.set_defaults(fn=fn)
    for name, fn in (("fts5-query", fts5_query), ("xapian-query", xapian_query)):
        p = sub.add_parser(name)
        p.add_argument("db")
        p.add_argument("queries")
        p.add_argument("out")
        p.add_argument("--repeat", type=int, default=1)
        p.add_argument("--engine", default=name.split("-")[0],
                       help="name written in the output (xapian, scriptindex)")
        p.set_defaults(fn=fn)
    p = sub.add_parser("scriptindex-prep")
    p.add_argument("input")
    p.add_argument("out")
    p.set_defaults(fn=scriptindex_prep)
    args = ap.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
