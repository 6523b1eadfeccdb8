#!/usr/bin/python3
"""Smoke test of make_eval.py's judgements (CTest: eval_make_eval).

The text forms on known cases, then a small test set generated from the
repository's licence-clean corpus/ (the laws and the 2025 official
documents) whose every relevant set is recomputed by --verify's plain
regular expressions over every document.  Needs the word lists of
../shared/corpus/dict (skipped, exit 77, without them).
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import make_eval as m  # noqa: E402


def check_forms():
    e, f = m.exact_text, m.fold_text
    assert e("Thanh Hoá") == e("thanh hóa"), "tone placement"
    assert e("hoá") != e("hòa")
    assert e("UỶ BAN") == e("ủy ban") and e("khoẻ") == e("khỏe")
    assert e("bằng") != e("băng") != e("bảng")
    assert f("Đầu Thanh Tùng") == "dau thanh tung"
    assert f("ÐẦU") == "dau"
    assert e("thủy") == e("thu\u0309y".replace("u\u0309", "\u1ee7"))
    assert m.placements("hoà") == ("hòa", "hoà")
    assert m.placements("thủy") == ("thủy", "thuỷ")
    assert m.placements("quý") is None and m.placements("hoàn") is None
    assert m.contains(f("Tỉnh Thanh Hóa,"), "thanh hoa")
    assert not m.contains(f("thanh hoang"), "thanh hoa")
    assert not m.contains(e("tỉnh thanh hóa"), e("thanh hoa"))
    assert m.docnum_key("2977/2013/QĐ-UBND") == ("2977", "2013", "qd", "ubnd")
    rx = m.docnum_regex(m.docnum_key("58-NQ/TW"))
    assert rx.search(f("Nghị quyết số 58/NQ-TW ngày"))
    assert not rx.search(f("số 158-NQ/TW")) and not rx.search(f("58-NQ/TWA"))
    import re
    rx = re.compile(m.number_regex("1800000") + " thue bao")
    for s in ("1.800.000 thuê bao", "1800000 thuê bao", "1 800 000 thuê bao"):
        assert rx.search(f(s)), s
    for s in ("21.800.000 thuê bao", "1.800.000,5 thuê bao"):
        assert not rx.search(f(s)), s
    assert m.find_officials("Phó Chủ tịch UBND tỉnh Thanh Hóa Lê Anh "
                            "Tuấn cho biết") == ["Lê Anh Tuấn"]


def main():
    check_forms()
    shared = os.path.join(REPO, "..", "shared", "corpus")
    if not os.path.exists(os.path.join(shared, "dict", "coccoc")):
        print("skipped: no %s/dict" % shared)
        sys.exit(77)
    inputs = ",".join(os.path.join(REPO, "corpus", n) for n in
                      ("legal-laws.jsonl", "legal-official-2025.jsonl"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "q.jsonl")
        base = [sys.executable, os.path.join(HERE, "make_eval.py"),
                "--inputs", inputs, "--dicts", shared, "--out", out]
        subprocess.run(base + ["--per-category", "3", "--min-per-category",
                               "0"], check=True)
        rows = open(out, encoding="utf-8").read().splitlines()
        # 46 documents: too few for look-alikes (10 needed) or officials
        cats = {r.split('"category": "')[1].split('"')[0] for r in rows}
        assert len(rows) >= 10 and len(cats) >= 4, \
            "only %d queries, %s" % (len(rows), sorted(cats))
        p = subprocess.run(base + ["--verify"])
        assert p.returncode == 0, "a relevant set differs"
    print("ok: %d queries verified" % len(rows))


if __name__ == "__main__":
    main()
