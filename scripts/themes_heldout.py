#!/usr/bin/env python3
"""A held-out set of real news sentences for theme accuracy, from SaudiNewsNet.

The set measures the theme lexicon on articles nobody tuned it on. The repository keeps
only the labels (`tests/data/themes_heldout_labels.tsv`, `themes_heldout2_labels.tsv`,
`themes_heldout3_labels.tsv`, `themes_heldout4_labels.tsv`, `themes_heldout5_labels.tsv` and
`themes_heldout6_labels.tsv`: document, sentence index, sentence key, label); this script
picks the articles again from the SaudiNewsNet corpus, writes them as a JSON Lines feed, and
rebuilds the labelled sentences from what khulasa reads in that feed. The defaults rebuild
the first set; the others are rebuilt with the options named in the header of their labels
files.

Corpus: SaudiNewsNet (GitHub parallelfold/SaudiNewsNet, `dataset/YYYY-MM-DD.zip`, one
JSON array per zip; CC BY-NC-SA 4.0, research use only; each article (c) its outlet).

Choice of articles (fixed, so that the same articles come out every time):
- the articles of one day's zip (`--zip`, default `2015-07-26.zip`), or of several days
  (`--zip` repeated or comma-separated), in the order given;
- news about the region: the title names a country, capital or city of the Middle East
  and North Africa, or one of its armed movements, from PLACES below (names only, no
  theme word, so the choice does not favour any theme); opinion columns (URLs with
  `/Articles/`, `/opinion`) and articles of fewer than 40 words are left out;
- articles whose URL or title is in `--exclude` (a file of URLs and titles, one a line:
  the articles of the development corpus) are left out;
- shuffled with `random.Random(SEED)` (`--seed`), then taken in that order while no outlet
  has more than PER_OUTLET articles (`--per-outlet`), until ARTICLES articles
  (`--articles`) are taken.

Sentences: those `khulasa themes --format tsv` reads in the feed (as in a digest), with at
least 4 Arabic words, each text once, the first MAX_PER_DOC of each article.
The key of a sentence is the first 12 hex digits of the SHA-256 of its text with runs of
white space made one space (as in `themes_realworld.py`).

Commands:
  feed        write the chosen articles as `feed.jsonl` into --out
  candidates  print `doc, index, key, outlet, sentence` for labelling (no predictions)
  build       write `heldout.tsv` (`label, source, sentence`, the format of
              `khulasa eval themes`) into --out
  stats       count sentences, labels, documents and outlets

Usage:
  python3 scripts/themes_heldout.py feed --snn SNN_DIR --out OUT \
      --exclude dev-urls.txt
  python3 scripts/themes_heldout.py build --out OUT --khulasa target/release/khulasa
  khulasa eval themes OUT/heldout.tsv

The second set (`--labels tests/data/themes_heldout2_labels.tsv` for `build` and `stats`):
  python3 scripts/themes_heldout.py feed --snn SNN_DIR --out OUT2 \
      --exclude dev-urls.txt --zip 2015-08-08.zip --seed 20150808 --articles 55 \
      --per-outlet 6

The third (`--labels tests/data/themes_heldout3_labels.tsv`), drawn from two days:
  python3 scripts/themes_heldout.py feed --snn SNN_DIR --out OUT3 \
      --exclude dev-urls.txt --zip 2015-08-09.zip --zip 2015-08-11.zip --seed 20150809 \
      --articles 55 --per-outlet 6

The fourth (`--labels tests/data/themes_heldout4_labels.tsv`), also drawn from two days:
  python3 scripts/themes_heldout.py feed --snn SNN_DIR --out OUT4 \
      --exclude dev-urls.txt --zip 2015-08-02.zip --zip 2015-08-04.zip --seed 20150802 \
      --articles 55 --per-outlet 6

The fifth (`--labels tests/data/themes_heldout5_labels.tsv`), drawn from two days, with
exclude.txt listing dev-urls.txt and the URL and title of every article of the first four
sets' feeds (see tests/data/README.md):
  python3 scripts/themes_heldout.py feed --snn SNN_DIR --out OUT5 \
      --exclude exclude.txt --zip 2015-08-07.zip --zip 2015-07-27.zip --seed 20150807 \
      --articles 55 --per-outlet 6

The sixth (`--labels tests/data/themes_heldout6_labels.tsv`), drawn from one day, with
exclude6.txt listing exclude.txt and the URL and title of every article of the fifth set's feed:
  python3 scripts/themes_heldout.py feed --snn SNN_DIR --out OUT6 \
      --exclude exclude6.txt --zip 2015-08-01.zip --seed 20150801 --articles 55 --per-outlet 6

SNN_DIR holds the unzipped `YYYY-MM-DD.json` files (or the `.zip` files). Needs only
the Python 3 standard library and a khulasa binary.
"""
import argparse
import hashlib
import json
import pathlib
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from themes_realworld import ARABIC_WORD, LABELS, MIN_WORDS, MISDECODED, key  # noqa: E402

