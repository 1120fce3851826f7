#!/usr/bin/env python3
"""Write tests/data/tagger_parity.jsonl: sentences of the shipped seed articles, tokenized, with
the labels the training script's own decoder (`read_model(...).predict` of train_ner.py) gives
them with the shipped model. The Rust tagger must give the same labels
(test `matches_the_training_script_on_the_fixture`).

Usage: python3 scripts/tagger_parity_fixture.py > tests/data/tagger_parity.jsonl
"""
import json
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)

from train_ner import read_model  # noqa: E402

root = os.path.dirname(here)
# Tokens as ANERcorp writes them: runs of letters and digits, every other mark on its own.
TOKEN = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]+|[^\s\w]", re.UNICODE)


def main() -> None:
    model = read_model(os.path.join(root, "data", "ner", "model.txt"))
    seeds = os.path.join(root, "seeds")
    for name in sorted(os.listdir(seeds)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(seeds, name), encoding="utf-8") as fh:
            text = fh.read()
        for k, sentence in enumerate(s for s in re.split(r"(?<=[.؟!])\s+|\n+", text) if s.strip()):
            tokens = TOKEN.findall(sentence)
            if not tokens:
                continue
            pred = model.predict(tokens)
            print(json.dumps({"index": f"{name}:{k}", "tokens": tokens, "pred": pred}, ensure_ascii=False))


if __name__ == "__main__":
    main()
