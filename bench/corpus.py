#!/usr/bin/env python3
"""Build a benchmark corpus of distinct real articles from SaudiNewsNet's daily zips.

SaudiNewsNet (https://github.com/parallelfold/SaudiNewsNet) publishes Arabic news articles
from Saudi newspapers as one zip a day, each holding a JSON array of articles with "source",
"title" and "content" fields. It is for research use only: the corpus is written to a folder
outside the repository and is never committed.

Duplicates are removed before anything is written:
  * exact duplicates: same text after removing diacritics, tatweel and punctuation and
    collapsing white space;
  * near duplicates: MinHash (64 hashes) over 5-word shingles with locality-sensitive hashing
    (16 bands of 4 rows); a pair of candidates is a duplicate when its estimated Jaccard
    similarity is at least --near (0.5 by default); the earlier article is kept.

Each kept article becomes SOURCE/NNNNNN.txt (its title, a blank line, its content), one
folder per newspaper. With --articles N, N articles are drawn at random (--seed) from the
distinct ones. The folder must not exist or be empty.

Needs: Python 3.11 and numpy.

Usage: python3 bench/corpus.py ZIP_OR_DIR... --out DIR [--articles N] [--seed 1]
       [--exclude 2015-07-21 --exclude 2015-08-06]
"""

import argparse
import io
import json
import os
import random
import re
import sys
import zipfile
import zlib

import numpy as np

SHINGLE = 5
BANDS, ROWS = 16, 4
PERMS = BANDS * ROWS
PRIME = (1 << 61) - 1

_NOISE = re.compile(r"[\u064B-\u0652\u0640]|[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalize(text):
    return _SPACE.sub(" ", _NOISE.sub(" ", text)).strip()


def read_zips(paths, exclude):
    zips = []
    for p in paths:
        if os.path.isdir(p):
            zips += [os.path.join(p, f) for f in sorted(os.listdir(p)) if f.endswith(".zip")]
        else:
            zips.append(p)
    for z in zips:
        if any(x in os.path.basename(z) for x in exclude):
            print(f"skipped (excluded): {z}", file=sys.stderr)
            continue
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                if not name.endswith(".json"):
                    continue
                with zf.open(name) as f:
                    items = json.load(io.TextIOWrapper(f, encoding="utf-8"))
                for item in items:
                    content = (item.get("content") or "").strip()
                    if content:
                        yield {
                            "source": re.sub(r"[^A-Za-z0-9_-]", "_", item.get("source") or "unknown"),
                            "title": (item.get("title") or "").strip(),
                            "content": content,
                        }


def minhash(words, a, b):
    if len(words) < SHINGLE:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    x = np.fromiter((zlib.crc32(g.encode()) for g in set(grams)), dtype=np.uint64)
    # (a*x + b) mod p, in uint64: x < 2^32 and a < 2^29 keep a*x below 2^61.
    h = (np.outer(a, x) + b[:, None]) % np.uint64(PRIME)
    return h.min(axis=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", help="SaudiNewsNet daily zips, or folders of them")
    ap.add_argument("--out", required=True, help="folder to write (outside the repository)")
    ap.add_argument("--articles", type=int, help="draw this many distinct articles at random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--near", type=float, default=0.5, help="near-duplicate Jaccard threshold")
    ap.add_argument("--exclude", action="append", default=[],
                    help="skip zips whose name contains this (repeatable)")
    a = ap.parse_args()

    if os.path.isdir(a.out) and os.listdir(a.out):
        sys.exit(f"{a.out} is not empty")
    rng = np.random.default_rng(12345)
    ha = rng.integers(1, 1 << 29, PERMS, dtype=np.uint64)
    hb = rng.integers(0, 1 << 32, PERMS, dtype=np.uint64)

    seen = set()
    buckets = [dict() for _ in range(BANDS)]
    sigs = []
    kept = []
    total = exact = near = 0
    for art in read_zips(a.inputs, a.exclude):
        total += 1
        norm = normalize(art["title"] + " " + art["content"])
        key = zlib.crc32(norm.encode()) ^ (len(norm) << 32)
        if key in seen:
            exact += 1
            continue
        seen.add(key)
        sig = minhash(normalize(art["content"]).split(), ha, hb)
        dup = False
        cands = set()
        for band in range(BANDS):
            k = sig[band * ROWS:(band + 1) * ROWS].tobytes()
            cands.update(buckets[band].get(k, ()))
        for c in cands:
            if np.mean(sigs[c] == sig) >= a.near:
                dup = True
                break
        if dup:
            near += 1
            continue
        idx = len(kept)
        for band in range(BANDS):
            k = sig[band * ROWS:(band + 1) * ROWS].tobytes()
            buckets[band].setdefault(k, []).append(idx)
        sigs.append(sig)
        kept.append(art)

    chosen = kept
    if a.articles is not None:
        if a.articles > len(kept):
            sys.exit(f"only {len(kept)} distinct articles, {a.articles} asked for")
        chosen = random.Random(a.seed).sample(kept, a.articles)
    os.makedirs(a.out, exist_ok=True)
    nbytes = 0
    for i, art in enumerate(chosen):
        folder = os.path.join(a.out, art["source"])
        os.makedirs(folder, exist_ok=True)
        body = (art["title"] + "\n\n" if art["title"] else "") + art["content"] + "\n"
        data = body.encode("utf-8")
        with open(os.path.join(folder, f"{i:06d}.txt"), "wb") as f:
            f.write(data)
        nbytes += len(data)
    print(f"read {total} articles: {exact} exact and {near} near duplicates removed, "
          f"{len(kept)} distinct; wrote {len(chosen)} ({nbytes / 1e6:.1f} MB) to {a.out}")


if __name__ == "__main__":
    main()
