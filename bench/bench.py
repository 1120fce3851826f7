#!/usr/bin/env python3
"""Whole-process benchmark of khulasa at newsroom scale.

Makes a corpus by repeating the EASC development articles (JSON Lines, one article a line
with a "text" field) to N articles written as .txt files in a temporary folder, then times,
on the same files and in the same run:

  * `wc -w` over every file (a floor: reading every word once),
  * `khulasa summarize` over every file,
  * `khulasa build` over every file (the digest of the day),
  * `khulasa summarize` and a Python TextRank (sumy) over a sample of articles, per article.

It prints articles per second, MB per second, peak memory (from /usr/bin/time -v) and the
ratios. Uses hyperfine when it is installed, else a timing loop (best and mean of --runs).

Each copy of an article gets its own headline line (so that ingest does not drop it as a
duplicate) and copies are spread over folders of distinct articles, one folder per "source"
(ingest treats a line repeated in many documents of one source as page chrome).

Needs: Python 3.11; GNU time at /usr/bin/time; for the baseline, PyPI packages sumy, numpy and
pyarabic (sumy's Tokenizer("arabic") uses pyarabic and needs no NLTK data download; its
Stemmer("arabic") is NLTK's Snowball stemmer, which ships with the package).

Usage: python3 bench/bench.py EASC_DEV_JSONL [--articles 10000] [--sample 100]
       [--bin target/release/khulasa] [--runs 3] [--keep DIR]
The corpus is written to a temporary folder and removed afterwards (never commit it).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DATE = "2026-11-23"


def make_corpus(src, root, n):
    arts = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                t = json.loads(line).get("text", "").strip()
                if t:
                    arts.append(t)
    if not arts:
        sys.exit(f"no articles with a text field in {src}")
    paths = []
    total = 0
    for k in range(n):
        copy, i = divmod(k, len(arts))
        folder = os.path.join(root, f"source-{copy:04d}")
        if i == 0:
            os.makedirs(folder, exist_ok=True)
        words = arts[i].split()
        headline = f"نشرة رقم {copy + 1}: " + " ".join(words[:8])
        body = headline + "\n\n" + arts[i] + "\n"
        p = os.path.join(folder, f"article-{i:03d}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(body)
        total += len(body.encode("utf-8"))
        paths.append(p)
    return paths, total


def gnu_time(cmd, stdout=subprocess.DEVNULL):
    """Run once under /usr/bin/time -v: (wall seconds, peak RSS MB, exit code)."""
    t0 = time.perf_counter()
    r = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, stdout=stdout, stderr=subprocess.PIPE, text=True
    )
    wall = time.perf_counter() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", r.stderr))
    return wall, rss, cpu, r.returncode, r.stderr


def timed(name, cmd, runs, use_hyperfine, shell=False):
    """Mean wall seconds of `runs` runs (hyperfine when available)."""
    if use_hyperfine:
        with tempfile.NamedTemporaryFile(suffix=".json") as jf:
            line = cmd if shell else " ".join(_quote(c) for c in cmd)
            subprocess.run(
                ["hyperfine", "--style", "none", "--warmup", "1", "--runs", str(runs),
                 "-i", "--export-json", jf.name, "-n", name, line],
                check=True, stdout=subprocess.DEVNULL,
            )
            res = json.load(open(jf.name))["results"][0]
            return res["mean"], res["min"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.mean(times), min(times)


def _quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def sumy_per_article(paths, sentences):
    from sumy.nlp.stemmers import Stemmer
    from sumy.nlp.tokenizers import Tokenizer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = Tokenizer("arabic")
    summ = TextRankSummarizer(Stemmer("arabic"))
    summ.stop_words = get_stop_words("arabic")
    texts = [open(p, encoding="utf-8").read() for p in paths]
    t0 = time.perf_counter()
    chosen = 0
    for t in texts:
        doc = PlaintextParser.from_string(t, tok).document
        chosen += len(summ(doc, sentences))
    return (time.perf_counter() - t0) / len(texts), chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("easc", help="EASC development articles (JSON Lines)")
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--sample", type=int, default=100, help="articles for the Python baseline")
    ap.add_argument("--bin", default="target/release/khulasa")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="write the corpus here and keep it")
    ap.add_argument("--no-baseline", action="store_true")
    a = ap.parse_args()

    exe = os.path.abspath(a.bin)
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe} not found: cargo build --release first")
    hf = shutil.which("hyperfine") is not None
    root = a.keep or tempfile.mkdtemp(prefix="khulasa-bench-")
    try:
        corpus = os.path.join(root, "corpus")
        sample_dir = os.path.join(root, "sample")
        out = os.path.join(root, "out")
        os.makedirs(corpus, exist_ok=True)
        paths, nbytes = make_corpus(a.easc, corpus, a.articles)
        os.makedirs(sample_dir, exist_ok=True)
        step = max(1, len(paths) // a.sample)
        sample = paths[::step][: a.sample]
        for i, p in enumerate(sample):
            shutil.copy(p, os.path.join(sample_dir, f"s{i:04d}.txt"))
        sample_paths = sorted(os.path.join(sample_dir, f) for f in os.listdir(sample_dir))
        mb = nbytes / 1e6
        n = len(paths)
        list_file = os.path.join(root, "files0")
        with open(list_file, "wb") as f:
            f.write(b"\0".join(p.encode() for p in paths) + b"\0")
        words = int(subprocess.run(
            f"wc -w --files0-from={_quote(list_file)} | tail -1", shell=True,
            capture_output=True, text=True).stdout.split()[0])
        print(f"corpus: {n} articles, {mb:.1f} MB, {words} words; sample {len(sample_paths)}; "
              f"timing: {'hyperfine' if hf else 'loop'}, {a.runs} runs; cores: {os.cpu_count()}")

        wc_cmd = f"wc -w --files0-from={_quote(list_file)} > /dev/null"
        build_cmd = [exe, "build", corpus, "--out", out, "--date", DATE, "--quiet"]
        summ_cmd = [exe, "summarize", corpus, "--quiet"]
        ssum_cmd = [exe, "summarize", sample_dir, "--quiet"]

        # One run each under GNU time for peak memory and the exit code.
        rows = []
        for name, cmd in [("build", build_cmd), ("summarize", summ_cmd)]:
            wall, rss, cpu, code, err = gnu_time(cmd)
            if code not in (0, 1):
                print(err[-2000:], file=sys.stderr)
                sys.exit(f"khulasa {name} failed with exit code {code}")
            rows.append((name, rss, cpu))
        wc_mean, wc_min = timed("wc -w", wc_cmd, a.runs, hf, shell=True)
        results = {}
        for name, cmd in [("build", build_cmd), ("summarize", summ_cmd)]:
            results[name] = timed(f"khulasa {name}", cmd, a.runs, hf)
        print(f"{'command':<22}{'mean s':>9}{'min s':>9}{'articles/s':>12}{'MB/s':>9}"
              f"{'peak MB':>9}{'CPU s':>8}{'x wc -w':>9}")
        print(f"{'wc -w':<22}{wc_mean:>9.3f}{wc_min:>9.3f}{n / wc_mean:>12.0f}"
              f"{mb / wc_mean:>9.1f}{'':>9}{'':>8}{1.0:>9.1f}")
        for name, rss, cpu in rows:
            mean, mn = results[name]
            print(f"{'khulasa ' + name:<22}{mean:>9.3f}{mn:>9.3f}{n / mean:>12.0f}"
                  f"{mb / mean:>9.1f}{rss:>9.0f}{cpu:>8.1f}{mean / wc_mean:>9.1f}")

        # Per article on the sample: khulasa (one process over the sample) against sumy.
        s_mean, _ = timed("khulasa summarize (sample)", ssum_cmd, a.runs, hf)
        k_per = s_mean / len(sample_paths)
        k_all = results["summarize"][0] / n
        print(f"khulasa summarize, per article: {k_per * 1e3:.3f} ms on the sample "
              f"(process start included), {k_all * 1e3:.3f} ms over the whole corpus")
        if not a.no_baseline:
            try:
                py_per, chosen = sumy_per_article(sample_paths, 5)
            except ImportError as e:
                print(f"Python baseline skipped: {e} (pip install sumy numpy pyarabic)")
            else:
                print(f"sumy TextRank (Python), per article: {py_per * 1e3:.3f} ms "
                      f"({chosen} sentences chosen)")
                print(f"speed-up per article: {py_per / k_per:.0f}x (sample), "
                      f"{py_per / k_all:.0f}x (whole corpus)")
        print("targets: build < 5 s and < 500 MB on ~30 MB; <= 10x wc -w; >= 100x sumy per article")
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
