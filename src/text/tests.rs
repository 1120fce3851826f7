use super::*;
use crate::arabic::*;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Normalization
// ---------------------------------------------------------------------------------------------

#[test]
fn char_offsets() {
    let t = "باكو abc ﻃﻬﺮﺍﻥ";
    let idx = CharIndex::new(t);
    for (b, _) in t.char_indices().chain([(t.len(), ' ')]) {
        assert_eq!(idx.char_of(b), char_offset(t, b));
    }
    assert_eq!(char_offset(t, "باكو".len()), 4);
}

// ---------------------------------------------------------------------------------------------
// Clitics, stems, stop words, tokens
// ---------------------------------------------------------------------------------------------

#[test]
fn tokens_keep_offsets_and_forms() {
    let t = "وصل وزيرُ الخارجية إلى بـاكو، والتقى بالرئيس في 2023.";
    let toks = tokenize(t, 0, t.len(), &Words::builtin());
    let raw: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
    assert_eq!(
        raw,
        [
            "وصل",
            "وزيرُ",
            "الخارجية",
            "إلى",
            "بـاكو",
            "والتقى",
            "بالرئيس",
            "في",
            "2023"
        ]
    );
    let cores: Vec<&str> = toks.iter().map(|k| k.core.as_str()).collect();
    assert_eq!(
        cores,
        [
            "وصل",
            "وزير",
            "خارجيه",
            "الي",
            "باكو",
            "التقي",
            "رييس",
            "في",
            "2023"
        ]
    );
    assert_eq!(toks[4].norm, "باكو");
    // A range inside the text: offsets stay absolute.
    let s = t.find("إلى").unwrap();
    let sub = tokenize(t, s, t.len(), &Words::builtin());
    assert_eq!(sub[0].start, s);
}

// ---------------------------------------------------------------------------------------------
// Segmentation
// ---------------------------------------------------------------------------------------------

fn sentences(text: &str) -> Vec<String> {
    segment(text, &[], SegmentOptions::default())
        .iter()
        .map(|s| display(&text[s.start..s.end]))
        .collect()
}

