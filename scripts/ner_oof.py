#!/usr/bin/env python3
"""Out-of-fold measure of the user's path of entity recognition on ANERcorp's training
documents: what `khulasa entities` finds, with a tagger that never saw the documents measured.

`khulasa eval ner` measures the held-out documents (the tail of the corpus); the shipped
tagger was trained on every document before them, so the user's path cannot be measured on
those documents with it. This script cuts them into three parts at document starts (the cuts
of `train_ner.py --cv 3`), trains a tagger on the other two parts for each
(`train_ner.py --exclude A-B`), writes each inferred document of the part as a text file, runs
`khulasa entities` on them with that tagger (`[models] tagger` in a configuration file) and
scores the names found against the corpus's spans (exact token spans, MISC left out, as
`khulasa eval ner` does). Use it to choose among changes to the recognizer and its data; keep
the held-out tail for the end.

    python3 scripts/ner_oof.py --khulasa target/release/khulasa \
        --data anercorp-train.jsonl --names translit-wikidata-persons.tsv \
        --work OUT [--reuse-models] [--errors OUT/errors.tsv]

Prints precision, recall and F1 by type and overall, and F1 for each part with their mean and
spread. Needs Python 3.11 and numpy (for the training script).
"""

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from train_ner import document_starts, fold_cuts, heldout_start, spans  # noqa: E402

TYPES = {"person": "PERS", "place": "LOC", "organization": "ORG"}
FOLDS = 3


def write_documents(rows, starts, a, b, folder):
    """Each inferred document of sentences a..b-1 as one text: file name -> (text, token
    character offsets, gold spans over those tokens)."""
    os.makedirs(folder, exist_ok=True)
    docs, cur = [], []
    for i in range(a, b):
        if starts[i] and cur:
            docs.append(cur)
            cur = []
        cur.append(i)
    if cur:
        docs.append(cur)
    gold = {}
    for di, ids in enumerate(docs):
        text, toks, gs = "", [], []
        for i in ids:
            base, line = len(toks), ""
            for t in rows[i]["tokens"]:
                if line:
                    line += " "
                toks.append((len(text) + len(line), len(text) + len(line) + len(t)))
                line += t
            gs += [(base + s, base + e, t) for s, e, t in sorted(spans(rows[i]["tags"]))]
            text += line + "\n"
        name = "%04d.txt" % di
        with open(os.path.join(folder, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        gold[name] = (text, toks, gs)
    return gold


def entities(khulasa, config, folder, names):
    """khulasa entities over the files; a file read once as the same article as another
    (ANERcorp repeats articles) is run again on its own."""
    found, left = {}, list(names)
    while left:
        out = subprocess.run(
            [khulasa, "entities", "--quiet", "--config", config]
            + [os.path.join(folder, n) for n in left],
            capture_output=True, text=True,
        )
        res = json.loads(out.stdout) if out.stdout.strip() else []
        for f in res:
            found[os.path.basename(f["file"])] = f["mentions"]
        rest = [n for n in left if n not in found]
        if len(rest) == len(left):
            break
        left = rest
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--khulasa", required=True)
    ap.add_argument("--data", required=True, help="ANERcorp training part as JSON Lines")
    ap.add_argument("--names", help="person-name list for the training script")
    ap.add_argument("--work", required=True, help="folder for the fold models and texts")
    ap.add_argument("--reuse-models", action="store_true",
                    help="use the fold models already in --work")
    ap.add_argument("--errors", help="write each miss and false name here (TSV)")
    args = ap.parse_args()

    rows = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    tokens = [r["tokens"] for r in rows]
    starts = document_starts(tokens)
    n = heldout_start(tokens)
    err = open(args.errors, "w", encoding="utf-8") if args.errors else None
    total = collections.defaultdict(lambda: [0, 0, 0])
    per_fold = []
    for a, b in fold_cuts(starts, n, FOLDS):
        model = os.path.join(args.work, "model-%d-%d" % (a, b))
        if not (args.reuse_models and os.path.exists(os.path.join(model, "model.txt"))):
            cmd = [sys.executable, os.path.join(HERE, "train_ner.py"), "--data", args.data,
                   "--out", model, "--clusters", os.path.join(ROOT, "data/ner/clusters.txt"),
                   "--gazetteer", os.path.join(ROOT, "data/gazetteer"), "--epochs", "8",
                   "--min-weight", "50", "--exclude", "%d-%d" % (a, b)]
            if args.names:
                cmd += ["--names", args.names]
            subprocess.run(cmd, check=True, capture_output=True)
        config = os.path.join(args.work, "fold-%d.toml" % a)
        with open(config, "w", encoding="utf-8") as fh:
            fh.write('[models]\ntagger = "%s"\ntagger_names = "%s"\n'
                     % (os.path.join(model, "model.txt"), os.path.join(model, "person_names.txt")))
        folder = os.path.join(args.work, "texts-%d" % a)
        gold = write_documents(rows, starts, a, b, folder)
        found = entities(args.khulasa, config, folder, sorted(gold))
        fold = collections.defaultdict(lambda: [0, 0, 0])
        for name, (text, toks, gs) in gold.items():
            pred = set()
            for m in found.get(name, []):
                if m["form"] != "name" or m["type"] not in TYPES:
                    continue
                idx = [i for i, (x, y) in enumerate(toks) if x < m["end"] and y > m["start"]]
                if idx:
                    pred.add((idx[0], idx[-1] + 1, TYPES[m["type"]]))
            gs = set(gs)
            words = lambda s, e: text[toks[s][0]:toks[e - 1][1]]  # noqa: E731
            for s, e, t in gs:
                fold[t][0 if (s, e, t) in pred else 2] += 1
                if err and (s, e, t) not in pred:
                    err.write("miss\t%s\t%s\t%s\n" % (t, words(s, e), name))
            for s, e, t in pred - gs:
                fold[t][1] += 1
                if err:
                    err.write("false\t%s\t%s\t%s\n" % (t, words(s, e), name))
        tp, fp, fn = (sum(v[i] for v in fold.values()) for i in range(3))
        per_fold.append(2 * tp / (2 * tp + fp + fn))
        for t, v in fold.items():
            for i in range(3):
                total[t][i] += v[i]

    def prf(v):
        tp, fp, fn = v
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    print("type\tprecision\trecall\tF1\ttp\tfp\tfn")
    for t in sorted(total):
        print("%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d" % ((t,) + prf(total[t]) + tuple(total[t])))
    overall = [sum(v[i] for v in total.values()) for i in range(3)]
    print("overall\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d" % (prf(overall) + tuple(overall)))
    print("F1 by part\t%s\tmean %.4f ± %.4f" % (
        " ".join("%.3f" % f for f in per_fold), statistics.mean(per_fold),
        statistics.pstdev(per_fold)))


if __name__ == "__main__":
    main()
