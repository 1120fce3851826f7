#!/usr/bin/env python3
"""Generate data/wordfreq.tsv: how often Arabic words occur, and which of the frequent ones
are used mostly as names.

The recognizer asks two questions of a word: is it an ordinary Arabic word (so that a model
or a title needs strong evidence to make it a name), and is a word with a leading letter
that looks like a clitic more frequent whole than without that letter (كريغ is a word, not
ك + ريغ). Both are answered from this table.

Frequencies: the Arabic list of wordfreq (Speer et al.; data CC BY-SA 4.0), every word of
Zipf frequency 3.0 or more (once per million words), normalized as khulasa normalizes
(diacritics and tatweel dropped; أ إ آ ٱ → ا; ى ئ → ي; ؤ → و; ة → ه), the frequencies of
words that normalize alike added together.

Names: a word of three letters or more is marked `name` when it is a token of persons' names
in the name-pair lists given with --names (Arabic<TAB>English, tokens paired by position),
and its best-known English spelling is found in English text (wordfreq's English list) at
Zipf 1.0 or more and no less than 2.5 below the Arabic word's own Zipf frequency: خالد
(Arabic 5.2; "khalid" 3.3, "khaled" 3.2) is a name, شاهد (Arabic 4.9, paired with "shahade"
and "chahed", both near 0) is a word. A word with a single English spelling must be at least
as frequent in English as in Arabic (بايدن 3.5, "biden" 3.9): the lists pair a few ordinary
words with a translation (رجل "umbrella").

    pip install wordfreq==3.1.1
    python3 scripts/gen_wordfreq.py --names translit-wikidata-persons.tsv \
        translit-ar2en-train.tsv > data/wordfreq.tsv
"""

import argparse
import collections
import math
import re
import sys

import wordfreq

MIN_ZIPF = 3.0
MIN_NAME_ZIPF_EN = 1.0
NAME_MARGIN = 2.5
TOP_N = 300_000

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
ARABIC_WORD = re.compile("[\u0621-\u064a]+")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})


def norm(w: str) -> str:
    return DIACRITICS.sub("", w).translate(FOLD)


def name_spellings(paths):
    """Normalized Arabic name token → its English spellings (lower case)."""
    pairs = collections.defaultdict(set)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 2:
                    continue
                ar, en = parts[0].split(), parts[1].lower().split()
                if len(ar) != len(en):
                    continue
                for a, e in zip(ar, en):
                    a = norm(a)
                    if ARABIC_WORD.fullmatch(a):
                        pairs[a].add(e)
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", nargs="+", required=True, help="name-pair TSV files")
    args = ap.parse_args()

    freq = collections.Counter()
    for w in wordfreq.top_n_list("ar", TOP_N):
        n = norm(w)
        if ARABIC_WORD.fullmatch(n):
            freq[n] += 10 ** wordfreq.zipf_frequency(w, "ar")
    zipf = {w: math.log10(f) for w, f in freq.items() if math.log10(f) >= MIN_ZIPF}

    spellings = name_spellings(args.names)
    en_cache = {}

    def english_zipf(e):
        if e not in en_cache:
            en_cache[e] = wordfreq.zipf_frequency(e, "en")
        return en_cache[e]

    out = sys.stdout
    out.write(
        "# Arabic word frequencies (normalized word <TAB> Zipf frequency [<TAB> name]).\n"
        "# Source: wordfreq 3.1.1 Arabic list (Robyn Speer et al.), data CC BY-SA 4.0; words of Zipf "
        f"{MIN_ZIPF} or more.\n"
        "# `name`: a token of persons' names in NETransliteration-COLING2018 (Wikidata, CC0 1.0)\n"
        "# or google/transliteration (Apache-2.0) whose best-known English spelling is in wordfreq's\n"
        f"# English list at Zipf {MIN_NAME_ZIPF_EN} or more and no less than {NAME_MARGIN} below the"
        " word's Arabic Zipf\n# (with a single spelling: no less than the Arabic Zipf).\n"
        "# Made by: python3 scripts/gen_wordfreq.py --names translit-wikidata-persons.tsv translit-ar2en-train.tsv\n"
        "# This file is under CC BY-SA 4.0, as its wordfreq source.\n"
    )
    names = 0
    for w, z in sorted(zipf.items(), key=lambda x: (-x[1], x[0])):
        sp = spellings.get(w, ())
        en = max((english_zipf(e) for e in sp), default=0.0)
        is_name = (
            len(w) >= 3
            and en >= MIN_NAME_ZIPF_EN
            and (len(sp) >= 2 and en >= z - NAME_MARGIN or en >= z)
        )
        names += is_name
        out.write(f"{w}\t{z:.1f}{chr(9) + 'name' if is_name else ''}\n")
    print(f"{len(zipf)} words, {names} marked as names", file=sys.stderr)


if __name__ == "__main__":
    main()