#[test]
fn segmentation_table() {
    let rows: &[(&str, &str, &[&str])] = &[
        (
            "full stop",
            "قال الرئيس إن المحادثات مستمرة. وأضاف الوزير أن الوفد وصل.",
            &[
                "قال الرئيس إن المحادثات مستمرة.",
                "وأضاف الوزير أن الوفد وصل.",
            ],
        ),
        (
            "arabic question mark",
            "هل تنجح المحادثات؟ لا أحد يعرف.",
            &["هل تنجح المحادثات؟", "لا أحد يعرف."],
        ),
        (
            "latin question and exclamation marks",
            "Will they meet? Yes! They will.",
            &["Will they meet?", "Yes!", "They will."],
        ),
        (
            "ellipsis character",
            "انتظر الجميع الخبر… ثم جاء الإعلان.",
            &["انتظر الجميع الخبر…", "ثم جاء الإعلان."],
        ),
        (
            "runs of terminators",
            "لكنها لا تزال هشة…. وقال المصدر إن الهدنة قريبة!! هل هذا صحيح؟!",
            &[
                "لكنها لا تزال هشة….",
                "وقال المصدر إن الهدنة قريبة!!",
                "هل هذا صحيح؟!",
            ],
        ),
        (
            "arabic semicolon is a clause boundary",
            "وعلى نقيض الفحم الحجري؛ فإن النفط يمكن تحويله إلى وقود.",
            &["وعلى نقيض الفحم الحجري؛ فإن النفط يمكن تحويله إلى وقود."],
        ),
        (
            "decimals",
            "بلغ النمو 3.5 في المئة. وارتفع التضخم إلى 4.25 بالمئة.",
            &["بلغ النمو 3.5 في المئة.", "وارتفع التضخم إلى 4.25 بالمئة."],
        ),
        (
            "slashed and dotted dates",
            "في 2020/10/9 أعلنت الوزارة ذلك. وفي 10.9.2020 عادت ونفته.",
            &[
                "في 2020/10/9 أعلنت الوزارة ذلك.",
                "وفي 10.9.2020 عادت ونفته.",
            ],
        ),
        (
            "arabic-indic decimal",
            "بلغ النمو ٣.٥ في المئة. وقال الوزير ذلك.",
            &["بلغ النمو ٣.٥ في المئة.", "وقال الوزير ذلك."],
        ),
        (
            "quote closes after the full stop",
            "قال الوزير: \"نحن مستعدون للحوار.\" وأضاف أن الوفد جاهز.",
            &[
                "قال الوزير: \"نحن مستعدون للحوار.\"",
                "وأضاف أن الوفد جاهز.",
            ],
        ),
        (
            "guillemets hold their sentences",
            "قال «انتهى الأمر. لن نعود» ثم غادر القاعة.",
            &["قال «انتهى الأمر. لن نعود» ثم غادر القاعة."],
        ),
        (
            "brackets hold their sentences",
            "وصل الوفد (انظر التقرير السابق. المصدر نفسه) إلى باكو.",
            &["وصل الوفد (انظر التقرير السابق. المصدر نفسه) إلى باكو."],
        ),
        (
            "arabic abbreviation",
            "قال د. أحمد علي إن النتائج جيدة.",
            &["قال د. أحمد علي إن النتائج جيدة."],
        ),
        (
            "latin abbreviations",
            "The U.S. envoy met Dr. Smith in Baku. Talks went on.",
            &["The U.S. envoy met Dr. Smith in Baku.", "Talks went on."],
        ),
        (
            "urls and versions",
            "نشر البيان على موقع news.example.com أمس. وقال المتحدث ذلك.",
            &[
                "نشر البيان على موقع news.example.com أمس.",
                "وقال المتحدث ذلك.",
            ],
        ),
        (
            "dot glued to the next arabic word",
            "كوكب زحل حار جدا .زحل يطلق كمية من الأشعة.",
            &["كوكب زحل حار جدا .", "زحل يطلق كمية من الأشعة."],
        ),
        (
            "negative number is not a bullet",
            "انخفضت الحرارة إلى\n-5 درجات ليلا.",
            &["انخفضت الحرارة إلى -5 درجات ليلا."],
        ),
    ];
    for (name, text, want) in rows {
        assert_eq!(sentences(text), *want, "{name}");
    }
}

