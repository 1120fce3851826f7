#!/usr/bin/env python3
"""Write tests/data/model_forms.tsv: words and their forms under the two models' training-time
normalizations, computed by the training scripts themselves (`normalize` of train_ner.py and
`normalize_arabic` of romanizer_common.py). The Rust variants in `arabic::model_forms` must give
the same forms (tested by `model_forms_match_the_training_scripts`).

Usage: python3 scripts/model_forms_fixture.py > tests/data/model_forms.tsv
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from romanizer_common import normalize_arabic  # noqa: E402
from train_ner import normalize  # noqa: E402

# Inputs chosen for what the two normalizations do differently: hamza seats, alef forms,
# alef maqsura, ta marbuta, diacritics and Quranic marks, tatweel, Persian and Urdu letter
# shapes, presentation forms, Latin and digits, bidi and zero-width controls.
WORDS = [
    "أحمد", "إبراهيم", "آل", "ٱلله", "مصطفى", "فاطمة", "مُحَمَّد", "هٰذا", "عـــلي",
    "مسؤول", "رئيس", "سائق", "یوسف", "کابل", "ہرات", "ھندوستان", "ە", "ڨالمة", "ے",
    "ﺑﺎﻛﻮ", "ﻻ", "NATO", "Ali", "2023", "٢٠٢٣", "۱۴۰۲", "باكو\u200f", "\u202bيريفان\u202c",
    "ال\u200cبيت", "\ufeffبغداد", "قرآن\u06dc", "\u0610صلى", "أمريكا،", "ؤ", "ئ", "ء",
]


def escape(s: str) -> str:
    return "".join(c if c.isprintable() and c not in "\t\\" else "\\u{%04X}" % ord(c) for c in s)


def main() -> None:
    print("# input\ttagger form (train_ner.py normalize)\tromanizer form (romanizer_common.py normalize_arabic)")
    print("# made by scripts/model_forms_fixture.py; code points outside the printable range as \\u{XXXX}")
    for w in WORDS:
        print(f"{escape(w)}\t{escape(normalize(w))}\t{escape(normalize_arabic(w))}")


if __name__ == "__main__":
    main()
