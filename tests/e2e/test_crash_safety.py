"""End-to-end: tracuu-index killed with SIGKILL at random moments of a
large run, several times over, then run again to the end.

After every kill the index opens (xapian-check passes on every database
the stub lists, tracuu-search answers) and holds exactly the batches
committed: each part holds, in input order, a prefix of what the same
part holds in a clean build of the same input, a whole number of batches
long (or the whole part, when the kill came after its last commit).  The
run that follows completes it: the same ids as the clean build, the same
count, nothing replaced (no duplicate), nothing lost.

The kill times are drawn from a seeded generator (the seed is printed;
TC_CRASH_SEED=N repeats a run) over what is left of the clean build's
duration.
"""
import os
import random
import signal
import subprocess
import time
import unittest

import tc

DOCS = 3000
BATCH = 50
ROUNDS = 6


@unittest.skipUnless(tc.shared("vi-news-baomoi-2017.jsonl.gz"),
                     "needs ../shared")
class CrashSafetyTest(tc.TempDirTest):

    def test_sigkill_at_random_moments(self):
        # the clean build, parts left unmerged: what each part must hold
        src, order, parts, took = tc.clean_build(self.tmp, DOCS, BATCH)
        self.assertEqual(sum(map(len, parts.values())), DOCS)

        seed = int(os.environ.get("TC_CRASH_SEED", random.randrange(1 << 30)))
        rng = random.Random(seed)
        print("crash seed %d, clean build %.1f s" % (seed, took))
        db = os.path.join(self.tmp, "db")
        committed = []
        for rnd in range(ROUNDS):
            # a moment of what is left of the work: every run goes on
            # from what the previous ones committed
            left = 1 - (committed[-1] if committed else 0) / DOCS
            delay = rng.uniform(0.05, 0.05 + took * left * 0.9)
            p = subprocess.Popen([tc.INDEX, "--quiet", "--db", db, "--batch",
                                  str(BATCH), src],
                                 stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            if not os.path.exists(os.path.join(db, "XAPIANDB")):
                committed.append(0)      # killed before it made the index
                continue
            n = tc.check_committed(self, db, parts, order, BATCH,
                                   "seed %d, round %d" % (seed, rnd))
            committed.append(n)
        print("documents committed after each kill:", committed)
        self.assertTrue(any(0 < n < DOCS for n in committed),
                        "no kill fell inside the run: %s" % committed)

        p = tc.index(db, src, extra=["--batch", str(BATCH)])
        s = tc.summary(p.stderr)
        self.assertEqual(s["replaced"], 0, p.stderr)
        self.assertEqual(s["added"] + s["unchanged"], DOCS, p.stderr)
        self.assertEqual(s["unchanged"], committed[-1])
        got = tc.ids_of(db)
        self.assertEqual(len(got), DOCS)             # no duplicate
        self.assertEqual(set(got), set(order))       # nothing lost
        self.assertEqual(tc.ids(tc.search(db, "năm", "--limit", "5")),
                         tc.ids(tc.search(os.path.join(self.tmp, "clean.db"),
                                          "năm", "--limit", "5")))


if __name__ == "__main__":
    unittest.main()