SEED = 20150726
ARTICLES = 40
PER_OUTLET = 5
MAX_PER_DOC = 8
MIN_ARTICLE_WORDS = 40
DEFAULT_LABELS = pathlib.Path(__file__).resolve().parent.parent / "tests/data/themes_heldout_labels.tsv"

# Names of places and armed movements of the region; matched as whole words, with a
# leading و/ب/ل/ال allowed.
PLACES = """
اليمن يمني يمنية صنعاء عدن تعز مأرب الحديدة حضرموت الحوثي الحوثيين الحوثيون
سوريا سورية سوري دمشق حلب حمص إدلب الزبداني درعا
العراق عراقي عراقية بغداد الموصل الأنبار الرمادي الفلوجة كردستان
ليبيا ليبي ليبية طرابلس بنغازي سرت
فلسطين فلسطيني فلسطينية غزة القدس الضفة رام حماس فتح
إسرائيل إسرائيلي إسرائيلية الاحتلال
إيران إيراني إيرانية طهران
لبنان لبناني لبنانية بيروت حزب
مصر مصري مصرية القاهرة سيناء
السودان سوداني دارفور
تركيا تركي تركية أنقرة إسطنبول الأكراد الكردستاني
البحرين الكويت قطر الأردن الإمارات عمان تونس الجزائر المغرب الصومال أفغانستان باكستان
""".split()
NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
NAMES = {w.translate(NORM) for w in PLACES}


def norm_words(text):
    return [w.translate(NORM) for w in ARABIC_WORD.findall(text)]


def names_region(title):
    """Does the title name a place or movement of PLACES (a clitic و ب ل ال allowed)?"""
    for w in norm_words(title):
        forms = {w}
        for pre in ("و", "ف"):
            forms |= {f[len(pre):] for f in forms if f.startswith(pre)}
        forms |= {f[1:] for f in forms if f.startswith(("ب", "ل", "ك"))}
        forms |= {"ال" + f[2:] for f in forms if f.startswith("لل")}
        forms |= {f[2:] for f in forms if f.startswith("ال")}
        if any(f in NAMES or "ال" + f in NAMES for f in forms):
            return True
    return False


def load_day(snn: pathlib.Path, day: str):
    name = day.removesuffix(".zip").removesuffix(".json")
    js = snn / f"{name}.json"
    if js.exists():
        return json.loads(js.read_text(encoding="utf-8"))
    with zipfile.ZipFile(snn / f"{name}.zip") as z:
        return json.loads(z.read(f"{name}.json").decode("utf-8"))


def choose(snn, days, exclude, seed=SEED, articles=ARTICLES, per_outlet=PER_OUTLET):
    """The chosen articles as `(day, index, item)`, in the order of the feed."""
    pool = []
    for day in days:
        for i, it in enumerate(load_day(snn, day)):
            url, title, text = it.get("url", ""), it.get("title", ""), it.get("content", "")
            if url in exclude or title.strip() in exclude:
                continue
            if "/Articles/" in url or "/opinion" in url.lower():
                continue
            if len(ARABIC_WORD.findall(text)) < MIN_ARTICLE_WORDS or not names_region(title):
                continue
            pool.append((day, i, it))
    random.Random(seed).shuffle(pool)
    per = Counter()
    out = []
    for day, i, it in pool:
        if per[it["source"]] >= per_outlet:
            continue
        per[it["source"]] += 1
        out.append((day, i, it))
        if len(out) == articles:
            break
    return out


