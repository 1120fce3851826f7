"""Shared pieces of the romanizer trainer and evaluator.

Arabic normalization, English folding, the joint-sequence n-gram model reader and
its beam-search decoder, and the evaluation metrics. The Rust decoder in
`src/entities/romanize.rs` mirrors these definitions; keep the two in step.

Standard library only (Python 3.11).
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict

# ---------------------------------------------------------------- Arabic side

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks, tatweel,
# bidi and zero-width controls: removed.
_DROP = set(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u06D6", "\u06D7", "\u06D8", "\u06D9", "\u06DA",
       "\u06DB", "\u06DC", "\u06DF", "\u06E0", "\u06E1", "\u06E2", "\u06E3",
       "\u06E4", "\u06E7", "\u06E8", "\u06EA", "\u06EB", "\u06EC", "\u06ED",
       "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B",
       "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
       "\uFEFF"]
)

# Persian / Urdu letter shapes folded onto the Arabic letters the model knows.
_MAP = {
    "\u06CC": "\u064A",  # ی Farsi yeh -> ي
    "\u06D2": "\u064A",  # ے yeh barree -> ي
    "\u0649": "\u064A",  # ى alef maksura -> ي
    "\u06A9": "\u0643",  # ک keheh -> ك
    "\u06C1": "\u0647",  # ہ heh goal -> ه
    "\u06BE": "\u0647",  # ھ heh doachashmee -> ه
    "\u06D5": "\u0647",  # ە ae -> ه
    "\u0671": "\u0627",  # ٱ alef wasla -> ا
    "\u06A4": "\u06A4",  # ڤ ve: kept
    "\u06A8": "\u06A4",  # ڨ -> ڤ (Maghrebi ve / ga)
    "\u06AF": "\u06AF",  # گ gaf: kept
    "\u067E": "\u067E",  # پ peh: kept
    "\u0686": "\u0686",  # چ tcheh: kept
}

HAMZA_ALEF = {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627"}


def is_arabic_letter(ch: str) -> bool:
    o = ord(ch)
    return (0x0620 <= o <= 0x064A) or (0x066E <= o <= 0x06D3) or (0x06FA <= o <= 0x06FF)


def normalize_arabic(s: str) -> str:
    """The model's input form of one word: NFKC (folds presentation forms),
    marks and controls removed, regional letter shapes folded, non-letters dropped."""
    s = unicodedata.normalize("NFKC", s)
    out = []
    for ch in s:
        if ch in _DROP:
            continue
        ch = _MAP.get(ch, ch)
        if is_arabic_letter(ch):
            out.append(ch)
    return "".join(out)


def lexicon_key(s: str) -> str:
    """The lexicon's key: the model form with hamza-alef shapes unified to ا."""
    return "".join(HAMZA_ALEF.get(c, c) for c in normalize_arabic(s))


# ---------------------------------------------------------------- English side

_SPECIAL = {
    "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
    "þ": "th", "ı": "i", "ħ": "h", "ŀ": "l",
}


def fold_english(s: str) -> str | None:
    """Lowercase ASCII spelling of a Latin name; None when it is not one.
    Diacritics are dropped (é -> e); apostrophes and periods are removed; hyphens kept."""
    s = s.strip().lower()
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            continue
        ch = _SPECIAL.get(ch, ch)
        out.append(ch)
    s = "".join(out)
    s = "".join(c for c in s if c not in "'’‘`ʻʼʿʾ.\"")
    if not s or any(not ("a" <= c <= "z" or c == "-") for c in s):
        return None
    return s


# ---------------------------------------------------------------- metrics


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[len(b)]


def item_cer(hyp: str, refs: list[str]) -> float:
    """Edit distance to the closest accepted reference divided by that reference's
    length (ties: the smaller ratio). Compared lowercase."""
    hyp = hyp.lower()
    best = None
    for r in refs:
        r = r.lower()
        d = edit_distance(hyp, r)
        key = (d, d / max(len(r), 1))
        if best is None or key < best:
            best = key
    return best[1] if best else 1.0


def load_pairs(path: str) -> list[tuple[str, str]]:
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#") or "\t" not in line:
                continue
            a, e = line.split("\t", 1)
            pairs.append((a, e))
    return pairs


