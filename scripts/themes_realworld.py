#!/usr/bin/env python3
"""Candidate sentences and labelled sets for theme accuracy on real news.

The real-news theme set is labelled by hand, but its text belongs to the
outlets and its corpus may not be redistributed: the repository keeps only
the labels (`tests/data/themes_realworld_labels.tsv`: document, sentence
index, sentence key, label, part), and this script rebuilds the labelled
sentences from a copy of the corpus.

The sentences are the ones khulasa itself reads: the script runs
`khulasa themes --format tsv` over every article file of the corpus (saved
pages, JSON Lines feeds, text and Markdown files; a folder `gold/` and
README files are skipped), so page chrome, titles and sentence ends are
handled as in a digest. Kept: sentences of at least 4 Arabic words, each
once (the first time its text is seen), and not mis-decoded (Latin-1
letters glued to Arabic ones). The key of a sentence is the first
12 hex digits of the SHA-256 of its text with runs of white space made one
space.

The split into development and held-out parts is by document, fixed after
labelling and before any tuning, stratified so that both parts see every
theme: each document is grouped by its most frequent label other than
`other` (`other` when it has none; a tie goes to the label listed first in
LABELS); inside a group, documents sorted by the SHA-256 of their id (their
path in the corpus, `#N` for the N-th item of a feed) go alternately to the
development part (first) and to the held-out part.

Commands:
  candidates  print `doc, index, key, outlet, sentence` for labelling
  build       write dev.tsv, heldout.tsv and all.tsv (`label, source,
              sentence`, the format of `khulasa eval themes`) into --out
  split       print the labels file with its part column set by the rule
  stats       count sentences, labels, documents and outlets per part

Usage:
  python3 scripts/themes_realworld.py candidates --corpus CORPUS \
      --khulasa target/debug/khulasa > candidates.tsv
  python3 scripts/themes_realworld.py build --corpus CORPUS \
      --khulasa target/debug/khulasa --out OUTDIR
  khulasa eval themes OUTDIR/dev.tsv

Needs only the Python 3 standard library and a khulasa binary.
"""
import argparse
import hashlib
import json
import pathlib
import re
import subprocess
import sys
from collections import Counter

ARABIC_WORD = re.compile(r"[\u0621-\u064A]+")
# Latin-1 letters inside Arabic words: a page decoded with the wrong code page.
MISDECODED = re.compile(r"[\u0621-\u064A][\u00C0-\u00FF]|[\u00C0-\u00FF][\u0621-\u064A]")
SUFFIXES = (".html", ".htm", ".jsonl", ".txt", ".md")
LABELS = ("diplomacy", "military_aid", "humanitarian", "security", "other")
MIN_WORDS = 4
DEFAULT_LABELS = pathlib.Path(__file__).resolve().parent.parent / "tests/data/themes_realworld_labels.tsv"


def key(sentence: str) -> str:
    return hashlib.sha256(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:12]


def split(labels):
    """doc → "dev" or "heldout", from the labels of each document's sentences."""
    by_doc = {}
    for lab in labels:
        by_doc.setdefault(lab["doc"], Counter())[lab["label"]] += 1
    groups = {}
    for doc, c in by_doc.items():
        themed = [(-c[k], LABELS.index(k)) for k in LABELS if k != "other" and c[k]]
        group = LABELS[min(themed)[1]] if themed else "other"
        groups.setdefault(group, []).append(doc)
    out = {}
    for docs in groups.values():
        docs.sort(key=lambda d: hashlib.sha256(d.encode("utf-8")).hexdigest())
        for i, doc in enumerate(docs):
            out[doc] = "dev" if i % 2 == 0 else "heldout"
    return out


def article_files(corpus: pathlib.Path):
    out = []
    for p in sorted(corpus.rglob("*")):
        rel = p.relative_to(corpus)
        if not p.is_file() or rel.parts[0] == "gold" or p.name.lower().startswith("readme"):
            continue
        if p.name.lower().endswith(SUFFIXES):
            out.append(p)
    return out


def slug(outlet: str) -> str:
    """"BBC Arabic", "bbc" → "bbc"; "Sky News Arabia" → "skynews"."""
    s = re.sub(r"[^a-z0-9]", "", outlet.lower())
    return re.sub(r"(arabic|arabia)$", "", s) if s not in ("alarabiya",) else s


def outlets(corpus: pathlib.Path, files):
    """Outlet of each document: a feed item's `source`, a Markdown file's `source:` line,
    else the outlet part of the file name (`snn-OUTLET-…`, `ant-OUTLET-…`, `OUTLET-…`)."""
    out = {}
    for p in files:
        rel = p.relative_to(corpus).as_posix()
        if p.suffix == ".jsonl":
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    out[f"{rel}#{n}"] = slug(json.loads(line).get("source", "?"))
            continue
        name = p.name.split(".")[0].split("-")
        if p.suffix == ".md":
            m = re.search(r"^source:\s*\"?([^\"\n]+)", p.read_text(encoding="utf-8"), re.M)
            if m:
                out[rel] = slug(m.group(1).strip())
                continue
        out[rel] = slug(name[1] if name[0] in ("snn", "ant") and len(name) > 1 else name[0])
    return out


