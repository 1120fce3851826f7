#!/usr/bin/env python3
"""Train the primary-theme model (data/themes/model.tsv) and measure it by document folds.

The model is a multinomial logistic regression (softmax, L2 penalty) over the features
khulasa computes for a sentence (`khulasa eval themes --features`, see `Lexicon::features`
in src/themes.rs): the lexicon's theme scores in the main clause and in the background, the
lexicon's own primary theme, the stems of the sentence's words (all, and those of the main
clause), the stem of its first word, and each lexicon term found (in the main clause or in
the background), and the sentence's place in its article (the lexicon's profile of the
article's lead, the lexicon's themes of the neighbouring sentences and of the first sentence:
`Lexicon::context_features`), and the words of a sport, economy or local-services page in the
sentence and in its article's lead (`themes::domain_features`). Rust computes the features both here and at run time, so the two
cannot drift.

Input: labelled sets in the format of `khulasa eval themes` (`label, source, sentence`; the
document is the source up to its last `:`, and consecutive sentences of one document are read
as that document, in order), pooled; each set's documents are told apart by
their names. The features come from the lexicon alone, never from the model (the script
runs khulasa with `[themes] model = false` all the same).

What it does:
- `cv`: K folds by document (SHA-256 of the document's name, as scripts/themes_cv.py; a
  source without a sentence index, as in themes_labeled.tsv, is its own document), the
  penalties and the minimum feature count chosen inside each fold by an inner K-fold
  cross-validation over the training documents; prints each fold's accuracy, the mean and
  standard deviation, the pooled accuracy of each set; then leave-one-set-out (train on
  the other sets, hyper-parameters chosen by inner folds, test on the set). The lexicon's
  own accuracy on the same folds is printed beside it.
- `train`: chooses the penalty and minimum count by K-fold cross-validation over all the
  sets, trains on all of them and writes the model file (TSV: `feature` and the class keys,
  then one line per feature; weights rounded to 4 decimals, zero rows left out).

With `--seeds seeds`, the sentences of the seed articles (`seed:FILE` in
themes_labeled.tsv) are read in their articles, as a build reads them (`seed_articles`), and
given alone too (`--alone`), so that the model learns them as it will see them.

Usage:
  python3 scripts/train_themes.py cv --khulasa target/debug/khulasa --seeds seeds SET.tsv [SET.tsv ...]
  python3 scripts/train_themes.py train --khulasa target/debug/khulasa --seeds seeds \
      --out data/themes/model.tsv SET.tsv [SET.tsv ...]

Needs numpy (scipy, when present, makes it faster) and a khulasa binary.
"""
import argparse
import hashlib
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile

import numpy as np

try:
    from scipy import sparse
except ImportError:  # dense matrices: the same results, slower
    sparse = None

CLASSES = ("diplomacy", "military_aid", "humanitarian", "security", "other")
PENALTIES = (0.03, 0.1)
WORD_PENALTIES = (1.0, 3.0, 10.0, 30.0)
MIN_COUNTS = (1,)
EPOCHS = 300
# Sparse features, one per word or lexicon term: kept when seen often enough, and penalized
# with the second penalty.
WORD_FEATURES = ("w:", "m:", "f:", "h:", "hb:")


def is_word(feature):
    return feature.startswith(WORD_FEATURES)


def doc_of(source):
    """The document of a sentence: its source without the sentence index after the last `:`;
    a source without an index (`seed:FILE`, `easc:FILE`: one sentence set per file) is the
    file itself."""
    head, _, tail = source.rpartition(":")
    return head if tail.isdigit() else source


def squeeze(text):
    return " ".join(text.split())


