#!/usr/bin/python3
"""scale.py: how indexing and searching grow with the corpus, one index
against 2 and 4 shards, local and over xapian-tcpsrv on loopback.

A benchmark, not a test: run it by hand (see tests/bench/README.md):

    /usr/bin/python3 tests/bench/scale.py --build build-rel

For each corpus size (the first N documents of the shared corpora, in a
fixed order: baomoi 2017, Dân Trí, the legal documents, then the 100k
VietNews; by default 5k, 10k, 20k, 38,697 = all but VietNews, and 138,697 =
all) it indexes the documents three times, as one index (tracuu-index's
default: one part per core, merged) and as 2 and 4 shards (--shards N,
the shards written in parallel), measuring wall time, indexing speed (MB
of body text per second), peak RSS of the indexer (os.wait4) and the size
on disk; then it times the 308 queries of queries.txt with
tracuu-bench-query (3 timed passes, a query's time is its median; limit
10, no snippets, then with snippets) on: the one index, the 2 and 4 local
shards (the index directory: Xapian's stub), and the 2 and 4 shards each
served by its own xapian-tcpsrv on 127.0.0.1 (a stub of "remote" lines),
recording the peak RSS of the query process and of the tcpsrv processes.
Prints a markdown table; writes every figure as JSON (--out).
"""
import argparse
import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from run import disk_size, log, run_measured  # noqa: E402

SHARED = os.path.join(REPO, "..", "shared", "corpus")
ORDER = ["vi-news-baomoi-2017.jsonl.gz", "vi-news-dantri-unc-2021.jsonl.gz",
         "vi-legal-official-2025.jsonl.gz", "vi-legal-vlc-laws.jsonl.gz",
         "vi-news-vietnews-100k.jsonl.gz"]
MB = 1e6


