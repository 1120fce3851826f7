#!/usr/bin/env python3
"""Primary-theme accuracy by document folds, with the threshold and background weight chosen inside each fold.

Reads labelled sentences in the format of `khulasa eval themes` (`label, source,
sentence`; the document is the source up to its last `:`) from one or more files (several
labelled sets are pooled: their documents are told apart by their names), puts every
document in one of K folds (by the SHA-256 of its name, so a document's sentences stay
together), and for each fold: picks the theme threshold among THRESHOLDS and the weight of
background terms among BACKGROUNDS (`[themes] background`: the factor of a term after
"after", "because of", "which" and the like) that score best on the other folds, then
measures the fold with them. Every figure comes from `khulasa eval themes` run on a fold's
file, with a configuration that sets `[themes] threshold` and `background` (and the lexicon
files, when --lexicon replaces the built-in one).

Prints each fold's accuracy and chosen settings, the mean and standard deviation over the
folds, the pooled accuracy, and the pooled accuracy of each input file.

A lexicon edited by reading the errors of every fold measures optimistically on those
folds. With --base OLD --lexicon NEW, each fold is measured with OLD plus only those edits
of NEW (terms added, weights changed) whose term occurs in the other folds' sentences (its
words, normalized, as a substring), that is the edits the fold's own sentences could not
have suggested.

Usage:
  python3 scripts/themes_cv.py --khulasa target/debug/khulasa [--folds 5] \
      [--fixed T] [--fixed-background B] \
      [--lexicon NEW.toml [--base OLD.toml]] OUT/all.tsv [MORE.tsv ...]

Needs only the Python 3 standard library and a khulasa binary.
"""
import argparse
import hashlib
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import tomllib

THRESHOLDS = (0.3, 0.5, 0.8, 1.0)
BACKGROUNDS = (1.0, 0.75, 0.5, 0.25)


def read(paths):
    rows, file_of = [], {}
    for p in paths:
        with open(p, encoding="utf-8") as f:
            header = f.readline()
            for line in f:
                if line.strip():
                    label, source, sentence = line.rstrip("\n").split("\t", 2)
                    rows.append((label, source, sentence))
                    file_of[source] = p
    return header, rows, file_of


def doc_of(source):
    return source.rsplit(":", 1)[0]


def evaluate(khulasa, header, rows, setting, lexicon, tmp, wrong=None):
    """(correct, total) from `khulasa eval themes` on rows; the sources of the
    misclassified rows are added to `wrong` when given."""
    threshold, background = setting
    if not rows:
        return 0, 0
    data = tmp / "fold.tsv"
    data.write_text(header + "".join(f"{a}\t{b}\t{c}\n" for a, b, c in rows), encoding="utf-8")
    cfg = tmp / "khulasa.toml"
    lines = ["[themes]", f"threshold = {threshold}", f"background = {background}"]
    if lexicon:
        lines += ["replace_builtin = true", f"files = [{str(pathlib.Path(lexicon).resolve())!r}]"]
    cfg.write_text("\n".join(lines).replace("'", '"') + "\n", encoding="utf-8")
    run = subprocess.run(
        [khulasa, "eval", "themes", "--quiet", "--config", str(cfg), str(data)],
        capture_output=True,
        text=True,
    )
    m = re.search(r"^sentences\t(\d+)$", run.stdout, re.M)
    a = re.search(r"^primary theme accuracy\t([\d.]+)%$", run.stdout, re.M)
    if run.returncode != 0 or not m or not a:
        sys.exit(f"khulasa eval themes failed:\n{run.stdout}\n{run.stderr}")
    n = int(m.group(1))
    if wrong is not None:
        by_text = {(c, a): b for a, b, c in rows}
        part = run.stdout.split("misclassified", 1)
        for line in part[1].splitlines()[1:] if len(part) > 1 else []:
            f = line.split("\t", 2)
            if len(f) == 3 and (f[2], f[0]) in by_text:
                wrong.add(by_text[(f[2], f[0])])
    return round(float(a.group(1)) * n / 100), n


DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def norm(text):
    return DIACRITICS.sub("", text).translate(FOLD)


