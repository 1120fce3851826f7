#!/usr/bin/env python3
"""Word clusters for khulasa's named-entity tagger, learned from unlabeled Arabic news.

Reads SaudiNewsNet's daily zips (each holds one JSON list of articles with a
"content" field), splits the text into words the way the tagger does (runs of
Arabic letters), normalizes them as the tagger does (diacritics and tatweel
dropped, alef forms, alef maqsura and taa marbuta folded), and gives each of
the most frequent words a cluster id:

1. counts, for every vocabulary word, which of the most frequent words stand
   just before and just after it (two context vectors, left and right);
2. weighs the counts by positive pointwise mutual information and reduces
   them to a dense vector by truncated SVD;
3. groups the unit-length vectors with k-means (two granularities, a coarse
   and a fine one, each from its own run), so words used alike share an id.

Output (`--out`, UTF-8, one word a line): `word<TAB>coarse<TAB>fine`, after a
header of `#` lines naming the source and the command. Deterministic for a
given input and seed.

Needs numpy and scikit-learn (pip install numpy scikit-learn).

Usage:
    python3 scripts/gen_word_clusters.py --zips <SaudiNewsNet dataset folder> \
        --out data/ner/clusters.txt [--vocab 40000] [--context 1500] [--dims 100] \
        [--coarse 64] [--fine 512] [--seed 13]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time
import zipfile
from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.cluster import MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD

DIACRITICS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}
FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
WORD = re.compile(r"[\u0621-\u064A\u0670\u0640\u064B-\u0652]+")


def normalize(w: str) -> str:
    return "".join(FOLD.get(ch, ch) for ch in w if ch not in DIACRITICS)


def documents(folder: str):
    for path in sorted(glob.glob(os.path.join(folder, "*.zip"))):
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                if not name.endswith(".json"):
                    continue
                for art in json.loads(z.read(name)):
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")


def sentences(text: str):
    for line in re.split(r"[\n.!؟?:؛]+", text):
        ws = [normalize(w) for w in WORD.findall(line)]
        ws = [w for w in ws if w]
        if ws:
            yield ws


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zips", required=True, help="folder of SaudiNewsNet daily zips")
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=40000)
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--context", type=int, default=1500)
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--coarse", type=int, default=64)
    ap.add_argument("--fine", type=int, default=512)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    t0 = time.time()
    # Articles repeat across days and outlets: each distinct text is read once.
    seen = set()
    sents = []
    counts = Counter()
    ndocs = 0
    for doc in documents(args.zips):
        h = hash(doc)
        if h in seen:
            continue
        seen.add(h)
        ndocs += 1
        for s in sentences(doc):
            sents.append(s)
            counts.update(s)
    ntok = sum(counts.values())
    log("%d distinct articles, %d words, %d distinct (%.0f s)" % (ndocs, ntok, len(counts), time.time() - t0))

    ranked = sorted((w for w, c in counts.items() if c >= args.min_count), key=lambda w: (-counts[w], w))
    vocab = ranked[: args.vocab]
    vid = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(ranked[: args.context])}
    nc = len(ctx)
    rows, cols = [], []
    for s in sents:
        ids = [vid.get(w, -1) for w in s]
        cs = [ctx.get(w, -1) for w in s]
        m = len(s)
        for i in range(m):
            v = ids[i]
            if v < 0:
                continue
            # left neighbour (or sentence start), right neighbour (or end)
            rows.append(v)
            cols.append(cs[i - 1] if i > 0 and cs[i - 1] >= 0 else nc)
            rows.append(v)
            cols.append(nc + 1 + (cs[i + 1] if i + 1 < m and cs[i + 1] >= 0 else nc))
    width = 2 * (nc + 1)
    co = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (np.array(rows), np.array(cols))),
        shape=(len(vocab), width),
    ).tocsr()
    co.sum_duplicates()
    log("co-occurrence matrix %s, %d cells (%.0f s)" % (co.shape, co.nnz, time.time() - t0))

    total = co.sum()
    rsum = np.asarray(co.sum(axis=1)).ravel()
    csum = np.asarray(co.sum(axis=0)).ravel() ** 0.75
    csum = csum / csum.sum()
    co = co.tocoo()
    pmi = np.log(co.data * 1.0 / (rsum[co.row] / total * csum[co.col] * total))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (co.row[keep], co.col[keep])), shape=co.shape)
    svd = TruncatedSVD(n_components=args.dims, random_state=args.seed, algorithm="randomized", n_iter=7)
    vec = svd.fit_transform(ppmi)
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    log("SVD to %d dimensions (%.0f s)" % (args.dims, time.time() - t0))

    labels = []
    for k in (args.coarse, args.fine):
        km = MiniBatchKMeans(n_clusters=k, random_state=args.seed, batch_size=4096, n_init=3, max_iter=200)
        labels.append(km.fit_predict(vec))
        log("k-means k=%d (%.0f s)" % (k, time.time() - t0))

    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Word clusters for the named-entity tagger: normalized Arabic word, coarse id, fine id.\n")
        fh.write("# Learned from SaudiNewsNet (%d distinct articles of %d days, %d words; CC BY-NC-SA 4.0):\n"
                 % (ndocs, len(glob.glob(os.path.join(args.zips, "*.zip"))), ntok))
        fh.write("# left/right neighbour counts, PPMI, truncated SVD, k-means. No text of the source is kept.\n")
        fh.write("# Made by: python3 scripts/gen_word_clusters.py --zips <SaudiNewsNet dataset folder>"
                 " --out data/ner/clusters.txt --vocab %d --min-count %d --context %d --dims %d"
                 " --coarse %d --fine %d --seed %d\n"
                 % (args.vocab, args.min_count, args.context, args.dims, args.coarse, args.fine, args.seed))
        for i in sorted(range(len(vocab)), key=lambda i: vocab[i]):
            fh.write("%s\t%d\t%d\n" % (vocab[i], labels[0][i], labels[1][i]))
    log("wrote %s: %d words (%.0f s)" % (args.out, len(vocab), time.time() - t0))


if __name__ == "__main__":
    main()
