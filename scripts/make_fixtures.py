#!/usr/bin/env python3
"""Make the ingest test fixtures under tests/fixtures/ingest/.

Every fixture is generated here from short news texts written for the tests (no third-party
text), so that each input format and encoding khulasa reads has a file made the same way
every time: Windows-1256, UTF-16 LE and BE with BOM, UTF-8 with BOM, a saved news page, JSON
Lines and JSON feeds, Markdown with YAML and TOML front matter, text in Arabic Presentation
Forms-B (as copied from a PDF), a binary file, an empty file, an English article, the same
article twice, and three articles of one source sharing a boilerplate line.

Needs only the Python 3.11 standard library. Run from the repository root:

    python3 scripts/make_fixtures.py [OUTPUT_DIR]

OUTPUT_DIR defaults to tests/fixtures/ingest.
"""

import json
import sys
import unicodedata
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Texts (written for the tests)
# ---------------------------------------------------------------------------------------------

# Windows-1256: Russia hosts talks (Moscow, Maria Zakharova, Armenia, Azerbaijan).
MOSCOW = """محادثات جديدة بين أرمينيا وأذربيجان في موسكو

أعلنت وزارة الخارجية الروسية، اليوم الجمعة، أن وزيري خارجية أرمينيا وأذربيجان سيلتقيان في موسكو الأسبوع المقبل.
وقالت المتحدثة باسم الوزارة ماريا زاخاروفا إن اللقاء يهدف إلى بحث معاهدة السلام بين البلدين، وإن التحضيرات جارية.
"""

# UTF-16 LE: France and Armenia (Catherine Colonna, Yerevan, France).
PARIS = """كولونا في يريفان

وصلت وزيرة الخارجية الفرنسية كاثرين كولونا إلى يريفان اليوم في زيارة تستمر يومين.
وأكدت أن فرنسا ستواصل دعم أرمينيا في المجالين الإنساني والدبلوماسي.
"""

# UTF-16 BE: the UN mission (United Nations, Nagorno-Karabakh).
UN = """بعثة أممية في قره باغ

زارت بعثة تابعة للأمم المتحدة إقليم قره باغ لأول مرة منذ ثلاثين عاما.
وقالت الأمم المتحدة إن البعثة اطلعت على الأوضاع الإنسانية في الإقليم.
"""

# UTF-8 with BOM: Turkey (Ankara, Azerbaijan).
ANKARA = """أنقرة تدعم باكو

أعلنت أنقرة دعمها الكامل لأذربيجان في المفاوضات الجارية.
وأضاف البيان أن تركيا ترحب بكل خطوة نحو السلام في المنطقة.
"""

# Presentation forms (as copied from a PDF): Iran (Tehran, Armenia).
TEHRAN = """طهران تعرض الوساطة

عرضت طهران الوساطة بين أرمينيا وأذربيجان لإنهاء الخلاف على الحدود.
وقال المتحدث الإيراني إن بلاده مستعدة لاستضافة الاجتماع المقبل.
"""

# Standard input (plain UTF-8): Pashinyan.
PASHINYAN = """باشينيان يدعو إلى الحوار

دعا رئيس الوزراء الأرمني نيكول باشينيان اليوم إلى استئناف الحوار مع باكو.
"""

ENGLISH = """Talks between Armenia and Azerbaijan

The foreign ministers of Armenia and Azerbaijan will meet in Moscow next week, the Russian
foreign ministry said on Friday. The talks aim at a peace treaty between the two countries.
"""

# ---------------------------------------------------------------------------------------------
# Arabic Presentation Forms-B shaping (logical order, as text copied from many PDFs)
# ---------------------------------------------------------------------------------------------

# Letters that join on both sides, and letters that join only to the preceding letter.
DUAL = set("بتثجحخسشصضطظعغفقكلمنهيئىـ")
RIGHT = set("اأإآدذرزوؤة")
LETTER_NAMES = {c: unicodedata.name(c) for c in DUAL | RIGHT if c != "ـ"}
LAM_ALEF = {"ا": "ALEF", "أ": "ALEF WITH HAMZA ABOVE", "إ": "ALEF WITH HAMZA BELOW",
            "آ": "ALEF WITH MADDA ABOVE"}