def terms(path):
    """(theme, arabic) → term table, and the theme tables without terms, in file order."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    out, heads = {}, []
    for th in data["theme"]:
        heads.append({k: v for k, v in th.items() if k != "term"})
        for t in th.get("term", []):
            out[(th["key"], t["arabic"])] = t
    return out, heads


def attested(arabic, sentences):
    core = norm(arabic)
    if core.startswith("ال") and " " not in core:
        core = core[2:]
    return any(core in s for s in sentences)


def fold_lexicon(base, new, train_sentences, path):
    """OLD plus the edits of NEW attested in the training sentences, written as TOML."""
    old_terms, _ = terms(base)
    new_terms, heads = terms(new)
    keep = {}
    for k, t in new_terms.items():
        old = old_terms.get(k)
        if old == t or attested(k[1], train_sentences):
            keep[k] = t
        elif old is not None:
            keep[k] = old
    for k, t in old_terms.items():
        if k not in new_terms and not attested(k[1], train_sentences):
            keep[k] = t  # a removal the training folds cannot justify
    q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    lines = []
    for h in heads:
        lines += ["[[theme]]"] + [f"{k} = {q(v)}" for k, v in h.items()] + [""]
        for (theme, _), t in keep.items():
            if theme == h["key"]:
                lines += ["[[theme.term]]"] + [f"{k} = {q(v)}" for k, v in t.items()] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--khulasa", default="khulasa")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--lexicon", help="a lexicon file that replaces the built-in one")
    ap.add_argument("--base", help="with --lexicon: keep only the edits the other folds attest")
    ap.add_argument("--fixed", type=float, help="use this threshold in every fold instead of choosing")
    ap.add_argument(
        "--fixed-background", type=float, help="use this background weight in every fold instead of choosing"
    )
    a = ap.parse_args()
    header, rows, file_of = read(a.files)
    docs = sorted({doc_of(s) for _, s, _ in rows}, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    fold_of = {d: i % a.folds for i, d in enumerate(docs)}
    accs, right, total, wrong = [], 0, 0, set()
    thresholds = (a.fixed,) if a.fixed is not None else THRESHOLDS
    backgrounds = (a.fixed_background,) if a.fixed_background is not None else BACKGROUNDS
    grid = [(th, bg) for bg in backgrounds for th in thresholds]
    default = (0.5, 0.5)
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        for k in range(a.folds):
            test = [r for r in rows if fold_of[doc_of(r[1])] == k]
            train = [r for r in rows if fold_of[doc_of(r[1])] != k]
            lexicon = a.lexicon
            if a.base and a.lexicon:
                sents = [norm(r[2]) for r in train]
                lexicon = str(fold_lexicon(a.base, a.lexicon, sents, tmp / "lexicon.toml"))
            if len(grid) == 1:
                best = grid[0]
            else:
                scores = {s: evaluate(a.khulasa, header, train, s, lexicon, tmp)[0] for s in grid}
                best = max(grid, key=lambda s: (scores[s], s == default))
            c, n = evaluate(a.khulasa, header, test, best, lexicon, tmp, wrong)
            ndocs = len({doc_of(r[1]) for r in test})
            print(
                f"fold {k + 1}: {ndocs} documents, {n} sentences, threshold {best[0]}, "
                f"background {best[1]}: {100 * c / n:.1f}%"
            )
            accs.append(100 * c / n)
            right, total = right + c, total + n
    sd = statistics.stdev(accs) if len(accs) > 1 else 0.0
    print(
        f"mean {statistics.mean(accs):.1f}% ± {sd:.1f} (sd over {a.folds} folds by document; "
        f"min {min(accs):.1f}%, max {max(accs):.1f}%); pooled {100 * right / total:.1f}% of {total}"
    )
    if len(a.files) > 1:
        for p in a.files:
            srcs = [s for s, f in file_of.items() if f == p]
            ok = sum(s not in wrong for s in srcs)
            print(f"  {p}: pooled {100 * ok / len(srcs):.1f}% of {len(srcs)}")


if __name__ == "__main__":
    main()
