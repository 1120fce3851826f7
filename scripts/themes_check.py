#!/usr/bin/env python3
"""Estimate primary-theme accuracy of a theme lexicon on a hand-labelled set.

A reference approximation of the theme matcher, so that the lexicon can be
tuned without building the Rust side. Rules (the Rust matcher is meant to
reproduce them):

1. Normalize: drop Arabic diacritics (U+064B..U+0652, U+0670) and tatweel
   (U+0640); map أ إ آ ٱ to ا, ى to ي, ة to ه.
2. Tokenize: maximal runs of Arabic letters (U+0621..U+064A); everything
   else separates tokens.
3. Keys of a text token: the Snowball Arabic stem of each clitic variant of
   the token: the token itself; without a leading conjunction و/ف; then
   without a preposition ب/ل/ك; then without the article ال (لل counts as
   ل + ال). A variant is kept only if at least 2 letters remain.
   Key of a lexicon word: the stem of the word, after removing a leading
   ال (lexicon words carry no other clitics). A token matches a lexicon
   word when the word's key is among the token's keys. With `exact = true`
   the normalized lexicon word, as written (ال kept), must equal one of the
   token's clitic variants instead: no stemming.
4. Phrases (terms of several words) match consecutive tokens, each token
   matching the phrase word at that place. Scanning left to right, at each
   token the longest matching term wins and its tokens are consumed, so a
   phrase takes precedence over its words and a token counts once.
5. Background: from the first token that is one of BACKGROUND_MARKERS
   (after, since, because of, following, as a result of, and the relative
   pronouns; a leading و or ف allowed when 3 letters remain), or from the
   token after the first verb of STANCE_MARKERS (condemned, denounced,
   welcomed), to the end of the sentence, a term weighs BACKGROUND (0.5)
   times its weight, so that the main clause decides.
6. The score of a theme is the sum of the weights of its matched terms
   (every occurrence counts; negative weights subtract). The primary theme
   is the highest score if it is above 0.5 (ties: the earlier theme in the
   file), else "other".

Needs Python 3.11 (tomllib) and the PyPI package `snowballstemmer` (BSD-3-
Clause; the same Snowball Arabic algorithm as the Rust crate rust-stemmers).

Usage:
  python3 scripts/themes_check.py [--lexicon data/themes/default.toml]
      [--labels tests/data/themes_labeled.tsv] [--errors]
"""
import argparse
import re
import sys
import tomllib
from collections import Counter, defaultdict

try:
    import snowballstemmer
except ImportError:  # pragma: no cover
    sys.exit("themes_check.py needs the PyPI package snowballstemmer (pip install snowballstemmer)")

STEMMER = snowballstemmer.stemmer("arabic")
DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
TOKEN = re.compile("[\u0621-\u064A]+")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
THRESHOLD = 0.5
BACKGROUND = 0.5
BACKGROUND_MARKERS = {"بعد", "منذ", "بسبب", "اثر", "عقب", "جراء", "الذي", "التي", "الذين", "اللذين", "اللتين"}
# Verbs of a stated position (condemned, denounced, welcomed): background starts after them.
STANCE_MARKERS = set(
    "ادان ادانت تدين يدين ندين ندد نددت تندد يندد استنكر استنكرت تستنكر يستنكر شجب شجبت رحب رحبت ترحب يرحب".split()
)


def normalize(text: str) -> str:
    return DIACRITICS.sub("", text).translate(FOLD)


def tokens(text: str):
    return TOKEN.findall(normalize(text))


def variants(tok: str):
    """The token and its clitic-stripped forms (at least 2 letters left)."""
    out = [tok]
    conj = [tok]
    if tok[:1] in ("و", "ف") and len(tok) - 1 >= 2:
        conj.append(tok[1:])
    for c in conj:
        preps = [c]
        if c[:1] in ("ب", "ل", "ك") and len(c) - 1 >= 2:
            preps.append(c[1:])
        if c.startswith("لل") and len(c) - 2 >= 2:
            preps.append(c[2:])  # لل = ل + ال
        for p in preps:
            out.append(p)
            if p.startswith("ال") and len(p) - 2 >= 2:
                out.append(p[2:])
    seen = []
    for v in out:
        if v not in seen:
            seen.append(v)
    return seen


