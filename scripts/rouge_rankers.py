#!/usr/bin/env python3
"""Cross-validated ROUGE-2 of learned sentence rankers, against lead, on EASC-format articles.

Reads the candidates that `khulasa eval rouge FILE --features` prints (one article a line:
topic, budget, reference words, and of each candidate its place, features, share of bigrams
in the human summaries, words and similarities) and measures rankers exactly as
`khulasa eval rouge --cv K --seed N` measures khulasa: the same folds by topic (the same
seeded deal), the same summary (sentences in rank order, a sentence at least 0.6 similar to
a chosen one skipped, until the budget is reached; then in article order, cut to the
budget), the same ROUGE-2 F1 averaged over the references, and lead the same. Every model is
fitted on the training folds only; a hyper-parameter, where one is chosen, is chosen by an
inner cross-validation (folds by topic) inside the training folds. `prior` reproduces
`--fit prior` to the last digit, which checks the measure.

Rankers (features standardized within each article):
  prior       the position prior (isotonic mean gain by position) with a ridge tie-break on
              the content features, as `--fit prior`;
  prior-ext   the same, the tie-break with four more features: paragraph start, similarity
              to the first sentence, mean similarity to the other sentences, share of stems
              found elsewhere in the article;
  prior-pair  the prior's ties broken by a pairwise logistic ranker trained on the training
              sentence pairs of equal prior (L2 chosen inside the training folds);
  ridge       least squares of the gain on content and position features, L2 chosen inside
              the training folds;
  pairwise    a pairwise (within-article) logistic ranker on the same features, L2 chosen
              inside the training folds;
  soft        prior + BETA times the tie-break's prediction (content may move a sentence past
              one of higher prior), BETA chosen inside the training folds;
  oracle-tie  NOT A METHOD: the prior's ties broken by the true gain, the most any tie-break
              can add to the prior.

Prints, for each ranker and seed, the mean ± standard deviation over the folds of ROUGE-2
(ranker) − ROUGE-2 (lead).

Usage:
  khulasa eval rouge easc-dev.jsonl --features > features.jsonl
  python3 scripts/rouge_rankers.py features.jsonl [--folds 5] [--seeds 1,2,3] [--only prior,ridge]

Needs Python 3 and numpy.
"""

import argparse
import json
import math
from collections import Counter

import numpy as np

DUPLICATE = 0.6  # [weights] duplicate_similarity, the default
CONTENT = ["entity_density", "centrality", "length", "theme", "headline", "paragraph",
           "quotes", "numbers", "bigrams"]
EXTRA = ["para_start", "sim_first", "sim_mean", "overlap"]
POSITION = ["inv_pos", "log_pos", "rel_pos", "first"]
M64 = (1 << 64) - 1