def cmd_feed(a):
    exclude = set()
    if a.exclude:
        exclude = {ln.strip() for ln in open(a.exclude, encoding="utf-8") if ln.strip()}
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    days = [d.strip().removesuffix(".zip").removesuffix(".json") for z in a.zip for d in z.split(",") if d.strip()]
    if len(set(days)) != len(days):
        sys.exit("--zip names a day twice")
    chosen = choose(pathlib.Path(a.snn), days, exclude, a.seed, a.articles, a.per_outlet)
    with open(out / "feed.jsonl", "w", encoding="utf-8") as f:
        for day, i, it in chosen:
            rec = {
                "title": it["title"].strip(),
                "text": it["content"],
                "url": it["url"],
                "date": it["date_extracted"],
                "source": it["source"],
                "id": f"{day}.zip#{i}",
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {out / 'feed.jsonl'}", file=sys.stderr)


def sentences(out: pathlib.Path, khulasa: str):
    """Rows of the feed's sentences, doc = `ZIP#INDEX` of the article in SaudiNewsNet."""
    feed = out / "feed.jsonl"
    recs = [json.loads(ln) for ln in feed.read_text(encoding="utf-8").splitlines() if ln.strip()]
    run = subprocess.run(
        [khulasa, "themes", "--format", "tsv", "--quiet", str(feed)],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"khulasa themes failed:\n{run.stderr}")
    seen, rows, per_doc = set(), [], Counter()
    for line in run.stdout.splitlines()[1:]:
        path, index, _primary, _themes, text = line.split("\t", 4)
        m = re.search(r"#(\d+)$", path)
        if not m:
            sys.exit(f"unexpected document name {path!r}")
        rec = recs[int(m.group(1)) - 1]
        if len(ARABIC_WORD.findall(text)) < MIN_WORDS or MISDECODED.search(text):
            continue
        k = key(text)
        if k in seen or per_doc[rec["id"]] >= MAX_PER_DOC:
            continue
        seen.add(k)
        per_doc[rec["id"]] += 1
        rows.append({"doc": rec["id"], "index": int(index), "key": k, "outlet": rec["source"], "sentence": text})
    return rows


def read_labels(path):
    labels = []
    with open(path, encoding="utf-8") as f:
        rows = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    header = rows[0].rstrip("\n").split("\t")
    if header != ["doc", "index", "key", "label"]:
        sys.exit(f"{path}: header {header}")
    for ln in rows[1:]:
        doc, index, k, label = ln.rstrip("\n").split("\t")
        if label not in LABELS:
            sys.exit(f"{path}: unknown label {label!r}")
        labels.append({"doc": doc, "index": int(index), "key": k, "label": label})
    return labels


def cmd_candidates(a):
    w = sys.stdout
    w.write("doc\tindex\tkey\toutlet\tsentence\n")
    for r in sentences(pathlib.Path(a.out), a.khulasa):
        w.write(f"{r['doc']}\t{r['index']}\t{r['key']}\t{r['outlet']}\t{r['sentence']}\n")


def cmd_build(a):
    out = pathlib.Path(a.out)
    rows = {r["key"]: r for r in sentences(out, a.khulasa)}
    lines, missing = [], 0
    for lab in read_labels(a.labels):
        r = rows.get(lab["key"])
        if r is None or r["doc"] != lab["doc"]:
            missing += 1
            print(f"not found: {lab['doc']} sentence {lab['index']} ({lab['key']})", file=sys.stderr)
            continue
        lines.append(f"{lab['label']}\t{r['outlet']}:{lab['doc']}:{r['index']}\t{r['sentence']}\n")
    (out / "heldout.tsv").write_text("label\tsource\tsentence\n" + "".join(lines), encoding="utf-8")
    print(f"held-out {len(lines)} sentences written to {out}; {missing} labels not found", file=sys.stderr)
    return 1 if missing else 0


def cmd_stats(a):
    labels = read_labels(a.labels)
    c = Counter(lab["label"] for lab in labels)
    docs = {lab["doc"] for lab in labels}
    line = f"{len(labels)} sentences, {len(docs)} documents"
    if a.out:
        recs = [json.loads(ln) for ln in (pathlib.Path(a.out) / "feed.jsonl").read_text(encoding="utf-8").splitlines()]
        src = {r["id"]: r["source"] for r in recs}
        line += f", {len({src[d] for d in docs})} outlets"
    print(line + "; " + ", ".join(f"{k} {c[k]}" for k in LABELS))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("feed", "candidates", "build", "stats"):
        p = sub.add_parser(name)
        p.add_argument("--out", required=name != "stats", help="folder of feed.jsonl and heldout.tsv")
        p.add_argument("--khulasa", default="khulasa", help="the khulasa binary")
        p.add_argument("--labels", default=str(DEFAULT_LABELS))
        if name == "feed":
            p.add_argument("--snn", required=True, help="folder of the SaudiNewsNet day files")
            p.add_argument(
                "--zip",
                action="append",
                help="the day to draw from (default 2015-07-26.zip); repeat or separate by commas for several",
            )
            p.add_argument("--seed", type=int, default=SEED, help=f"seed of the shuffle (default {SEED})")
            p.add_argument("--articles", type=int, default=ARTICLES, help=f"articles to take (default {ARTICLES})")
            p.add_argument(
                "--per-outlet", type=int, default=PER_OUTLET, help=f"most articles of one outlet (default {PER_OUTLET})"
            )
            p.add_argument("--exclude", help="file of URLs and titles to leave out")
    a = ap.parse_args()
    if a.cmd == "feed" and not a.zip:
        a.zip = ["2015-07-26.zip"]
    cmds = {"feed": cmd_feed, "candidates": cmd_candidates, "build": cmd_build, "stats": cmd_stats}
    return cmds[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main() or 0)
