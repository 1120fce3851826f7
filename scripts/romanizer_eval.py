#!/usr/bin/env python3
"""Evaluate a trained romanizer on an `arabic<TAB>english` file.

Usage: python3 scripts/romanizer_eval.py --model data/romanize/ --dev dev.tsv [--beam 12]

Items are the distinct Arabic strings; an output is correct when it equals (lowercase)
any accepted spelling of that Arabic. CER per item is the edit distance to the closest
accepted spelling divided by that spelling's length; the figure is the mean over items.
Also reports the split between lexicon hits and model-decoded items, and the model alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from romanizer_common import (  # noqa: E402
    JointModel,
    group_dev,
    item_cer,
    lexicon_key,
    mean,
    normalize_arabic,
    read_lexicon,
    romanize_word,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--beam", type=int, default=12)
    ap.add_argument("--show", type=int, default=0, help="print this many model-decoded errors")
    args = ap.parse_args()
    model = JointModel.read(os.path.join(args.model, "joint_ngram.tsv"))
    lex = read_lexicon(os.path.join(args.model, "lexicon.tsv"))
    dev = group_dev(args.dev)
    t0 = time.time()
    rows = []
    for a, refs in dev.items():
        hyp = romanize_word(model, lex, a, beam=args.beam)
        inlex = lexicon_key(a) in lex
        w = normalize_arabic(a)
        mhyp = model.decode(w, beam=args.beam)[0][0] if w else ""
        rows.append((a, refs, hyp, inlex, mhyp))
    dt = time.time() - t0

    def report(name, items, idx):
        ex = mean(1.0 if r[idx] in r[1] else 0.0 for r in items)
        cer = mean(item_cer(r[idx], r[1]) for r in items)
        print(f"{name:<22} items {len(items):5d}  exact {100 * ex:5.1f}%  CER {cer:.4f}")

    report("full (lexicon+model)", rows, 2)
    report("  lexicon hits", [r for r in rows if r[3]], 2)
    report("  model-decoded", [r for r in rows if not r[3]], 2)
    report("model alone, all", rows, 4)
    print(f"{len(rows) / dt:.0f} items/s (both passes, Python)")
    shown = 0
    for a, refs, hyp, inlex, _ in rows:
        if shown < args.show and not inlex and hyp not in refs:
            print(f"  {a}\t{hyp}\t{'|'.join(refs)}")
            shown += 1


if __name__ == "__main__":
    main()
