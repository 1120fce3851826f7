use super::*;
use crate::Resources;
use crate::config::Config;

/// The built-in data with the South Caucasus pack, which several cases below name.
fn resources() -> Resources {
    let config = Config {
        packs: vec!["caucasus".into()],
        ..Config::default()
    };
    Resources::from_config(&config).expect("built-in data loads")
}

thread_local! {
    /// One recognizer per test thread: built on the first use of a test, not shared by tests.
    static RESOURCES: Resources = resources();
}

fn find(text: &str) -> Vec<Mention> {
    RESOURCES.with(|r| r.recognizer.recognize(text, &[(0, text.len())]))
}

fn keys(text: &str) -> Vec<(String, Form)> {
    find(text).into_iter().map(|m| (m.key, m.form)).collect()
}

#[test]
fn clitic_prefixes_before_names() {
    for (name, text, key) in [
        ("li-", "وتخطط باريس تقديم الاسلحة لايريفان.", "yerevan"),
        ("wa-", "إن باكو ويريفان أكدتا", "yerevan"),
        ("wa- with hamza", "بين أرمينيا وأذربيجان.", "azerbaijan"),
        ("bi-al", "وقال مصدر بالإليزيه", "elysee"),
        (
            "li-al",
            "التابع للاتحاد الاقتصادي الأوراسي",
            "eurasian-economic-union",
        ),
    ] {
        let ks = keys(text);
        assert!(
            ks.iter()
                .any(|(k, f)| k.starts_with(key) && *f == Form::Name),
            "{name}: {key} not in {ks:?}"
        );
    }
}

#[test]
fn names_that_begin_with_clitic_letters_stay_whole() {
    let ms = find("زار الوزير باكو ثم بغداد ولبنان وفرنسا.");
    let en: Vec<&str> = ms.iter().map(|m| m.english.as_str()).collect();
    for want in ["Baku", "Baghdad", "Lebanon", "France"] {
        assert!(en.contains(&want), "{want} missing from {en:?}");
    }
    let baku = ms.iter().find(|m| m.english == "Baku").unwrap();
    assert_eq!(baku.text, "باكو");
}

#[test]
fn spelling_variants_share_one_key() {
    let a = find("رئيس الوزراء الأرمني نيكول باشنيان");
    let b = find("رئيس الوزراء الأرمني نيكول باشينيان");
    let pa = a
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .expect("person a");
    let pb = b
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .expect("person b");
    assert_eq!(pa.key, pb.key);
    assert_eq!(pa.english, "Nikol Pashinyan");
    let c = find("الرئيس الفرنسي ايمانوئل ماكرون");
    let d = find("الرئيس الفرنسي إيمانويل ماكرون");
    assert_eq!(
        c.iter()
            .find(|m| m.etype == EntityType::Person)
            .map(|m| &m.key),
        d.iter()
            .find(|m| m.etype == EntityType::Person)
            .map(|m| &m.key)
    );
}

#[test]
fn surname_alone_resolves_to_the_full_name() {
    let text = "قال رئيس الوزراء نيكول باشينيان إن الوضع صعب. وأضاف باشينيان أن الحوار ممكن.";
    let (a, b) = text.split_at(text.find(" وأضاف").unwrap());
    let s1 = (0, a.len());
    let s2 = (a.len() + 1, a.len() + b.len());
    let ms = RESOURCES.with(|r| r.recognizer.recognize(text, &[s1, s2]));
    let persons: Vec<&Mention> = ms
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .collect();
    assert_eq!(persons.len(), 2, "{persons:?}");
    assert_eq!(persons[0].key, persons[1].key);
    assert_eq!(persons[1].via, Via::Surname);
}

#[test]
fn jr_after_a_family_name_is_no_surname() {
    // جورج بوش الابن: الابن "the son" ends the name; alone it is the son, not Bush.
    let text = "وقال الرئيس الأمريكي جورج بوش الابن إن الحرب ستنتهي. وعاد الابن إلى منزل والده.";
    let ms = find(text);
    let bush: Vec<&Mention> = ms.iter().filter(|m| m.key == "george-w-bush").collect();
    assert_eq!(bush.len(), 1, "{ms:?}");
    assert_eq!(bush[0].text, "جورج بوش الابن");
}

#[test]
fn nationality_adjectives_link_to_their_country() {
    for (text, english) in [
        ("الطرف الارميني", "Armenia"),
        ("الجيش الأذربيجاني", "Azerbaijan"),
        ("الخارجية الفرنسية", "France"),
        ("الأرمينيين", "Armenia"),
        ("الأذربيجانية", "Azerbaijan"),
    ] {
        let ms = find(text);
        assert!(
            ms.iter().any(|m| m.english.contains(english)),
            "{text}: {ms:?}"
        );
    }
    let ms = find("ممثلي الطرف الفرنسي");
    let adj = ms
        .iter()
        .find(|m| m.form == Form::Adjective)
        .expect("adjective");
    assert_eq!(adj.english, "France");
    assert_eq!(adj.text, "الفرنسي");
}

#[test]
fn organizations_composed_from_parts() {
    for (text, english) in [
        (
            "أعلنت وزارة الخارجية الارمينية أن",
            "Ministry of Foreign Affairs of Armenia",
        ),
        (
            "اجرت وزارة الدفاع الاذربيجانية العملية",
            "Ministry of Defence of Azerbaijan",
        ),
        ("توقعت الرئاسة الفرنسية الإعلان", "French Presidency"),
    ] {
        let ms = find(text);
        let org = ms
            .iter()
            .find(|m| m.etype == EntityType::Organization)
            .unwrap_or_else(|| panic!("{text}: {ms:?}"));
        assert_eq!(org.english, english);
        assert_eq!(org.via, Via::Composed);
    }
}