#[test]
fn line_structure_table() {
    let rows: &[(&str, &str, &[&str], &[bool])] = &[
        (
            "headline and paragraph",
            "أرمينيا وأذربيجان تنخرطان بمباحثات موسكو\n\nأعلنت روسيا أن البلدين وافقا على المشاركة.\n",
            &[
                "أرمينيا وأذربيجان تنخرطان بمباحثات موسكو",
                "أعلنت روسيا أن البلدين وافقا على المشاركة.",
            ],
            &[true, false],
        ),
        (
            "sub-heading with a colon inside",
            "أعلن الوزير ذلك.\n\nرئيس الوزراء الأرمني: إقليم آرتساخ يواجه كارثة إنسانية\n\nوقال باشينيان إن الوضع خطير.\n",
            &[
                "أعلن الوزير ذلك.",
                "رئيس الوزراء الأرمني: إقليم آرتساخ يواجه كارثة إنسانية",
                "وقال باشينيان إن الوضع خطير.",
            ],
            &[false, true, false],
        ),
        (
            "hard line wraps inside a sentence",
            "وقال وكيل الوزارة إن\nكميات الخامات المستغلة في المواقع\nبلغت أكثر من 62 مليون طن.\n",
            &["وقال وكيل الوزارة إن كميات الخامات المستغلة في المواقع بلغت أكثر من 62 مليون طن."],
            &[false],
        ),
        (
            "paragraph break ends an unpunctuated sentence",
            "وقالت المتحدثة إن التحضيرات جارية بمشاركة وزيري خارجية البلدين,\n\nيأتي ذلك مع حديث الرئاسة الفرنسية عن هدنة.\n",
            &[
                "وقالت المتحدثة إن التحضيرات جارية بمشاركة وزيري خارجية البلدين,",
                "يأتي ذلك مع حديث الرئاسة الفرنسية عن هدنة.",
            ],
            &[false, false],
        ),
        (
            "bullets with a dash and a tatweel",
            "وجاءت شروط المشاركة كالآتي:\n- ترسل الرسومات قبل نهاية الشهر.\nـ تعلن النتائج في حفل عام.\n",
            &[
                "وجاءت شروط المشاركة كالآتي:",
                "ترسل الرسومات قبل نهاية الشهر.",
                "تعلن النتائج في حفل عام.",
            ],
            &[false, false, false],
        ),
        (
            "list items after a colon without bullets",
            "وأوضح مدير المشروع في مؤتمر صحفي عقده اليوم أن العمل سيجري على مرحلتين خلال العامين المقبلين بتمويل حكومي كامل.\nوتشمل المرحلة الأولى ما يلي:\nتقييم مصادر الإشعاع الشمسي\nإنشاء محطة للمعايرة السنوية\n",
            &[
                "وأوضح مدير المشروع في مؤتمر صحفي عقده اليوم أن العمل سيجري على مرحلتين خلال العامين المقبلين بتمويل حكومي كامل.",
                "وتشمل المرحلة الأولى ما يلي:",
                "تقييم مصادر الإشعاع الشمسي",
                "إنشاء محطة للمعايرة السنوية",
            ],
            &[false, false, false, false],
        ),
        (
            "hard wraps of a newspaper column",
            "أعلنت الوزارة اليوم أنها منحت 252 رخصة لاستثمارات تعدينية\nفي المنطقة الشرقية باستثمار يتجاوز 1.8 مليار ريال ومساحة\nكبيرة تمتد على عدة محافظات.\nوقال وكيل الوزارة إن كميات الخامات المستغلة في المواقع\nالجديدة بلغت أكثر من 62 مليون طن.\n",
            &[
                "أعلنت الوزارة اليوم أنها منحت 252 رخصة لاستثمارات تعدينية في المنطقة الشرقية باستثمار يتجاوز 1.8 مليار ريال ومساحة كبيرة تمتد على عدة محافظات.",
                "وقال وكيل الوزارة إن كميات الخامات المستغلة في المواقع الجديدة بلغت أكثر من 62 مليون طن.",
            ],
            &[false, false],
        ),
        (
            "numbered list",
            "أهم النتائج:\n1) وقف إطلاق النار.\n2. تبادل الأسرى.\n",
            &["أهم النتائج:", "وقف إطلاق النار.", "تبادل الأسرى."],
            &[false, false, false],
        ),
        (
            "markdown heading marks are not sentence text",
            "## باشينيان في بروكسل\n\nالتقى رئيس الوزراء مسؤولين أوروبيين.\n",
            &["باشينيان في بروكسل", "التقى رئيس الوزراء مسؤولين أوروبيين."],
            &[true, false],
        ),
    ];
    for (name, text, want, headings) in rows {
        let spans = segment(text, &[], SegmentOptions::default());
        let got: Vec<String> = spans
            .iter()
            .map(|s| display(&text[s.start..s.end]))
            .collect();
        assert_eq!(got, *want, "{name}");
        let h: Vec<bool> = spans.iter().map(|s| s.heading).collect();
        assert_eq!(h, *headings, "{name}: headings");
    }
}

#[test]
fn paragraphs_and_positions() {
    let text = "العنوان هنا\n\nجملة أولى. جملة ثانية.\n\nجملة ثالثة.\n";
    let spans = segment(text, &[], SegmentOptions::default());
    let places: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.paragraph, s.in_paragraph))
        .collect();
    assert_eq!(places, [(0, 0), (1, 0), (1, 1), (2, 0)]);
}

#[test]
fn skipped_lines_are_left_out() {
    let text = "شارك الخبر\nقال الوزير إن الوفد وصل.\nاقرأ أيضا\nوأضاف أن المحادثات بدأت.\n";
    let first = text.find("شارك").unwrap();
    let line1 = (first, first + "شارك الخبر".len());
    let third = text.find("اقرأ").unwrap();
    let line3 = (third, third + "اقرأ أيضا".len());
    let spans = segment(text, &[line1, line3], SegmentOptions::default());
    let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
    assert_eq!(
        got,
        ["قال الوزير إن الوفد وصل.", "وأضاف أن المحادثات بدأت."]
    );
}

