use super::*;

// ---------------------------------------------------------------------------------------------
// Normalization, letters, clitics, stems
// ---------------------------------------------------------------------------------------------

#[test]
fn normalization_table() {
    let rows = [
        ("presentation forms", "ﻃﻬﺮﺍﻥ ﺗﻌﺮﺽ", "طهران تعرض"),
        ("lam-alef ligature", "ﻻ ﺍﻹﻳﺮﺍﻧﻲ", "لا الايراني"),
        ("rial sign U+FDFC", "100 \u{FDFC}", "100 ريال"),
        ("basmala U+FDFD", "\u{FDFD}", "بسم الله الرحمن الرحيم"),
        ("allah ligature U+FDF2", "\u{FDF2}", "الله"),
        ("diacritics", "مُحَمَّدٌ", "محمد"),
        ("superscript alef", "هٰذا", "هذا"),
        ("tatweel", "بـــاكو", "باكو"),
        (
            "bidi marks",
            "\u{200F}باكو\u{200E} \u{202B}يريفان\u{202C}",
            "باكو يريفان",
        ),
        ("isolates", "\u{2067}باكو\u{2069}", "باكو"),
        ("zero width", "با\u{200B}كو\u{200C}\u{200D}\u{2060}", "باكو"),
        ("byte order mark", "\u{FEFF}باكو", "باكو"),
        ("alef variants", "أإآٱا", "ااااا"),
        ("alef maqsura", "موسى على", "موسي علي"),
        ("ta marbuta", "وزارة الخارجية", "وزاره الخارجيه"),
        ("hamza seats", "مسؤول رئيس", "مسوول رييس"),
        ("arabic-indic digits", "٢٠٢٣/١٠/٩", "2023/10/9"),
        ("persian digits", "۱۴۰۲", "1402"),
        ("arabic comma", "باكو، يريفان", "باكو, يريفان"),
        ("latin lowercased", "NATO EU", "nato eu"),
        ("no-break space", "باكو\u{00A0}يريفان", "باكو يريفان"),
        ("fullwidth latin", "ＵＮ", "un"),
        ("keheh and farsi yeh", "کیف", "كيف"),
    ];
    for (name, input, want) in rows {
        assert_eq!(normalize(input).text, want, "{name}");
    }
}

#[test]
fn norm_collapses_white_space() {
    assert_eq!(norm("  إقليم \n\t قره   باغ "), "اقليم قره باغ");
}

#[test]
fn offset_map_points_back_to_the_original() {
    let original = "قالَ ﻃﻬﺮﺍﻥ \u{FDFD} بـاكو";
    let n = normalize(original);
    // "طهران" in the normalized text maps back to the presentation-form word.
    let s = n.text.find("طهران").unwrap();
    let (a, b) = n.orig_range(s, s + "طهران".len(), original);
    assert_eq!(&original[a..b], "ﻃﻬﺮﺍﻥ");
    // Every byte of an expansion maps to the one original character.
    let s = n.text.find("الرحمن").unwrap();
    let (a, b) = n.orig_range(s, s + "الرحمن".len(), original);
    assert_eq!(&original[a..b], "\u{FDFD}");
    // A removed tatweel stays inside the original range of the word around it.
    let s = n.text.find("باكو").unwrap();
    let (a, b) = n.orig_range(s, s + "باكو".len(), original);
    assert_eq!(&original[a..b], "بـاكو");
    assert_eq!(n.orig(n.text.len()), original.len());
}

#[test]
fn letters_and_word_chars() {
    let rows = [
        ('ب', true, true),
        ('ی', true, true),
        ('a', false, true),
        ('٣', false, true),
        ('\u{064E}', false, true),
        ('،', false, false),
        ('ـ', false, true),
    ];
    for (c, arabic, word) in rows {
        assert_eq!(is_arabic_letter(c), arabic, "{c:?}");
        assert_eq!(is_word_char(c), word, "{c:?}");
    }
}

#[test]
fn arabic_share_of_letters() {
    assert_eq!(arabic_share("باكو"), 1.0);
    assert_eq!(arabic_share("Baku"), 0.0);
    assert_eq!(arabic_share("123 !"), 0.0);
    assert_eq!(arabic_share("باكو Baku"), 0.5);
    assert_eq!(arabic_share("ﻃﻬﺮﺍﻥ"), 1.0);
}

#[test]
fn clitic_table() {
    let rows = [
        // Names and words whose first letters only look like clitics.
        ("baku", "باكو", "", "باكو"),
        ("baghdad", "بغداد", "", "بغداد"),
        ("lebanon", "لبنان", "", "لبنان"),
        ("france", "فرنسا", "", "فرنسا"),
        ("kuwait", "كويت", "", "كويت"),
        ("minister", "وزير", "", "وزير"),
        ("washington", "واشنطن", "", "واشنطن"),
        ("warsaw", "وارسو", "", "وارسو"),
        ("delegation", "وفد", "", "وفد"),
        ("allah", "الله", "", "الله"),
        ("algeria", "الجزاير", "", "الجزاير"),
        ("albania", "البانيا", "", "البانيا"),
        // Real clitics.
        ("and baku", "وباكو", "و", "باكو"),
        ("and baghdad", "وبغداد", "و", "بغداد"),
        ("and lebanon", "ولبنان", "و", "لبنان"),
        ("and the minister", "والوزير", "وال", "وزير"),
        ("and the minister (protected core)", "ووزير", "و", "وزير"),
        ("the president", "الرييس", "ال", "رييس"),
        ("with the", "بالعاصمه", "بال", "عاصمه"),
        ("for the", "للامم", "لل", "امم"),
        ("and for the", "وللامم", "ولل", "امم"),
        ("so the", "فالحكومه", "فال", "حكومه"),
        ("like the", "كالعاده", "كال", "عاده"),
        ("and with the", "وبالعاصمه", "وبال", "عاصمه"),
        // Too short to strip.
        ("short after waw", "ولد", "", "ولد"),
        ("short after al", "الي", "", "الي"),
        ("waw alone", "و", "", "و"),
    ];
    let words = Words::builtin();
    for (name, word, prefix, core) in rows {
        assert_eq!(words.split_clitics(word), (prefix, core), "{name}");
    }
}

