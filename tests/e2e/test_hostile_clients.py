"""End-to-end: hostile clients against the real tracuu-server, on
loopback only, bounded in count and time.

- slowloris: connections sending their headers a byte at a time are cut
  off by the connection timeout (here 2 s), while an honest client keeps
  being answered;
- more connections than the limits (per address, in all): the excess is
  refused, clients from other addresses (127.0.0.2, 127.0.0.3: all of
  127/8 is loopback) keep being answered;
- huge query strings and headers, a million-term boolean query, deep
  parentheses, wildcards, page 100000: a clear error or an answer, each
  in bounded time;
- XSS payloads in queries stay text in the JSON, Atom, RSS and
  suggestions;
- path traversal, encoded every way, never reads outside web/.
"""
import http.client
import json
import os
import socket
import threading
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

import tc

TIMEOUT = 2          # the server's --timeout
WEB = os.path.join(tc.SRC, "web")
OS_NS = "{http://a9.com/-/spec/opensearch/1.1/}"


def connect(port, source="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def raw(port, data, source="127.0.0.1", timeout=10):
    """Send data as it is; returns what comes back until the server
    closes or stops sending (b"" when it closed at once)."""
    s = connect(port, source)
    s.settimeout(timeout)
    out = b""
    try:
        s.sendall(data)
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
            if b"\r\n\r\n" in out and len(out) > 4096:
                break
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    finally:
        s.close()
    return out


def closed_by_server(s):
    """1 when the server has closed s (EOF or reset), 0 when it is open."""
    s.setblocking(False)
    try:
        return 1 if s.recv(1) == b"" else 0
    except BlockingIOError:
        return 0
    except OSError:
        return 1


class Honest(threading.Thread):
    """An honest client searching every 50 ms from source until stopped:
    a new connection each time, or (keep_alive) one connection throughout.
    Counts answers and failures."""

    def __init__(self, port, source="127.0.0.1", keep_alive=False):
        super().__init__(daemon=True)
        self.port, self.source, self.keep_alive = port, source, keep_alive
        self.ok, self.failed, self.slowest = 0, [], 0.0
        self.stop = threading.Event()

    def run(self):
        s = None
        while not self.stop.is_set():
            t0 = time.time()
            try:
                if self.keep_alive:
                    s = s or connect(self.port, self.source)
                    out = self.ask(s)
                else:
                    out = raw(self.port, b"GET /api/search?q=tinh&limit=3 "
                              b"HTTP/1.1\r\nHost: x\r\nConnection: close"
                              b"\r\n\r\n", self.source, timeout=5)
                if out.startswith(b"HTTP/1.1 200"):
                    self.ok += 1
                else:
                    self.failed.append(out[:80])
            except OSError as e:
                self.failed.append(repr(e))
            self.slowest = max(self.slowest, time.time() - t0)
            time.sleep(0.05)
        if s:
            s.close()

    @staticmethod
    def ask(s):
        """One search on the kept connection: the whole answer."""
        s.settimeout(5)
        s.sendall(b"GET /api/search?q=tinh&limit=3 HTTP/1.1\r\nHost: x\r\n"
                  b"\r\n")
        out = b""
        while b"\r\n\r\n" not in out:
            d = s.recv(65536)
            if not d:
                return out
            out += d
        head, _, body = out.partition(b"\r\n\r\n")
        n = int([l.split(b":")[1] for l in head.split(b"\r\n")
                 if l.lower().startswith(b"content-length:")][0])
        while len(body) < n:
            d = s.recv(65536)
            if not d:
                break
            body += d
        return head


class HostileClientsTest(tc.TempDirTest):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = os.path.join(cls.tmp, "db")
        tc.index(cls.db, tc.CORPUS, os.path.join(tc.DATA, "e2e",
                                                 "ranking.jsonl"),
                 extra=["--quiet"])

    def serve(self, *opts):
        return tc.serve(self.db, "--threads", "2", "--timeout", str(TIMEOUT),
                        *opts, log=os.path.join(self.tmp, "server.log"))

    # ---- slowloris ---------------------------------------------------------

    def test_slowloris_is_cut_off(self):
        with self.serve() as (port, _):
            honest = Honest(port)
            honest.start()
            slow = [connect(port) for _ in range(40)]
            request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + \
                b"a" * 100
            t0, sent, cut = time.time(), 0, {}
            while len(cut) < len(slow) and time.time() - t0 < 3 * TIMEOUT:
                for i, s in enumerate(slow):      # a byte each, every 0.2 s
                    if i in cut:
                        continue
                    try:
                        s.send(request[sent:sent + 1])
                    except OSError:
                        cut[i] = time.time() - t0
                        continue
                    if closed_by_server(s):
                        cut[i] = time.time() - t0
                    s.setblocking(True)
                sent = min(sent + 1, len(request) - 1)
                time.sleep(0.2)
            honest.stop.set()
            honest.join()
            for s in slow:
                s.close()
        print("slowloris: %d of %d cut off after %.1f-%.1f s; honest client "
              "%d answers, %d failed, slowest %.2f s" %
              (len(cut), len(slow), min(cut.values(), default=0),
               max(cut.values(), default=0), honest.ok, len(honest.failed),
               honest.slowest))
        self.assertEqual(len(cut), len(slow), "trickling connections kept")
        self.assertLess(max(cut.values()), TIMEOUT + 1.5)
        self.assertEqual(honest.failed, [])
        self.assertGreater(honest.ok, 10)
        self.assertLess(honest.slowest, 2.0)

    # ---- connection limits ---------------------------------------------------

    def test_connections_over_the_limits_are_refused(self):
        """Over the per-address limit a connection is reset at once; with
        the server full (--max-connections), new connections get no
        answer (libmicrohttpd leaves them in the listen queue, or accepts
        and closes them) while the connections it holds are answered;
        when the hogs leave, new ones are answered again."""
        ask = (b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close"
               b"\r\n\r\n")
        with self.serve("--max-connections", "20", "--per-ip", "8") as \
                (port, _):
            honest = Honest(port, "127.0.0.3", keep_alive=True)
            honest.start()
            hogs = [connect(port, "127.0.0.1") for _ in range(8)]
            time.sleep(0.2)
            # a 9th from the same address: closed without an answer
            self.assertEqual(raw(port, ask, "127.0.0.1", timeout=1), b"")
            # another address still gets in
            out = raw(port, ask, "127.0.0.2")
            self.assertTrue(out.startswith(b"HTTP/1.1 200"), out[:80])
            # fill the server: 8 + 8 + 3 idle, and the honest client
            hogs += [connect(port, "127.0.0.2") for _ in range(8)]
            hogs += [connect(port, "127.0.0.4") for _ in range(3)]
            time.sleep(0.2)
            before = honest.ok
            refused = sum(raw(port, ask, "127.0.0.5", timeout=0.3) == b""
                          for _ in range(5))
            during = honest.ok - before
            for s in hogs:
                s.close()
            time.sleep(0.3)
            out = raw(port, ask, "127.0.0.5")
            honest.stop.set()
            honest.join()
        print("limits: %d of 5 connections over the total got no answer; "
              "the kept client %d answers meanwhile, %d in all, %d failed" %
              (refused, during, honest.ok, len(honest.failed)))
        self.assertEqual(refused, 5)
        self.assertGreater(during, 5)
        self.assertTrue(out.startswith(b"HTTP/1.1 200"), out[:80])
        self.assertEqual(honest.failed, [])

    # ---- pathological requests ---------------------------------------------

    def timed_get(self, port, path, headers=None):
        t0 = time.time()
        try:
            st, h, body = tc.http_get(port, path, headers, timeout=20)
        except (ConnectionError, http.client.HTTPException):
            st, h, body = 0, {}, b""             # closed without an answer
        return st, body, time.time() - t0

    def test_pathological_requests_are_bounded(self):
        million = "a OR " * 1_000_000 + "b"
        fits = " OR ".join("t%d" % i for i in range(800))[:4096]
        cases = [
            ("/api/search?q=" + "a" * 1_000_000, (0, 414, 431), None),
            ("/api/search?q=" + urllib.parse.quote(million), (0, 414, 431),
             None),
            ("/api/search?q=" + urllib.parse.quote(fits), (200,), None),
            ("/api/search?q=" + "(" * 2000 + "x" + ")" * 2000, (200,), None),
            ("/api/search?q=" + "%28" * 4000, (200,), None),
            ("/api/search?q=" + urllib.parse.quote('"' + "a " * 2000 + '"'),
             (200,), None),
            ("/api/search?q=*", (200,), None),
            ("/api/search?q=" + urllib.parse.quote("* ** a* *b *" * 300),
             (200,), None),
            ("/api/search?q=tinh&offset=100000", (400,), "bad_parameter"),
            ("/api/search?q=tinh&offset=10000&limit=100", (200,), None),
            ("/api/search?q=tinh&limit=1000000", (400,), "bad_parameter"),
            ("/api/search?q=tinh&limit=%205", (400,), "bad_parameter"),
            ("/api/search?q=tinh&limit=%2B5", (400,), "bad_parameter"),
            ("/api/search?q=tinh&offset=+1", (400,), "bad_parameter"),
            ("/api/search?q=tinh&limit=5&limit=500", (200, 400), None),
            ("/api/search?" + "&".join("x%d=1" % i for i in range(5000)),
             (0, 200, 414, 431), None),
            ("/api/suggest?q=" + "thue+" * 800, (200,), None),
            ("/search.atom?q=" + "(" * 4000, (200,), None),
        ]
        with self.serve() as (port, _):
            for path, want, code in cases:
                st, body, took = self.timed_get(port, path)
                self.assertIn(st, want, (path[:80], body[:200]))
                self.assertLess(took, 5, path[:80])
                if code:
                    self.assertEqual(json.loads(body)["error"]["code"], code)
            # headers: many, and one huge
            for headers in ({"X-%d" % i: "v" * 100 for i in range(1000)},
                            {"X-Big": "b" * 200_000}):
                st, body, took = self.timed_get(port, "/api/search?q=x",
                                                headers)
                self.assertIn(st, (0, 413, 431))
                self.assertLess(took, 5)
            st, _, _ = self.timed_get(port, "/healthz")
            self.assertEqual(st, 200)                 # still serving

    # ---- XSS in queries ----------------------------------------------------

    PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
                "javascript:alert(1)", "]]><x>&amp;</x>", "';alert(1);//",
                "<svg/onload=alert(1)> tinh", "\u202e<b>x</b>"]

    def test_xss_in_queries_stays_text(self):
        with self.serve() as (port, _):
            for p in self.PAYLOADS:
                q = urllib.parse.quote(p)
                st, _, body = tc.http_get(port, "/api/search?q=" + q)
                self.assertEqual(st, 200)
                self.assertEqual(json.loads(body)["query"], p)
                for feed in ("search.atom", "search.rss"):
                    st, _, body = tc.http_get(port, "/%s?q=%s" % (feed, q))
                    self.assertEqual(st, 200)
                    root = ET.fromstring(body)
                    self.assertNotIn(b"<script", body)
                    self.assertNotIn(b"<img", body)
                    self.assertNotIn(b"<svg", body)
                    terms = [e.get("searchTerms")
                             for e in root.iter(OS_NS + "Query")]
                    self.assertEqual(terms, [p])
                st, _, body = tc.http_get(port, "/api/suggest?q=" + q)
                self.assertEqual(st, 200)
                self.assertEqual(json.loads(body)[0], p)

    # ---- path traversal ----------------------------------------------------

    def test_path_traversal_never_leaves_web(self):
        served = set()
        for n in os.listdir(WEB):
            with open(os.path.join(WEB, n), "rb") as f:
                served.add(f.read())
        paths = ["/%252e%252e/%252e%252e/etc/passwd", "/..%5c..%5cetc%5cpasswd",
                 "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
                 "/.%2e/.%2e/etc/passwd", "/index.html/../../etc/passwd",
                 "/%2fetc%2fpasswd", "/web%2f..%2fREADME.md",
                 "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                 "/..;/..;/etc/passwd", "/%u002e%u002e/etc/passwd",
                 "/..%00/etc/passwd", "/%2e%2e%2fCMakeLists.txt",
                 "/../searcher/server.c", "/~root", "/proc/self/environ",
                 "/%2fproc%2fself%2fenviron"]
        with self.serve() as (port, _):
            for p in paths:
                st, _, body = tc.http_get(port, p)
                self.assertIn(st, (400, 404), p)
                self.assertNotIn(b"root:", body)
            # request targets no browser sends
            for target in (b"../../etc/passwd", b"..%2f..%2fetc%2fpasswd",
                           b"http://x/../../etc/passwd", b"?", b"%00",
                           b"/..", b"*", b"//etc/passwd",
                           b"/index.html%00/../../../etc/passwd"):
                out = raw(port, b"GET " + target + b" HTTP/1.1\r\nHost: x"
                          b"\r\nConnection: close\r\n\r\n")
                self.assertNotIn(b"root:", out)
                head, _, body = out.partition(b"\r\n\r\n")
                if head.startswith(b"HTTP/1.1 200"):
                    self.assertIn(body, served, target)


if __name__ == "__main__":
    unittest.main()