def sentences(corpus: pathlib.Path, khulasa: str):
    files = article_files(corpus)
    if not files:
        sys.exit(f"no article files under {corpus}")
    run = subprocess.run(
        [khulasa, "themes", "--format", "tsv", "--quiet", *map(str, files)],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"khulasa themes failed:\n{run.stderr}")
    outlet = outlets(corpus, files)
    prefix = str(corpus).rstrip("/") + "/"
    seen = set()
    rows = []
    for line in run.stdout.splitlines()[1:]:
        path, index, _primary, _themes, text = line.split("\t", 4)
        doc = path[len(prefix):] if path.startswith(prefix) else path
        if len(ARABIC_WORD.findall(text)) < MIN_WORDS or MISDECODED.search(text):
            continue
        k = key(text)
        if k in seen:
            continue
        seen.add(k)
        rows.append(
            {
                "doc": doc,
                "index": int(index),
                "key": k,
                "outlet": outlet.get(doc, "?"),
                "sentence": text,
            }
        )
    return rows


def read_labels(path, check=True):
    labels = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        want = ["doc", "index", "key", "label", "part"]
        if header != want:
            sys.exit(f"{path}: header {header}, expected {want}")
        for n, line in enumerate(f, 2):
            if not line.strip() or line.startswith("#"):
                continue
            doc, index, k, label, prt = line.rstrip("\n").split("\t")
            if label not in LABELS:
                sys.exit(f"{path}:{n}: unknown label {label!r}")
            labels.append({"doc": doc, "index": int(index), "key": k, "label": label, "part": prt})
    rule = split(labels)
    for lab in labels if check else ():
        if lab["part"] != rule[lab["doc"]]:
            sys.exit(f"{path}: part {lab['part']!r} of {lab['doc']} disagrees with the split rule")
    return labels


def cmd_split(a):
    """Print the labels file with its part column set by the split rule."""
    labels = read_labels(a.labels, check=False)
    rule = split(labels)
    w = sys.stdout
    w.write("doc\tindex\tkey\tlabel\tpart\n")
    for lab in labels:
        w.write(f"{lab['doc']}\t{lab['index']}\t{lab['key']}\t{lab['label']}\t{rule[lab['doc']]}\n")


def cmd_candidates(a):
    w = sys.stdout
    w.write("doc\tindex\tkey\toutlet\tsentence\n")
    for r in sentences(pathlib.Path(a.corpus), a.khulasa):
        w.write(f"{r['doc']}\t{r['index']}\t{r['key']}\t{r['outlet']}\t{r['sentence']}\n")


def cmd_build(a):
    rows = {r["key"]: r for r in sentences(pathlib.Path(a.corpus), a.khulasa)}
    labels = read_labels(a.labels)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    parts = {"dev": [], "heldout": []}
    missing = moved = 0
    for lab in labels:
        r = rows.get(lab["key"])
        if r is None or r["doc"] != lab["doc"]:
            missing += 1
            print(f"not found: {lab['doc']} sentence {lab['index']} ({lab['key']})", file=sys.stderr)
            continue
        moved += r["index"] != lab["index"]
        parts[lab["part"]].append(f"{lab['label']}\t{lab['doc']}:{r['index']}\t{r['sentence']}\n")
    header = "label\tsource\tsentence\n"
    for name, lines in parts.items():
        (out / f"{name}.tsv").write_text(header + "".join(lines), encoding="utf-8")
    (out / "all.tsv").write_text(header + "".join(parts["dev"] + parts["heldout"]), encoding="utf-8")
    unlabelled = len(set(rows) - {lab["key"] for lab in labels})
    print(
        f"dev {len(parts['dev'])}, held-out {len(parts['heldout'])} sentences written to {out}; "
        f"{missing} labels not found, {moved} at a new index, {unlabelled} candidates unlabelled",
        file=sys.stderr,
    )
    return 1 if missing else 0


def cmd_stats(a):
    labels = read_labels(a.labels)
    outlet = {}
    if a.corpus:
        corpus = pathlib.Path(a.corpus)
        outlet = outlets(corpus, article_files(corpus))
    for prt in ("dev", "heldout", None):
        sel = [lab for lab in labels if prt is None or lab["part"] == prt]
        c = Counter(lab["label"] for lab in sel)
        docs = {lab["doc"] for lab in sel}
        line = f"{prt or 'all'}: {len(sel)} sentences, {len(docs)} documents"
        if outlet:
            line += f", {len({outlet.get(d, d) for d in docs})} outlets"
        print(line + "; " + ", ".join(f"{k} {c[k]}" for k in LABELS))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("candidates", "build", "split", "stats"):
        p = sub.add_parser(name)
        p.add_argument("--corpus", required=name in ("candidates", "build"), help="the real-news corpus folder")
        p.add_argument("--khulasa", default="khulasa", help="the khulasa binary")
        p.add_argument("--labels", default=str(DEFAULT_LABELS))
        if name == "build":
            p.add_argument("--out", required=True, help="folder for dev.tsv, heldout.tsv, all.tsv")
    a = ap.parse_args()
    cmds = {"candidates": cmd_candidates, "build": cmd_build, "split": cmd_split, "stats": cmd_stats}
    return cmds[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main() or 0)
