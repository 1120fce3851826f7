#!/usr/bin/env python3
"""Train khulasa's Arabic named-entity tagger from ANERcorp.

Model: an averaged structured perceptron over IOB2 labels with first-order
Viterbi decoding (I-X only after B-X or I-X). Features are string templates
over the token, its normalized and de-cliticized forms, affixes, shape,
neighbouring words, trigger-word classes, a name list learned from the
training part (jack-knifed while training so the feature is as reliable as
on unseen text), a person-name list, the names of the project's gazetteer
and word clusters learned from unlabeled news (scripts/gen_word_clusters.py).

The decoder in src/entities/tagger.rs reimplements `sentence_features` and
`viterbi` below; keep the two in step. Weights are rounded to integers, so
Python and Rust add the same integers and choose the same path.

Needs Python 3.11 and numpy.

Usage:
    python3 scripts/train_ner.py --data anercorp-train.jsonl --out data/ner/ \
        --names translit-wikidata-persons.tsv --clusters data/ner/clusters.txt \
        --gazetteer data/gazetteer [--epochs 8] [--min-weight 50] [--seed 13] \
        [--dump-heldout preds.jsonl] [--cv 3 --cv-min-weights 0,20,50] [--exclude A-B]

Input: ANERcorp (Benajiba et al. 2007) in the CAMeL Lab split, training part,
as JSON Lines {"id", "split", "tokens", "tags"}. The split is by document
(`document_starts`, `heldout_start`): the tail from the first document start
at or after 78% of the sentences is held out for measuring; the model, its
name list and its hyper-parameters (--cv) come from the sentences before it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict

import numpy as np

LABELS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
NL = len(LABELS)
START = NL  # previous-label index used at the start of a sentence
TYPES = ["PERS", "LOC", "ORG", "MISC"]
SCALE = 100  # weights are stored as round(average * SCALE)
FOLDS = 10

# Leading clitic strings, tried longest first; stripped only when at least two
# letters remain.
PREFIXES = [
    "وبال", "وكال", "فبال", "وللا", "ولل", "فلل", "وال", "فال", "بال", "كال",
    "لل", "ال", "و", "ف", "ب", "ل", "ك",
]

# Trigger words (normalized, de-cliticized) and the class they signal.
TRIGGERS = {
    "PT": [  # titles and verbs of saying, before person names
        "رئيس", "الرئيس", "وزير", "وزيره", "السيد", "السيده", "الشيخ", "الملك", "الامير",
        "الاميره", "الدكتور", "الزعيم", "النائب", "الجنرال", "العاهل", "الامين", "المتحدث",
        "نائب", "المستشار", "القائد", "الفنان", "اللاعب", "المدرب", "الكاتب",
        "الشاعر", "المخرج", "الممثل", "المطرب", "الروائي", "الباحث", "البروفيسور", "المهندس",
        "الاستاذ", "الحاج", "المبعوث", "السفير", "المندوب", "المدير", "قال", "اعلن",
        "اكد", "اضاف", "اوضح", "اشار", "صرح", "دعا", "اعتبر", "لقائه", "التقي", "استقبل", "بن",
        "ابن", "ابو", "عبد", "المرشح", "زعيم", "الوزير", "السناتور", "الرئيسه", "الملكه",
    ],
    "LT": [  # before place names
        "مدينه", "العاصمه", "عاصمه", "بلده", "دوله", "منطقه", "محافظه", "ولايه", "جزيره",
        "قريه", "اقليم", "مقاطعه", "جمهوريه", "مملكه", "شمال", "جنوب", "شرق", "غرب", "وسط",
        "نهر", "بحر", "جبل", "مطار", "ميناء", "مخيم", "حي", "في", "الي", "من", "زار", "زياره",
    ],
    "OT": [  # before organization names
        "شركه", "وزاره", "منظمه", "جامعه", "حزب", "وكاله", "مجلس", "حركه", "جبهه", "اتحاد",
        "بنك", "جمعيه", "هيئه", "مؤسسه", "صندوق", "مركز", "معهد", "نادي", "منتدي", "لجنه",
        "صحيفه", "مجموعه", "بورصه", "محكمه", "البنك", "الحزب", "الشركه", "الوكاله", "قناه",
        "اذاعه", "مصرف", "اكاديميه", "تحالف", "كتله", "رابطه", "نقابه",
    ],
}

DIACRITICS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}
FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}


def normalize(w: str) -> str:
    out = []
    for ch in w:
        if ch in DIACRITICS:
            continue
        ch = FOLD.get(ch, ch)
        if "A" <= ch <= "Z":
            ch = chr(ord(ch) + 32)
        out.append(ch)
    return "".join(out)


def declitic(n: str) -> str:
    for p in PREFIXES:
        if n.startswith(p) and len(n) - len(p) >= 2:
            return n[len(p):]
    return n


def char_class(ch: str) -> str:
    o = ord(ch)
    if 0x30 <= o <= 0x39 or 0x660 <= o <= 0x669 or 0x6F0 <= o <= 0x6F9:
        return "d"
    if o in (0x60C, 0x61B, 0x61F, 0x6D4) or 0x66A <= o <= 0x66D:
        return "p"
    if 0x600 <= o <= 0x6FF:
        return "a"
    if ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
        return "L"
    return "p"


def shape(w: str) -> str:
    out = []
    for ch in w:
        c = char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


MAX_PHRASE = 6


def phrase_key(tokens: list[str]) -> str:
    ns = [normalize(w) for w in tokens]
    return " ".join([declitic(ns[0])] + ns[1:])


def phrase_marks(ns: list[str], ds: list[str], phrases: dict) -> list[str]:
    """Greedy longest match, left to right, of known multi-word entities:
    TYPE:B on the first token of a match, TYPE:I on the others, "" elsewhere."""
    m = len(ns)
    marks = [""] * m
    i = 0
    while i < m:
        step = 1
        for ln in range(min(MAX_PHRASE, m - i), 1, -1):
            t = phrases.get(" ".join([ds[i]] + ns[i + 1 : i + ln]))
            if t is not None:
                marks[i] = t + ":B"
                for j in range(i + 1, i + ln):
                    marks[j] = t + ":I"
                step = ln
                break
        i += step
    return marks


def gaz_flags(e: dict) -> list[str]:
    """Name-list flags of one form from its counts: TYPE:h when at least
    half of its occurrences are inside an entity of TYPE, TYPE:l when fewer
    but some."""
    total = e["#"]
    out = []
    for t in TYPES:
        k = e.get(t, 0)
        if k:
            out.append(t + (":h" if 2 * k >= total else ":l"))
    return out


class Gazetteer:
    """Name-list flags of normalized forms (kind n) and de-cliticized forms
    (kind d), from how often each occurs and how often inside an entity of
    each type."""

    def __init__(self):
        self.n: dict = {}
        self.d: dict = {}
        self.phrases: dict = {}  # "d(first) n(second) ..." -> type
        self.names: set = set()  # person-name tokens from an outside list
        self.clusters: dict = {}  # normalized word -> (coarse id, fine id), from unlabeled news
        self.zphrases: dict = {}  # the project's gazetteer: "d(first) n(second) ..." -> type
        self.zfirst: set = set()  # first keys of zphrases
        self.zwords: dict = {}  # a word of a gazetteer name (de-cliticized) -> its types

    @staticmethod
    def build(sentences) -> "Gazetteer":
        g = Gazetteer()
        ent_n = defaultdict(lambda: defaultdict(int))
        ent_d = defaultdict(lambda: defaultdict(int))
        for toks, labs in sentences:
            for w, l in zip(toks, labs):
                if l != "O":
                    n = normalize(w)
                    ent_n[n][l[2:]] += 1
                    ent_d[declitic(n)][l[2:]] += 1
        tot_n = defaultdict(int)
        tot_d = defaultdict(int)
        for toks, _ in sentences:
            for w in toks:
                n = normalize(w)
                if n in ent_n:
                    tot_n[n] += 1
                d = declitic(n)
                if d in ent_d:
                    tot_d[d] += 1
        ph = defaultdict(lambda: defaultdict(int))
        for toks, labs in sentences:
            for s, e, t in spans_all(labs):
                if 2 <= e - s <= MAX_PHRASE:
                    ph[phrase_key(toks[s:e])][t] += 1
        for k in sorted(ph):
            c = ph[k]
            best = max(TYPES, key=lambda t: (c.get(t, 0), -TYPES.index(t)))
            g.phrases[k] = best
        for src, tot, dst in ((ent_n, tot_n, g.n), (ent_d, tot_d, g.d)):
            for k in sorted(src):
                e = dict(src[k])
                e["#"] = tot[k]
                dst[k] = gaz_flags(e)
        return g

    def flags(self, n: str, d: str) -> tuple[list[str], list[str]]:
        return self.n.get(n, []), self.d.get(d, [])


TRIGGER_CLASS = {}
for _cls, _words in TRIGGERS.items():
    for _w in _words:
        TRIGGER_CLASS.setdefault(_w, _cls)


def trigger(n: str, d: str) -> str:
    c = TRIGGER_CLASS.get(n)
    if c is None:
        c = TRIGGER_CLASS.get(d)
    return c if c is not None else "-"


MAX_GAZ = 6
GAZ_TYPES = {"person": "PERS", "place": "LOC", "organization": "ORG", "other": "MISC"}


def load_gazetteer(folder: str, gaz: Gazetteer) -> None:
    """The project's gazetteer (data/gazetteer/*.toml): every Arabic spelling of every
    entity as a phrase of its type, and the nationality adjectives (nisba) as NIS; each
    word of a name (de-cliticized) is a word of that type."""
    import glob
    import tomllib

    types: dict = defaultdict(set)
    words: dict = defaultdict(set)
    for path in sorted(glob.glob(os.path.join(folder, "*.toml"))):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for e in data.get("entity", []):
            t = GAZ_TYPES.get(e.get("type"))
            if t is None:
                continue
            for kind, forms in ((t, e.get("arabic", [])), ("NIS", e.get("nisba", []))):
                for a in forms:
                    toks = [x for x in a.split() if x]
                    if not toks or len(toks) > MAX_GAZ:
                        continue
                    types[phrase_key(toks)].add(kind)
                    if kind != "NIS":
                        for w in toks:
                            words[declitic(normalize(w))].add(kind)
    order = ["PERS", "LOC", "ORG", "MISC", "NIS"]
    for k in sorted(types):
        gaz.zphrases[k] = min(types[k], key=order.index)
        gaz.zfirst.add(k.split(" ")[0])
    for w in sorted(words):
        gaz.zwords[w] = sorted(words[w], key=order.index)


def gaz_marks(ns: list[str], ds: list[str], gaz: Gazetteer) -> list[str]:
    """Greedy longest match, left to right, of the gazetteer's names (one word or more):
    TYPE:B on the first token of a match, TYPE:I on the others, "-" elsewhere."""
    m = len(ns)
    marks = ["-"] * m
    i = 0
    while i < m:
        step = 1
        if ds[i] in gaz.zfirst:
            for ln in range(min(MAX_GAZ, m - i), 0, -1):
                t = gaz.zphrases.get(" ".join([ds[i]] + ns[i + 1 : i + ln]))
                if t is not None:
                    marks[i] = t + ":B"
                    for j in range(i + 1, i + ln):
                        marks[j] = t + ":I"
                    step = ln
                    break
        i += step
    return marks


def load_clusters(path: str) -> dict:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            w, c, k = line.rstrip("\n").split("\t")
            out[w] = (c, k)
    return out


def sentence_features(tokens: list[str], gaz: Gazetteer) -> list[list[str]]:
    """Feature strings for every token of one sentence (the Rust decoder
    builds the same strings in the same way)."""
    m = len(tokens)
    ns = [normalize(w) for w in tokens]
    ds = [declitic(n) for n in ns]
    gn = []
    gd = []
    for n, d in zip(ns, ds):
        a, b = gaz.flags(n, d)
        gn.append(a)
        gd.append(b)
    tr = [trigger(n, d) for n, d in zip(ns, ds)]
    ph = phrase_marks(ns, ds, gaz.phrases)
    pnm = ["n" if n in gaz.names else ("d" if d in gaz.names else "-") for n, d in zip(ns, ds)]
    cls = [gaz.clusters.get(n) or gaz.clusters.get(d) or ("-", "-") for n, d in zip(ns, ds)]
    zm = gaz_marks(ns, ds, gaz)

    def nn(j):
        if j < 0:
            return "<s>"
        if j >= m:
            return "</s>"
        return ns[j]

    def dd(j):
        if j < 0:
            return "<s>"
        if j >= m:
            return "</s>"
        return ds[j]

    def tt(j):
        if j < 0 or j >= m:
            return "#"
        return tr[j]

    out = []
    for i in range(m):
        w = tokens[i]
        n = ns[i]
        d = ds[i]
        ln = len(n)
        f = ["b", "w=" + w, "n=" + n, "d=" + d, "sh=" + shape(w)]
        for k in (1, 2, 3):
            if ln > k:
                f.append("p%d=%s" % (k, n[:k]))
                f.append("s%d=%s" % (k, n[ln - k:]))
        ld = len(d)
        if d != n:
            f.append("cl=" + n[: ln - ld])
            for k in (2, 3):
                if ld > k:
                    f.append("ds%d=%s" % (k, d[ld - k:]))
        for x in gn[i]:
            f.append("g=" + x)
        for x in gd[i]:
            f.append("gd=" + x)
        if i > 0:
            for x in gn[i - 1]:
                f.append("g-1=" + x)
            for x in gd[i - 1]:
                f.append("gd-1=" + x)
        if i + 1 < m:
            for x in gn[i + 1]:
                f.append("g+1=" + x)
            for x in gd[i + 1]:
                f.append("gd+1=" + x)
        if ph[i]:
            f.append("ph=" + ph[i])
        f.append("pn=" + pnm[i])
        f.append("pn-1=" + (pnm[i - 1] if i > 0 else "#"))
        f.append("pn+1=" + (pnm[i + 1] if i + 1 < m else "#"))
        f.append("n-1=" + nn(i - 1))
        f.append("n+1=" + nn(i + 1))
        f.append("n-2=" + nn(i - 2))
        f.append("n+2=" + nn(i + 2))
        f.append("d-1=" + dd(i - 1))
        f.append("d+1=" + dd(i + 1))
        f.append("n-1n=" + nn(i - 1) + "|" + n)
        f.append("nn+1=" + n + "|" + nn(i + 1))
        f.append("t-1=" + tt(i - 1))
        f.append("t-2=" + tt(i - 2))
        f.append("t+1=" + tt(i + 1))
        f.append("t0=" + tr[i])
        f.append("t-1s=" + tt(i - 1) + "|" + shape(w))
        if i > 0:
            pn = ns[i - 1]
            f.append("s2-1=" + pn[max(0, len(pn) - 2):])
            # a title two words back and an adjective-like word between
            # (الرئيس الفرنسي ...): first two and last letters of that word
            f.append("t-2a=" + tt(i - 2) + "|" + pn[:2] + "|" + pn[len(pn) - 1:])
        if i + 1 < m:
            nx = ns[i + 1]
            f.append("s2+1=" + nx[max(0, len(nx) - 2):])
        f.append("c=" + cls[i][0])
        f.append("k=" + cls[i][1])
        f.append("c-1=" + (cls[i - 1][0] if i > 0 else "#"))
        f.append("k-1=" + (cls[i - 1][1] if i > 0 else "#"))
        f.append("c+1=" + (cls[i + 1][0] if i + 1 < m else "#"))
        f.append("k+1=" + (cls[i + 1][1] if i + 1 < m else "#"))
        f.append("z=" + zm[i])
        f.append("z-1=" + (zm[i - 1] if i > 0 else "#"))
        f.append("z+1=" + (zm[i + 1] if i + 1 < m else "#"))
        for x in gaz.zwords.get(d, ()):
            f.append("zw=" + x)
        if i == 0:
            f.append("first")
        if i == m - 1:
            f.append("last")
        out.append(f)
    return out


def allowed(prev: int, cur: int) -> bool:
    lab = LABELS[cur]
    if lab.startswith("I-"):
        if prev == START:
            return False
        p = LABELS[prev]
        return p != "O" and p[2:] == lab[2:]
    return True


ALLOWED = [[allowed(p, c) for c in range(NL)] for p in range(NL + 1)]


def viterbi(emit: list[list], trans: list[list]) -> list[int]:
    """Best label path. emit[i][y] and trans[p][y] are numbers; ties go to
    the lower label index (previous label first, then the final label)."""
    m = len(emit)
    if m == 0:
        return []
    neg = None
    score = []
    back = []
    s0 = []
    for y in range(NL):
        s0.append(emit[0][y] + trans[START][y] if ALLOWED[START][y] else neg)
    score.append(s0)
    back.append([0] * NL)
    for i in range(1, m):
        prev = score[-1]
        cur = []
        bk = []
        for y in range(NL):
            best = neg
            arg = 0
            for p in range(NL):
                if prev[p] is None or not ALLOWED[p][y]:
                    continue
                v = prev[p] + trans[p][y]
                if best is None or v > best:
                    best = v
                    arg = p
            cur.append(None if best is None else best + emit[i][y])
            bk.append(arg)
        score.append(cur)
        back.append(bk)
    last = score[-1]
    y = 0
    for k in range(NL):
        if last[k] is not None and (last[y] is None or last[k] > last[y]):
            y = k
    path = [y]
    for i in range(m - 1, 0, -1):
        y = back[i][y]
        path.append(y)
    path.reverse()
    return path


def clean_tags(tags: list[str]) -> list[str]:
    """IOB2 with every entity opened by B- (an I- that does not continue an
    entity of its type starts one, as conlleval counts it)."""
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def spans_all(tags: list[str]) -> list:
    """(start, end, type) of every entity, MISC included."""
    res = []
    tags = clean_tags(tags)
    i = 0
    while i < len(tags):
        if tags[i].startswith("B-"):
            typ = tags[i][2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + typ:
                j += 1
            res.append((i, j, typ))
            i = j
        else:
            i += 1
    return res


def spans(tags: list[str]) -> set:
    """(start, end, type) spans of PERS/LOC/ORG; MISC dropped."""
    res = set()
    tags = clean_tags(tags)
    i = 0
    while i < len(tags):
        t = tags[i]
        if t.startswith("B-"):
            typ = t[2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + typ:
                j += 1
            if typ != "MISC":
                res.add((i, j, typ))
            i = j
        else:
            i += 1
    return res


# Document boundaries. ANERcorp has no document ids; its documents are contiguous.
# A sentence starts a document when it is the first, when it opens with a dateline
# (a place, then a news agency in brackets or a dash: "بغداد ( اف ب )",
# "مدريد ـ رويترز ـ"), or when it does not continue the sentence before it (its
# first word is not و/ف-prefixed, not a connective, not punctuation) and shares no
# content word (normalized, de-cliticized, 4 letters or more, standing in fewer
# than 1% of the corpus's sentences) with the 3 sentences before it.
AGENCIES = {
    "د ب أ", "د ب ا", "رويترز", "ا ف ب", "أ ف ب", "اف ب", "أف ب", "أ ش أ", "ا ش ا",
    "يو بي آي", "يو بي اي", "واس", "وام", "قنا", "سانا", "بترا", "كونا", "قدس برس",
    "رويتر", "إرنا", "ارنا",
}
DASHES = {"ـ", "-", "–", "—"}
CONNECTIVES = {
    "كما", "لكن", "أما", "اما", "إلا", "الا", "حيث", "ثم", "مؤكدا", "مشيرا", "مضيفا",
    "لكنه", "غير", "بينما", "إذ", "اذ", "هذا", "أي", "بل",
}
LOOK_BACK = 3


def is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def dateline(t: list[str]) -> bool:
    if not t or len(t[0]) < 3 or not all(is_arabic_letter(c) for c in t[0]) or t[0][0] in "وف":
        return False
    for k in (1, 2):
        if k >= len(t):
            break
        if t[k].startswith("("):
            inner = " ".join(t[k : k + 7])[1:]
            if ")" in inner and inner[: inner.index(")")].strip() in AGENCIES:
                return True
        if t[k] in DASHES:
            if ":" in t[k + 1 : k + 7] or any(x in DASHES for x in t[k + 1 : k + 5]):
                return True
    return False


def continues(t: list[str]) -> bool:
    f = t[0] if t else ""
    return (
        not f
        or f[0] in "وف"
        or f in CONNECTIVES
        or not (is_arabic_letter(f[0]) or f[0].isdigit())
    )


def document_starts(token_rows: list[list[str]]) -> list[bool]:
    forms = [set(declitic(normalize(w)) for w in t) for t in token_rows]
    spread = defaultdict(int)
    for f in forms:
        for w in f:
            spread[w] += 1
    common = set(w for w, c in spread.items() if 100 * c >= len(token_rows))
    content = [
        set(w for w in f if len(w) >= 4 and w not in common and all(is_arabic_letter(c) for c in w))
        for f in forms
    ]
    out = []
    for i, t in enumerate(token_rows):
        if i == 0 or dateline(t):
            out.append(True)
            continue
        before = set().union(*content[max(0, i - LOOK_BACK) : i])
        out.append(not continues(t) and not (content[i] & before))
    return out


def heldout_start(token_rows: list[list[str]]) -> int:
    """First sentence of the held-out tail: the first document start at or after
    78% of the sentences."""
    starts = document_starts(token_rows)
    k = -(-len(token_rows) * 78 // 100)
    while k < len(token_rows) and not starts[k]:
        k += 1
    return k


class Perceptron:
    """Averaged structured perceptron over feature ids (numpy arrays; the averaged
    weights are those of the textbook algorithm: w - u / c)."""

    def __init__(self, nfeat: int):
        self.w = np.zeros((nfeat, NL))
        self.u = np.zeros((nfeat, NL))  # sum of c * update, for averaging
        self.tw = np.zeros((NL + 1, NL))
        self.tu = np.zeros((NL + 1, NL))
        self.c = 1

    def emit(self, ids, offsets):
        return np.add.reduceat(self.w[ids], offsets, axis=0)

    def update(self, ids, offsets, gold, pred):
        c = self.c
        ends = list(offsets[1:]) + [len(ids)]
        for i, (g, p) in enumerate(zip(gold, pred)):
            if g != p:
                f = ids[offsets[i] : ends[i]]
                np.add.at(self.w[:, g], f, 1.0)
                np.add.at(self.u[:, g], f, c)
                np.add.at(self.w[:, p], f, -1.0)
                np.add.at(self.u[:, p], f, -c)
            pg = gold[i - 1] if i > 0 else START
            pp = pred[i - 1] if i > 0 else START
            if pg != pp or g != p:
                self.tw[pg][g] += 1
                self.tu[pg][g] += c
                self.tw[pp][p] -= 1
                self.tu[pp][p] -= c

    def averaged_int(self, names):
        c = self.c
        q = np.rint((self.w - self.u / c) * SCALE).astype(np.int64)
        feats = {}
        for k in np.nonzero(np.any(q != 0, axis=1))[0]:
            feats[names[k]] = [int(x) for x in q[k]]
        trans = np.rint((self.tw - self.tu / c) * SCALE).astype(np.int64)
        return dict(sorted(feats.items())), [[int(x) for x in row] for row in trans]


MASK = np.array([[0.0 if ALLOWED[p][y] else -np.inf for y in range(NL)] for p in range(NL + 1)])


def viterbi_np(emit, trans):
    """Best label path with float scores (training only; ties go to the lower index)."""
    m = len(emit)
    t = trans + MASK
    score = emit[0] + t[START]
    back = np.zeros((m, NL), dtype=np.int64)
    for i in range(1, m):
        cand = score[:, None] + t[:NL]
        back[i] = np.argmax(cand, axis=0)
        score = cand[back[i], np.arange(NL)] + emit[i]
    y = int(np.argmax(score))
    path = [y]
    for i in range(m - 1, 0, -1):
        y = int(back[i][y])
        path.append(y)
    path.reverse()
    return path


def load_names(path):
    names = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            a = normalize(line.split("\t")[0].strip())
            if len(a) >= 2 and " " not in a:
                names.add(a)
    return names


def load(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                r = json.loads(line)
                rows.append((r["tokens"], clean_tags(r["tags"])))
    return rows


def with_extras(g: Gazetteer, extras: Gazetteer) -> Gazetteer:
    """g with the outside lists of extras (person names, clusters, the project's gazetteer)."""
    g.names = extras.names
    g.clusters = extras.clusters
    g.zphrases = extras.zphrases
    g.zfirst = extras.zfirst
    g.zwords = extras.zwords
    return g


def train(train_rows, extras, epochs, seed, log, snapshot=None):
    """Train for `epochs` epochs; `snapshot(epoch, model)`, when given, is called after
    every epoch (cross-validation reads the averaged weights of several epochs off one run)."""
    # Jack-knifed name list: the flags of a training sentence come from the
    # other folds (contiguous blocks), as they would on unseen articles.
    fold_of = [(k // 50) % FOLDS for k in range(len(train_rows))]
    data = []
    for f in range(FOLDS):
        g = with_extras(Gazetteer.build([r for r, fo in zip(train_rows, fold_of) if fo != f]), extras)
        for k, (toks, labs) in enumerate(train_rows):
            if fold_of[k] == f:
                data.append((k, sentence_features(toks, g), [LABELS.index(t) for t in labs]))
    data.sort(key=lambda x: x[0])
    index: dict = {}
    coded = []
    for _, feats, gold in data:
        ids = []
        offsets = []
        for f in feats:
            offsets.append(len(ids))
            for x in f:
                k = index.get(x)
                if k is None:
                    k = index[x] = len(index)
                ids.append(k)
        coded.append((np.array(ids, dtype=np.int64), np.array(offsets, dtype=np.int64), gold))
    names = [None] * len(index)
    for x, k in index.items():
        names[k] = x
    model = Perceptron(len(index))
    model.names = names
    rng = random.Random(seed)
    order = list(range(len(coded)))
    for ep in range(epochs):
        rng.shuffle(order)
        errs = 0
        for k in order:
            ids, offsets, gold = coded[k]
            if not gold:
                model.c += 1
                continue
            pred = viterbi_np(model.emit(ids, offsets), model.tw)
            if pred != gold:
                errs += sum(1 for a, b in zip(pred, gold) if a != b)
                model.update(ids, offsets, gold, pred)
            model.c += 1
        log("epoch %d: %d token errors" % (ep + 1, errs))
        if snapshot is not None:
            snapshot(ep + 1, model)
    return model


def prune(feats: dict, min_weight: int) -> dict:
    if min_weight <= 0:
        return feats
    return {x: q for x, q in feats.items() if max(abs(v) for v in q) > min_weight}


def fold_cuts(starts, n, folds):
    """`folds` contiguous parts (a, b) of sentences 0..n-1, each cut at the first document
    start (`starts[k]`) at or after an even share."""
    cuts = [0]
    for f in range(1, folds):
        k = n * f // folds
        while k < n and not starts[k]:
            k += 1
        cuts.append(k)
    cuts.append(n)
    return list(zip(cuts, cuts[1:]))


def cross_validate(train_rows, starts, extras, folds, max_epochs, min_weights, seed, log):
    """Mean F1 over `folds` contiguous parts of the training sentences, cut at document
    starts (`starts[k]` for training sentence k): each part is measured by a model trained
    on the others, for every epoch up to max_epochs and every pruning threshold. The
    held-out documents are never read."""
    results = defaultdict(list)  # (epoch, min_weight) -> [F1 per fold]
    for f, (a, b) in enumerate(fold_cuts(starts, len(train_rows), folds)):
        part = train_rows[a:b]
        rest = train_rows[:a] + train_rows[b:]
        gaz = with_extras(Gazetteer.build(rest), extras)

        def snap(ep, model, part=part, gaz=gaz, f=f):
            feats, trans = model.averaged_int(model.names)
            for mw in min_weights:
                im = IntModel(prune(feats, mw), trans, gaz)
                res = evaluate([labs for _, labs in part], [im.predict(t) for t, _ in part])
                results[(ep, mw)].append(res["overall"][2])
                log("fold %d (sentences %d-%d) epoch %d min-weight %d: F1 %.4f"
                    % (f + 1, a, b - 1, ep, mw, res["overall"][2]))

        train(rest, extras, max_epochs, seed, log, snapshot=snap)
    table = sorted(((sum(v) / len(v), ep, mw) for (ep, mw), v in results.items()),
                   key=lambda x: (-x[0], x[1], -x[2]))
    for mean, ep, mw in table:
        print("cv\tepochs %d\tmin-weight %d\tmean F1 %.4f" % (ep, mw, mean))
    return table[0]


class IntModel:
    def __init__(self, feats, trans, gaz):
        self.feats = feats
        self.trans = trans
        self.gaz = gaz

    def predict(self, tokens):
        fs = sentence_features(tokens, self.gaz)
        emit = []
        for f in fs:
            s = [0] * NL
            for x in f:
                v = self.feats.get(x)
                if v is not None:
                    for k in range(NL):
                        s[k] += v[k]
            emit.append(s)
        return [LABELS[y] for y in viterbi(emit, self.trans)]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(gold_tags, pred_tags):
    cnt = {t: [0, 0, 0] for t in ("PERS", "LOC", "ORG")}
    for g, p in zip(gold_tags, pred_tags):
        gs = spans(g)
        ps = spans(p)
        for s in ps:
            cnt[s[2]][0 if s in gs else 1] += 1
        for s in gs:
            if s not in ps:
                cnt[s[2]][2] += 1
    res = {t: prf(*v) + tuple(v) for t, v in cnt.items()}
    tot = [sum(v[k] for v in cnt.values()) for k in range(3)]
    res["overall"] = prf(*tot) + tuple(tot)
    return res


def write_model(out_dir, feats, trans, gaz, header, names_header):
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for h in header:
            fh.write("# " + h + "\n")
        fh.write("L\t" + " ".join(LABELS) + "\n")
        fh.write("S\t%d\n" % SCALE)
        fh.write("P\t" + " ".join(PREFIXES) + "\n")
        for cls in TRIGGERS:
            fh.write("R\t" + cls + "\t" + " ".join(TRIGGERS[cls]) + "\n")
        for p in range(NL + 1):
            fh.write("T\t%d\t%s\n" % (p, " ".join(str(x) for x in trans[p])))
        for kind, table in (("n", gaz.n), ("d", gaz.d)):
            for k in sorted(table):
                if table[k]:
                    fh.write("G\t%s\t%s\t%s\n" % (kind, k, " ".join(table[k])))
        for k in sorted(gaz.phrases):
            fh.write("H\t%s\t%s\n" % (gaz.phrases[k], k))
        for k in sorted(gaz.zphrases):
            fh.write("Z\t%s\t%s\n" % (gaz.zphrases[k], k))
        for k in sorted(gaz.zwords):
            fh.write("W\t%s\t%s\n" % (k, " ".join(gaz.zwords[k])))
        for k in sorted(gaz.clusters):
            fh.write("C\t%s\t%s\t%s\n" % (k, gaz.clusters[k][0], gaz.clusters[k][1]))
        for x in sorted(feats):
            q = feats[x]
            fh.write("F\t%s\t%s\n" % (x, " ".join("%d:%d" % (k, v) for k, v in enumerate(q) if v)))
    names_path = os.path.join(out_dir, "person_names.txt")
    with open(names_path, "w", encoding="utf-8", newline="\n") as fh:
        for h in names_header:
            fh.write("# " + h + "\n")
        for x in sorted(gaz.names):
            fh.write(x + "\n")
    return path


def read_model(path):
    """Read model.txt back (what the Rust decoder sees)."""
    feats = {}
    trans = [[0] * NL for _ in range(NL + 1)]
    gaz = Gazetteer()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if parts[0] == "T":
                trans[int(parts[1])] = [int(x) for x in parts[2].split(" ")]
            elif parts[0] == "F":
                q = [0] * NL
                for kv in parts[2].split(" "):
                    k, v = kv.split(":")
                    q[int(k)] = int(v)
                feats[parts[1]] = q
            elif parts[0] == "H":
                gaz.phrases[parts[2]] = parts[1]
            elif parts[0] == "Z":
                gaz.zphrases[parts[2]] = parts[1]
                gaz.zfirst.add(parts[2].split(" ")[0])
            elif parts[0] == "W":
                gaz.zwords[parts[1]] = parts[2].split(" ")
            elif parts[0] == "C":
                gaz.clusters[parts[1]] = (parts[2], parts[3])
            elif parts[0] == "G":
                table = gaz.n if parts[1] == "n" else gaz.d
                table[parts[2]] = parts[3].split(" ")
    names_path = os.path.join(os.path.dirname(path), "person_names.txt")
    with open(names_path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                gaz.names.add(line)
    return IntModel(feats, trans, gaz)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="ANERcorp training part as JSON Lines")
    ap.add_argument("--out", required=True, help="output folder (data/ner/)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--min-weight", type=int, default=50,
                    help="drop a feature whose largest |weight| (scaled) is at most this")
    ap.add_argument("--names", help="person-name list: TSV whose first column is an Arabic name"
                    " token (translit-wikidata-persons.tsv)")
    ap.add_argument("--clusters", help="word clusters (data/ner/clusters.txt, made by"
                    " scripts/gen_word_clusters.py)")
    ap.add_argument("--gazetteer", help="the project's gazetteer folder (data/gazetteer)")
    ap.add_argument("--cv", type=int, default=0,
                    help="cross-validate over this many parts of the training documents, print"
                    " the mean F1 of every epoch count up to --epochs and every --cv-min-weights,"
                    " and stop (no model written)")
    ap.add_argument("--cv-min-weights", default="0",
                    help="comma-separated pruning thresholds tried by --cv")
    ap.add_argument("--dump-heldout", help="write held-out predictions as JSON Lines here")
    ap.add_argument("--exclude", help="A-B: leave training sentences A to B-1 out and measure"
                    " them instead of the held-out documents (a fold model)")
    args = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    rows = load(args.data)
    starts = document_starts([t for t, _ in rows])
    cut = heldout_start([t for t, _ in rows])
    held = [(i, r) for i, r in enumerate(rows) if i >= cut]
    # A sentence of the training part that also stands in the held-out part (ANERcorp
    # repeats some articles) is left out of training.
    held_text = set(" ".join(t) for _, (t, _) in held)
    train_idx = [i for i in range(cut) if " ".join(rows[i][0]) not in held_text]
    train_rows = [rows[i] for i in train_idx]
    log("held out: sentences %d-%d (%d, %d documents); %d training sentences dropped as repeats"
        % (cut, len(rows) - 1, len(held), sum(starts[cut:]), cut - len(train_rows)))
    if args.exclude:
        # A fold model for out-of-fold measures on the training documents
        # (scripts/ner_oof.py): those sentences are left out of training and measured instead.
        a, b = map(int, args.exclude.split("-"))
        keep = [k for k, i in enumerate(train_idx) if not (a <= i < b)]
        train_rows = [train_rows[k] for k in keep]
        train_idx = [train_idx[k] for k in keep]
        held = [(i, rows[i]) for i in range(a, b)]
    log("sentences: %d train, %d held out" % (len(train_rows), len(held)))
    t0 = time.time()
    extras = Gazetteer()
    if args.names:
        extras.names = load_names(args.names)
    if args.clusters:
        extras.clusters = load_clusters(args.clusters)
    if args.gazetteer:
        load_gazetteer(args.gazetteer, extras)
    log("outside lists: %d person-name tokens, %d clustered words, %d gazetteer names, %d words"
        % (len(extras.names), len(extras.clusters), len(extras.zphrases), len(extras.zwords)))
    if args.cv:
        mws = [int(x) for x in args.cv_min_weights.split(",")]
        best = cross_validate(train_rows, [starts[i] for i in train_idx], extras, args.cv,
                              args.epochs, mws, args.seed, log)
        print("best\tepochs %d\tmin-weight %d\tmean F1 %.4f" % (best[1], best[2], best[0]))
        return
    model = train(train_rows, extras, args.epochs, args.seed, log)
    feats, trans = model.averaged_int(model.names)
    nfeat = len(feats)
    feats = prune(feats, args.min_weight)
    log("features: %d kept of %d" % (len(feats), nfeat))
    gaz = with_extras(Gazetteer.build(train_rows), extras)
    train_secs = time.time() - t0
    command = (
        "Made by: python3 scripts/train_ner.py --data <anercorp-train.jsonl> --out data/ner/"
        " --epochs %d --seed %d --min-weight %d" % (args.epochs, args.seed, args.min_weight)
        + (" --names <translit-wikidata-persons.tsv>" if args.names else "")
        + (" --clusters data/ner/clusters.txt" if args.clusters else "")
        + (" --gazetteer data/gazetteer" if args.gazetteer else "")
    )
    header = [
        "khulasa Arabic named-entity tagger: averaged structured perceptron (IOB2, Viterbi).",
        "Source: ANERcorp (Benajiba, Rosso & Benedi Ruiz 2007), CAMeL Lab split (Obeid et al.,",
        "CAMeL Tools, LREC 2020), training part. Licence of the source: free for research use;",
        "cite both works. This file holds weights and a name list derived from it.",
        "Split by document: sentences %d to the end (the first document start at or after 78%%"
        " of the sentences) are held out;" % cut,
        "trained on the %d sentences before them that are not repeated in the held-out part."
        % len(train_rows),
        "Word clusters (C lines): learned from SaudiNewsNet (CC BY-NC-SA 4.0) by"
        " scripts/gen_word_clusters.py; they are under the same licence.",
        "Gazetteer names (Z, W lines): the project's data/gazetteer at training time.",
        command,
        "Lines: L labels; S weight scale; P clitic prefixes; R trigger class and words;",
        "T previous-label (index, %d = start) and weights per label;" % START,
        "G kind (n normalized, d de-cliticized) form and name-list flags;",
        "H type and known multi-word entity (first word de-cliticized);",
        "Z type and gazetteer name (first word de-cliticized); W gazetteer word and its types;",
        "C word, coarse and fine cluster; F feature and label:weight.",
    ]
    names_header = [
        "Person-name tokens (normalized Arabic), one a line, used as a feature by model.txt.",
        "Source: the Arabic given and family names of persons in Wikidata, as paired with English",
        "labels by Merhav & Ash (2018), NETransliteration-COLING2018; licence CC0 1.0.",
        command,
    ]
    path = write_model(args.out, feats, trans, gaz, header, names_header)
    log("model: %s, %d bytes, trained in %.1f s" % (path, os.path.getsize(path), train_secs))

    im = read_model(path)
    t1 = time.time()
    preds = [im.predict(toks) for _, (toks, _) in held]
    pred_secs = time.time() - t1
    ntok = sum(len(t) for _, (t, _) in held)
    res = evaluate([labs for _, (_, labs) in held], preds)
    for t in ("PERS", "LOC", "ORG", "overall"):
        p, r, f, tp, fp, fn = res[t]
        print("%-8s P %.4f R %.4f F1 %.4f  (tp %d fp %d fn %d)" % (t, p, r, f, tp, fp, fn))
    print("held-out: %d sentences, %d tokens, %.0f tokens/s (Python)" % (len(held), ntok, ntok / pred_secs))
    if args.dump_heldout:
        with open(args.dump_heldout, "w", encoding="utf-8") as fh:
            for (i, (toks, _)), p in zip(held, preds):
                fh.write(json.dumps({"index": i, "tokens": toks, "pred": p}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
