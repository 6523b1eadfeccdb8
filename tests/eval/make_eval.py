#!/usr/bin/python3
"""make_eval.py: a retrieval test set for tracuu, judged by brute force.

    /usr/bin/python3 tests/eval/make_eval.py [--seed 20250705] \\
        [--work DIR] [--out tests/eval/eval_queries.jsonl]

Reads the shared corpora (../shared/corpus/: the first 17,000 baomoi
articles, all of Dân Trí, the 2025 official documents and the VLC laws:
20,272 documents), writes that document set to WORK/eval_docs.jsonl.gz
(never into the repository: the news corpora must not be committed) and
the queries with their relevant documents to --out, one JSON object a
line: {"id", "category", "query", "relevant": [ids], "notes": {...}}.

Deterministic: the same corpora and --seed give the same bytes (each
category draws from its own random.Random("SEED:category"); nothing
iterates a set or a dict in hash order).  The relevant documents of every
query are decided here, by Python reading the text of every document
(`Corpus.phrase_docs` and the regexes below), never by a search engine;
README.md in this directory says how for each category.  `--verify`
recomputes every relevant set of --out with a slower scan that uses no
word lists at all (the check the CTest smoke test runs).

Standard library only.
"""
import argparse
import array
import collections
import gzip
import json
import os
import random
import re
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(REPO, "..", "shared", "corpus")
sys.path.insert(0, os.path.join(REPO, "tests", "bench"))
from peers import read_jsonl  # noqa: E402  (JSON Lines, .gz or not)

DEFAULT_SEED = 20250705
DEFAULT_OUT = os.path.join(HERE, "eval_queries.jsonl")
DOCS_NAME = "eval_docs.jsonl.gz"
# (file under --corpus, how many documents from its start; None = all)
DRAW = [("vi-news-baomoi-2017.jsonl.gz", 17000),
        ("vi-news-dantri-unc-2021.jsonl.gz", None),
        ("vi-legal-official-2025.jsonl.gz", None),
        ("vi-legal-vlc-laws.jsonl.gz", None)]
CATEGORIES = ["known_item_nodiac", "diacritic_lookalike", "tone_placement",
              "official_accented", "official_folded", "docnum_written",
              "docnum_folded", "figure_variant", "phrase"]
MAX_REL = 50          # a query's relevant set: 1 to MAX_REL documents


def log(msg):
    print("[make_eval] " + msg, file=sys.stderr, flush=True)


# ---- text forms ---------------------------------------------------------
#
# Every document and query is compared in one of three forms, each made
# from the text lower-cased in NFC with every run of white space made one
# space (and invisible format characters such as soft hyphens removed):
#   L  the lower-cased text itself;
#   E  "exact": L with each word's tone mark taken out of the word and put
#      after it, so "hoà" and "hòa" (old and new tone placement), "uỷ" and
#      "ủy" are the same string, while "bằng", "băng" and "bảng" differ;
#   F  "folded": every mark removed, đ and ð written d ("đầu" -> "dau").
# A word is a run of letters, digits and combining marks.

TONES = "\u0300\u0301\u0303\u0309\u0323"   # grave acute tilde hook dot
WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
SPACE_RE = re.compile(r"\s+")
FORMAT_RE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
VOWELS = "aăâeêioôơuưy"


def lower_text(s):
    s = FORMAT_RE.sub("", unicodedata.normalize("NFC", s))
    return SPACE_RE.sub(" ", s.lower()).strip()


def _exact_word(w):
    d = unicodedata.normalize("NFD", w)
    tones = "".join(c for c in d if c in TONES)
    if not tones:
        return unicodedata.normalize("NFC", d.replace("ð", "đ"))
    base = "".join(c for c in d if c not in TONES).replace("ð", "đ")
    return unicodedata.normalize("NFC", base) + tones