#[test]
fn stems_are_light_and_leave_latin_alone() {
    assert_eq!(stem("nato"), "nato");
    assert_eq!(stem("2023"), "2023");
    // Sound plurals, the feminine and the nisba meet their base.
    assert_eq!(stem("لاجيين"), stem("لاجيون"));
    assert_eq!(stem("صحفيين"), stem("صحفيون"));
    assert_eq!(stem("عسكريه"), stem("عسكري"));
    assert_eq!(stem("رييسه"), stem("رييس"));
}

#[test]
fn remembered_stems_are_the_stemmers() {
    let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic);
    // Words asked twice (the second answer comes from the table of recent words), one too
    // long for the table, and enough words that some share a slot.
    let mut words: Vec<String> = ["المفاوضات", "صحفيين", "والمستشفيات", "يستقبلون"]
        .iter()
        .map(|w| norm(w))
        .collect();
    words.push("الاستراتيجيات".repeat(3));
    for i in 0..3 * RECENT_SLOTS {
        words.push(format!("كتب{}", "ا".repeat(i % 7)) + &"ن".repeat(i / 7 % 5));
        words.push(format!("س{i}ل"));
    }
    for _ in 0..2 {
        for w in &words {
            assert_eq!(stem(w), snowball.stem(w), "{w}");
        }
    }
    let mut recent = Recent::default();
    assert_eq!(recent.get("كتب"), None);
    recent.put("كتب", "كتب");
    recent.put("مكتبات", "مكتب");
    assert_eq!(recent.get("مكتبات"), Some("مكتب"));
    assert_eq!(recent.get("مكتبة"), None);
    let long = "ا".repeat(RECENT_LEN);
    recent.put(&long, "ا");
    assert_eq!(recent.get(&long), None);
    release_stem_memo();
}

#[test]
fn stop_words() {
    let words = Words::builtin();
    let s = "قال إن الوفد من باكو";
    let toks = crate::text::tokenize(s, 0, s.len(), &words);
    let stops: Vec<bool> = toks
        .iter()
        .map(|t| words.is_stop(&t.norm, &t.core))
        .collect();
    assert_eq!(stops, [false, true, false, true, false]);
    assert!(words.stop.contains("في"));
}

#[test]
fn terminators_end_sentences() {
    for c in ['.', '؟', '?', '!', '…'] {
        assert!(is_terminator(c), "{c}");
    }
    for c in ['،', ',', '؛', ':'] {
        assert!(!is_terminator(c), "{c}");
    }
}

#[test]
fn slugs_are_readable_ascii() {
    let rows = [
        ("accents", "Sébastien Lecornu", "sebastien-lecornu"),
        ("comma-below and breve", "Chișinău", "chisinau"),
        ("a path", "../../etc", "etc"),
        ("capital accent", "Élysée Palace", "elysee-palace"),
        (
            "an office",
            "Ministry of Foreign Affairs of Armenia",
            "ministry-of-foreign-affairs-of-armenia",
        ),
    ];
    for (name, s, want) in rows {
        assert_eq!(slug(s), want, "{name}");
    }
    // An Arabic title gives a key of ASCII letters, not an empty one.
    let ar = slug("أخبار اليوم");
    assert!(
        !ar.is_empty() && ar.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "{ar}"
    );
}

#[test]
fn edit_distance_counts_characters() {
    assert_eq!(edit_distance("باكو", "باكو"), 0);
    assert_eq!(edit_distance("باشينيان", "باشنيان"), 1);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}

#[test]
fn word_lists_skip_comments_and_normalize() {
    let set = word_list("# a comment\nإلى  # after\n\nأيضاً\n");
    assert_eq!(set.len(), 2);
    assert!(set.contains("الي") && set.contains("ايضا"));
}

// ---------------------------------------------------------------------------------------------
// The models' own forms, against the training scripts
// ---------------------------------------------------------------------------------------------

/// `tests/data/model_forms.tsv`: input, the tagger's form and the romanizer's form, as the
/// training scripts (`scripts/train_ner.py`, `scripts/romanizer_common.py`) write them; made
/// by `scripts/model_forms_fixture.py`.
const MODEL_FORMS: &str = include_str!("../../tests/data/model_forms.tsv");

#[test]
fn model_forms_match_the_training_scripts() {
    let mut rows = 0;
    for line in MODEL_FORMS.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        let input = unescape(cols[0]);
        assert_eq!(
            model_forms::tagger(&input),
            unescape(cols[1]),
            "tagger {:?}",
            cols[0]
        );
        assert_eq!(
            model_forms::romanizer(&input),
            unescape(cols[2]),
            "romanizer {:?}",
            cols[0]
        );
        rows += 1;
    }
    assert!(rows >= 20, "the fixture has {rows} rows");
}

/// The fixture writes code points outside the printable range as `\u{XXXX}`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\\u{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').expect("closing brace") + i;
        let cp = u32::from_str_radix(&rest[i + 3..end], 16).expect("hex");
        out.push(char::from_u32(cp).expect("a char"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}
