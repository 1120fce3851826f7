#!/usr/bin/env python3
"""Validate the gazetteer data files under data/gazetteer/.

Checks every *.toml file holding [[entity]] tables (countries_extra.toml, the
generator's input, is skipped):
  - the file parses (tomllib);
  - required fields (key, english, type, arabic, description) are present and typed;
  - no unknown fields; type is one of person, place, organization, other;
  - keys are lowercase ASCII words joined by '-' and unique across all files;
  - `country` refers to an existing key;
  - `wikidata` looks like Q<digits>;
  - Arabic spellings use Arabic letters (plus spaces and digits) only;
  - no two entities share a normalized Arabic spelling or nisba, unless the pair
    is listed in ALLOWED_SHARED below (printed as a note either way).

Usage (from the repository root):
    python3 scripts/check_gazetteer.py [data/gazetteer]
Exit status 1 when an error is found. Requires Python 3.11+ (tomllib), no packages.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

REQUIRED = {"key": str, "english": str, "type": str, "arabic": list, "description": str}
OPTIONAL = {
    "wikidata": str,
    "demonym": str,
    "nisba": list,
    "role": str,
    "country": str,
    "aliases_en": list,
    "kind": str,
    "after_place_word": bool,
    "cited_as": list,
    "in_sport": list,
    "not_before": list,
}
TYPES = {"person", "place", "organization", "other"}
SKIP_FILES = {"countries_extra.toml"}

# Normalized spellings knowingly shared by two entities (real ambiguity in Arabic).
ALLOWED_SHARED = {
    "عمان": {"oman", "amman"},  # Oman / Amman (عُمان / عَمّان)
}

KEY_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ARABIC_RE = re.compile(r"^[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\u064B-\u0652\u0670 0-9]+$")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")


def normalize(s: str) -> str:
    """The matcher's folding: hamza-alef variants to ا, ى to ي, ة to ه, no diacritics."""
    s = DIACRITICS.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ى", "ي").replace("ة", "ه")
    return " ".join(s.split())


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "data/gazetteer")
    errors: list[str] = []
    entities: list[tuple[str, dict]] = []
    counts: dict[str, int] = {}

    for path in sorted(root.glob("*.toml")):
        if path.name in SKIP_FILES:
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            errors.append(f"{path.name}: parse error: {e}")
            continue
        extra_top = set(data) - {"entity"}
        if extra_top:
            errors.append(f"{path.name}: unexpected top-level keys {sorted(extra_top)}")
        ents = data.get("entity", [])
        counts[path.name] = len(ents)
        for e in ents:
            entities.append((path.name, e))

    keys: dict[str, str] = {}
    for fname, e in entities:
        where = f"{fname}: {e.get('key', '<no key>')}"
        for field, ty in REQUIRED.items():
            if field not in e:
                errors.append(f"{where}: missing {field}")
            elif not isinstance(e[field], ty):
                errors.append(f"{where}: {field} must be {ty.__name__}")
        for field, value in e.items():
            if field in REQUIRED:
                continue
            if field not in OPTIONAL:
                errors.append(f"{where}: unknown field {field}")
            elif not isinstance(value, OPTIONAL[field]):
                errors.append(f"{where}: {field} must be {OPTIONAL[field].__name__}")
        key = e.get("key", "")
        if not KEY_RE.match(key):
            errors.append(f"{where}: bad key")
        if key in keys:
            errors.append(f"{where}: duplicate key (also in {keys[key]})")
        keys[key] = fname
        if e.get("type") not in TYPES:
            errors.append(f"{where}: bad type {e.get('type')!r}")
        if "wikidata" in e and not QID_RE.match(e["wikidata"]):
            errors.append(f"{where}: bad wikidata id {e['wikidata']!r}")
        if not e.get("arabic"):
            errors.append(f"{where}: empty arabic list")
        for s in list(e.get("arabic", [])) + list(e.get("nisba", [])):
            if not isinstance(s, str) or not ARABIC_RE.match(s) or s != s.strip():
                errors.append(f"{where}: bad Arabic spelling {s!r}")
        spellings = list(e.get("arabic", [])) + list(e.get("nisba", []))
        if len(set(spellings)) != len(spellings):
            errors.append(f"{where}: a spelling is listed twice")
        for s in e.get("nisba", []):
            if s.startswith("ال"):
                errors.append(f"{where}: nisba {s!r} carries the article")
        if not e.get("description", "").strip():
            errors.append(f"{where}: empty description")

    for fname, e in entities:
        c = e.get("country")
        if c is not None and c not in keys:
            errors.append(f"{fname}: {e.get('key')}: country {c!r} is not a key")

    # Shared normalized spellings (names and nisba bases) across entities.
    owners: dict[str, set[str]] = defaultdict(set)
    for _, e in entities:
        for s in list(e.get("arabic", [])) + list(e.get("nisba", [])):
            owners[normalize(s)].add(e.get("key", ""))
    for s, ks in sorted(owners.items()):
        if len(ks) < 2:
            continue
        if ALLOWED_SHARED.get(s) == ks:
            print(f"note: shared spelling {s} -> {sorted(ks)} (allowed)")
        else:
            errors.append(f"shared spelling {s} -> {sorted(ks)}")

    for name, n in counts.items():
        print(f"{name}: {n} entities")
    print(f"total: {sum(counts.values())} entities")
    for err in errors:
        print(f"error: {err}")
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