def _fold_word(w):
    d = unicodedata.normalize("NFD", w.replace("đ", "d").replace("ð", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


class _Cache(dict):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, w):
        v = self[w] = self.fn(w)
        return v


_EXACT = _Cache(_exact_word)
_FOLD = _Cache(_fold_word)


def exact_text(s, lowered=False):
    s = s if lowered else lower_text(s)
    return WORD_RE.sub(lambda m: _EXACT[m.group()], s)


def fold_text(s, lowered=False):
    s = s if lowered else lower_text(s)
    return WORD_RE.sub(lambda m: _FOLD[m.group()], s)


def has_marks(w):
    return _FOLD[w.lower()] != w.lower()


def is_word_char(c):
    return c.isalnum() or "\u0300" <= c <= "\u036f"


def contains(text, needle):
    """needle occurs in text as whole words (the characters around it are
    not letters, digits or marks)."""
    n = len(needle)
    i = text.find(needle)
    while i >= 0:
        if (i == 0 or not is_word_char(text[i - 1])) and \
                (i + n == len(text) or not is_word_char(text[i + n])):
            return True
        i = text.find(needle, i + 1)
    return False


def segments(text):
    """The runs of words of `text` separated by white space only (what a
    phrase may span), each a list of words as written."""
    out = []
    for seg in re.split(r"[^\w\s\u0300-\u036f]+|_", text):
        words = seg.split()
        if words:
            out.append(words)
    return out


# ---- the document set ---------------------------------------------------

def parse_inputs(spec, corpus):
    """--inputs "FILE[:N],..." or the default DRAW, as (path, limit)."""
    if not spec:
        return [(os.path.join(corpus, f), n) for f, n in DRAW]
    out = []
    for part in spec.split(","):
        path, _, n = part.partition(":")
        out.append((path, int(n) if n else None))
    return out


def load_docs(inputs):
    docs = []
    for path, limit in inputs:
        for i, d in enumerate(read_jsonl(path)):
            if limit is not None and i >= limit:
                break
            docs.append({k: d[k] for k in ("id", "title", "url", "date",
                                            "source", "topic", "body")
                         if k in d})
    return docs


def write_docs(docs, path):
    """The document set every engine indexes (gzip with mtime 0, so the
    same documents give the same bytes)."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for d in docs:
            gz.write((json.dumps(d, ensure_ascii=False) + "\n")
                     .encode("utf-8"))
    os.replace(tmp, path)


class Corpus:
    """The documents in the three forms, and for each word of the E and F
    forms the documents holding it (only to skip documents that cannot
    contain a phrase: every judgement reads the text)."""

    def __init__(self, docs):
        self.docs = docs
        self.ids = [d["id"] for d in docs]
        self.L, self.E, self.F = [], [], []
        self.post = {"E": collections.defaultdict(list),
                     "F": collections.defaultdict(list)}
        for i, d in enumerate(docs):
            low = lower_text(d.get("title", "") + "\n" + d.get("body", ""))
            e = exact_text(low, lowered=True)
            f = fold_text(low, lowered=True)
            self.L.append(low)
            self.E.append(e)
            self.F.append(f)
            for form, text in (("E", e), ("F", f)):
                post = self.post[form]
                for w in set(WORD_RE.findall(text)):
                    post[w].append(i)
        for form in ("E", "F"):
            self.post[form] = {w: array.array("i", v)
                               for w, v in self.post[form].items()}

    def texts(self, form):
        return {"L": self.L, "E": self.E, "F": self.F}[form]

    def df(self, word, form):
        return len(self.post[form].get(word, ()))

    def word_docs(self, words, form):
        """Documents holding every one of `words` (in form E or F)."""
        lists = [self.post[form].get(w) for w in words]
        if any(p is None for p in lists):
            return []
        lists.sort(key=len)
        cand = set(lists[0])
        for p in lists[1:]:
            cand.intersection_update(p)
        return sorted(cand)

    def phrase_docs(self, phrase, form):
        """Documents whose text (form E or F) holds `phrase`, words given
        in that form, one after the other with only white space between."""
        words = phrase.split()
        texts = self.texts(form)
        return [i for i in self.word_docs(words, form)
                if contains(texts[i], phrase)]

    def regex_docs(self, regex, form, must=()):
        """Documents whose text matches regex; `must` are plain strings a
        match contains (a quick test before the regex)."""
        texts = self.texts(form)
        return [i for i, t in enumerate(texts)
                if all(m in t for m in must) and regex.search(t)]


# ---- categories ---------------------------------------------------------

def sample_segment_words(corpus, rng, n):
    """n consecutive words of a random document's text (as written, NFC,
    case kept), from one white-space-separated run; None when the chosen
    place has no such run."""
    i = rng.randrange(len(corpus.docs))
    d = corpus.docs[i]
    text = SPACE_RE.sub(" ", unicodedata.normalize(
        "NFC", FORMAT_RE.sub("", d.get("body", ""))))
    if not text:
        return None, None
    start = rng.randrange(len(text))
    segs = segments(text[start:start + 400])
    segs = [s for s in segs[1:] if len(s) >= n]   # the first may be cut
    if not segs:
        return None, None
    s = segs[0]
    j = rng.randrange(len(s) - n + 1)
    return i, s[j:j + n]


def alpha(words):
    return all(w.isalpha() for w in words)


def gen_known_item(corpus, rng, want, used):
    out = []
    ndocs = len(corpus.docs)
    tries = 0
    seen_docs = set()
    while len(out) < want and tries < want * 400:
        tries += 1
        n = rng.randint(4, 7)
        i, words = sample_segment_words(corpus, rng, n)
        if not words or i in seen_docs or not alpha(words):
            continue
        if sum(has_marks(w) for w in words) < 2 or \
                not all(exact_text(w) in corpus.syllables for w in words):
            continue
        q = fold_text(" ".join(words))
        if q in used or len(q.split()) != n:
            continue
        # distinctive: at least two words in under 5% of the documents
        if sum(corpus.df(w, "F") < 0.05 * ndocs for w in q.split()) < 2:
            continue
        rel = corpus.phrase_docs(q, "F")
        if not 1 <= len(rel) <= 3 or i not in rel:
            continue
        seen_docs.add(i)
        used.add(q)
        out.append({"query": q, "relevant": rel, "notes": {
            "typed": "folded, lower case", "source_doc": corpus.ids[i],
            "passage": " ".join(words)}})
    return out


def dictionary_phrases(corpus, keywords, sizes):
    """Search keywords (coccoc, most frequent first) that are words of the
    dictionaries, written with diacritics, of `sizes` syllables: what
    users type."""
    return [kw for kw, _ in keywords[:60000]
            if len(kw.split()) in sizes and alpha(kw.split()) and
            kw == kw.lower() and any(has_marks(w) for w in kw.split()) and
            exact_text(kw) in corpus.words]


def spellings(corpus, docs, qf, n, skip):
    """How the documents `docs` write the folded phrase qf (n words),
    most frequent first, `skip` left out."""
    spell = collections.Counter()
    rx = re.compile(r"(?<![\w\u0300-\u036f])" +
                    r"\s".join([r"[\w\u0300-\u036f]+"] * n) +
                    r"(?![\w\u0300-\u036f])")
    for j in docs:
        for m in rx.finditer(corpus.L[j]):
            if fold_text(m.group(), lowered=True) == qf:
                spell[m.group()] += 1
    return [w for w, _ in sorted(spell.items(),
                                 key=lambda kv: (-kv[1], kv[0]))
            if exact_text(w) != exact_text(skip)]


def gen_lookalike(corpus, rng, want, used, keywords):
    cands = dictionary_phrases(corpus, keywords, (2, 3))
    rng.shuffle(cands)
    out = []
    folded_seen = set()
    for q in cands:
        if len(out) >= want:
            break
        qe, qf = exact_text(q), fold_text(q)
        if q in used or qf in folded_seen:
            continue
        rel = corpus.phrase_docs(qe, "E")
        if not 1 <= len(rel) <= MAX_REL:
            continue
        look = sorted(set(corpus.phrase_docs(qf, "F")) - set(rel))
        if len(look) < max(10, len(rel)):
            continue
        used.add(q)
        folded_seen.add(qf)
        out.append({"query": q, "relevant": rel, "notes": {
            "typed": "with diacritics, lower case",
            "judged": "the words as typed, adjacent (tone placement "
                      "normalised)",
            "lookalike_only_docs": len(look),
            "lookalike_spellings": spellings(corpus, look, qf,
                                             len(q.split()), q)[:5]}})
    return out


# tone on the first or the second vowel of a final "oa", "oe", "uy"
PLACE_RE = re.compile(r"^([^%s]*)(o)([ae])$|^([^%s]*[^q%s]|)(u)(y)$"
                      % (VOWELS, VOWELS, VOWELS))


def placements(word):
    """The two spellings (tone on the first vowel, on the second) of a
    lower-case word whose tone placement varies, else None."""
    d = unicodedata.normalize("NFD", word)
    tones = [c for c in d if c in TONES]
    if len(tones) != 1:
        return None
    base = unicodedata.normalize("NFC", d.replace(tones[0], ""))
    m = PLACE_RE.match(base)
    if not m:
        return None
    head = m.group(1) if m.group(1) is not None else m.group(4)
    v1, v2 = (m.group(2), m.group(3)) if m.group(2) else \
        (m.group(5), m.group(6))
    t = tones[0]
    return (unicodedata.normalize("NFC", head + v1 + t + v2),
            unicodedata.normalize("NFC", head + v1 + v2 + t))


def gen_tone(corpus, rng, want, used):
    """Phrases around a word whose tone placement varies: a dictionary
    word or a capitalised name holding it, alone or with the dictionary
    word next to it, written the other way than every relevant document
    writes it."""
    out = []
    tries = 0
    per_word = collections.Counter()
    per_style = [0, 0]

    def unit(ws):
        return exact_text(" ".join(ws)) in corpus.words or \
            (len(ws) == 2 and all(w[:1].isupper() for w in ws))

    # most documents put the tone on the first vowel ("hòa"): the
    # documents that write a word the other way ("hoà") are drawn apart,
    # so that queries of both ways come out
    plc = _Cache(placements)
    second_docs = [i for i, t in enumerate(corpus.L)
              if any(plc[w] and plc[w][1] == w
                     for w in set(WORD_RE.findall(t)))]
    while len(out) < want and tries < want * 400:
        tries += 1
        want_second = per_style[0] < per_style[1] and bool(second_docs)
        i = rng.choice(second_docs) if want_second else \
            rng.randrange(len(corpus.docs))
        body = SPACE_RE.sub(" ", unicodedata.normalize(
            "NFC", corpus.docs[i].get("body", "")))
        spots = [(s, k) for s in segments(body) for k, w in enumerate(s)
                 if plc[w.lower()] and
                 (not want_second or plc[w.lower()][1] == w.lower())]
        if not spots:
            continue
        seg, k = spots[rng.randrange(len(spots))]
        spans = [(a, b) for a in range(max(0, k - 2), k + 1)
                 for b in range(k + 1, min(len(seg), a + 3) + 1)
                 if b - a >= 2 and unit(seg[a:b])]
        cands = []
        for a, b in spans:
            cands.append((a, b))
            if b + 2 <= len(seg) and unit(seg[b:b + 2]):
                cands.append((a, b + 2))
            if a >= 2 and unit(seg[a - 2:a]):
                cands.append((a - 2, b))
        rng.shuffle(cands)
        for a, b in cands:
            words = [w.lower() for w in seg[a:b]]
            if not alpha(words) or \
                    not all(exact_text(w) in corpus.syllables for w in words):
                continue
            pl = placements(words[k - a])
            key = exact_text(words[k - a])
            if per_word[key] >= 3:
                break
            rel = corpus.phrase_docs(exact_text(" ".join(words)), "E")
            if not 1 <= len(rel) <= MAX_REL:
                continue
            variants = []
            for p in pl:
                w2 = list(words)
                w2[k - a] = p
                variants.append(" ".join(w2))
            first = sum(contains(corpus.L[j], variants[0]) for j in rel)
            second = sum(contains(corpus.L[j], variants[1]) for j in rel)
            # every relevant document writes it one way; the query the other
            if first and not second:
                style = 1
            elif second and not first:
                style = 0
            else:
                continue
            # half of each way where the corpus allows (the second half
            # of the tries takes either)
            if per_style[style] >= (want + 1) // 2 and tries < want * 200:
                break
            q = variants[style]
            if q in used:
                break
            used.add(q)
            per_word[key] += 1
            per_style[style] += 1
            out.append({"query": q, "relevant": rel, "notes": {
                "typed": "tone on the %s vowel (%s); the relevant documents "
                         "write %s" % (("first", "second")[style],
                                       pl[style], pl[1 - style]),
                "judged": "the words with diacritics, either placement, "
                          "adjacent"}})
            break
    return out


SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ
Ngô Dương Lý Đào Đoàn Trịnh Mai Trương Đinh Lâm Hà Tô Cao Lương Châu Thái Lưu
Quách Tạ Kiều Triệu Văn Chu Phùng Lại Khổng Mạc Tăng Thân Vương Nông Lò Lữ
La Diệp Giáp Hứa Từ Âu Kim Tống Ông Thạch Đàm Nghiêm Hầu Doãn Khúc Mẫn Quan
Trịnh Lục Ninh Vi Cù Bạch""".split())
TITLE_RE = re.compile(
    r"(?:Chủ tịch|Bộ trưởng|Thứ trưởng|Giám đốc|Bí thư|Thủ tướng|"
    r"Chủ nhiệm|Trưởng ban|Chánh án|Viện trưởng|Cục trưởng|Chánh Văn phòng|"
    r"Trưởng Công an|Tư lệnh|Tổng Giám đốc|Trưởng phòng)")