def form(c: str, kind: str) -> str:
    """The presentation form of letter c ("ISOLATED", "FINAL", "INITIAL", "MEDIAL")."""
    name = LETTER_NAMES[c]
    try:
        return unicodedata.lookup(f"{name} {kind} FORM")
    except KeyError:
        # Right-joining letters have no initial or medial form.
        fallback = {"INITIAL": "ISOLATED", "MEDIAL": "FINAL"}[kind]
        return unicodedata.lookup(f"{name} {fallback} FORM")


def shape(text: str) -> str:
    """Replace Arabic letters by their contextual presentation forms, lam-alef by ligatures."""
    out = []
    chars = list(text)
    i = 0
    while i < len(chars):
        c = chars[i]
        if c not in LETTER_NAMES:
            out.append(c)
            i += 1
            continue
        prev = chars[i - 1] if i > 0 else ""
        joins_prev = prev in DUAL
        if c == "ل" and i + 1 < len(chars) and chars[i + 1] in LAM_ALEF:
            kind = "FINAL" if joins_prev else "ISOLATED"
            lig = f"ARABIC LIGATURE LAM WITH {LAM_ALEF[chars[i + 1]]} {kind} FORM"
            out.append(unicodedata.lookup(lig))
            i += 2
            continue
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        joins_next = c in DUAL and (nxt in DUAL or nxt in RIGHT)
        kind = {(False, False): "ISOLATED", (True, False): "FINAL",
                (False, True): "INITIAL", (True, True): "MEDIAL"}[(joins_prev, joins_next)]
        out.append(form(c, kind))
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>علييف يستقبل وفدا أوروبيا - موقع الأخبار</title>
<meta property="og:title" content="علييف يستقبل وفدا أوروبيا في باكو">
<meta property="og:site_name" content="موقع الأخبار">
<meta property="og:url" content="https://news.example/aliyev-delegation">
<meta property="article:published_time" content="2023-10-20T09:30:00+03:00">
<script>var headline = "طهران تعلن"; window.dataLayer = [];</script>
<style>.share { color: red; }</style>
</head>
<body>
<header>
  <nav><a href="/">الرئيسية</a> <a href="/world">لبنان</a> <a href="/sport">رياضة</a></nav>
</header>
<main>
<article>
  <h1>علييف يستقبل وفدا أوروبيا في باكو</h1>
  <div class="share-buttons"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <span>شارك الخبر</span></div>
  <p>استقبل الرئيس الأذربيجاني إلهام علييف اليوم في باكو وفدا من الاتحاد الأوروبي لبحث الأوضاع في المنطقة.</p>
  <p>وأكد الجانبان أهمية استئناف المفاوضات مع أرمينيا<br>في أقرب وقت ممكن.</p>
  <p>اقرأ أيضا</p>
  <aside class="related"><p>واشنطن تدعو إلى التهدئة</p></aside>
</article>
</main>
<footer><p>جميع الحقوق محفوظة</p><p>القاهرة</p></footer>
<script>console.log("بغداد");</script>
</body>
</html>
"""

JSONL_ITEMS = [
    '{"title": "زاخاروفا تعلق على المحادثات", "text": "قالت ماريا زاخاروفا إن موسكو مستعدة لاستضافة المحادثات.", "source": "وكالة", "date": "2023-10-06"}',
    '{"title": "ماكرون يتصل بعلييف", "body": "أجرى الرئيس الفرنسي إيمانويل ماكرون اتصالا هاتفيا مع الرئيس الأذربيجاني إلهام علييف.", "source": "وكالة"}',
    '{"content": "<p>أعلنت أنقرة دعمها لأذربيجان.</p><p>وقالت إن السلام ممكن.</p>", "url": "https://news.example/3"}',
    '{"title": "خبر غير مكتمل", "text": "هذا السطر',
    '',
    '{"title": "بيان من يريفان", "text": "أصدرت الحكومة في يريفان بيانا حول الحدود مع أذربيجان."}',
]

JSON_ARRAY = [
    {"title": "الأمم المتحدة ترسل بعثة", "body": "قررت الأمم المتحدة إرسال بعثة إلى قره باغ.", "date": "2023-10-01"},
    {"title": "باريس وأرمينيا", "content": "وقعت فرنسا وأرمينيا اتفاقا للتعاون الدفاعي في باريس."},
    {"title": "An English item", "text": "France and Armenia signed a defence agreement.", "lang": "en"},
]

YAML_MD = """---
title: "باشينيان في بروكسل"
source: وكالة الأنباء
url: https://news.example/pashinyan-brussels
date: 2023-10-15
lang: ar
---

