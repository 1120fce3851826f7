#!/usr/bin/env python3
"""Whole-process benchmark of khulasa on a corpus of distinct real articles.

The corpus is a folder of .txt articles made by bench/corpus.py from SaudiNewsNet (distinct
articles: exact and near duplicates removed); it stays outside the repository. On the same
files and in the same run this times:

  * `wc -w` over every file (a floor: reading every word once),
  * `khulasa build` over every file (the digest of the day),
  * `khulasa summarize` over every file,
  * `khulasa summarize` and a Python TextRank (sumy) on a random sample of the articles,
    per article, with khulasa's start-up included (one process over the sample) and excluded
    (less the time of a process over a single article); khulasa as a user runs it (the
    sample read as a day, only its leading stories analyzed in full) and with
    `--analyze all` (every article analyzed in full).

It prints articles per second, MB per second, peak memory and CPU time (from
/usr/bin/time -v) and the ratios. Uses hyperfine when it is installed, else a timing loop
(best and mean of --runs); `wc -w` is timed right before each khulasa command.

Needs: Python 3.11; GNU time at /usr/bin/time; for the baseline, PyPI packages sumy, numpy and
pyarabic (sumy's Tokenizer("arabic") uses pyarabic and needs no NLTK data download; its
Stemmer("arabic") is NLTK's Snowball stemmer, which ships with the package).

Usage: python3 bench/bench.py CORPUS_DIR [--sample 300] [--seed 1]
       [--bin target/release/khulasa] [--runs 3] [--no-baseline]
"""

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DATE = "2026-11-23"


def list_articles(root):
    paths = []
    for d, _, files in os.walk(root):
        paths += [os.path.join(d, f) for f in files if f.endswith(".txt")]
    if not paths:
        sys.exit(f"no .txt articles under {root}: make them with bench/corpus.py")
    return sorted(paths)


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
    ap.add_argument("corpus", help="folder of .txt articles (bench/corpus.py)")
    ap.add_argument("--sample", type=int, default=300, help="articles for the per-article rows")
    ap.add_argument("--seed", type=int, default=1, help="seed of the sample")
    ap.add_argument("--bin", default="target/release/khulasa")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-summarize", action="store_true", help="time build only")
    ap.add_argument("--no-baseline", action="store_true")
    a = ap.parse_args()

    exe = os.path.abspath(a.bin)
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe} not found: cargo build --release first")
    hf = shutil.which("hyperfine") is not None
    corpus = os.path.abspath(a.corpus)
    paths = list_articles(corpus)
    root = tempfile.mkdtemp(prefix="khulasa-bench-")
    try:
        out = os.path.join(root, "out")
        sample_dir = os.path.join(root, "sample")
        one_dir = os.path.join(root, "one")
        os.makedirs(sample_dir)
        os.makedirs(one_dir)
        sample = sorted(random.Random(a.seed).sample(paths, min(a.sample, len(paths))))
        for i, p in enumerate(sample):
            shutil.copy(p, os.path.join(sample_dir, f"s{i:04d}.txt"))
        shutil.copy(sample[0], os.path.join(one_dir, "one.txt"))
        sample_paths = sorted(os.path.join(sample_dir, f) for f in os.listdir(sample_dir))
        nbytes = sum(os.path.getsize(p) for p in paths)
        mb = nbytes / 1e6
        n = len(paths)
        list_file = os.path.join(root, "files0")
        with open(list_file, "wb") as f:
            f.write(b"\0".join(p.encode() for p in paths) + b"\0")
        words = int(subprocess.run(
            f"wc -w --files0-from={_quote(list_file)} | tail -1", shell=True,
            capture_output=True, text=True).stdout.split()[0])
        print(f"corpus: {n} distinct articles, {mb:.1f} MB, {words} words; sample "
              f"{len(sample_paths)} (seed {a.seed}); timing: {'hyperfine' if hf else 'loop'}, "
              f"{a.runs} runs; cores: {os.cpu_count()}")

        wc_cmd = f"wc -w --files0-from={_quote(list_file)} > /dev/null"
        cmds = [("build", [exe, "build", corpus, "--out", out, "--date", DATE, "--quiet"])]
        if not a.no_summarize:
            cmds.append(("summarize", [exe, "summarize", corpus, "--quiet"]))

        print(f"{'command':<22}{'mean s':>9}{'min s':>9}{'articles/s':>12}{'MB/s':>9}"
              f"{'peak MB':>9}{'CPU s':>8}{'x wc -w':>9}")
        results = {}
        for name, cmd in cmds:
            # One run under GNU time for peak memory, CPU time and the exit code.
            _, rss, cpu, code, err = gnu_time(cmd)
            if code not in (0, 1):
                print(err[-2000:], file=sys.stderr)
                sys.exit(f"khulasa {name} failed with exit code {code}")
            wc_mean, wc_min = timed("wc -w", wc_cmd, a.runs, hf, shell=True)
            mean, mn = timed(f"khulasa {name}", cmd, a.runs, hf)
            results[name] = mean
            print(f"{'wc -w':<22}{wc_mean:>9.3f}{wc_min:>9.3f}{n / wc_mean:>12.0f}"
                  f"{mb / wc_mean:>9.1f}{'':>9}{'':>8}{1.0:>9.1f}")
            print(f"{'khulasa ' + name:<22}{mean:>9.3f}{mn:>9.3f}{n / mean:>12.0f}"
                  f"{mb / mean:>9.1f}{rss:>9.0f}{cpu:>8.1f}{mean / wc_mean:>9.1f}")

        # Per article on the sample: khulasa (one process over the sample) against sumy, as a
        # user runs it (the sample read as a day: only its leading stories analyzed in full)
        # and with every article analyzed in full (`--analyze all`), the work nearer sumy's.
        one_mean, _ = timed("khulasa summarize (one)", [exe, "summarize", one_dir, "--quiet"],
                            a.runs, hf)
        per = {}
        for mode, extra in (("", []), (" --analyze all", ["--analyze", "all"])):
            s_mean, _ = timed(f"khulasa summarize{mode} (sample)",
                              [exe, "summarize", sample_dir, "--quiet", *extra], a.runs, hf)
            k_per = s_mean / len(sample_paths)
            k_excl = max(s_mean - one_mean, 1e-9) / max(len(sample_paths) - 1, 1)
            per[mode] = (k_per, k_excl)
            line = (f"khulasa summarize{mode}, per article: {k_per * 1e3:.3f} ms on the sample "
                    f"(start-up included), {k_excl * 1e3:.3f} ms (excluded: less "
                    f"{one_mean * 1e3:.0f} ms for one article)")
            if mode == "" and "summarize" in results:
                line += f", {results['summarize'] / n * 1e3:.3f} ms over the whole corpus"
            print(line)
        if not a.no_baseline:
            try:
                py_per, chosen = sumy_per_article(sample_paths, 5)
            except ImportError as e:
                print(f"Python baseline skipped: {e} (pip install sumy numpy pyarabic)")
            else:
                print(f"sumy TextRank (Python), per article: {py_per * 1e3:.3f} ms "
                      f"({chosen} sentences chosen)")
                for mode, (k_per, k_excl) in per.items():
                    print(f"speed-up per article{mode}: {py_per / k_per:.0f}x (start-up "
                          f"included), {py_per / k_excl:.0f}x (excluded)")
        print("targets: <= 5x wc -w; < 300 MB peak; >= 50x sumy per article")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