# capitalised words that end a run of names but are none: "Phạm Quang
# Hưng Cục trưởng", "... Nguyễn Chí Dũng Trong"
NOT_NAMES = set("""Cục Bộ Sở Trong Tại Theo Khi Ông Bà Chủ Phó Giám Tổng Thủ
Trưởng Ban Tỉnh Huyện Về Với Và Cho Để Đây Nhưng Sau Trước Cùng Các Những Một
Nhà Đảng Ủy Uỷ Viện Tòa Toà Vụ Thứ Chánh Bí Lãnh Đó Này Nay Ngày Tháng Xã
Phường Quận Tổ Cơ Người Chị Giờ""".split())
# places and the like that the rule takes for names (also followed by a
# capitalised word: "TP Hồ Chí Minh Chi nhánh")
NOT_OFFICIALS = {"Hồ Chí Minh", "Châu Đại Dương"}
CAPWORD = r"[A-ZĐÀ-ỸÂĂÊÔƠƯ][a-zđà-ỹâăêôơư]*"
RUN_RE = re.compile(r"(?<![\w\u0300-\u036f])%s(?: %s)+(?![\w\u0300-\u036f])"
                    % (CAPWORD, CAPWORD))


def find_officials(text, syllables=None):
    """Names of 3-4 syllables standing right after a title and its
    organisation: "Phó Chủ tịch UBND tỉnh Lê Anh Tuấn"."""
    names = []
    for m in RUN_RE.finditer(text):
        words = m.group().split(" ")
        if not all(w[0].isupper() and (len(w) == 1 or w[1:].islower())
                   for w in words):
            continue
        if syllables is not None and not all(exact_text(w) in syllables
                                             for w in words):
            continue
        before = text[max(0, m.start() - 70):m.start()]
        t = None
        for t in TITLE_RE.finditer(before):
            pass
        if t is None or re.search(r"[\n;:!?()\"“”]|\. ",
                                  before[t.end():]):
            continue
        while words and words[-1] in NOT_NAMES:
            words.pop()
        best = None
        for p, w in enumerate(words):
            if w in SURNAMES and len(words) - p in (3, 4):
                best = p
        if best is None:
            continue
        if any(w in ("Ông", "Bà") for w in words[best:]):
            continue            # "Lương Ông Phương": a title inside
        name = " ".join(words[best:])
        if " ".join(words[best:best + 3]) not in NOT_OFFICIALS:
            names.append(name)
    return names


