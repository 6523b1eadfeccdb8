"""End-to-end: the real tracuu-server answering a steady stream of
searches from several clients while tracuu-index adds, replaces and
deletes documents in the same index (with the compactions and stub
switches a run that changes a tenth of the index makes).

No request may fail (every answer a 200 with the JSON of a search), and
each change shows: an added document is found, a replaced one is found by
its new words and no longer by its old ones, a deleted one is gone.
"""
import http.client
import json
import os
import threading
import time
import unittest
import urllib.parse

import tc

CLIENTS = 3
ROUNDS = 10
QUERIES = ["tinh", "thuê bao", "thanh hoa", "nghị quyết", "zzlive",
           "cong nghe thong tin", '"ủy ban nhân dân"', "2025"]


def write_jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


class Stream(threading.Thread):
    """A client sending searches one after another on one keep-alive
    connection (a new one when the server closes it), counting answers and
    failures until stopped."""

    def __init__(self, port, k):
        super().__init__(daemon=True)
        self.port, self.k = port, k
        self.ok, self.failures = 0, []
        self.stop = threading.Event()

    def run(self):
        c = None
        i = self.k
        while not self.stop.is_set():
            q = QUERIES[i % len(QUERIES)]
            i += 1
            path = "/api/search?" + urllib.parse.urlencode({"q": q,
                                                           "limit": 5})
            try:
                if c is None:
                    c = http.client.HTTPConnection("127.0.0.1", self.port,
                                                   timeout=30)
                c.request("GET", path)
                r = c.getresponse()
                body = r.read()
                if r.status != 200 or "results" not in json.loads(body):
                    self.failures.append((q, r.status, body[:200]))
                else:
                    self.ok += 1
                if r.getheader("Connection", "").lower() == "close":
                    c.close()
                    c = None
            except (OSError, http.client.HTTPException, ValueError) as e:
                self.failures.append((q, "exception", repr(e)))
                if c:
                    c.close()
                c = None
        if c:
            c.close()


class LiveUpdatesTest(tc.TempDirTest):

    def test_searches_while_indexing(self):
        db = os.path.join(self.tmp, "db")
        tc.index(db, tc.CORPUS, extra=["--quiet"])
        with tc.serve(db, "--threads", "2") as (port, _):
            self.run_stream(db, port)

    def api(self, port, q):
        st, _, body = tc.http_get(port, "/api/search?" + urllib.parse.urlencode(
            {"q": q, "limit": 100}))
        self.assertEqual(st, 200)
        return sorted(x["id"] for x in json.loads(body)["results"])

    def wait_for(self, port, q, want, what):
        deadline = time.time() + 10
        while time.time() < deadline:
            got = self.api(port, q)
            if got == want:
                return
            time.sleep(0.1)
        self.fail("%s: %r gives %s, not %s" % (what, q, got, want))

    def run_stream(self, db, port):
        clients = [Stream(port, k) for k in range(CLIENTS)]
        for c in clients:
            c.start()
        src = os.path.join(self.tmp, "live.jsonl")
        t0 = time.time()
        per_round = []       # stream answers during each round
        for rnd in range(ROUNDS):
            before = sum(c.ok for c in clients)
            # add 90 documents (a tenth of the index and more: the run
            # ends with a compaction and a switch of the stub)
            docs = [{"id": "live-%d-%d" % (rnd, i),
                     "title": "Tin %d" % i,
                     "body": "Văn bản zzlive%d số %d về chuyển đổi số." %
                             (rnd, i)} for i in range(90)]
            write_jsonl(src, docs)
            tc.index(db, src, extra=["--quiet"])
            self.wait_for(port, "zzlive%d" % rnd,
                          sorted(d["id"] for d in docs), "added")
            # replace ten of them: new words in, old words out
            for d in docs[:10]:
                d["body"] = "Bản sửa zzsua%d của văn bản." % rnd
            write_jsonl(src, docs[:10])
            tc.index(db, src, extra=["--quiet"])
            self.wait_for(port, "zzsua%d" % rnd,
                          sorted(d["id"] for d in docs[:10]), "replaced")
            # delete the other 80
            dels = []
            for d in docs[10:]:
                dels += ["--delete", d["id"]]
            tc.index(db, extra=["--quiet", *dels])
            self.wait_for(port, "zzlive%d" % rnd, [], "deleted")
            per_round.append(sum(c.ok for c in clients) - before)
        took = time.time() - t0
        for c in clients:
            c.stop.set()
        for c in clients:
            c.join(timeout=60)
        ok = sum(c.ok for c in clients)
        failures = [f for c in clients for f in c.failures]
        print("%d searches answered in %.1f s while indexing, %d failed" %
              (ok, took, len(failures)))
        self.assertEqual(failures, [])
        # the stream ran through every round (the indexer's runs and
        # switches), not only before or after them
        print("stream answers per round:", per_round)
        self.assertTrue(all(n > 0 for n in per_round), per_round)
        self.assertEqual(self.api(port, "zzsua%d" % (ROUNDS - 1)),
                         sorted("live-%d-%d" % (ROUNDS - 1, i)
                                for i in range(10)))


if __name__ == "__main__":
    unittest.main()
