"""End-to-end: the disk fills up while tracuu-index writes.

The index goes on a small tmpfs mounted for the test when we may mount
(root with CAP_SYS_ADMIN): writes then fail with ENOSPC.  Otherwise the
indexer runs under RLIMIT_FSIZE (SIGXFSZ ignored), so a write past the
limit fails with EFBIG: the same error path, honestly produced.  The test
prints which one ran; TC_FULL_DISK=rlimit chooses the second.

Either way: exit status 2, a clear error naming the index and the cause,
the index left opens and holds exactly the batches committed (as after a
SIGKILL: test_crash_safety.py), and once there is room again a re-run
completes it with no duplicate and nothing lost.
"""
import os
import resource
import shutil
import signal
import subprocess
import unittest

import tc

DOCS = 3000
BATCH = 50
ROOM = 8 * 1024 * 1024        # the tmpfs, or the largest file allowed


def limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (ROOM, ROOM))


@unittest.skipUnless(tc.shared("vi-news-baomoi-2017.jsonl.gz"),
                     "needs ../shared")
class FullDiskTest(tc.TempDirTest):

    def mount_tmpfs(self, where):
        if os.geteuid() != 0 or not shutil.which("mount") or \
                os.environ.get("TC_FULL_DISK") == "rlimit":
            return False
        os.makedirs(where)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o",
                            "size=%d" % ROOM, "tmpfs", where],
                           capture_output=True)
        if p.returncode == 0:
            self.addCleanup(subprocess.run, ["umount", where])
        return p.returncode == 0

    def test_disk_full_during_indexing(self):
        src, order, parts, _ = tc.clean_build(self.tmp, DOCS, BATCH)

        mnt = os.path.join(self.tmp, "small")
        if self.mount_tmpfs(mnt):
            how, want, pre = "tmpfs of 8 MiB", "No space left on device", None
        else:
            os.makedirs(mnt, exist_ok=True)
            how, want, pre = "RLIMIT_FSIZE of 8 MiB", "File too large", \
                limit_file_size
        db = os.path.join(mnt, "db")
        env = dict(os.environ)     # under ASan: Xapian's own leak on ENOSPC
        env["LSAN_OPTIONS"] = ":".join(filter(None, [
            env.get("LSAN_OPTIONS"), "suppressions=" + os.path.join(
                tc.HERE, "xapian-enospc.supp")]))
        p = subprocess.run([tc.INDEX, "--db", db, "--batch", str(BATCH), src],
                           capture_output=True, text=True, preexec_fn=pre,
                           timeout=600, env=env)
        # the last line of ours (LeakSanitizer may add its report of the
        # suppression used after it)
        last = [l for l in p.stderr.split("\n")
                if l.startswith("tracuu-index: ")][-1:] or [p.stderr[-300:]]
        last = last[0]
        print("full disk (%s): exit %d, %r" % (how, p.returncode, last))
        self.assertEqual(p.returncode, 2, p.stderr[-2000:])
        self.assertIn(want, p.stderr)
        self.assertRegex(last, r"^tracuu-index: %s: .*%s" % (db, want))

        # the index left behind: exactly the committed batches
        n = tc.check_committed(self, db, parts, order, BATCH, how)
        print("documents committed before the disk was full: %d" % n)
        self.assertGreater(n, 0)
        self.assertLess(n, DOCS)

        # room again (a copy on the big disk): a re-run completes it
        again = os.path.join(self.tmp, "again.db")
        shutil.copytree(db, again)
        p = tc.index(again, src)
        self.assertRegex(p.stderr, r"%d added, 0 replaced, %d unchanged" %
                         (DOCS - n, n))
        self.assertEqual(sorted(tc.ids_of(again)), sorted(order))


if __name__ == "__main__":
    unittest.main()