def gen_officials(corpus, rng, want, used):
    counts = collections.Counter()
    for d in corpus.docs:
        text = SPACE_RE.sub(" ", unicodedata.normalize("NFC", d.get("body",
                                                                      "")))
        for name in find_officials(text, corpus.syllables):
            counts[name] += 1
    names = sorted(counts)
    rng.shuffle(names)
    acc, fold = [], []
    seen = set()
    for name in names:
        if len(acc) >= want and len(fold) >= want:
            break
        key = fold_text(name)
        if key in seen or not has_marks(name.replace(" ", "")):
            continue
        seen.add(key)
        if len(acc) <= len(fold) and len(acc) < want:
            q = name
            rel = corpus.phrase_docs(exact_text(name), "E")
            dest, typed = acc, "as written (diacritics, capitals)"
        elif len(fold) < want:
            q = key
            rel = corpus.phrase_docs(key, "F")
            dest, typed = fold, "without diacritics, lower case"
        else:
            continue
        if not 1 <= len(rel) <= MAX_REL or q in used:
            continue
        used.add(q)
        dest.append({"query": q, "relevant": rel, "notes": {
            "typed": typed, "name": name,
            "found_after_title_times": counts[name],
            "judged": "the name in the text (%s), syllables adjacent"
                      % ("exact" if dest is acc else "folded")}})
    return acc, fold