def group_dev(path: str) -> dict[str, list[str]]:
    g: dict[str, list[str]] = defaultdict(list)
    for a, e in load_pairs(path):
        g[a].append(e.strip().lower())
    return g


# ---------------------------------------------------------------- model

BOS, EOS = "<s>", "</s>"
SEP = "="  # unit text: arabic-char SEP english-chunk
MAX_CANDIDATES = 16  # units tried per Arabic letter while decoding


class JointModel:
    """Backoff n-gram over joint units (one Arabic letter, 0..K English letters).

    Stored form (log10): for each n-gram, p(w | h) and a backoff weight bow(h w).
    p(w | h) = stored p if (h, w) stored else bow(h) + p(w | h[1:])."""

    def __init__(self) -> None:
        self.order = 1
        self.units: list[str] = []
        self.uid: dict[str, int] = {}
        self.prob: dict[tuple, float] = {}
        self.bow: dict[tuple, float] = {}
        self.by_char: dict[str, list[int]] = defaultdict(list)

    def unit(self, text: str) -> int:
        if text not in self.uid:
            self.uid[text] = len(self.units)
            self.units.append(text)
            if text not in (BOS, EOS):
                a, _, e = text.partition(SEP)
                self.by_char[a].append(self.uid[text])
        return self.uid[text]

    def logp(self, hist: tuple, w: int) -> float:
        bo = 0.0
        h = hist
        while True:
            p = self.prob.get(h + (w,))
            if p is not None:
                return bo + p
            if not h:
                return bo - 7.0  # unseen unit: a floor
            bo += self.bow.get(h, 0.0)
            h = h[1:]

    @classmethod
    def read(cls, path: str) -> "JointModel":
        m = cls()
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                if line.startswith("order\t"):
                    m.order = int(line.split("\t")[1])
                    continue
                p, gram, bow = line.split("\t")
                ids = tuple(m.unit(t) for t in gram.split(" "))
                m.prob[ids] = float(p)
                if bow:
                    m.bow[ids] = float(bow)
        m.unit(BOS)
        m.unit(EOS)
        m.limit_candidates(MAX_CANDIDATES)
        return m

    def limit_candidates(self, k: int) -> None:
        """Keep, per Arabic letter, the k units of highest unigram probability
        (ties: first seen in the file)."""
        for ch, us in self.by_char.items():
            ranked = sorted(us, key=lambda u: -self.prob.get((u,), -99.0))
            self.by_char[ch] = ranked[:k]

    def decode(self, word: str, beam: int = 12, nbest: int = 1) -> list[tuple[str, float]]:
        """Beam search over unit sequences whose Arabic side spells `word`."""
        n1 = self.order - 1
        bos = self.uid[BOS]
        eos = self.uid[EOS]
        hyps = {(bos,)[-n1:] if n1 else (): (0.0, "")}
        for ch in word:
            cands = self.by_char.get(ch)
            if not cands:
                continue  # a letter the model never saw: skipped
            new: dict[tuple, tuple[float, str]] = {}
            for hist, (sc, out) in hyps.items():
                for u in cands:
                    s2 = sc + self.logp(hist, u)
                    h2 = (hist + (u,))[-n1:] if n1 else ()
                    old = new.get(h2)
                    if old is None or s2 > old[0]:
                        e = self.units[u].partition(SEP)[2]
                        new[h2] = (s2, out + e)
            hyps = dict(sorted(new.items(), key=lambda kv: -kv[1][0])[:beam])
        fin: dict[str, float] = {}
        for hist, (sc, out) in hyps.items():
            s2 = sc + self.logp(hist, eos)
            if out not in fin or s2 > fin[out]:
                fin[out] = s2
        return sorted(fin.items(), key=lambda kv: -kv[1])[:nbest]


def read_lexicon(path: str) -> dict[str, str]:
    lex = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            a, e = line.split("\t")
            lex[a] = e
    return lex


def romanize_word(model: JointModel, lex: dict[str, str], word: str, beam: int = 12) -> str:
    key = lexicon_key(word)
    if key in lex:
        return lex[key]
    w = normalize_arabic(word)
    if not w:
        return ""
    res = model.decode(w, beam=beam)
    return res[0][0] if res else ""


def mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def log10(x: float) -> float:
    return math.log10(x) if x > 0 else -99.0