# باشينيان في بروكسل

التقى رئيس الوزراء الأرمني نيكول باشينيان في بروكسل بمسؤولين من الاتحاد الأوروبي.

- بحث الجانبان الوضع الإنساني في أرمينيا.
- واتفقا على مواصلة الحوار.
"""

TOML_MD = """+++
title = "علييف في أنقرة"
source = "وكالة الأنباء"
url = "https://news.example/aliyev-ankara"
date = 2023-10-16
lang = "ar"
+++

# علييف في أنقرة

زار الرئيس الأذربيجاني إلهام علييف أنقرة اليوم والتقى نظيره التركي.
"""

DUPLICATE = """موسكو تستضيف لقاء ثلاثيا

تستضيف موسكو الأسبوع المقبل لقاء يجمع روسيا وأرمينيا وأذربيجان.
"""

SOURCE_DOCS = [
    "وصل وفد من الاتحاد الأوروبي إلى يريفان لبحث المساعدات الإنسانية.",
    "قالت روسيا إنها ستواصل مهمة قوات حفظ السلام في المنطقة.",
    "أعلنت فرنسا تقديم مساعدات جديدة إلى أرمينيا هذا الشهر.",
]
# A line every article of this source carries: boilerplate, not news (it names Tehran so that
# a test can tell it was dropped).
SOURCE_LINE = "مراسلنا في طهران يتابع التطورات على مدار الساعة"


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/ingest")
    write(out / "windows-1256.txt", MOSCOW.replace("\n", "\r\n").encode("cp1256"))
    write(out / "utf16le.txt", b"\xff\xfe" + PARIS.encode("utf-16-le"))
    write(out / "utf16be.txt", b"\xfe\xff" + UN.encode("utf-16-be"))
    write(out / "utf8-bom.txt", b"\xef\xbb\xbf" + ANKARA.encode("utf-8"))
    write(out / "presentation-forms.txt", shape(TEHRAN).encode("utf-8"))
    write(out / "stdin.txt", PASHINYAN.encode("utf-8"))
    write(out / "page.html", PAGE.encode("utf-8"))
    write(out / "feed.jsonl", ("\n".join(JSONL_ITEMS) + "\n").encode("utf-8"))
    write(out / "feed.json",
          (json.dumps(JSON_ARRAY, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    write(out / "front-matter-yaml.md", YAML_MD.encode("utf-8"))
    write(out / "front-matter-toml.md", TOML_MD.encode("utf-8"))
    # A PNG signature and header chunk followed by bytes with NULs: not text.
    binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    write(out / "binary.txt", binary)
    write(out / "empty.txt", b"")
    write(out / "english.txt", ENGLISH.encode("utf-8"))
    write(out / "duplicate" / "first.txt", DUPLICATE.encode("utf-8"))
    write(out / "duplicate" / "copy.txt", DUPLICATE.replace("\n", "\r\n").encode("utf-8"))
    for i, body in enumerate(SOURCE_DOCS, 1):
        text = f"{body}\n\n{SOURCE_LINE}\n"
        write(out / "one-source" / f"article-{i}.txt", text.encode("utf-8"))


if __name__ == "__main__":
    main()