LET = "A-ZĐ"
DOCNUM_RE = re.compile(
    r"(?<![\w./-])(\d{1,5}[a-zđ]?)((?:/(?:19|20)\d\d)?)((?:[/-][%s]{1,8}\d{0,2})"
    r"(?:[/-][%s]{1,8}\d{0,2}){0,3})(?![\w\u0300-\u036f])" % (LET, LET))


def docnum_key(s):
    return tuple(p for p in re.split(r"[\s/.\-]+", fold_text(s)) if p)


def docnum_regex(key):
    return re.compile(r"(?<![\w./-])" + r"\s*[/.\-]\s*".join(
        re.escape(p) for p in key) + r"(?![\w]|[/\-][^\W_])")


def gen_docnums(corpus, rng, want, used):
    surf = collections.defaultdict(collections.Counter)
    for d in corpus.docs:
        text = unicodedata.normalize("NFC", d.get("title", "") + "\n" +
                                     d.get("body", ""))
        for m in DOCNUM_RE.finditer(text):
            letters = [p for p in re.split(r"[/-]", m.group(3)) if p]
            if not (m.group(2) and letters) and len(letters) < 2:
                continue
            surf[docnum_key(m.group())][m.group()] += 1
    keys = sorted(surf)
    rng.shuffle(keys)
    written, folded = [], []
    per_kind = collections.Counter()
    for key in keys:
        if len(written) >= want and len(folded) >= want:
            break
        kind = "/".join(p for p in key[1:] if not p.isdigit())
        if per_kind[kind] >= 4:
            continue
        rel = corpus.regex_docs(docnum_regex(key), "F",
                                must=(key[0], key[-1]))
        if not 1 <= len(rel) <= MAX_REL:
            continue
        form = sorted(surf[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if len(written) <= len(folded) and len(written) < want:
            q, dest, typed = form, written, "as written"
        elif len(folded) < want:
            q, dest, typed = fold_text(form), folded, "folded, lower case"
        else:
            continue
        if q in used:
            continue
        used.add(q)
        per_kind[kind] += 1
        dest.append({"query": q, "relevant": rel, "notes": {
            "typed": typed, "number": form,
            "judged": "the number in the text, folded, any of / - . "
                      "between its parts"}})
    return written, folded


MULTIPLIERS = {"tỷ", "tỉ", "triệu", "nghìn", "ngàn", "trăm"}
# one-word units; other units are dictionary words of two syllables
# ("thuê bao", "học sinh", "lao động") or a multiplier and a word
UNITS = set("""người đồng đ usd vnd vnđ euro ha tấn tạ kg g km m m2 m3 km2 mm
cm lít hộ lượt con chiếc căn cây vé phiếu cuốn bản gói suất trạm lần ngày giờ
phút năm tháng điểm xe tàu bài trang trường đơn mw kw kwh ca cái bộ quả
mẫu héc-ta hecta ô tô""".split())
FIGURE_RE = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+)(?![\d]|[.,]\d)"
                       r" ([^\W\d_]+)(?: ([^\W\d_]+))?")


