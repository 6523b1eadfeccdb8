#!/usr/bin/env python3
"""Precision of the entity extractors on samples checked by hand.

Deterministic: a fixed seed picks the documents from the shared corpora
(../shared/corpus: baomoi news, dantri news, official documents of 2025,
the VLC laws, the five seed articles), tracuu-entities extracts their
entities, and the records to judge are taken in the order of a hash of
(seed, kind, document, offset): --per-kind of each kind, at most
--per-doc from one document, so that no long law fills a sample.  The
order does not depend on the other records, so a change to an extractor
only brings the records it changed into a new sample.

    # write the sample for judging (a TSV; fill the "ok" column with 1 or 0)
    python3 tests/eval/entities_sample.py --build build-ent \\
        --write /tmp/sample.tsv [--judged tests/eval/judged/round2.tsv]

    # precision per kind from a judged file (every sampled record must
    # have a verdict; records judged in an earlier round keep theirs)
    python3 tests/eval/entities_sample.py --build build-ent \\
        --judged tests/eval/judged/round2.tsv

A record is identified by (kind, document, start, end, what was
extracted), so a record whose fields change after an extractor changes is
judged again.  Judging rules are in docs/entities.md.  Python's standard
library only.
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile

SEED = 20250701
KINDS = ["legal_refs", "officials", "figures", "dates", "places"]
# documents drawn from each corpus
DRAW = [
    ("vi-news-baomoi-2017.jsonl.gz", 400),
    ("vi-news-dantri-unc-2021.jsonl.gz", 150),
    ("vi-legal-official-2025.jsonl.gz", 80),
    ("vi-legal-vlc-laws.jsonl.gz", 12),
]
HEADER = ["kind", "doc", "start", "end", "extracted", "context", "ok",
          "note"]


def read_jsonl_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def draw_documents(corpus, seed):
    rng = random.Random(seed)
    docs = []
    for name, n in DRAW:
        path = os.path.join(corpus, name)
        if not os.path.exists(path):
            sys.exit("missing corpus file: %s" % path)
        all_docs = list(read_jsonl_gz(path))
        picked = sorted(rng.sample(range(len(all_docs)), min(n,
                                                             len(all_docs))))
        for i in picked:
            d = all_docs[i]
            docs.append({"id": d["id"], "date": d.get("date"),
                         "body": d.get("body") or ""})
    seeds = os.path.join(corpus, "seeds")
    for name in sorted(os.listdir(seeds)):
        with open(os.path.join(seeds, name), encoding="utf-8") as f:
            docs.append({"id": "seed:" + name, "body": f.read()})
    return docs


def extract(binary, docs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False,
                                     encoding="utf-8") as f:
        for d in docs:
            rec = {"id": d["id"], "body": d["body"]}
            if d.get("date"):
                rec["date"] = d["date"]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp = f.name
    try:
        out = subprocess.run([binary, tmp], check=True, capture_output=True,
                             text=True).stdout
    finally:
        os.unlink(tmp)
    return [json.loads(line) for line in out.splitlines()]


def summary(kind, r):
    """What was extracted, as one line: what the judge checks."""
    return " ".join(summary_raw(kind, r).split())


def summary_raw(kind, r):
    if kind == "legal_refs":
        return "%s key=%s type=%s issuer=%s year=%d date=%d" % (
            r["text"], r["key"], r["type"] or "-", r["issuer"] or "-",
            r["year"], r["date"])
    if kind == "officials":
        return "%s | title=%s" % (r["name"], r["title"] or "-")
    if kind == "figures":
        s = "%s value=%g unit=%s" % (r["text"], r["value"], r["unit"] or "-")
        if "total" in r:
            s += " total=%g" % r["total"]
        return s
    if kind == "dates":
        return "%s value=%d%s" % (r["text"], r["value"],
                                  " inferred" if r["year_inferred"] else "")
    return "%s -> %s" % (r["text"], r["name"])


def context(body_bytes, start, end, width=90):
    a = max(0, start - width)
    b = min(len(body_bytes), end + width)
    pre = body_bytes[a:start].decode("utf-8", "replace")
    mid = body_bytes[start:end].decode("utf-8", "replace")
    post = body_bytes[end:b].decode("utf-8", "replace")
    s = "%s[[%s]]%s" % (pre, mid, post)
    return " ".join(s.split())


def rank(seed, kind, doc_id, r):
    """A record's place in the sampling order: a hash of where it is, so
    that a change to the extractors moves only the records it changes
    (round 1 used a shuffle instead, which an extractor change redraws)."""
    h = hashlib.sha1(("%d:%s:%s:%d" % (seed, kind, doc_id, r["start"]))
                     .encode("utf-8")).hexdigest()
    return h


def sample(results, docs, per_kind, per_doc, seed):
    bodies = {d["id"]: d["body"].encode("utf-8") for d in docs}
    rows = []
    for kind in KINDS:
        cands = sorted(((rank(seed, kind, res["id"], r), res["id"], r)
                        for res in results for r in res[kind]),
                       key=lambda x: x[0])
        picked, per, seen = [], {}, set()
        for _, doc_id, r in cands:
            if len(picked) >= per_kind:
                break
            if per.get(doc_id, 0) >= per_doc:
                continue
            # the same words around the same record in another document
            # (boilerplate the corpora repeat) is judged once
            ctx = context(bodies[doc_id], r["start"], r["end"])
            if (summary(kind, r), ctx) in seen:
                continue
            seen.add((summary(kind, r), ctx))
            per[doc_id] = per.get(doc_id, 0) + 1
            picked.append((doc_id, r))
        picked.sort(key=lambda x: (x[0], x[1]["start"]))
        for doc_id, r in picked:
            rows.append({"kind": kind, "doc": doc_id,
                         "start": str(r["start"]), "end": str(r["end"]),
                         "extracted": summary(kind, r),
                         "context": context(bodies[doc_id], r["start"],
                                            r["end"]),
                         "ok": "", "note": ""})
    return rows


def key(row):
    return (row["kind"], row["doc"], row["start"], row["end"],
            row["extracted"])


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            vals = line.rstrip("\n").split("\t")
            rows.append(dict(zip(head, vals + [""] * (len(head) - len(vals)))))
    return rows


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\t".join(HEADER) + "\n")
        for r in rows:
            f.write("\t".join(r.get(h, "").replace("\t", " ")
                              for h in HEADER) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(os.path.dirname(here))
    ap.add_argument("--build", default=os.path.join(src, "build"))
    ap.add_argument("--corpus",
                    default=os.path.join(src, "..", "shared", "corpus"))
    ap.add_argument("--seed", type=int, default=SEED,
                    help="another seed draws other documents: a sample "
                    "the extractors were never tuned on")
    ap.add_argument("--per-kind", type=int, default=110)
    ap.add_argument("--per-doc", type=int, default=3)
    ap.add_argument("--judged", help="TSV of judged records")
    ap.add_argument("--write", help="write the sample (verdicts from "
                    "--judged filled in) to this TSV")
    args = ap.parse_args()

    binary = os.path.join(args.build, "indexer", "tracuu-entities")
    docs = draw_documents(args.corpus, args.seed)
    results = extract(binary, docs)
    counts = {k: sum(len(r[k]) for r in results) for k in KINDS}
    rows = sample(results, docs, args.per_kind, args.per_doc, args.seed)

    verdicts = {}
    if args.judged and os.path.exists(args.judged):
        for r in read_tsv(args.judged):
            if r.get("ok") in ("0", "1"):
                verdicts[key(r)] = (r["ok"], r.get("note", ""))
    for r in rows:
        if key(r) in verdicts:
            r["ok"], r["note"] = verdicts[key(r)]
    if args.write:
        write_tsv(args.write, rows)

    print("%d documents; records found: %s" % (
        len(docs), ", ".join("%s %d" % (k, counts[k]) for k in KINDS)))
    print()
    print("| kind | sampled | judged | correct | precision |")
    print("| --- | ---: | ---: | ---: | ---: |")
    missing = 0
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        judged = [r for r in mine if r["ok"] in ("0", "1")]
        good = sum(1 for r in judged if r["ok"] == "1")
        missing += len(mine) - len(judged)
        prec = "%.3f" % (good / len(judged)) if judged else "-"
        print("| %s | %d | %d | %d | %s |" % (kind, len(mine), len(judged),
                                             good, prec))
    if missing:
        print("\n%d sampled records have no verdict yet%s" % (
            missing, " (see %s)" % args.write if args.write else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