def token_keys(tok: str):
    vs = variants(tok)
    return {STEMMER.stemWord(v) for v in vs}, set(vs)


def word_keys(word: str, exact: bool):
    if exact:
        return {word}
    if word.startswith("ال") and len(word) - 2 >= 2:
        word = word[2:]
    return {STEMMER.stemWord(word)}


def load_lexicon(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    themes, terms = [], []
    for th in data["theme"]:
        themes.append(th["key"])
        for t in th.get("term", []):
            words = tokens(t["arabic"])
            exact = bool(t.get("exact", False))
            terms.append(
                {
                    "theme": th["key"],
                    "arabic": t["arabic"],
                    "weight": float(t["weight"]),
                    "exact": exact,
                    "keys": [word_keys(w, exact) for w in words],
                }
            )
    # longest phrases first, so the first hit at a position is the longest
    terms.sort(key=lambda t: -len(t["keys"]))
    return themes, terms


def without_conjunction(tok):
    return tok[1:] if tok[:1] in ("و", "ف") and len(tok) > 3 else tok


def background_start(words):
    """Index of the first background token: the first background marker, or the word after
    the first verb of a stated position, or the end."""
    marker = next((i for i, w in enumerate(words) if without_conjunction(w) in BACKGROUND_MARKERS), len(words))
    stance = next((i + 1 for i, w in enumerate(words) if without_conjunction(w) in STANCE_MARKERS), len(words))
    return min(marker, stance)


def match(text, terms, background=BACKGROUND):
    """The terms found, each with the factor of its weight (1, or `background`)."""
    words = tokens(text)
    toks = [token_keys(t) for t in words]
    start = background_start(words)
    hits = []
    i = 0
    while i < len(toks):
        for t in terms:
            n = len(t["keys"])
            if i + n > len(toks):
                continue
            ok = True
            for k, wk in enumerate(t["keys"]):
                stems, forms = toks[i + k]
                if not (wk & (forms if t["exact"] else stems)):
                    ok = False
                    break
            if ok:
                hits.append(dict(t, factor=background if i >= start else 1.0))
                i += n
                break
        else:
            i += 1
    return hits


def classify(text, themes, terms, background=BACKGROUND):
    scores = {k: 0.0 for k in themes}
    hits = match(text, terms, background)
    for h in hits:
        scores[h["theme"]] += h["weight"] * h["factor"]
    best = max(themes, key=lambda k: (scores[k], -themes.index(k)))
    return (best if scores[best] > THRESHOLD else "other"), scores, hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lexicon", default="data/themes/default.toml")
    ap.add_argument("--labels", default="tests/data/themes_labeled.tsv")
    ap.add_argument("--errors", action="store_true", help="print the misclassified sentences")
    a = ap.parse_args()
    themes, terms = load_lexicon(a.lexicon)
    classes = themes + ["other"]
    conf = defaultdict(Counter)
    n = ok = 0
    with open(a.labels, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["label", "source", "sentence"], header
        for line in f:
            gold, src, sent = line.rstrip("\n").split("\t")
            pred, scores, hits = classify(sent, themes, terms)
            conf[gold][pred] += 1
            n += 1
            ok += pred == gold
            if a.errors and pred != gold:
                sc = " ".join(f"{k}={v:.1f}" for k, v in scores.items())
                hs = ", ".join(f"{h['arabic']}({h['weight'] * h['factor']:+.2g})" for h in hits)
                print(f"gold={gold} pred={pred} [{sc}] {src}\n  {sent[:160]}\n  hits: {hs}\n")
    print(f"accuracy: {ok}/{n} = {ok / n:.1%}")
    w = max(len(c) for c in classes) + 2
    print("gold \\ predicted".ljust(w + 4) + "".join(c[:12].rjust(14) for c in classes))
    for g in classes:
        row = "".join(str(conf[g][p]).rjust(14) for p in classes)
        print(g.ljust(w + 4) + row)
    for c in classes:
        tp = conf[c][c]
        pp = sum(conf[g][c] for g in classes)
        gp = sum(conf[c].values())
        p = tp / pp if pp else 0.0
        r = tp / gp if gp else 0.0
        print(f"{c}: precision {p:.2f} recall {r:.2f} (n={gp})")


if __name__ == "__main__":
    main()
