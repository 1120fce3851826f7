#!/usr/bin/env python3
"""List candidate sentences for the hand-labelled theme test set.

Prints `source<TAB>sentence` lines (no label) for the seed articles and for
chosen articles of the EASC corpus (Essex Arabic Summaries Corpus, El-Haj,
Kruschwitz & Fox 2010, CC BY-SA 3.0), so that an analyst can label them by
hand into tests/data/themes_labeled.tsv.

Splitting rule: a sentence ends after `.`, `؟`, `?`, `!` or `؛` (a `.`
between two digits or inside a dotted abbreviation does not end one). In the seeds a line end also ends a
sentence; in EASC articles, whose lines are hard-wrapped, a line break is
replaced by one space. Sentences are trimmed; empty ones and ones without
an Arabic letter are dropped.

Usage:
  python3 scripts/themes_sentences.py --seeds seeds \
      --easc PATH/easc-dev.jsonl --ids Topic85,Topic87 > candidates.tsv
Needs only the Python 3 standard library.
"""
import argparse
import json
import pathlib
import re
import sys

ARABIC = re.compile(r"[\u0621-\u064A]")


def _abbrev(text: str, i: int) -> bool:
    """A `.` inside a dotted abbreviation such as `سي.آي.إيه`: one to three
    letters on each side, and the letters after it end at `.`, `)` or a space."""
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    k = i + 1
    while k < len(text) and text[k].isalpha():
        k += 1
    after_end = text[k] if k < len(text) else " "
    return 1 <= i - j <= 3 and 1 <= k - i - 1 <= 3 and (after_end in ".)" or after_end.isspace())


def split(text: str):
    out, start = [], 0
    i = 0
    while i < len(text):
        ch = text[i]
        is_end = ch in "؟?!؛"
        if ch == ".":
            prev_digit = i > 0 and text[i - 1].isdigit()
            next_digit = i + 1 < len(text) and text[i + 1].isdigit()
            is_end = not (prev_digit and next_digit) and not _abbrev(text, i)
        if is_end:
            # keep a run of terminators together ("…." , "!.")
            j = i + 1
            while j < len(text) and text[j] in ".؟?!؛…":
                j += 1
            out.append(text[start:j])
            start = i = j
            continue
        i += 1
    out.append(text[start:])
    return [s for s in (s.strip() for s in out) if ARABIC.search(s)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", help="folder of seed .txt articles")
    ap.add_argument("--easc", help="EASC JSON Lines file")
    ap.add_argument("--ids", default="", help="comma-separated EASC ids")
    a = ap.parse_args()
    w = sys.stdout
    if a.seeds:
        for p in sorted(pathlib.Path(a.seeds).glob("*.txt")):
            for line in p.read_text(encoding="utf-8").splitlines():
                for s in split(line):
                    w.write(f"seed:{p.name}\t{s}\n")
    if a.easc:
        ids = [i for i in a.ids.split(",") if i]
        docs = {}
        for line in open(a.easc, encoding="utf-8"):
            d = json.loads(line)
            docs[d["id"]] = d
        for i in ids:
            text = docs[i]["text"].replace("\r", "")
            for s in split(text.replace("\n", " ")):
                w.write(f"easc:{i}\t{s}\n")


if __name__ == "__main__":
    main()
