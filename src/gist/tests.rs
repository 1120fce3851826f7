use super::*;
use crate::arabic::Words;
use crate::text::tokenize;

fn verbs() -> Verbs {
    Verbs::builtin().unwrap()
}

/// The verb and actor of a one-sentence text, through the whole analysis.
fn gist(text: &str) -> Gist {
    let engine = crate::pipeline::Engine::builtin().unwrap();
    use crate::ingest::{Format, IngestOptions, ingest_text};
    let ing = ingest_text("t.txt", Format::Text, text, &IngestOptions::default());
    let docs = engine.analyze(ing.documents);
    parts(&docs[0].sentences[0])
}

#[test]
fn forms_know_their_tense_gender_and_number() {
    let v = verbs();
    let shape = |w: &str| v.shape(&arabic::norm(w), w).unwrap();
    let cases = [
        // (form, tense, gender, dual, object attached)
        ("قال", Tense::Past, Gender::Masculine, false, false),
        ("وقالت", Tense::Past, Gender::Feminine, false, false),
        ("أعلنا", Tense::Past, Gender::Masculine, true, false),
        ("أكدتا", Tense::Past, Gender::Feminine, true, false),
        ("دعا", Tense::Past, Gender::Masculine, false, false),
        ("تقول", Tense::Present, Gender::Feminine, false, false),
        ("يرفض", Tense::Present, Gender::Masculine, false, false),
        ("مضيفا", Tense::Participle, Gender::Unknown, false, false),
        ("واتهمه", Tense::Past, Gender::Masculine, false, true),
        ("أجراها", Tense::Past, Gender::Masculine, false, true),
    ];
    for (form, tense, gender, dual, suffixed) in cases {
        let (s, suf) = shape(form);
        assert_eq!(
            (s.tense, s.gender, s.dual, suf),
            (tense, gender, dual, suffixed),
            "{form}"
        );
    }
    assert!(v.shape(&arabic::norm("الوفد"), "الوفد").is_none());
    // وزارة (ministry), not وزار + ه.
    assert!(v.shape(&arabic::norm("وزارة"), "وزارة").is_none());
}

#[test]
fn the_english_verb_marks_negation_and_possibility() {
    let e = Entry {
        english: "accused".into(),
        base: Some("accuse".into()),
        object_before: None,
        not_before: WordSet::default(),
    };
    assert_eq!(e.english_with(None, None), "accused");
    assert_eq!(e.english_with(Some("did not"), None), "did not accuse");
    assert_eq!(e.english_with(None, Some("may")), "may accuse");
    assert_eq!(
        e.english_with(Some("does not"), Some("may")),
        "may not accuse"
    );
    let bare = Entry { base: None, ..e };
    assert_eq!(bare.english_with(Some("did not"), None), "has not accused");
    assert_eq!(bare.english_with(None, Some("may")), "may have accused");
}

#[test]
fn finds_the_first_verb_outside_a_relative_clause() {
    let v = verbs();
    let w = Words::builtin();
    let g = crate::entities::Gazetteer::builtin().unwrap();
    let find = |s: &str| v.find(s, &tokenize(s, 0, s.len(), &w), &[], &g);
    let found = find("وقالت الوزارة إن الوفد أعلن موعد الزيارة").unwrap();
    assert_eq!((found.english.as_str(), found.start), ("said", 0));
    assert!(find("الوفد في باكو").is_none());
    // "the mission that visited": the relative clause's verb is not the sentence's.
    assert!(find("البعثة التي زارت المنطقة").is_none());
    // "وقع في": took place in, not signed.
    assert!(find("وقع الانفجار في السوق").is_some());
    assert!(find("ووقع في السوق انفجار").is_none());
}

#[test]
fn a_configured_file_adds_verbs_and_bad_files_name_themselves() {
    let mut v = verbs();
    let n = v.len();
    v.add_toml(
        "mine.toml",
        "[[verb]]\narabic = [\"ندد\"]\nenglish = \"condemned\"\n",
    )
    .unwrap();
    assert_eq!(v.len(), n + 1);
    let s = "ندد الوزير بالهجوم";
    let w = Words::builtin();
    let g = crate::entities::Gazetteer::builtin().unwrap();
    assert_eq!(
        v.find(s, &tokenize(s, 0, s.len(), &w), &[], &g)
            .unwrap()
            .english,
        "condemned"
    );
    let e = v
        .add_toml("bad.toml", "[[verb]]\narabic = \"x\"\n")
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("bad.toml") && msg.contains("line"), "{msg}");
    let e = v
        .add_toml(
            "bad.toml",
            "[[negation]]\narabic = [\"لم\"]\nenglish = \"did not\"\nbefore = \"later\"\n",
        )
        .unwrap_err();
    assert!(e.to_string().contains("bad.toml"), "{e}");
}