def extract(n, out_path):
    """The first n documents of ORDER; their body bytes."""
    docs = body = 0
    with open(out_path, "wb") as out:
        for name in ORDER:
            with gzip.open(os.path.join(SHARED, name), "rb") as f:
                for line in f:
                    if docs >= n:
                        break
                    out.write(line)
                    body += len(json.loads(line).get("body", "")
                                .encode("utf-8"))
                    docs += 1
            if docs >= n:
                break
    return docs, body


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def rss_of_group(pgid):
    """Sum of VmHWM (peak RSS) of the processes in group pgid, bytes."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open("/proc/%s/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
        except (OSError, ProcessLookupError):
            continue
    return total


class Tcpsrv:
    """One xapian-tcpsrv per shard directory, on loopback ports."""

    def __init__(self, shard_dirs):
        self.procs, self.ports = [], []
        for d in shard_dirs:
            port = free_port()
            p = subprocess.Popen(
                ["xapian-tcpsrv", "--port", str(port), "--interface",
                 "127.0.0.1", "--quiet", d], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True)
            end = time.time() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    if time.time() > end or p.poll() is not None:
                        raise RuntimeError("xapian-tcpsrv did not start")
                    time.sleep(0.05)
            self.procs.append(p)
            self.ports.append(port)

    def stub(self, path):
        with open(path, "w") as f:
            for port in self.ports:
                f.write("remote 127.0.0.1:%d\n" % port)
        return path

    def rss(self):
        return sum(rss_of_group(p.pid) for p in self.procs)

    def stop(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()


def shard_dirs(index):
    with open(os.path.join(index, "XAPIANDB")) as f:
        return [os.path.join(index, line.split()[1]) for line in f
                if line.strip()]


def query(build, db, queries, out, repeat, extra_rss=None):
    bq = os.path.join(build, "tests", "bench", "tracuu-bench-query")
    m = run_measured([bq, "--repeat", str(repeat), db, queries, out],
                     out + ".log")
    if m["rc"] != 0:
        raise RuntimeError("tracuu-bench-query failed on %s (see %s.log)" %
                           (db, out))
    with open(out) as f:
        r = json.load(f)
    return {"p50_us": r["p50_us"], "p99_us": r["p99_us"],
            "snip_p50_us": r["snippets"]["p50_us"],
            "snip_p99_us": r["snippets"]["p99_us"], "errors": r["errors"],
            "ids": [x["ids"] for x in r["results"]],
            "query_rss_bytes": m["peak_rss_bytes"],
            "server_rss_bytes": extra_rss() if extra_rss else 0}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build-rel")
    ap.add_argument("--sizes", default="5000,10000,20000,38697,138697")
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.txt"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=None)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    index_bin = os.path.join(args.build, "indexer", "tracuu-index")
    work = args.work or tempfile.mkdtemp(prefix="tracuu-scale-")
    os.makedirs(work, exist_ok=True)
    out_path = args.out or os.path.join(args.build, "scale-results.json")
    results = []
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            docs_path = os.path.join(work, "docs.jsonl")
            ndocs, body = extract(n, docs_path)
            log("%d documents, %.1f MB of body text" % (ndocs, body / MB))
            row = {"docs": ndocs, "body_mb": body / MB, "layouts": {}}
            for shards in (1, 2, 4):
                name = "one" if shards == 1 else "%d shards" % shards
                db = os.path.join(work, "idx%d" % shards)
                shutil.rmtree(db, ignore_errors=True)
                argv = [index_bin, "--db", db, "--quiet", docs_path]
                if shards > 1:
                    argv[3:3] = ["--shards", str(shards)]
                m = run_measured(argv, os.path.join(work, "index.log"))
                if m["rc"] != 0:
                    raise RuntimeError("tracuu-index failed: %s" % argv)
                lay = {"index_wall_s": m["wall_s"], "index_cpu_s": m["cpu_s"],
                       "index_mb_s": body / MB / m["wall_s"],
                       "index_peak_rss_bytes": m["peak_rss_bytes"],
                       "size_bytes": disk_size(db)}
                log("  %s: indexed in %.1f s, %.0f MB" %
                    (name, m["wall_s"], lay["size_bytes"] / MB))
                lay["local"] = query(args.build, db, args.queries,
                                     os.path.join(work, "q.json"),
                                     args.repeat)
                if shards > 1:
                    srv = Tcpsrv(shard_dirs(db))
                    try:
                        stub = srv.stub(os.path.join(work, "remote.stub"))
                        lay["remote"] = query(args.build, stub, args.queries,
                                              os.path.join(work, "q.json"),
                                              args.repeat, srv.rss)
                    finally:
                        srv.stop()
                row["layouts"][name] = lay
                shutil.rmtree(db, ignore_errors=True)
            one = row["layouts"]["one"]["local"]["ids"]
            for name, lay in row["layouts"].items():
                for where in ("local", "remote"):
                    if where in lay:
                        lay[where]["same_ids_as_one"] = sum(
                            a == b for a, b in zip(lay[where]["ids"], one))
                        lay[where]["differ"] = [
                            i for i, (a, b) in enumerate(
                                zip(lay[where]["ids"], one)) if a != b]
            for name, lay in row["layouts"].items():
                for where in ("local", "remote"):
                    lay.get(where, {}).pop("ids", None)
            results.append(row)
            with open(out_path, "w") as f:
                json.dump({"load_before": os.getloadavg(), "rows": results},
                          f, indent=1)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))


def table(rows):
    out = ["| documents | layout | index s | MB/s | indexer peak RSS MB | "
           "size MB | query p50 / p99 µs | with snippets p50 / p99 µs | "
           "query RSS MB | tcpsrv RSS MB | same top 10 as one |",
           "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
           "---: | ---: |"]
    for r in rows:
        for name, lay in r["layouts"].items():
            for where in ("local", "remote"):
                q = lay.get(where)
                if not q:
                    continue
                label = name if where == "local" or name == "one" else \
                    name + ", tcpsrv"
                first = where == "local"
                out.append("| %s | %s | %s | %s | %s | %s | %d / %d | "
                           "%d / %d | %.0f | %s | %s |" % (
                               "{:,}".format(r["docs"]), label,
                               "%.1f" % lay["index_wall_s"] if first else "",
                               "%.2f" % lay["index_mb_s"] if first else "",
                               "%.0f" % (lay["index_peak_rss_bytes"] / MB)
                               if first else "",
                               "%.0f" % (lay["size_bytes"] / MB)
                               if first else "",
                               q["p50_us"], q["p99_us"], q["snip_p50_us"],
                               q["snip_p99_us"], q["query_rss_bytes"] / MB,
                               "%.0f" % (q["server_rss_bytes"] / MB)
                               if q["server_rss_bytes"] else "",
                               "%d/308" % q["same_ids_as_one"]
                               if "same_ids_as_one" in q else ""))
    return "\n".join(out)


if __name__ == "__main__":
    main()