#[test]
fn roles_come_from_titles_in_the_text() {
    let ms = find("في نفس الوقت اعلن الرئيس الفرنسي ايمانوئل ماكرون أن العقوبات");
    let p = ms.iter().find(|m| m.etype == EntityType::Person).unwrap();
    assert_eq!(p.role.as_deref(), Some("President of France"));
    let ms = find("وقالت المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا، إن");
    let p = ms.iter().find(|m| m.etype == EntityType::Person).unwrap();
    assert_eq!(p.english, "Maria Zakharova");
    assert_eq!(
        p.role.as_deref(),
        Some("Spokesperson for the Ministry of Foreign Affairs of Russia")
    );
}

#[test]
fn unknown_names_after_a_title_are_romanized() {
    let text = "وقال وزير الخارجية الجورجي غيورغي تسيتسيشفيلي إن بلاده مستعدة.";
    let ms = find(text);
    let p = ms
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .unwrap_or_else(|| panic!("{ms:?}"));
    assert!(p.romanized());
    assert_eq!(
        p.role.as_deref(),
        Some("Minister of Foreign Affairs of Georgia")
    );
    assert!(
        p.english.chars().next().unwrap().is_ascii_uppercase(),
        "{}",
        p.english
    );
    assert!(p.english.contains(' '), "two words: {}", p.english);
    // A colon after the title ends it: no name follows.
    let ms = find("رئيس الوزراء الأرمني: إقليم آرتساخ يواجه كارثة");
    assert!(ms.iter().all(|m| m.etype != EntityType::Person), "{ms:?}");
}

#[test]
fn offsets_are_characters_of_the_input() {
    let text = "﻿أعلنت روسيا، اليوم الجمعة، أن أرمينيا وأذربيجان وافقتا";
    let ms = find(text);
    assert!(!ms.is_empty());
    let chars: Vec<char> = text.chars().collect();
    for m in &ms {
        let s: String = chars[m.start..m.end].iter().collect();
        assert_eq!(s, m.text);
    }
    for w in ms.windows(2) {
        assert!(w[0].end <= w[1].start, "overlap {w:?}");
    }
}

#[test]
fn glossary_merges_spellings_and_counts() {
    let text = "أذربيجان واذربيجان ولاذربيجان";
    let ms = find(text);
    let g = RESOURCES.with(|r| build_glossary(&ms, r.recognizer.gazetteer()));
    let az: Vec<&GlossaryEntry> = g.iter().filter(|e| e.english == "Azerbaijan").collect();
    assert_eq!(az.len(), 1);
    assert_eq!(az[0].mentions, 3);
    assert!(az[0].arabic.len() >= 2, "{:?}", az[0].arabic);
}

#[test]
fn gazetteer_rejects_bad_entries() {
    let mut g = Gazetteer::default();
    assert!(
        g.add_toml(
            "bad.toml",
            "[[entity]]\nkey = \"x\"\nenglish = \"X\"\ntype = \"planet\"\narabic = [\"س\"]\n"
        )
        .is_err()
    );
    assert!(
        g.add_toml(
            "bad.toml",
            "[[entity]]\nkey = \"x\"\nenglish = \"X\"\ntype = \"place\"\narabic = []\n"
        )
        .is_err()
    );
    assert!(
        g.add_toml(
            "ok.toml",
            "[[entity]]\nkey = \"x\"\nenglish = \"X\"\ntype = \"place\"\narabic = [\"سين\"]\n"
        )
        .is_ok()
    );
    assert_eq!(g.len(), 1);
}

#[test]
fn names_unknown_to_the_gazetteer_come_from_the_tagger() {
    let text = "وزار رئيس بلدية مدينة غيومري فاردان غوكاسيان مستشفى المدينة.";
    let ms = find(text);
    let p = ms
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(p.text, "فاردان غوكاسيان");
    assert_eq!(p.via, Via::Tagger);
    assert!(p.romanized());
    assert!(
        p.english.starts_with('V') || p.english.starts_with('F'),
        "{}",
        p.english
    );
}

/// Does any mention cover a character of `word`, wherever it occurs in `text`?
fn covered(ms: &[Mention], text: &str, word: &str) -> Option<String> {
    for (b, _) in text.match_indices(word) {
        let s = text[..b].chars().count();
        let e = s + word.chars().count();
        if let Some(m) = ms.iter().find(|m| m.start < e && m.end > s) {
            return Some(format!("{} → {} ({:?})", m.text, m.english, m.via));
        }
    }
    None
}