#[test]
fn long_run_on_sentences_split_at_a_clause_boundary() {
    let clause = "تحدث الوزير طويلا اليوم في العاصمة عن الأوضاع في المنطقة وعن المساعدات الإنسانية وعن الحوار مع الجيران";
    // 4 clauses of 17 words joined by "، وأضاف" / "، مؤكدا" / "، حيث": 71 words.
    let text = format!("{clause}، وأضاف {clause}، مؤكدا {clause}، حيث {clause}.");
    let words = text.split_whitespace().count();
    assert!(words > 60);
    let spans = segment(&text, &[], SegmentOptions::default());
    assert!(spans.len() >= 2);
    for s in &spans {
        let piece = &text[s.start..s.end];
        assert!(piece.split_whitespace().count() >= MIN_CLAUSE_WORDS);
    }
    // Each piece after the first begins with the clause opener.
    assert!(text[spans[1].start..].starts_with(['و', 'م', 'ح']));
    // Off: one sentence.
    let opts = SegmentOptions {
        split_long_words: 0,
        ..SegmentOptions::default()
    };
    assert_eq!(segment(&text, &[], opts).len(), 1);
}

#[test]
fn long_sentence_without_a_boundary_stays_whole() {
    let text = format!("{}.", vec!["كلمة"; 90].join(" "));
    assert_eq!(segment(&text, &[], SegmentOptions::default()).len(), 1);
}

#[test]
fn normalization_maps_back_to_the_original() {
    let s = "أَرْمِينْيَا";
    let n = normalize(s);
    assert_eq!(n.text, "ارمينيا");
    assert_eq!(n.map.len(), n.text.len() + 1);
    assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Characters that matter to the text layer: Arabic letters and marks, presentation forms,
/// ligatures, digits, Latin, punctuation, white space, invisible controls.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::char::range('\u{0621}', '\u{064A}'),
        2 => prop::char::range('\u{064B}', '\u{0670}'),
        2 => prop::char::range('\u{FE70}', '\u{FEFC}'),
        1 => prop::char::range('\u{FB50}', '\u{FDFF}'),
        1 => prop::char::range('\u{0660}', '\u{0669}'),
        1 => prop::char::range('\u{06F0}', '\u{06F9}'),
        2 => prop::char::range('0', '9'),
        2 => prop::char::range('A', 'z'),
        4 => Just(' '),
        2 => Just('\n'),
        1 => prop::sample::select(vec![
            '.', '؟', '?', '!', '…', '؛', ':', '،', ',', '"', '«', '»', '(', ')', '-', 'ـ', '/',
            '#', '•', '\r', '\t', '\u{200B}', '\u{200F}', '\u{202B}', '\u{2067}', '\u{FEFF}',
            '\u{00A0}', '\u{00AD}', '\u{2000}', '½', '℃', 'ﷺ', '\u{FDFD}', '\u{FDFC}', 'é',
        ]),
    ]
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(text_char(), 0..200).prop_map(|v| v.into_iter().collect())
}

