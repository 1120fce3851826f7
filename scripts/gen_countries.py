#!/usr/bin/env python3
"""Generate data/gazetteer/countries.toml from Unicode CLDR territory names.

Source: the Unicode CLDR locale data as shipped by the PyPI package `babel`
(`pip install babel`), English (`en`) and Arabic (`ar`) territory display names.
Only two-letter region codes are used; macro-regions, pseudo-regions and
non-country codes (EU, EZ, UN, QO, XA, XB, ZZ) are skipped, as is any code
that has no Arabic name in CLDR.

The hand-kept overrides in data/gazetteer/countries_extra.toml are merged in:
extra Arabic spellings, nisba bases, English demonyms, Wikidata ids, better
English display names and descriptions.

Usage (from the repository root):
    python3 scripts/gen_countries.py [--extra data/gazetteer/countries_extra.toml]
                                     [--out data/gazetteer/countries.toml]
Requires: Python 3.11+, babel (PyPI).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

try:
    import babel
    from babel import Locale
    from babel.core import get_cldr_version
except ImportError:  # pragma: no cover
    sys.exit("gen_countries.py needs the PyPI package babel: pip install babel")

# Codes CLDR lists among territories that are not countries or territories.
SKIP_CODES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}

# Dependent territories and special areas (not sovereign states). Hand-kept from
# ISO 3166-1 / CLDR region data; everything else with a two-letter code is a
# sovereign or partially recognized state.
DEPENDENT = set(
    "AC AI AQ AS AW AX BL BM BQ BV CC CK CP CQ CW CX DG EA EH FK FO GF GG GI GL GP GS GU "
    "HK HM IC IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TA TC TF TK UM "
    "VG VI WF YT".split()
)
# Codes that are not ISO 3166-1 assignments (CLDR exceptional reservations or
# user-assigned codes).
NON_ISO = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "XK"}


def slug(name: str) -> str:
    """ASCII key from an English name: lowercase, words joined by '-'."""
    s = name.replace("&", " and ").replace("St. ", "Saint ").replace("U.S.", "US")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("'", "").replace("\u2019", "")
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def arabic_variants(name: str) -> list[str]:
    """CLDR Arabic name made matchable: parenthetical dropped, ' - ' joined by a space."""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return [" ".join(bare.replace(" - ", " ").split())]


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def dedup(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i in items:
        i = i.strip()
        if i and i not in seen:
            seen.add(i)
            out.append(i)
    return out


def describe(code: str) -> str:
    if code in DEPENDENT:
        kind = "Territory"
    else:
        kind = "Country"
    if code in NON_ISO:
        return f"{kind} (CLDR region code {code})"
    return f"{kind} (ISO 3166-1 code {code})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", default="data/gazetteer/countries_extra.toml")
    ap.add_argument("--out", default="data/gazetteer/countries.toml")
    args = ap.parse_args()

    with open(args.extra, "rb") as f:
        extra = tomllib.load(f).get("override", {})

    en = Locale("en").territories
    ar = Locale("ar").territories
    codes = sorted(c for c in en if len(c) == 2 and c.isalpha() and c not in SKIP_CODES)

    unknown = set(extra) - set(codes)
    if unknown:
        print(f"error: overrides for unknown codes: {sorted(unknown)}", file=sys.stderr)
        return 1

    entities = []
    emitted_codes = []
    skipped = []
    for code in codes:
        if code not in ar:
            skipped.append(code)
            continue
        ov = extra.get(code, {})
        english = ov.get("english", en[code])
        key = ov.get("key", slug(english))
        base = ov.get("arabic_replace", arabic_variants(ar[code]))
        arabic = dedup(base + ov.get("arabic", []))
        ent = {
            "key": key,
            "english": english,
            "type": "place",
            "arabic": arabic,
            "description": ov.get("description", describe(code)),
        }
        for field in ("wikidata", "demonym"):
            if field in ov:
                ent[field] = ov[field]
        if "nisba" in ov:
            ent["nisba"] = dedup(ov["nisba"])
        entities.append(ent)
        emitted_codes.append(code)

    keys = [e["key"] for e in entities]
    dups = {k for k in keys if keys.count(k) > 1}
    if dups:
        print(f"error: duplicate keys {sorted(dups)}", file=sys.stderr)
        return 1

    lines = [
        "# Countries and territories: English and Arabic names.",
        f"# Source: Unicode CLDR {get_cldr_version()} locale data (en, ar territory names),",
        f"#   as shipped by the PyPI package babel {babel.__version__}.",
        "#   Licence: Unicode License v3 (https://www.unicode.org/license.txt).",
        "# Merged with the hand-kept overrides in data/gazetteer/countries_extra.toml",
        "#   (extra spellings, nisba bases, demonyms, Wikidata ids (CC0); sources noted there).",
        "# GENERATED FILE: do not edit by hand. Regenerate from the repository root with:",
        "#   pip install babel && python3 scripts/gen_countries.py",
        "",
    ]
    order = ["key", "english", "type", "arabic", "description", "wikidata", "demonym", "nisba"]
    for code, e in zip(emitted_codes, entities):
        lines.append(f"[[entity]]  # {code}")
        for field in order:
            if field not in e:
                continue
            v = e[field]
            lines.append(f"{field} = {toml_list(v) if isinstance(v, list) else toml_str(v)}")
        lines.append("")

    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(entities)} entities to {args.out}; skipped (no Arabic name): {skipped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