#[test]
fn ordinary_words_are_not_names() {
    // Each word below was once shown as a place or a person. (case, sentence, word)
    for (case, text, word) in [
        (
            "security is not Yemen",
            "وقالت مصادر محلية إن قوات الأمن انتشرت في شوارع المدينة، وإن الأمن عاد إلى الأحياء.",
            "الأمن",
        ),
        (
            "aviation is not Tehran",
            "وشن طيران التحالف غارات على مواقع المسلحين شمال البلاد، بحسب مصادر عسكرية.",
            "طيران",
        ),
        (
            "sporting is not Riyadh",
            "وقال المدير الرياضي للنادي إن الفريق سيغادر إلى النمسا لإقامة معسكره الإعدادي.",
            "الرياضي",
        ),
        (
            "to the residents is not The Hague",
            "وقدمت البلدية مساعدات عاجلة لأهالي الحي المتضرر من السيول.",
            "لأهالي",
        ),
        (
            "to undermine is not the Nile",
            "وحاول المتهمون النيل من سمعة الشركة أمام المستثمرين.",
            "النيل",
        ),
        (
            "for a statement is not Lebanon",
            "ووفقا لبيان صادر عن الوزارة، أصيب ثلاثة أشخاص في الحادث.",
            "لبيان",
        ),
        (
            "the diaspora is not Hungary",
            "وعاد آلاف السوريين من المهجر إلى قراهم خلال العام الماضي.",
            "المهجر",
        ),
        (
            "the second is not Karekin II",
            "وفي تشرين الثاني الماضي أعلنت الحكومة خطة جديدة، وحل الفريق في المركز الثاني.",
            "الثاني",
        ),
        (
            "comments is not a foreign minister",
            "وكان وزير الخارجية المصري يعلق على نتائج الاجتماع عندما انقطع البث.",
            "يعلق",
        ),
        (
            "by preserving is not a prime minister",
            "وطالب رئيس الوزراء العراقي بالحفاظ على الأمن في المحافظات الجنوبية.",
            "بالحفاظ",
        ),
        (
            "an eyewitness is not a person",
            "وقال شاهد عيان لوكالة الأنباء إن الانفجار كان قويا وهز المباني المجاورة.",
            "شاهد عيان",
        ),
        (
            "will give a speech is not a person",
            "وأعلن المتحدث أن الرئيس سيلقي خطابا أمام البرلمان غدا.",
            "سيلقي خطابا",
        ),
        (
            "an agency is not a spokesperson",
            "وقال المتحدث باسم جهاز الأمن الوطني إن التحقيقات مستمرة.",
            "جهاز",
        ),
        (
            "will provide opportunities is not a person",
            "وقال رئيس الوزراء إن المشاريع الجديدة ستوفر فرصا للعمل في المحافظات.",
            "ستوفر فرصا",
        ),
        (
            "grey is not Ramadi",
            "وظهر الممثل بشعره الرمادي في حفل توزيع الجوائز.",
            "الرمادي",
        ),
        (
            "spread is not Sirte",
            "وسرت شائعات في المدينة عن استقالة الوزير.",
            "وسرت",
        ),
        (
            "the son is not George W. Bush",
            "وعاد الابن الأكبر إلى منزل والده بعد سنوات من الغياب.",
            "الابن",
        ),
        (
            "a firm resolve is not a person",
            "وأكد رئيس الوزراء أن لديه والرئيس الأميركي عزما أكيدا على مواصلة الحوار.",
            "عزما أكيدا",
        ),
        (
            "its foreign ministry is not a person",
            "وأعلنت طهران على لسان وزير خارجيتها أن المفاوضات ستستأنف.",
            "خارجيتها",
        ),
        (
            "to strike is not a person",
            "وأصدرت المحكمة حكما بإعدام الملك لتضرب عنقه في الساحة.",
            "لتضرب",
        ),
        (
            "to tell him is not a person",
            "ولم يتصل اللاعب بمدير الفريق ليخبره بموعد وصوله.",
            "ليخبره",
        ),
        (
            "the virus is not a person",
            "وأعلنت الوزارة تسجيل إصابات جديدة بفيروس كورونا في العاصمة.",
            "فيروس كورونا",
        ),
    ] {
        let ms = find(text);
        if let Some(m) = covered(&ms, text, word) {
            panic!("{case}: {m}");
        }
    }
}

#[test]
fn a_surname_never_matches_by_its_skeleton() {
    // The Arab League's former head named in full; "Arabs" and "Arabic" are not his surname.
    let text = "وقال الأمين العام السابق لجامعة الدول العربية نبيل العربي إن العرب يواجهون تحديات كبيرة. وأضاف أن اللغة العربية تجمعهم.";
    let (a, _) = text.split_at(text.find(" وأضاف").unwrap());
    let ms = RESOURCES.with(|r| {
        r.recognizer
            .recognize(text, &[(0, a.len()), (a.len() + 1, text.len())])
    });
    assert!(
        ms.iter()
            .any(|m| m.text == "نبيل العربي" && m.etype == EntityType::Person),
        "{ms:?}"
    );
    let tail = &text[text.find("إن العرب").unwrap()..];
    let offset = text[..text.len() - tail.len()].chars().count();
    let later: Vec<&Mention> = ms.iter().filter(|m| m.start >= offset).collect();
    assert!(later.is_empty(), "{later:?}");
}

#[test]
fn a_large_city_named_by_a_frequent_word_is_found_alone() {
    // Frequent in Arabic because the news names them, not ordinary words.
    for (text, word, want) in [
        (
            "ووصل الوفد إلى الدمام صباح اليوم قادما من الرياض.",
            "الدمام",
            "Dammam",
        ),
        (
            "وقتل ثلاثة أشخاص في انفجار سيارة مفخخة في مقديشو أمس.",
            "مقديشو",
            "Mogadishu",
        ),
        ("وأعلنت الشرطة في تبوك القبض على المتهمين.", "تبوك", "Tabuk"),
        (
            "وقالت السلطة السياسية في جوبا إنها تتابع المفاوضات.",
            "جوبا",
            "Juba",
        ),
    ] {
        let ms = find(text);
        let hit = covered(&ms, text, word).unwrap_or_default();
        assert!(hit.contains(want), "{text}: {hit:?} {ms:?}");
    }
    // Large cities named by an ordinary word: the word, unless a word for a place comes first.
    for (text, word) in [
        ("وفتح الاتفاق الباب أمام مفاوضات جديدة.", "الباب"),
        ("ووقع الخبر على الأهالي كالصاعقة.", "الخبر"),
        ("ووقف المتظاهرون في الميدان حتى المساء.", "الميدان"),
        ("وتسعى الشركة إلى فتح أسواق في دول بحر قزوين.", "قزوين"),
    ] {
        let ms = find(text);
        let hit = covered(&ms, text, word);
        assert!(
            hit.as_ref().is_none_or(|h| !h.contains("Al Bab")
                && !h.contains("Khobar")
                && !h.contains("Medan")
                && !h.contains("Qazvin")),
            "{text}: {hit:?}"
        );
    }
    let text = "وسيطرت القوات التركية على مدينة الباب شمال حلب.";
    let hit = covered(&find(text), text, "الباب").unwrap_or_default();
    assert!(hit.contains("Al Bab"), "{hit:?}");
}

