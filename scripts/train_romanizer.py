#!/usr/bin/env python3
"""Train khulasa's romanizer (Arabic-script names -> English spelling).

Usage:
    python3 scripts/train_romanizer.py \
        --train translit-ar2en-train.tsv translit-wikidata-persons.tsv \
        --out data/romanize/

Inputs are `arabic<TAB>english` pair files. Outputs (plain text, read by
`src/entities/romanize.rs`):
  * `lexicon.tsv`     normalized Arabic word -> most frequent English spelling;
  * `joint_ngram.tsv` a joint-sequence n-gram model: each pair is aligned (EM,
    monotonic) into units "one Arabic letter = 0..3 English letters", and an
    interpolated Kneser-Ney n-gram model over those units is written in backoff
    form (log10 probability, unit sequence, log10 backoff weight).

Standard library only (Python 3.11). Deterministic for fixed inputs.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from romanizer_common import (  # noqa: E402
    BOS,
    EOS,
    SEP,
    fold_english,
    lexicon_key,
    load_pairs,
    normalize_arabic,
)

SOURCES = """\
# Sources:
#   google/transliteration ar2en training pairs (Wikipedia-mined names), Apache-2.0
#   NETransliteration-COLING2018 Wikidata person-name pairs (Merhav & Ash 2018), CC0 1.0
"""

MAXE = 3  # longest English chunk for one Arabic letter


def prepare(paths: list[str]) -> Counter:
    """(model-form Arabic, folded English) -> count."""
    c: Counter = Counter()
    for p in paths:
        for a, e in load_pairs(p):
            a2 = normalize_arabic(a)
            e2 = fold_english(e)
            if not a2 or not e2 or "-" in e2 or " " in a.strip():
                continue
            if len(e2) > MAXE * len(a2) or len(a2) > 3 * len(e2) + 2:
                continue
            c[(a2, e2)] += 1
    return c


# ------------------------------------------------------------- EM alignment


def em_align(pairs: Counter, iters: int) -> dict:
    prob: dict = defaultdict(lambda: 1e-3)
    # initial: uniform-ish, mildly favouring 1-letter chunks
    init = {0: 0.5, 1: 1.0, 2: 0.5, 3: 0.1}
    for (a, e), _ in pairs.items():
        for i, ch in enumerate(a):
            for j in range(len(e)):
                for k in range(0, MAXE + 1):
                    if j + k <= len(e):
                        prob[(ch, e[j:j + k])] = init[k]
    for it in range(iters):
        t0 = time.time()
        counts: dict = defaultdict(float)
        loglik = 0.0
        for (a, e), w in pairs.items():
            ia, je = len(a), len(e)
            fw = [[0.0] * (je + 1) for _ in range(ia + 1)]
            fw[0][0] = 1.0
            for i in range(1, ia + 1):
                ch = a[i - 1]
                row, prev = fw[i], fw[i - 1]
                for j in range(0, je + 1):
                    s = 0.0
                    for k in range(0, min(MAXE, j) + 1):
                        pv = prev[j - k]
                        if pv:
                            s += pv * prob[(ch, e[j - k:j])]
                    row[j] = s
            z = fw[ia][je]
            if z <= 0:
                continue
            loglik += w * math.log(z)
            bw = [[0.0] * (je + 1) for _ in range(ia + 1)]
            bw[ia][je] = 1.0
            for i in range(ia - 1, -1, -1):
                ch = a[i]
                row, nxt = bw[i], bw[i + 1]
                for j in range(je, -1, -1):
                    s = 0.0
                    for k in range(0, min(MAXE, je - j) + 1):
                        nv = nxt[j + k]
                        if nv:
                            s += prob[(ch, e[j:j + k])] * nv
                    row[j] = s
            for i in range(ia):
                ch = a[i]
                for j in range(je + 1):
                    f = fw[i][j]
                    if not f:
                        continue
                    for k in range(0, min(MAXE, je - j) + 1):
                        b = bw[i + 1][j + k]
                        if b:
                            u = (ch, e[j:j + k])
                            counts[u] += w * f * prob[u] * b / z
        total = sum(counts.values())
        prob = defaultdict(lambda: 1e-12)
        for u, c in counts.items():
            if c / total > 1e-7:
                prob[u] = c / total
        print(f"EM iteration {it + 1}: loglik {loglik:.1f}, units {len(prob)}, "
              f"{time.time() - t0:.0f}s", file=sys.stderr)
    return prob


def viterbi(prob: dict, a: str, e: str) -> list[tuple[str, str]] | None:
    ia, je = len(a), len(e)
    best = [[(-1e300, None)] * (je + 1) for _ in range(ia + 1)]
    best[0][0] = (0.0, None)
    for i in range(1, ia + 1):
        ch = a[i - 1]
        for j in range(je + 1):
            bs, bk = -1e300, None
            for k in range(0, min(MAXE, j) + 1):
                pv = best[i - 1][j - k][0]
                p = prob.get((ch, e[j - k:j]))
                if pv > -1e299 and p:
                    s = pv + math.log(p)
                    if s > bs:
                        bs, bk = s, k
            best[i][j] = (bs, bk)
    if best[ia][je][0] < -1e299:
        return None
    out = []
    i, j = ia, je
    while i > 0:
        k = best[i][j][1]
        out.append((a[i - 1], e[j - k:j]))
        i, j = i - 1, j - k
    return out[::-1]


# ------------------------------------------------------------- Kneser-Ney


def train_kn(seqs: list[tuple[list[str], int]], order: int, min_count: int):
    """Interpolated Kneser-Ney; returns {ngram: (log10 p, log10 bow or None)}."""
    raw: list[Counter] = [Counter() for _ in range(order + 1)]
    for units, w in seqs:
        toks = [BOS] + units + [EOS]
        for i in range(1, len(toks)):
            for n in range(1, order + 1):
                if i - n + 1 < 0:
                    break
                raw[n][tuple(toks[i - n + 1:i + 1])] += w
    # counts used per order: highest = raw; lower = continuation counts, except
    # n-grams starting with <s> (they have no left extension) keep raw counts.
    cnt: list[Counter] = [Counter() for _ in range(order + 1)]
    cnt[order] = raw[order]
    for n in range(order - 1, 0, -1):
        cc: Counter = Counter()
        for g in raw[n + 1]:
            cc[g[1:]] += 1
        for g, c in raw[n].items():
            cnt[n][g] = c if g[0] == BOS else cc.get(g, 0) or c
    disc = [0.0] * (order + 1)
    for n in range(1, order + 1):
        n1 = sum(1 for c in cnt[n].values() if c == 1)
        n2 = sum(1 for c in cnt[n].values() if c == 2)
        disc[n] = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
    # context totals and fan-outs
    ctx_tot = [defaultdict(float) for _ in range(order + 1)]
    ctx_fan = [defaultdict(int) for _ in range(order + 1)]
    for n in range(1, order + 1):
        for g, c in cnt[n].items():
            ctx_tot[n][g[:-1]] += c
            ctx_fan[n][g[:-1]] += 1
    prob: dict = {}
    vocab = [g[0] for g in cnt[1]]
    tot1 = ctx_tot[1][()]
    d1 = disc[1]
    for w in vocab:
        c = cnt[1][(w,)]
        prob[(w,)] = max(c - d1, 0) / tot1 + d1 * ctx_fan[1][()] / tot1 / len(vocab)
    for n in range(2, order + 1):
        d = disc[n]
        for g, c in cnt[n].items():
            h = g[:-1]
            lower = prob[g[1:]]
            prob[g] = max(c - d, 0) / ctx_tot[n][h] + d * ctx_fan[n][h] / ctx_tot[n][h] * lower
    bow: dict = {}
    for n in range(2, order + 1):
        d = disc[n]
        for h, t in ctx_tot[n].items():
            bow[h] = d * ctx_fan[n][h] / t
    # prune: rare n-grams of order >= 3 (raw count below min_count), keeping any
    # n-gram that is the context of a kept longer one.
    keep = set(prob)
    for n in range(order, 2, -1):
        ctxs = {g[:-1] for g in keep if len(g) == n + 1}
        for g in cnt[n]:
            if raw[n][g] < min_count and g not in ctxs:
                keep.discard(g)
    out = {}
    for g in keep:
        b = bow.get(g)
        out[g] = (math.log10(prob[g]), math.log10(b) if b else None)
    if (BOS,) not in out:
        out[(BOS,)] = (-99.0, math.log10(bow[(BOS,)]) if (BOS,) in bow else None)
    return out, disc


def seq_logp(model: dict, order: int, units: list[str]) -> float:
    """log10 probability of a unit sequence (with <s> and </s>) under the backoff model."""
    toks = [BOS] + units + [EOS]
    total = 0.0
    for i in range(1, len(toks)):
        h = tuple(toks[max(0, i - order + 1):i])
        w = toks[i]
        bo = 0.0
        while True:
            hit = model.get(h + (w,))
            if hit is not None:
                total += bo + hit[0]
                break
            if not h:
                total += bo - 7.0
                break
            b = model.get(h)
            if b is not None and b[1] is not None:
                bo += b[1]
            h = h[1:]
    return total


def write_model(path: str, model: dict, order: int, header: str) -> None:
    def key(item):
        g = item[0]
        return (len(g), g)

    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        f.write(f"order\t{order}\n")
        for g, (p, b) in sorted(model.items(), key=key):
            bs = "" if b is None else f"{b:.4f}"
            f.write(f"{p:.4f}\t{' '.join(g)}\t{bs}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--order", type=int, default=5)
    ap.add_argument("--em-iters", type=int, default=3)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--lexicon-min", type=int, default=1,
                    help="minimum count of the chosen spelling for a lexicon entry")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    names = " ".join(os.path.basename(p) for p in args.train)
    cmd = (f"python3 scripts/train_romanizer.py --train {names} --out data/romanize/"
           f" --order {args.order} --em-iters {args.em_iters} --min-count {args.min_count}"
           f" --lexicon-min {args.lexicon_min}")

    pairs = prepare(args.train)
    print(f"{len(pairs)} distinct pairs", file=sys.stderr)

    prob = em_align(pairs, args.em_iters)
    seqs = []
    for (a, e), w in pairs.items():
        al = viterbi(prob, a, e)
        if al:
            seqs.append(([f"{x}{SEP}{y}" for x, y in al], w))
    model, disc = train_kn(seqs, args.order, args.min_count)
    print(f"{len(seqs)} aligned; {len(model)} n-grams; discounts {disc[1:]}", file=sys.stderr)

    # lexicon: per key the most frequent spelling; among equally frequent ones (most keys:
    # the Wikidata pairs are distinct) the one the n-gram model finds most probable, which
    # prefers the conventional rendering (bashar over bachar, michael over mychael).
    by_key: dict = defaultdict(dict)
    for units, w in seqs:
        a = "".join(u.split(SEP, 1)[0] for u in units)
        e = "".join(u.split(SEP, 1)[1] for u in units)
        k = lexicon_key(a)
        cnt, lp = by_key[k].get(e, (0, -1e9))
        by_key[k][e] = (cnt + w, max(lp, seq_logp(model, args.order, units)))
    lex = {}
    for k, cands in by_key.items():
        e, (c, _) = max(cands.items(),
                        key=lambda kv: (kv[1][0], kv[1][1], kv[0]))
        if c >= args.lexicon_min:
            lex[k] = e

    head = (
        "# khulasa romanizer: joint-sequence n-gram model (Arabic letter = English chunk units).\n"
        + SOURCES
        + f"# Made by: {cmd}\n"
        + "# Lines: log10 p(unit | history) <TAB> history units then unit <TAB> log10 backoff weight.\n"
    )
    write_model(os.path.join(args.out, "joint_ngram.tsv"), model, args.order, head)
    with open(os.path.join(args.out, "lexicon.tsv"), "w", encoding="utf-8") as f:
        f.write("# khulasa romanizer lexicon: normalized Arabic name word <TAB> most frequent English spelling.\n")
        f.write(SOURCES)
        f.write(f"# Made by: {cmd}\n")
        for k in sorted(lex):
            f.write(f"{k}\t{lex[k]}\n")
    print(f"lexicon {len(lex)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