def number_regex(digits):
    """Every way the integer `digits` is written: 1800000, 1.800.000,
    1 800 000, 1,800,000 (commas only with two groups or more)."""
    groups = []
    s = digits
    while s:
        groups.insert(0, s[-3:])
        s = s[:-3]
    alts = [digits, r"\.".join(groups), " ".join(groups)]
    if len(groups) >= 3:
        alts.append(",".join(groups))
    return r"(?<![\d.,])(?:%s)(?![\d]|[.,]\d)" % "|".join(alts)


def gen_figures(corpus, rng, want, used):
    found = collections.Counter()
    for d in corpus.docs:
        text = SPACE_RE.sub(" ", unicodedata.normalize("NFC", d.get("body",
                                                                      "")))
        for m in FIGURE_RE.finditer(text):
            u1, u2 = m.group(2), m.group(3)
            if not u1.islower() and not u1.isupper():
                continue
            if u2 and (u2.islower() or u2.isupper()) and (
                    u1 in MULTIPLIERS or
                    exact_text(u1 + " " + u2) in corpus.words):
                unit = u1 + " " + u2
            elif u1.lower() in UNITS:
                unit = u1
            else:
                continue
            found[(m.group(1), unit)] += 1
    cands = sorted(found)
    rng.shuffle(cands)
    out = []
    per_unit = collections.Counter()
    for num, unit in cands:
        if len(out) >= want:
            break
        digits = num.replace(".", "")
        folded = len(out) % 2 == 0
        ukey = fold_text(unit)
        if per_unit[ukey] >= 4:
            continue
        form = "F" if folded else "E"
        uform = fold_text(unit) if folded else exact_text(unit)
        rx = re.compile(number_regex(digits) + r" " +
                        re.escape(uform) + r"(?![\w\u0300-\u036f])")
        rel = corpus.regex_docs(rx, form, must=(uform,))
        if not 1 <= len(rel) <= MAX_REL:
            continue
        q = digits + " " + (fold_text(unit) if folded else unit.lower())
        if q in used:
            continue
        used.add(q)
        per_unit[ukey] += 1
        out.append({"query": q, "relevant": rel, "notes": {
            "typed": "number without thousands dots, unit %s" %
                     ("without diacritics" if folded else "with diacritics"),
            "written_in_text": num + " " + unit,
            "judged": "the number (1800000, 1.800.000, 1 800 000) followed "
                      "by the unit (%s)" % ("folded" if folded else "exact")}})
    return out