def splitmix(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def topic_folds(topics, folds, seed):
    """The fold of each topic, dealt as khulasa deals them (src/eval/cv.rs, topic_folds)."""
    order = sorted(Counter(topics).items(), key=lambda kv: kv[0].encode())
    state = seed
    for i in range(len(order) - 1, 0, -1):
        state, r = splitmix(state)
        j = r % (i + 1)
        order[i], order[j] = order[j], order[i]
    size = [0] * folds
    out = {}
    for t, n in order:
        f = min(range(folds), key=lambda f: (size[f], f))
        size[f] += n
        out[t] = f
    return out


def load(path):
    arts = [json.loads(line) for line in open(path, encoding="utf-8")]
    for a in arts:
        a["refgrams"] = [Counter(zip(r, r[1:])) for r in a["refs"]]
        a["gain"] = np.array([s["gain"] for s in a["sentences"]])
        a["raw"] = raw_features(a)
        a["lead"] = rouge2(a, list(range(len(a["sentences"]))))
    return arts


def raw_features(a):
    S = a["sentences"]
    n = len(S)
    stems = [set(s["stems"]) for s in S]
    rows = []
    for i, s in enumerate(S):
        f = {k: s["features"].get(k, 0.0) for k in CONTENT}
        p = s["position"]
        f["inv_pos"] = 1 / (1 + p)
        f["log_pos"] = math.log1p(p)
        f["rel_pos"] = p / n
        f["first"] = float(p == 0)
        f["para_start"] = float(s["in_paragraph"] == 0)
        f["sim_first"] = S[0]["sim"][i] if i else 1.0
        others = [S[i]["sim"][j] for j in range(n) if j != i]
        f["sim_mean"] = float(np.mean(others)) if others else 0.0
        rest = set().union(*[stems[j] for j in range(n) if j != i]) if n > 1 else set()
        f["overlap"] = len(stems[i] & rest) / max(len(stems[i]), 1)
        rows.append(f)
    return rows


def matrix(a, names):
    X = np.array([[r[k] for k in names] for r in a["raw"]], dtype=float)
    m, sd = X.mean(0), X.std(0)
    ok = sd > 1e-9
    return np.where(ok, (X - m) / np.where(ok, sd, 1.0), 0.0)


def rouge2(a, order):
    """ROUGE-2 F1 of the summary of candidates in pick order `order`, as eval rouge makes it."""
    S = a["sentences"]
    picked, words = [], 0
    for i in order:
        if words >= a["budget"]:
            break
        if any(S[i]["sim"][j] >= DUPLICATE for j in picked):
            continue
        picked.append(i)
        words += S[i]["words"]
    ids = [w for i in sorted(picked) for w in S[i]["ids"]][: a["budget"]]
    c = Counter(zip(ids, ids[1:]))
    cn = sum(c.values())
    total = 0.0
    for r, rg in zip(a["refs"], a["refgrams"]):
        ov = sum(min(k, rg.get(g, 0)) for g, k in c.items())
        rn = max(len(r) - 1, 0)
        if ov and cn and rn:
            p, q = ov / cn, ov / rn
            total += 2 * p * q / (p + q)
    return total / len(a["refs"])


def by_score(scores):
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


# Fitting ----------------------------------------------------------------------------------

def isotonic_prior(train):
    """Mean gain by position, fitted non-increasing (pool adjacent violators)."""
    top = max(s["position"] for a in train for s in a["sentences"]) + 1
    sm, ct = np.zeros(top), np.zeros(top)
    for a in train:
        for s in a["sentences"]:
            sm[s["position"]] += s["gain"]
            ct[s["position"]] += 1
    blocks = []
    for s, c in zip(sm, ct):
        blocks.append([s, c, 1])
        while len(blocks) >= 2:
            s2, c2, n2 = blocks[-1]
            s1, c1, n1 = blocks[-2]
            if c2 > 0 and c1 > 0 and s1 / c1 >= s2 / c2:
                break
            blocks.pop()
            blocks[-1] = [s1 + s2, c1 + c2, n1 + n2]
    return [s / c if c > 0 else 0.0 for s, c, n in blocks for _ in range(n)]


def prior_of(prior, a):
    return [prior[min(s["position"], len(prior) - 1)] for s in a["sentences"]]


def ridge(X, y, lam):
    return np.linalg.solve(X.T @ X + lam * len(y) * np.eye(X.shape[1]), X.T @ y)


def logistic(D, lam, iters=50):
    """L2 logistic regression without intercept, every row a positive example (Newton)."""
    w = np.zeros(D.shape[1])
    n = len(D)
    for _ in range(iters):
        z = D @ w
        p = 1 / (1 + np.exp(-z))
        g = -D.T @ (1 - p) / n + lam * w
        H = (D * (p * (1 - p))[:, None]).T @ D / n + lam * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def pair_rows(train, names, keep):
    rows = []
    for a in train:
        X, g = matrix(a, names), a["gain"]
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                if g[i] != g[j] and keep(a, i, j):
                    rows.append((X[i] - X[j]) * (1 if g[i] > g[j] else -1))
    return np.array(rows) if rows else np.zeros((0, len(names)))


def inner(train, fit, score, grid, folds=4, seed=7):
    """The value of `grid` with the best mean ROUGE-2 by folds of topics inside `train`."""
    fo = topic_folds([a["topic"] for a in train], folds, seed)
    best = None
    for h in grid:
        got = []
        for k in range(folds):
            tr = [a for a in train if fo[a["topic"]] != k]
            m = fit(tr, h)
            got += [rouge2(a, score(m, a)) for a in train if fo[a["topic"]] == k]
        if best is None or np.mean(got) > best[0]:
            best = (np.mean(got), h)
    return best[1]


def tie_fit(names):
    def fit(train, lam=1.0):
        prior = isotonic_prior(train)
        X = np.vstack([matrix(a, names) for a in train])
        y = np.concatenate([
            (a["gain"] - prior_of(prior, a)) - np.mean(a["gain"] - prior_of(prior, a))
            for a in train])
        return prior, ridge(X, y, lam)
    return fit


def tie_order(names):
    def score(m, a):
        prior, w = m
        t = matrix(a, names) @ w
        p = prior_of(prior, a)
        return sorted(range(len(p)), key=lambda i: (-p[i], -t[i], i))
    return score


def rankers():
    allf = CONTENT + EXTRA + POSITION
    out = {}
    out["prior"] = (lambda tr: tie_fit(CONTENT)(tr), tie_order(CONTENT))
    out["prior-ext"] = (lambda tr: tie_fit(CONTENT + EXTRA)(tr), tie_order(CONTENT + EXTRA))

    def pair_tie_fit(tr, lam):
        prior = isotonic_prior(tr)
        pr = {id(a): prior_of(prior, a) for a in tr}
        D = pair_rows(tr, CONTENT + EXTRA, lambda a, i, j: pr[id(a)][i] == pr[id(a)][j])
        return prior, logistic(D, lam)
    tie_score = tie_order(CONTENT + EXTRA)
    out["prior-pair"] = (
        lambda tr: pair_tie_fit(tr, inner(tr, pair_tie_fit, tie_score, [1e-3, 1e-2, 1e-1, 1.0])),
        tie_score)

    def lin(names):
        return lambda w, a: by_score(list(matrix(a, names) @ w))

    def ridge_fit(tr, lam):
        X = np.vstack([matrix(a, allf) for a in tr])
        y = np.concatenate([a["gain"] - a["gain"].mean() for a in tr])
        return ridge(X, y, lam)
    out["ridge"] = (lambda tr: ridge_fit(tr, inner(tr, ridge_fit, lin(allf), [0.1, 0.3, 1, 3, 10])),
                    lin(allf))

    def pair_fit(tr, lam):
        return logistic(pair_rows(tr, allf, lambda a, i, j: True), lam)
    out["pairwise"] = (lambda tr: pair_fit(tr, inner(tr, pair_fit, lin(allf), [1e-3, 1e-2, 1e-1, 1.0])),
                       lin(allf))

    def soft_fit(tr, beta):
        return tie_fit(CONTENT)(tr), beta

    def soft_score(m, a):
        (prior, w), beta = m
        t = matrix(a, CONTENT) @ w
        p = prior_of(prior, a)
        return by_score([p[i] + beta * t[i] for i in range(len(p))])
    out["soft"] = (lambda tr: soft_fit(tr, inner(tr, soft_fit, soft_score, [0.25, 0.5, 1, 2])),
                   soft_score)

    def oracle(m, a):
        p = prior_of(m[0], a)
        return sorted(range(len(p)), key=lambda i: (-p[i], -a["gain"][i], i))
    out["oracle-tie"] = (lambda tr: tie_fit(CONTENT)(tr), oracle)
    return out


def cross_validate(arts, fit, score, folds, seed):
    fo = topic_folds([a["topic"] for a in arts], folds, seed)
    diffs = []
    for k in range(folds):
        train = [a for a in arts if fo[a["topic"]] != k]
        m = fit(train)
        diffs.append(np.mean([rouge2(a, score(m, a)) - a["lead"]
                              for a in arts if fo[a["topic"]] == k]))
    return np.mean(diffs), np.std(diffs, ddof=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("features", help="the output of khulasa eval rouge FILE --features")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--only", help="comma-separated rankers (default: all)")
    args = ap.parse_args()
    arts = load(args.features)
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"{len(arts)} articles, {args.folds} folds by topic; "
          f"ranker − lead ROUGE-2, mean ± std over folds, seeds {args.seeds}")
    for name, (fit, score) in rankers().items():
        if args.only and name not in args.only.split(","):
            continue
        res = [cross_validate(arts, fit, score, args.folds, s) for s in seeds]
        print(f"{name:12s}" + "".join(f"\t{m:+.4f} ± {s:.4f}" for m, s in res), flush=True)


if __name__ == "__main__":
    main()