#[test]
fn the_actor_is_the_subject_or_nobody() {
    let cases = [
        // (what it shows, sentence, actor, verb)
        (
            "verb, then subject",
            "أعلنت روسيا اليوم أن أرمينيا وأذربيجان وافقتا على المشاركة بمفاوضات موسكو.",
            Some("Russia"),
            "announced",
        ),
        (
            "an office, then the person",
            "وقالت المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا، إن باكو ويريفان أكدتا مشاركتهما.",
            Some("Maria Zakharova"),
            "said",
        ),
        (
            "subject, then verb, at the start",
            "باريس تحذر من احتمال اختفاء أدلة في دوما",
            Some("Paris"),
            "warned",
        ),
        (
            "a masculine verb before a country: its object",
            "واتهم أذربيجان باستخدام البعثة الأممية.",
            None,
            "accused",
        ),
        (
            "the object right before its preposition",
            "واتهمت روسيا بقصف المدنيين.",
            None,
            "accused",
        ),
        (
            "a feminine verb before a man: its object",
            "وانتقدت ماكرون بسبب تصريحاته.",
            None,
            "criticized",
        ),
        (
            "a place after a preposition is the scene",
            "وشدد على أهمية مواصلة الحوار مع باكو.",
            None,
            "insisted",
        ),
        (
            "a dateline city",
            "لندن - رفض الاتحاد الرياضي طلب النادي.",
            None,
            "rejected",
        ),
        (
            "a news agency never acts",
            "ذكرت وكالة رويترز أن القوات انسحبت من المدينة.",
            None,
            "reported",
        ),
        (
            "nor does a channel in a complement",
            "وقال سكان محليون لبي بي سي إن عددا من الأسر عالقة.",
            None,
            "said",
        ),
        (
            "a participle's subject is in another sentence",
            "مضيفا أن أنقرة تتجاهل مجموعة مينسك.",
            None,
            "said",
        ),
        (
            "an attached object pronoun",
            "واتهمه وزير الخارجية بالكذب.",
            None,
            "accused",
        ),
        (
            "a passive written with its damma",
            "وأُعلن عن وقف إطلاق النار في موسكو.",
            None,
            "announced",
        ),
        (
            "negated",
            "ولم تعلن الحكومة السورية موقفها من الاتفاق.",
            Some("Syrian Government"),
            "did not announce",
        ),
        (
            "not yet done",
            "ويخشى مسؤولون أن يرفض الكونغرس الاتفاق النووي مع إيران.",
            Some("US Congress"),
            "may reject",
        ),
        (
            "an institution named by its nationality",
            "وطالبت الخارجية المصرية إيران بالكف عن التدخل.",
            Some("Egyptian foreign ministry"),
            "demanded",
        ),
        (
            "a name in the genitive is not the subject",
            "سلوك أذربيجان يهدد الاستقرار في المنطقة",
            None,
            "threatened",
        ),
    ];
    for (what, text, actor, verb) in cases {
        let g = gist(text);
        assert_eq!(
            (g.actor.as_deref(), g.verb.as_deref()),
            (actor, Some(verb)),
            "{what}: {}",
            g.line
        );
    }
}

#[test]
fn the_line_puts_the_actor_with_its_role_first() {
    let g = gist(
        "وقالت المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا، إن باكو ويريفان أكدتا مشاركتهما في مشاورات موسكو.",
    );
    assert!(
        g.line.starts_with(
            "Maria Zakharova (Spokesperson for the Ministry of Foreign Affairs of Russia) — said — "
        ),
        "{g:?}"
    );
    assert!(g.line.contains("consultations"), "{g:?}");
    // Without a verb, no actor: the terms and the names.
    let g = gist("وفد رسمي مصري في السودان");
    assert_eq!((g.actor, g.verb), (None, None));
    assert!(
        g.line.contains("Egypt") && g.line.contains("Sudan"),
        "{}",
        g.line
    );
}