def seed_articles(khulasa, path, seeds):
    """The labelled set at `path` as TSV text, its sentences of `seed:FILE` read as the article
    `seeds/FILE` is read in a build: every sentence of the article as `khulasa themes` splits
    it, in order, as `seed:FILE:N`, with the label of the labelled sentence it is or is a part
    of; and the sources of the article's sentences that no label names (they are context only:
    the caller leaves them out). A labelled seed sentence the article does not give (page
    chrome a build leaves out) stays a sentence alone."""
    lines = [l for l in pathlib.Path(path).read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    rows = [l.split("\t") for l in lines[1:] if l.strip()]
    out, unlabelled, used = [lines[0]], set(), set()
    for name in sorted({r[1][5:] for r in rows if r[1].startswith("seed:") and ":" not in r[1][5:]}):
        gold = {squeeze(r[2]): r[0] for r in rows if r[1] == "seed:" + name}
        run = subprocess.run(
            [khulasa, "themes", str(pathlib.Path(seeds) / name), "--format", "tsv"],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            sys.exit(f"khulasa themes {name} failed:\n{run.stderr}")
        for line in run.stdout.splitlines()[1:]:
            cols = line.split("\t")
            source, text = f"seed:{name}:{cols[1]}", cols[-1]
            # The sentence labelled, or the labelled sentence it is a part of (khulasa may
            # split a labelled sentence in two: each part has its label).
            whole = next((g for g in gold if squeeze(text) in g), None) if len(text) >= 20 else None
            whole = squeeze(text) if squeeze(text) in gold else whole
            if whole:
                used.add((name, whole))
            else:
                unlabelled.add(source)
            out.append(f"{gold.get(whole, 'other')}\t{source}\t{text}")
    out += ["\t".join(r) for r in rows if not (r[1].startswith("seed:") and (r[1][5:], squeeze(r[2])) in used)]
    return "\n".join(out) + "\n", unlabelled


def read_features(khulasa, path, drop=(), seeds=None):
    """Rows (label, source, {feature: value}, lexicon primary) of one labelled set, without
    the features whose names start with one of `drop`; with `seeds` (the seed articles'
    folder), its `seed:FILE` sentences are read in their articles (`seed_articles`)."""
    with tempfile.TemporaryDirectory() as t:
        unlabelled = set()
        if seeds:
            text, unlabelled = seed_articles(khulasa, path, seeds)
            path = pathlib.Path(t) / "set.tsv"
            path.write_text(text, encoding="utf-8")
        cfg = pathlib.Path(t) / "khulasa.toml"
        cfg.write_text("[themes]\nmodel = false\n", encoding="utf-8")
        run = subprocess.run(
            [khulasa, "eval", "themes", "--quiet", "--config", str(cfg), "--features", str(path)],
            capture_output=True,
            text=True,
        )
    if run.returncode != 0:
        sys.exit(f"khulasa eval themes --features failed:\n{run.stderr}")
    rows = []
    for line in run.stdout.splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if r["source"] in unlabelled:
            continue
        feats = {k: v for k, v in r["features"] if not (drop and k.startswith(drop))}
        lex = next(k[4:] for k in feats if k.startswith("lex:"))
        rows.append((r["label"], r["source"], feats, lex))
    return rows


def vocabulary(rows, min_count):
    """Features seen in at least min_count rows (every non-word feature is kept)."""
    count = {}
    for _, _, f, _ in rows:
        for k in f:
            count[k] = count.get(k, 0) + 1
    keep = [k for k, c in count.items() if c >= min_count or not is_word(k)]
    return {k: i for i, k in enumerate(sorted(keep))}


def matrix(rows, vocab):
    ri, ci, vals = [], [], []
    for i, (_, _, f, _) in enumerate(rows):
        for k, v in f.items():
            j = vocab.get(k)
            if j is not None:
                ri.append(i)
                ci.append(j)
                vals.append(v)
    if sparse is not None:
        return sparse.csr_matrix((vals, (ri, ci)), shape=(len(rows), len(vocab)))
    x = np.zeros((len(rows), len(vocab)))
    x[ri, ci] = vals
    return x


# Features of a sentence's place in its article (`Lexicon::context_features`, and `dom:` of
# `themes::domain_features`).
CONTEXT_FEATURES = ("ctx:", "prev:", "next:", "lead:", "dom:")
# Whether each training sentence is also given alone, its context left out (`--alone`).
ALONE = [False]


def with_alone(rows):
    """rows, and when ALONE is set, each row with context again without its context features:
    a sentence alone (a one-sentence input, a seed of themes_labeled.tsv) is then read as
    well as one in an article."""
    if not ALONE[0]:
        return rows
    extra = []
    for label, source, f, lex in rows:
        bare = {k: v for k, v in f.items() if not k.startswith(CONTEXT_FEATURES) or k.startswith("ctx:")}
        if len(bare) < len(f) or any(v for k, v in f.items() if k.startswith("ctx:")):
            extra.append((label, source, {k: (0.0 if k.startswith("ctx:") else v) for k, v in bare.items()}, lex))
    return rows + extra


def fit(rows, penalty, min_count):
    """(vocab, weights[features, classes]) by full-batch gradient descent with momentum on
    the mean log loss plus the L2 penalty (the bias unpenalized): penalty = (p, q), p/n · |W|² / 2
    for the lexicon features and q/n · |W|² / 2 for the word and term features
    (WORD_FEATURES), so that they only correct the lexicon where the data say so."""
    rows = with_alone(rows)
    vocab = vocabulary(rows, min_count)
    x = matrix(rows, vocab)
    y = np.array([CLASSES.index(r[0]) for r in rows])
    xt = x.T.tocsr() if sparse is not None else x.T
    n, d = x.shape
    onehot = np.eye(len(CLASSES))[y]
    w = np.zeros((d, len(CLASSES)))
    vel = np.zeros_like(w)
    mask = np.full((d, 1), float(penalty[0]))
    for k, j in vocab.items():
        if is_word(k):
            mask[j] = penalty[1]
    mask[vocab["bias"]] = 0
    lr = 0.5
    for _ in range(EPOCHS):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = xt @ (p - onehot) / n + w * mask / n
        vel = 0.9 * vel - lr * grad
        w += vel
    return vocab, w


def predict(model, rows):
    vocab, w = model
    return [CLASSES[i] for i in (matrix(rows, vocab) @ w).argmax(axis=1)]


def accuracy(model, rows):
    pred = predict(model, rows)
    return sum(p == r[0] for p, r in zip(pred, rows)) / max(len(rows), 1)


def folds_of(rows, k):
    docs = sorted({doc_of(r[1]) for r in rows}, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    fold = {d: i % k for i, d in enumerate(docs)}
    return [fold[doc_of(r[1])] for r in rows]


def choose(rows, k):
    """(penalty, min_count) with the best pooled accuracy over k folds by document of rows."""
    fold = folds_of(rows, k)
    best, best_acc = None, -1
    for mc in MIN_COUNTS:
        for pen in [(p, q) for p in PENALTIES for q in WORD_PENALTIES]:
            right = 0
            for f in range(k):
                train = [r for r, g in zip(rows, fold) if g != f]
                test = [r for r, g in zip(rows, fold) if g == f]
                right += accuracy(fit(train, pen, mc), test) * len(test)
            if right > best_acc + 1e-9:
                best, best_acc = (pen, mc), right
    return best


def lexicon_accuracy(rows):
    return sum(r[3] == r[0] for r in rows) / max(len(rows), 1)


def cmd_cv(a, sets):
    rows = [r for s in sets.values() for r in s]
    fold = folds_of(rows, a.folds)
    # Whether each row (by its position in rows: sources repeat in themes_labeled.tsv) was
    # right when its fold was tested.
    accs, lex_accs, right = [], [], [False] * len(rows)
    for f in range(a.folds):
        at = [i for i, g in enumerate(fold) if g == f]
        train = [r for r, g in zip(rows, fold) if g != f]
        test = [rows[i] for i in at]
        pen, mc = choose(train, a.inner)
        model = fit(train, pen, mc)
        pred = predict(model, test)
        for i, p, r in zip(at, pred, test):
            right[i] = p == r[0]
        acc = 100 * sum(p == r[0] for p, r in zip(pred, test)) / len(test)
        accs.append(acc)
        lex_accs.append(100 * lexicon_accuracy(test))
        print(
            f"fold {f + 1}: {len({doc_of(r[1]) for r in test})} documents, {len(test)} sentences, "
            f"penalty {pen}, min count {mc}: model {acc:.1f}%, lexicon {lex_accs[-1]:.1f}%",
            flush=True,
        )
    sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0  # noqa: E731
    print(
        f"model mean {statistics.mean(accs):.1f}% ± {sd(accs):.1f}; lexicon mean "
        f"{statistics.mean(lex_accs):.1f}% ± {sd(lex_accs):.1f} ({a.folds} folds by document, "
        f"{len(rows)} sentences)"
    )
    start = 0
    for name, s in sets.items():
        ok = sum(right[start : start + len(s)])
        start += len(s)
        print(f"  {name}: model {100 * ok / len(s):.1f}%, lexicon {100 * lexicon_accuracy(s):.1f}% of {len(s)}")
    if len(sets) > 1:
        print("leave one set out (train on the others):")
        for name, s in sets.items():
            train = [r for n, o in sets.items() if n != name for r in o]
            pen, mc = choose(train, a.inner)
            acc = 100 * accuracy(fit(train, pen, mc), s)
            print(
                f"  {name}: penalty {pen}, min count {mc}: model {acc:.1f}%, "
                f"lexicon {100 * lexicon_accuracy(s):.1f}% of {len(s)}",
                flush=True,
            )


def cmd_train(a, sets):
    rows = [r for s in sets.values() for r in s]
    pen, mc = choose(rows, a.inner)
    vocab, w = fit(rows, pen, mc)
    names = sorted(vocab, key=vocab.get)
    lines = [
        "# The primary-theme model of khulasa: multinomial logistic regression over the features of",
        "# `khulasa eval themes --features`, trained by scripts/train_themes.py on the labelled theme",
        f"# sets of tests/data ({len(rows)} sentences; penalty {pen}, minimum feature count {mc}, chosen",
        "# by cross-validation by document). See data/README.md for its sources and licence.",
        "feature\t" + "\t".join(CLASSES),
    ]
    for name in names:
        row = np.round(w[vocab[name]], 4)
        if not row.any():
            continue
        lines.append(name + "\t" + "\t".join(f"{v:g}" for v in row))
    pathlib.Path(a.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"penalty {pen}, min count {mc}; {len(lines) - 5} features written to {a.out}", file=sys.stderr)
    print(f"training accuracy {100 * accuracy((vocab, w), rows):.1f}% (fitted, not a measure)", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cmd", choices=("cv", "train"))
    ap.add_argument("files", nargs="+")
    ap.add_argument("--khulasa", default="khulasa")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner", type=int, default=4, help="folds of the inner cross-validation")
    ap.add_argument("--out", help="train: the model file to write")
    ap.add_argument(
        "--drop",
        default="",
        help="comma-separated prefixes of features to leave out (to measure what they bring), "
        "e.g. ctx:,prev:,next:,lead: for the document context",
    )
    ap.add_argument(
        "--alone",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also train on each sentence without its context (default: yes)",
    )
    ap.add_argument(
        "--seeds",
        help="the seed articles' folder (seeds/): the `seed:FILE` sentences of a set are read "
        "in their articles, as a build reads them, not as sentences alone",
    )
    a = ap.parse_args()
    ALONE[0] = a.alone
    drop = tuple(p for p in a.drop.split(",") if p)
    sets = {p: read_features(a.khulasa, p, drop, a.seeds) for p in a.files}
    if a.cmd == "cv":
        cmd_cv(a, sets)
    else:
        if not a.out:
            sys.exit("train needs --out")
        cmd_train(a, sets)


if __name__ == "__main__":
    main()