def read_syllables(corpus_dir):
    """hunspell-vi's 6,631 Vietnamese syllables, in the E form (so either
    tone placement is found): what makes a sampled passage a real one."""
    path = os.path.join(corpus_dir, "dict", "hunspell-vi", "vi_VN.dic")
    with open(path, encoding="utf-8") as f:
        next(f)
        return {exact_text(w) for w in f.read().split() if w.islower()}


def read_words(corpus_dir):
    """Multi-syllable words of two Vietnamese dictionaries
    (undertheseanlp: tudientv, hongocduc), lower case, E form."""
    words = set()
    for name in ("tudientv-words.jsonl", "hongocduc-words.jsonl"):
        for d in read_jsonl(os.path.join(corpus_dir, "dict",
                                         "undertheseanlp", name)):
            w = d["text"]
            if " " in w and w == w.lower():
                words.add(exact_text(w))
    return words


def read_keywords(path):
    """coccoc's keyword.freq: (keyword, frequency), most frequent first."""
    kws = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                kw, _, freq = line.rstrip("\n").rpartition(" ")
                if kw and freq.isdigit():
                    kws.append((unicodedata.normalize("NFC", kw), int(freq)))
    except OSError:
        return []
    kws.sort(key=lambda kv: (-kv[1], kv[0]))
    return kws


def gen_phrases(corpus, rng, want, used, keywords):
    cands = dictionary_phrases(corpus, keywords, (2, 3, 4))
    rng.shuffle(cands)
    out = []
    for kw in cands:
        if len(out) >= want:
            break
        folded = len(out) % 2 == 1
        form = "F" if folded else "E"
        q = fold_text(kw) if folded else kw
        qn = fold_text(kw) if folded else exact_text(kw)
        if q in used:
            continue
        rel = corpus.phrase_docs(qn, form)
        if not 3 <= len(rel) <= MAX_REL:
            continue
        scattered = len(corpus.word_docs(qn.split(), form)) - len(rel)
        if scattered < max(20, len(rel)):
            continue
        # typed folded, the phrase must mostly mean this word ("nam ba"
        # is as often "năm ba" as "nam bà": not a query anyone types)
        if folded and len(corpus.phrase_docs(exact_text(kw), "E")) < \
                0.8 * len(rel):
            continue
        used.add(q)
        out.append({"query": q, "relevant": rel, "notes": {
            "typed": "without diacritics" if folded else "with diacritics",
            "word": kw,
            "judged": "the syllables adjacent (%s)" %
                      ("folded" if folded else "exact"),
            "scattered_docs": scattered}})
    return out


# ---- the set ------------------------------------------------------------

def generate(corpus, seed, per_cat, keywords):
    def rng(cat):
        return random.Random("%d:%s" % (seed, cat))
    used = set()
    got = {}
    t = time.monotonic()
    got["known_item_nodiac"] = gen_known_item(
        corpus, rng("known_item_nodiac"), per_cat, used)
    got["diacritic_lookalike"] = gen_lookalike(
        corpus, rng("diacritic_lookalike"), per_cat, used, keywords)
    got["tone_placement"] = gen_tone(corpus, rng("tone_placement"), per_cat,
                                     used)
    got["official_accented"], got["official_folded"] = gen_officials(
        corpus, rng("official"), per_cat, used)
    got["docnum_written"], got["docnum_folded"] = gen_docnums(
        corpus, rng("docnum"), per_cat, used)
    got["figure_variant"] = gen_figures(corpus, rng("figure_variant"),
                                        per_cat, used)
    got["phrase"] = gen_phrases(corpus, rng("phrase"), per_cat, used,
                                keywords)
    rows = []
    for cat in CATEGORIES:
        log("%-20s %d queries" % (cat, len(got[cat])))
        for n, q in enumerate(got[cat], 1):
            rows.append({"id": "%s-%02d" % (cat, n), "category": cat,
                         "query": q["query"],
                         "relevant": [corpus.ids[i] for i in q["relevant"]],
                         "notes": q["notes"]})
    log("generated in %.0f s" % (time.monotonic() - t))
    return rows


def dumps(row):
    return json.dumps(row, ensure_ascii=False)