#[test]
fn ordinals_are_names_only_inside_a_known_name() {
    let text = "استقبل الملك عبدالله الثاني وزير الخارجية الأمريكي في قصر الحسينية.";
    let ms = find(text);
    let king = ms
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(king.english, "Abdullah II of Jordan");
    assert_eq!(king.text, "عبدالله الثاني");
    let ms = find("وتعقد القمة في الأول من تشرين الثاني المقبل.");
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn a_leading_letter_stays_when_the_whole_word_is_more_frequent() {
    RESOURCES.with(|r| {
        let rec = &r.recognizer;
        assert!(!rec.may_strip("كريغ", "ريغ"));
        assert!(rec.may_strip("وفرنسا", "فرنسا"));
        assert!(rec.may_strip("بالمحيط", "المحيط"));
    });
    let ms = find("وأدار الحكم الإنجليزي كريغ باوسون المباراة.");
    let referee = ms
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(referee.english, "Craig Pawson");
    assert_eq!(referee.text, "كريغ باوسون");
}

#[test]
fn places_that_look_like_other_places() {
    let ms = find("وشهدت محافظة السويداء جنوب سوريا احتجاجات جديدة.");
    let en: Vec<&str> = ms.iter().map(|m| m.english.as_str()).collect();
    assert!(en.contains(&"Suwayda"), "{en:?}");
    assert!(!en.contains(&"Sweden"), "{en:?}");
}

#[test]
fn every_gazetteer_spelling_is_found_whole() {
    let res = Resources::builtin().unwrap();
    let rec = &res.recognizer;
    let mut missing = Vec::new();
    for e in rec.gazetteer().entities() {
        for sp in &e.arabic {
            // A name that is also an ordinary word is found after a word for a place.
            let text = if e.after_place_word {
                format!("مدينة {sp}")
            } else {
                sp.to_string()
            };
            let ms = rec.recognize(&text, &[(0, text.len())]);
            // A spelling led by a common noun or a title (حركة طالبان, قناة الجزيرة, الملك محمد
            // السادس) is found as the name after it, up to the spelling's end.
            let led = [
                "حركة ",
                "جماعة ",
                "تنظيم ",
                "وكالة ",
                "صحيفة ",
                "جريدة ",
                "مجلة ",
                "قناة ",
                "شبكة ",
                "شركة ",
                "مؤسسة ",
                "موقع ",
                "إذاعة ",
                "تلفزيون ",
                "مليشيا ",
                "الملك ",
                "الملكة ",
                "الأمير ",
                "الشيخ ",
                "الرئيس ",
                "السلطان ",
                "دولة ",
                "منطقة ",
                "مدينة ",
                "إمارة ",
                "ولاية ",
            ]
            .iter()
            .any(|d| sp.starts_with(d));
            let whole = ms.iter().any(|m| {
                m.key == e.key
                    && m.form == Form::Name
                    && (m.text.chars().count() == sp.chars().count()
                        || led && m.end == text.chars().count() && sp.ends_with(&m.text))
            });
            // عمّان is also Oman's spelling, which wins until context decides.
            if !(whole || e.key == "amman" && sp == "عمّان") {
                missing.push(format!("{} {sp}: {ms:?}", e.key));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn key_actors_of_the_news_have_their_english_names() {
    // (sentence, English names it must give)
    for (text, want) in [
        (
            "وأعلنت جماعة الحوثيين أنها استهدفت سفينة، فيما قال الحوثيون إن الهجوم مستمر.",
            &["Houthis"][..],
        ),
        (
            "واشتبكت قوات الدعم السريع بقيادة محمد حمدان دقلو مع الجيش في الفاشر وكردفان.",
            &["Rapid Support Forces", "Hemedti", "El Fasher", "Kordofan"],
        ),
        (
            "والتقى علي لاريجاني مستشار المرشد علي أكبر ولايتي في طهران.",
            &["Ali Larijani", "Ali Akbar Velayati", "Tehran"],
        ),
        (
            "وحذر الحرس الثوري، فيما اجتمع المجلس الأعلى للأمن القومي ومجمع تشخيص مصلحة النظام.",
            &[
                "Islamic Revolutionary Guard Corps",
                "Supreme National Security Council",
                "Expediency Discernment Council",
            ],
        ),
        (
            "وقارن المقال بين جورج بوش وأحمدي نجاد، ثم نقل عن جون كيري وسامانثا باور.",
            &[
                "George W. Bush",
                "Mahmoud Ahmadinejad",
                "John Kerry",
                "Samantha Power",
            ],
        ),
        (
            "واتصل بوريس جونسون بخليفة حفتر ثم بعبد الفتاح البرهان، وعلق غيرهارد شرودر على ذلك.",
            &[
                "Boris Johnson",
                "Khalifa Haftar",
                "Abdel Fattah al-Burhan",
                "Gerhard Schröder",
            ],
        ),
        (
            "وسقطت قذائف في رفح والفلوجة، وعقد الاجتماع في شرم الشيخ.",
            &["Rafah", "Fallujah", "Sharm el-Sheikh"],
        ),
        (
            "ورحب حزب الله ومنظمة التحرير الفلسطينية بقرار أوبك.",
            &["Hezbollah", "Palestine Liberation Organization", "OPEC"],
        ),
        (
            "وقال وزير الخارجية التركي مولود جاويش أوغلو إن جاويش أوغلو سيزور بغداد.",
            &["Mevlüt Çavuşoğlu"],
        ),
        (
            "ووصل وفد من مركز الملك سلمان للإغاثة إلى مأرب.",
            &["King Salman Humanitarian Aid and Relief Centre", "Marib"],
        ),
    ] {
        let ms = find(text);
        let en: Vec<&str> = ms.iter().map(|m| m.english.as_str()).collect();
        for w in want {
            assert!(en.contains(w), "{w} missing from {en:?} in {text}");
        }
        // Each of these names is one entity: no romanized duplicate beside it.
        assert!(
            ms.iter().all(|m| !m.romanized()),
            "{text}: {:?}",
            ms.iter()
                .filter(|m| m.romanized())
                .map(|m| (&m.text, &m.english))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn generated_cities_are_found_and_ordinary_words_are_not_cities() {
    let ms = find("ووصل المنتخب إلى خريبكة قادما من سبها.");
    let en: Vec<&str> = ms.iter().map(|m| m.english.as_str()).collect();
    assert!(en.contains(&"Khouribga") && en.contains(&"Sabha"), "{en:?}");
    // العين "the eye" (Al Ain), سلطات "authorities" (Settat), جمال "Jamal" (a town too).
    let text = "وقالت سلطات المدينة إن جمال شاهد الحادث بأم العين.";
    let ms = find(text);
    assert!(ms.iter().all(|m| m.etype != EntityType::Place), "{ms:?}");
}

#[test]
fn an_ordinary_word_needs_a_title_or_an_exact_word_to_be_a_known_name() {
    // الأسد is a surname after a title and "the lion" elsewhere.
    let text = "وقال الرئيس السوري الأسد إن الحرب انتهت، وإن الأسد ملك الغابة.";
    let ms = find(text);
    let persons: Vec<&Mention> = ms
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .collect();
    assert_eq!(persons.len(), 1, "{persons:?}");
    assert_eq!(persons[0].english, "Bashar al-Assad");
    // A variant of several frequent words, one of them as the gazetteer writes it.
    let ms = find("وقالت منظمة هيومان رايتس واتش في تقرير إن الوضع خطير.");
    assert!(
        ms.iter().any(|m| m.english == "Human Rights Watch"),
        "{ms:?}"
    );
    // Two common nouns are two words: مجلس الأمناء is a board of trustees, and مجلس الأمن
    // القومي a national security council, neither of them the UN Security Council.
    let text = "وعقد مجلس الأمناء اجتماعه، وأكد مجلس الأمن القومي السعودي دعمه.";
    let en: Vec<String> = find(text).into_iter().map(|m| m.english).collect();
    assert!(!en.iter().any(|e| e == "UN Security Council"), "{en:?}");
    assert!(
        en.iter().any(|e| e == "Saudi National Security Council"),
        "{en:?}"
    );
}

#[test]
fn a_known_surname_is_not_swallowed_by_a_romanized_name() {
    // The tagger read "علييف الوفد" (Aliyev, the delegation) as one unknown name. Without the
    // Caucasus pack (which has Heydar Aliyev too), the surname is Ilham Aliyev's alone.
    let res = Resources::builtin().unwrap();
    let text = "واستقبل علييف الوفد في باكو.";
    let ms = res.recognizer.recognize(text, &[(0, text.len())]);
    let p = ms
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .unwrap_or_else(|| panic!("{ms:?}"));
    assert_eq!(
        (p.text.as_str(), p.english.as_str()),
        ("علييف", "Ilham Aliyev")
    );
}

#[test]
fn a_spelling_of_two_places_is_read_by_its_context() {
    // عمان is Oman and, without its shadda, Amman.
    let pick = |text: &str| -> Vec<(String, f64, Vec<String>)> {
        find(text)
            .into_iter()
            .filter(|m| m.text == "عمان" || m.text == "وعمان")
            .map(|m| {
                let alts = m.alternatives.iter().map(|a| a.key.clone()).collect();
                (m.key, m.confidence, alts)
            })
            .collect()
    };
    // The King of Jordan in the same sentence: the capital of Jordan.
    let amman = pick("قال ملك الأردن عبدالله الثاني في عمان اليوم إن المحادثات كانت مثمرة.");
    assert_eq!(
        amman,
        [("amman".to_string(), 0.75, vec!["oman".to_string()])]
    );
    // Named in a list of countries: the country.
    let oman = pick("اجتمع وزراء خارجية الأردن وعمان والكويت في الرياض.");
    assert_eq!(oman.len(), 1);
    assert_eq!(oman[0].0, "oman");
    assert_eq!(oman[0].2, ["amman"]);
    // Nothing to go by: the first reading, as a guess, with the other one named.
    let alone = pick("وصل الوفد إلى عمان.");
    assert_eq!(
        alone,
        [("oman".to_string(), 0.5, vec!["amman".to_string()])]
    );
    // An unambiguous spelling keeps its full confidence and has no alternatives.
    let full = find("سلطنة عمان");
    assert_eq!(full.len(), 1);
    assert_eq!((full[0].key.as_str(), full[0].confidence), ("oman", 0.95));
    assert!(full[0].alternatives.is_empty());
}

#[test]
fn every_mention_carries_its_evidence_and_confidence() {
    let ms =
        find("وقال الرئيس الفرنسي إيمانويل ماكرون إن الوزير الأرمني فاهان كوستانيان سيزور باريس.");
    assert!(!ms.is_empty());
    for m in &ms {
        assert!(m.alternatives.is_empty(), "{m:?}");
        assert_eq!(m.confidence, m.via.confidence(), "{m:?}");
    }
    // A romanized name ranks below every known one.
    let known = Via::Gazetteer.confidence();
    for v in [Via::Context, Via::Tagger] {
        assert!(v.confidence() < Via::Fuzzy.confidence() && v.confidence() < known);
    }
}

#[test]
fn a_family_name_after_a_given_name_stays_in_the_name() {
    // شافيز is frequent enough in the news to count as a word; after هوغو it is the surname,
    // and فالتر (Walter) is not the article before a word.
    let ms = find(
        "وقال الرئيس الفنزويلي هوغو شافيز إن بلاده ستدعم الاتفاق. وقال وزير الخارجية الألماني فرانك فالتر إن المحادثات مفيدة.",
    );
    let persons: Vec<&str> = ms
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(persons, ["هوغو شافيز", "فرانك فالتر"]);
    // After a title and a word that is not a given name, an ordinary word still ends the name.
    let ms = find("وقال الرئيس الفنزويلي إن بلاده ستدعم الاتفاق.");
    assert!(ms.iter().all(|m| m.etype != EntityType::Person), "{ms:?}");
}

#[test]
fn subdivisions_and_districts_are_found_and_words_made_with_a_clitic_are_not() {
    let text = "وقال مسؤول في ولاية ماريلاند إن وفدا زار الزعفرانية وشرورة.";
    let en: Vec<String> = find(text).into_iter().map(|m| m.english).collect();
    for want in ["Maryland", "Al Zafraniya", "Sharurah"] {
        assert!(en.iter().any(|e| e == want), "{want} missing from {en:?}");
    }
    // وزيري is "the two ministers of", not "and Ziri" (Slovenia); وكردفان is "and
    // Kordofan", not "and like Radfan".
    let text = "والتقى وزيري الخارجية في موسكو، واشتبكت القوات في الفاشر وكردفان.";
    let ms = find(text);
    assert_eq!(covered(&ms, text, "وزيري"), None);
    let kordofan = covered(&ms, text, "وكردفان").expect("Kordofan found");
    assert!(kordofan.contains("Kordofan"), "{kordofan}");
}

#[test]
fn a_person_from_the_tagger_starts_and_ends_with_name_words() {
    // Each was once shown as a person: "Gaddafi's features", "a Saudi princess", and a
    // name that took the title after it ("… dean").
    for (text, word) in [
        ("وفي الوسوم: سمات القذافي سيف الإسلام طرابلس ليبيا", "سمات"),
        (
            "سرق لصوص منزل أميرة سعودية في باريس يضم أغراضا فاخرة.",
            "أميرة",
        ),
    ] {
        let ms = find(text);
        let hit = covered(&ms, text, word);
        assert!(
            hit.as_deref().is_none_or(|h| !h.contains("Tagger")),
            "{text}: {hit:?}"
        );
    }
    let text = "وأوضح الدكتور حسام الدين عبد الفتاح عميد كلية الزراعة أن المياه الجوفية تتناقص.";
    let ms = find(text);
    assert_eq!(covered(&ms, text, "عميد"), None, "{ms:?}");
}

#[test]
fn ministries_compose_with_a_nationality_adjective() {
    let text = "وأعلنت وزارة الصحة والسكان المصرية تسجيل إصابات جديدة، وقالت وزارة الخارجية الألمانية إنها تتابع الوضع.";
    let en: Vec<String> = find(text).into_iter().map(|m| m.english).collect();
    for want in [
        // A ministry with a proper name of its own, by the English name it uses.
        "Ministry of Health and Population",
        "Ministry of Foreign Affairs of Germany",
    ] {
        assert!(en.iter().any(|e| e == want), "{want} missing from {en:?}");
    }
}

#[test]
fn a_government_an_embassy_or_the_police_is_described_not_named() {
    // Both gold sets leave "the Yemeni government" out of the names: it is Yemen's, named by
    // the adjective. The role and the adjective's country stay.
    let text = "وقالت الحكومة اليمنية إن السفارة الأفغانية أغلقت، واعتقلت الشرطة القطرية مشتبها. وقال المتحدث باسم الحكومة اليمنية راجح بادي إن الوضع هادئ.";
    let ms = find(text);
    for m in &ms {
        assert_ne!(m.etype, EntityType::Organization, "{m:?}");
    }
    let adjectives: Vec<&str> = ms
        .iter()
        .filter(|m| m.form == Form::Adjective)
        .map(|m| m.key.as_str())
        .collect();
    for want in ["yemen", "afghanistan", "qatar"] {
        assert!(
            adjectives.contains(&want),
            "{want} missing from {adjectives:?}"
        );
    }
}

#[test]
fn an_outlet_named_by_an_ordinary_word_is_found_where_it_is_cited() {
    for (text, word, want) in [
        (
            "وقال مراسل الجزيرة إن القصف استمر.",
            "الجزيرة",
            Some("Al Jazeera"),
        ),
        (
            "وقال وزير الداخلية في تصريحات للجزيرة إن الوضع هادئ.",
            "للجزيرة",
            Some("Al Jazeera"),
        ),
        (
            "وأوضح المتحدث لـ\"سبق\" أن الفرق باشرت العمل.",
            "سبق",
            Some("Sabq"),
        ),
        ("وقال الوزير لعكاظ إن المشروع سيكتمل.", "عكاظ", Some("Okaz")),
        // Not cited: the island, life, "preceded".
        (
            "ويتوجه مليون شخص سنويا إلى الجزيرة للسياحة.",
            "الجزيرة",
            None,
        ),
        ("وقال إن الحياة عادت إلى طبيعتها.", "الحياة", None),
        ("وسبق أن أعلنت الوزارة ذلك.", "سبق", None),
    ] {
        let ms = find(text);
        let got = ms
            .iter()
            .find(|m| m.text.contains(word) || word.contains(m.text.as_str()))
            .filter(|m| m.etype == EntityType::Organization)
            .map(|m| m.english.as_str());
        assert_eq!(got, want, "{text}: {ms:?}");
    }
}

#[test]
fn a_club_named_by_an_ordinary_word_is_found_in_an_article_about_sport() {
    let sport = "فاز الزمالك على الإسماعيلي بهدفين في مباراة الدوري، وقال مدرب الفريق إن اللاعبين قدموا أداء جيدا. وتعادل الهلال مع الاتحاد.";
    let en: Vec<String> = find(sport).into_iter().map(|m| m.english).collect();
    for want in ["Zamalek", "Al Hilal"] {
        assert!(en.iter().any(|e| e == want), "{want} missing from {en:?}");
    }
    // Not about sport: Zamalek the district, the crescent moon.
    let other = "افتتح المحافظ مكتبة في حي الزمالك، وشوهد الهلال مساء أمس.";
    let ms = find(other);
    assert!(
        ms.iter().all(|m| m.etype != EntityType::Organization),
        "{ms:?}"
    );
}

#[test]
fn an_organization_named_after_a_place_is_the_organization() {
    // Once "Cairo", a place the story is not about.
    let text = "وقال الدكتور محمد عبد العاطي أستاذ الري في جامعة القاهرة إن المياه الجوفية تتناقص.";
    let ms = find(text);
    let hit = covered(&ms, text, "القاهرة").expect("found");
    assert!(hit.contains("Cairo University"), "{hit}");
}

#[test]
fn words_shaped_like_nationality_adjectives() {
    // مجريات "the course of events" is commoner than the feminine of مجري "Hungarian"; قُطْري
    // "of a country" after an office is not Qatari.
    for (text, word) in [
        (
            "وتابع المراقبون مجريات الأحداث في المدينة طوال الليل.",
            "مجريات",
        ),
        (
            "وأوضحت المديرة القطرية لبرنامج الأغذية العالمي في العراق أن نقص الأموال كبير.",
            "القطرية",
        ),
    ] {
        let ms = find(text);
        assert_eq!(covered(&ms, text, word), None, "{text}: {ms:?}");
    }
    // The adjective without the article still names its country: "a Saudi military plane".
    let text = "أعيد فتح مطار عدن مع هبوط طائرة عسكرية سعودية هي الأولى منذ أشهر.";
    let hit = covered(&find(text), text, "سعودية").expect("found");
    assert!(hit.contains("Saudi Arabia"), "{hit}");
    // And Qatari still reads as Qatar elsewhere.
    let text = "وصل وزير الخارجية القطري إلى بغداد.";
    assert!(keys(text).contains(&("qatar".to_string(), Form::Adjective)));
}

#[test]
fn names_written_in_latin_letters_after_an_outlet() {
    let text = "نشر موقع Middle East Eye البريطاني تقريرا، وذكرت صحيفة Le Parisien الفرنسية \
                أن مشتبها اعتقل، في بيان وصل لموقع CNN بالعربية. وتعمل الأجهزة بتقنية USB.";
    let ms = find(text);
    for (word, want) in [
        ("Middle", "Middle East Eye"),
        ("Le Parisien", "Le Parisien"),
        ("CNN", "CNN"),
    ] {
        let m = ms
            .iter()
            .find(|m| m.text.contains(word))
            .unwrap_or_else(|| panic!("{word} missing from {ms:?}"));
        assert_eq!(
            (m.english.as_str(), m.etype, m.via),
            (want, EntityType::Organization, Via::Written)
        );
    }
    // The clitic of the word before stays out of the mention; a Latin word after no outlet or
    // company word is not a name.
    assert!(ms.iter().any(|m| m.text == "موقع CNN"), "{ms:?}");
    assert_eq!(covered(&ms, text, "USB"), None);
}

#[test]
fn family_names_with_the_article_and_deputies() {
    let text = "وكان في استقبال الطائرة نائب رئيس مجلس النواب محمد الشدادي ووزير النقل.";
    let ms = find(text);
    let m = ms
        .iter()
        .find(|m| m.etype == EntityType::Person)
        .expect("a person");
    assert_eq!(m.text, "محمد الشدادي");
    assert_eq!(m.role.as_deref(), Some("Deputy Speaker of Parliament"));
    // A common word after the given name still ends the name.
    let text = "وقال الرئيس محمد الجديد في كلمته إن البلاد بخير.";
    let ms = find(text);
    assert!(ms.iter().all(|m| !m.text.contains("الجديد")), "{ms:?}");
}

#[test]
fn places_that_are_ordinary_words_need_a_word_for_a_place() {
    // أبين (Abyan) is also "I explain"; شبوة (Shabwah) likewise a word: after محافظة or
    // محافظ they are the governorates, elsewhere nothing.
    let text = "وكان في الاستقبال محافظ عدن ومحافظ أبين، واشتدت المعارك في محافظة شبوة.";
    let ms = find(text);
    for (word, want) in [("أبين", "Abyan"), ("شبوة", "Shabwah")] {
        let hit = covered(&ms, text, word).unwrap_or_else(|| panic!("{word}: {ms:?}"));
        assert!(hit.contains(want), "{hit}");
    }
    let text = "قال المتحدث: أبين لكم الحقيقة كاملة.";
    assert_eq!(covered(&find(text), text, "أبين"), None);
}

#[test]
fn a_compound_family_name_stands_for_the_person() {
    // Once three people: "Mohammed Abdel Ati", "Abdel Ati" and "Abdel Ati Ali" (علي is
    // Egyptian spelling of the preposition على here).
    let text = "شهد الدكتور محمد عبد العاطي وزير الموارد المائية مراسم التوقيع. \
                وأكد عبد العاطي علي ضرورة بذل المزيد من الجهد، وقال عبدالعاطي إن المياه تتناقص.";
    let people: Vec<(String, String)> = find(text)
        .into_iter()
        .filter(|m| m.etype == EntityType::Person)
        .map(|m| (m.text, m.key))
        .collect();
    assert_eq!(people.len(), 3, "{people:?}");
    assert!(people.iter().all(|(_, k)| *k == people[0].1), "{people:?}");
    assert_eq!(people[1].0, "عبد العاطي");
}

#[test]
fn a_common_word_after_a_clitic_is_no_surname() {
    // لصالح is "in favour of", not Saleh, even after the full name; صالح alone still is.
    let text = "وقال الرئيس اليمني السابق علي عبد الله صالح إن الحرب لن تنتهي. \
                وصوت المجلس لصالح القرار بالإجماع. وأضاف صالح أن الحل سياسي.";
    let ms = find(text);
    assert_eq!(covered(&ms, text, "لصالح"), None, "{ms:?}");
    let hit = covered(&ms, text, "وأضاف صالح").map(|_| ());
    let saleh = ms
        .iter()
        .filter(|m| m.etype == EntityType::Person && m.text == "صالح")
        .count();
    assert_eq!((hit, saleh), (Some(()), 1), "{ms:?}");
}

#[test]
fn a_nationality_adjective_before_a_family_is_a_given_name() {
    // تركى آل الشيخ and تركي بن طلال are Turki, not Turkey; التركي alone stays Turkish.
    for text in [
        "وعلق تركى آل الشيخ على إصابة الفنانة بفيروس كورونا.",
        "واستقبل الأمير تركي بن طلال الوفد في أبها.",
    ] {
        assert!(
            !keys(text).iter().any(|(k, _)| k == "turkey"),
            "{text}: {:?}",
            find(text)
        );
    }
    let text = "وقال الرئيس التركي إن بلاده سترد.";
    assert!(keys(text).contains(&("turkey".to_string(), Form::Adjective)));
}

#[test]
fn a_common_noun_before_a_name_is_not_part_of_it() {
    // (sentence, the mention's text, its English name)
    for (text, want, english) in [
        (
            "وذكرت وكالة فرانس برس أن الاجتماع انتهى.",
            "فرانس برس",
            "AFP",
        ),
        ("وسيطرت حركة طالبان على المدينة.", "طالبان", "Taliban"),
        ("وقالت قناة الجزيرة إن الوفد وصل.", "الجزيرة", "Al Jazeera"),
        // The noun that belongs to the name stays.
        (
            "وقالت منظمة العفو الدولية إن السجناء عذبوا.",
            "منظمة العفو الدولية",
            "Amnesty International",
        ),
    ] {
        let ms = find(text);
        assert!(
            ms.iter().any(|m| m.text == want && m.english == english),
            "{text}: {ms:?}"
        );
    }
    // A title written into a person's spelling is left out where the rest is a spelling too.
    let ms = find("واستقبل الملك محمد السادس الوفد في الرباط.");
    assert!(
        ms.iter()
            .any(|m| m.text == "محمد السادس" && m.english == "Mohammed VI of Morocco"),
        "{ms:?}"
    );
    // And a place's, unless the rest names several places.
    let ms = find("وزار الوفد دولة قطر ثم سلطنة عمان.");
    assert!(
        ms.iter().any(|m| m.text == "قطر" && m.english == "Qatar"),
        "{ms:?}"
    );
    assert!(
        ms.iter()
            .any(|m| m.text == "سلطنة عمان" && m.english == "Oman"),
        "{ms:?}"
    );
    // The Secretary-General is an office of the United Nations, not an organization.
    let ms = find("ودعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار.");
    let orgs: Vec<&str> = ms
        .iter()
        .filter(|m| m.etype == EntityType::Organization)
        .map(|m| m.english.as_str())
        .collect();
    assert_eq!(orgs, ["United Nations"], "{ms:?}");
    // The rest alone would be an adjective: المنظمة الأممية is "the UN organization".
    let ms = find("وأكدت المنظمة الأممية أن المساعدات وصلت.");
    assert!(
        ms.iter()
            .all(|m| m.text != "الأممية" || m.form == Form::Adjective),
        "{ms:?}"
    );
}

#[test]
fn a_short_surname_stands_alone_only_when_it_is_no_word_of_its_own() {
    // Annan and Rice alone are the gazetteer's; بينت "showed" (Bennett's surname too) and
    // الشيخ "the sheikh" (after آل, a family of many) are not anyone.
    let text = "وقال أنان إن المجلس سيجتمع، وأكدت رايس دعم بلادها.";
    let en: Vec<String> = find(text).into_iter().map(|m| m.english).collect();
    for want in ["Kofi Annan", "Condoleezza Rice"] {
        assert!(en.iter().any(|e| e == want), "{want} missing from {en:?}");
    }
    let text = "وبينت الدراسة أن الشيخ حضر الاجتماع.";
    let ms = find(text);
    assert!(ms.iter().all(|m| m.etype != EntityType::Person), "{ms:?}");
    let text = "وأعلن تركي آل الشيخ رئيس هيئة الترفيه موعد الموسم.";
    let en: Vec<String> = find(text).into_iter().map(|m| m.english).collect();
    assert!(en.iter().any(|e| e == "Turki Al-Sheikh"), "{en:?}");
}