/// Text made of words, so that sentences, headings and lists occur.
fn article_strategy() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "قال",
        "الوزير",
        "إن",
        "باكو",
        "ويريفان",
        "3.5",
        "2020/10/9",
        "د.",
        "U.S.",
        "\"نعم.\"",
        "«لا.»",
        "(انظر.",
        ")",
        "-",
        "ـ",
        "1)",
        "#",
        "،",
        ":",
        ".",
        "؟",
        "!",
        "…",
        "؛",
        "\n",
        "\n\n",
        "وأضاف",
        "حيث",
        "مؤكدا",
        "اقرأ",
        "example.com",
    ]);
    prop::collection::vec(word, 0..120).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn normalization_is_idempotent(s in text_strategy()) {
        let once = normalize(&s).text;
        prop_assert_eq!(normalize(&once).text, once);
    }

    #[test]
    fn offset_map_is_monotonic_in_bounds_and_on_char_boundaries(s in text_strategy()) {
        let n = normalize(&s);
        prop_assert_eq!(n.map.len(), n.text.len() + 1);
        prop_assert_eq!(*n.map.last().unwrap(), s.len());
        for w in n.map.windows(2) {
            prop_assert!(w[0] <= w[1]);
        }
        for &o in &n.map {
            prop_assert!(o <= s.len());
            prop_assert!(s.is_char_boundary(o));
        }
        // Ranges of normalized chars map to ranges of the original on char boundaries.
        for (i, c) in n.text.char_indices() {
            let (a, b) = n.orig_range(i, i + c.len_utf8(), &s);
            prop_assert!(a < b && b <= s.len());
            prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
        }
    }

    #[test]
    fn segments_are_ordered_disjoint_and_on_char_boundaries(
        s in prop_oneof![text_strategy(), article_strategy()]
    ) {
        let words = Words::builtin();
        let spans = segment(&s, &[], SegmentOptions::default());
        let mut last_end = 0;
        for sp in &spans {
            prop_assert!(sp.start < sp.end && sp.end <= s.len());
            prop_assert!(sp.start >= last_end);
            prop_assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
            prop_assert!(s[sp.start..sp.end].chars().any(is_word_char));
            last_end = sp.end;
            for t in tokenize(&s, sp.start, sp.end, &words) {
                prop_assert!(sp.start <= t.start && t.start < t.end && t.end <= sp.end);
                prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            }
        }
    }

    #[test]
    fn segmentation_never_panics_on_any_text(s in any::<String>()) {
        let spans = segment(&s, &[], SegmentOptions::default());
        for sp in spans {
            prop_assert!(sp.end <= s.len());
        }
    }

    #[test]
    fn char_index_agrees_with_char_offset(s in text_strategy()) {
        let idx = CharIndex::new(&s);
        for (b, _) in s.char_indices() {
            prop_assert_eq!(idx.char_of(b), char_offset(&s, b));
        }
    }
}

#[test]
fn text_without_punctuation_is_cut_into_bounded_sentences() {
    let text = "كلمة ".repeat(1000);
    let spans = segment(&text, &[], SegmentOptions::default());
    assert!(spans.len() >= 4, "{}", spans.len());
    for s in &spans {
        let n = text[s.start..s.end].split_whitespace().count();
        assert!(n <= MAX_SENTENCE_WORDS, "{n}");
    }
    let total: usize = spans
        .iter()
        .map(|s| text[s.start..s.end].split_whitespace().count())
        .sum();
    assert_eq!(total, 1000);
}

proptest! {
    /// The map-less normalization used for words and lines gives the same text as the full
    /// one, and `norm` is that text with white space collapsed.
    #[test]
    fn normalize_text_agrees_with_normalize(
        s in prop_oneof![text_strategy(), "\\PC{0,40}", "[\u{0600}-\u{06FF}\u{FB50}-\u{FEFF} \t]{0,40}"]
    ) {
        let full = normalize(&s).text;
        prop_assert_eq!(normalize_text(&s), full.clone());
        prop_assert_eq!(norm(&s), full.split_whitespace().collect::<Vec<_>>().join(" "));
    }
}

#[test]
fn two_dots_inside_a_quotation_do_not_end_it() {
    let text = "وقال الوزير: \"الوضع صعب.. لكننا صامدون حتى النهاية\". وغادر القاعة.";
    let got: Vec<&str> = segment(text, &[], SegmentOptions::default())
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(
        got,
        [
            "وقال الوزير: \"الوضع صعب.. لكننا صامدون حتى النهاية\".",
            "وغادر القاعة."
        ]
    );
    // Outside a quotation two dots still end a sentence, as before.
    let plain = "انتهى الاجتماع.. وغادر الوفد القاعة.";
    assert_eq!(segment(plain, &[], SegmentOptions::default()).len(), 2);
}

#[test]
fn a_skipped_range_that_opens_a_line_moves_its_start() {
    let text = "عنوان\n\nسبق- جدة: أعلنت الوزارة خطة جديدة. وبدأ العمل بها.\n";
    let open = text.find("سبق").unwrap();
    let cut = text.find("أعلنت").unwrap();
    let got: Vec<&str> = segment(text, &[(open, cut)], SegmentOptions::default())
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(
        got,
        ["عنوان", "أعلنت الوزارة خطة جديدة.", "وبدأ العمل بها."]
    );
}