# ---- --verify: every relevant set again, without the word lists --------

def judge_slow(row, forms):
    """The relevant documents of one query, from the category's rule
    alone, scanning every document with a regex (no word lists);
    forms = {"E": [(id, text)], "F": [(id, text)]}."""
    cat, q = row["category"], row["query"]
    notes = row["notes"]
    b, e = r"(?<![\w\u0300-\u036f])", r"(?![\w\u0300-\u036f])"
    if cat in ("known_item_nodiac", "official_folded") or \
            (cat == "phrase" and notes["typed"] == "without diacritics"):
        form, rx = "F", b + re.escape(fold_text(q)) + e
    elif cat in ("diacritic_lookalike", "tone_placement",
                 "official_accented", "phrase"):
        form, rx = "E", b + re.escape(exact_text(q)) + e
    elif cat in ("docnum_written", "docnum_folded"):
        form, rx = "F", docnum_regex(docnum_key(q)).pattern
    elif cat == "figure_variant":
        num, unit = q.split(" ", 1)
        folded = notes["typed"].endswith("unit without diacritics")
        form = "F" if folded else "E"
        rx = number_regex(num) + " " + re.escape(
            unit if folded else exact_text(unit)) + e
    else:
        raise ValueError(cat)
    rx = re.compile(rx)
    return [i for i, text in forms[form] if rx.search(text)]


def verify(rows, docs):
    ids = {d["id"] for d in docs}
    forms = {"E": [], "F": []}
    for d in docs:
        low = lower_text(d.get("title", "") + "\n" + d.get("body", ""))
        forms["E"].append((d["id"], exact_text(low, True)))
        forms["F"].append((d["id"], fold_text(low, True)))
    bad = 0
    for row in rows:
        want = judge_slow(row, forms)
        rel = row["relevant"]
        problems = []
        if not rel:
            problems.append("no relevant document")
        if any(r not in ids for r in rel):
            problems.append("unknown ids")
        if sorted(want) != sorted(rel):
            problems.append("the slow scan finds %d: %s" %
                            (len(want), sorted(set(want) ^ set(rel))[:5]))
        if problems:
            bad += 1
            print("%s %r: %s" % (row["id"], row["query"], "; ".join(problems)))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=SHARED,
                    help="the shared corpora (default ../shared/corpus)")
    ap.add_argument("--inputs", help="FILE[:N],... instead of the default "
                    "draw (the first N documents of each file)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--per-category", type=int, default=40)
    ap.add_argument("--work", default=None,
                    help="where to write %s (default: no copy)" % DOCS_NAME)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--dicts", default=None,
                    help="the directory holding dict/ (coccoc keywords, "
                         "hunspell-vi, undertheseanlp; default --corpus)")
    ap.add_argument("--verify", action="store_true",
                    help="check every relevant set of --out by a slow scan "
                         "instead of generating")
    ap.add_argument("--min-per-category", type=int, default=30)
    args = ap.parse_args()

    inputs = parse_inputs(args.inputs, args.corpus)
    t = time.monotonic()
    docs = load_docs(inputs)
    log("%d documents from %d files (%.0f s)" % (len(docs), len(inputs),
                                                 time.monotonic() - t))
    if args.work:
        os.makedirs(args.work, exist_ok=True)
        write_docs(docs, os.path.join(args.work, DOCS_NAME))
    if args.verify:
        rows = [json.loads(l) for l in open(args.out, encoding="utf-8")]
        bad = verify(rows, docs)
        print("%d queries, %d with a wrong relevant set" % (len(rows), bad))
        sys.exit(1 if bad else 0)
    corpus = Corpus(docs)
    corpus.syllables = read_syllables(args.dicts or args.corpus)
    corpus.words = read_words(args.dicts or args.corpus)
    log("forms and word lists built (%.0f s)" % (time.monotonic() - t))
    kwpath = os.path.join(args.dicts or args.corpus, "dict", "coccoc",
                          "keyword.freq")
    rows = generate(corpus, args.seed, args.per_category,
                    read_keywords(kwpath))
    short = [c for c in CATEGORIES
             if sum(r["category"] == c for r in rows) < args.min_per_category]
    with open(args.out + ".tmp", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(dumps(row) + "\n")
    os.replace(args.out + ".tmp", args.out)
    log("%d queries -> %s" % (len(rows), args.out))
    if short:
        log("fewer than %d queries: %s" % (args.min_per_category,
                                           ", ".join(short)))
        sys.exit(1)


if __name__ == "__main__":
    main()
