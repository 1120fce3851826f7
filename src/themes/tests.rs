use super::*;

fn toks(s: &str) -> Vec<Token> {
    crate::text::tokenize(s, 0, s.len(), &crate::arabic::Words::builtin())
}

#[test]
fn builtin_lexicon_has_the_four_themes() {
    let lex = Lexicon::builtin().unwrap();
    let keys: Vec<&str> = lex.themes().iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        ["diplomacy", "military_aid", "humanitarian", "security"]
    );
    assert_eq!(lex.label("military_aid"), "Military aid");
    assert_eq!(lex.label("security"), "Conflict and security");
    assert_eq!(lex.label(OTHER), "Other");
}

#[test]
fn inflections_and_clitics_match() {
    let lex = Lexicon::builtin().unwrap();
    for (name, s, want) in [
        (
            "ceasefire phrase",
            "الإعلان عن وقف لإطلاق النار في الإقليم",
            "diplomacy",
        ),
        (
            "a humanitarian truce is diplomacy",
            "أعلن التحالف هدنة إنسانية لمدة خمسة أيام رغم استمرار الغارات",
            "diplomacy",
        ),
        (
            "truce with clitic",
            "نتحرك باتجاه هدنة إما الليلة أو غداً",
            "diplomacy",
        ),
        (
            "weapons supply",
            "وتخطط باريس تقديم الاسلحة والمعدات العسكرية لايريفان.",
            "military_aid",
        ),
        (
            "humanitarian catastrophe",
            "إن الإقليم يواجه كارثة إنسانية بسبب القصف",
            "humanitarian",
        ),
        ("nothing", "ولد الفنان في مدينة بون عام 1770", OTHER),
        (
            "air strikes and shelling",
            "شنت الطائرات غارات جوية على المطار وتواصل القصف المدفعي على الأحياء",
            "security",
        ),
        (
            "the toll of a bombing",
            "قتل عشرة أشخاص وأصيب آخرون في تفجير سيارة مفخخة وسط المدينة",
            "security",
        ),
        (
            "arms depots seized, not supplied",
            "استولى المسلحون على مخازن الأسلحة في المعسكر بعد اشتباكات عنيفة",
            "security",
        ),
        (
            "arms shipment to a party",
            "وصلت شحنة أسلحة جديدة إلى الجيش ضمن صفقة أسلحة مع الحليف",
            "military_aid",
        ),
        (
            "cash aid handed out by an ambassador",
            "وزع السفير مساعدات نقدية على الأسر الفقيرة في القطاع",
            "humanitarian",
        ),
        (
            "food baskets",
            "أطلقت الجمعية حملة إغاثة لتوزيع سلال غذائية على النازحين",
            "humanitarian",
        ),
        (
            "aircraft supplied to an army",
            "زودت فرنسا الجيش اللبناني بطائرات مروحية وعربات مدرعة",
            "military_aid",
        ),
        (
            "a raid and detentions",
            "دهم الأمن مخبأ واحتجزت القوات عشرات المشتبه بهم",
            "security",
        ),
        (
            "a state condemning an attack",
            "أدانت مصر الهجوم ودعت إلى ضبط النفس",
            "diplomacy",
        ),
        (
            "a football team's delegation is not diplomacy",
            "تغادر بعثة الفريق إلى النمسا لإقامة معسكر تتخلله ثلاث مباريات ودية",
            OTHER,
        ),
        (
            "a coronavirus ward is a health story",
            "نقل المصابين بفيروس كورونا إلى مستشفى العزل",
            OTHER,
        ),
        (
            "workers kidnapped",
            "اختطفوا أربعة عمال قرب المجمع النفطي",
            "security",
        ),
        (
            "a visit of a foreign minister",
            "يزور وزير الخارجية الإيراني الكويت وقطر اليوم",
            "diplomacy",
        ),
        (
            "institutes are not treaties",
            "افتتح المحافظ المعاهد الفنية الجديدة في المنطقة",
            OTHER,
        ),
        (
            "a police arrest for theft is ordinary crime",
            "ألقت الشرطة القبض على لص سرق متجرا في الحي",
            OTHER,
        ),
        (
            "the food and drug authority is not food aid",
            "ضبطت الهيئة العامة للغذاء والدواء أغذية فاسدة في المستودع",
            OTHER,
        ),
        (
            "shelling and an exchange of fire",
            "قصفت الطائرات الحربية مواقع المسلحين وسقط قتلى في تبادل إطلاق النار",
            "security",
        ),
        (
            "relief food baskets",
            "وزع مركز الملك سلمان للإغاثة سلالا غذائية على الأسر النازحة",
            "humanitarian",
        ),
        (
            "a penalty shoot-out is not an attack",
            "خرج المنتخب من البطولة بضربات الترجيح أمام البلد المضيف",
            OTHER,
        ),
    ] {
        let t = lex.classify(&toks(s));
        assert_eq!(t.primary, want, "{name}: {:?}", t.scores);
    }
}

#[test]
fn the_main_clause_outweighs_the_background() {
    let mut lex = Lexicon::builtin().unwrap();
    for (s, main, background) in [
        (
            // The envoy arrived in Sanaa, which saw fierce battles between the army and the rebels.
            "وصل المبعوث الأممي إلى صنعاء التي شهدت معارك عنيفة بين الجيش والمتمردين",
            "diplomacy",
            "security",
        ),
        (
            // The first plane carrying food reached Aden airport after its liberation from the militias.
            "وصلت إلى مطار عدن أول طائرة تحمل مواد غذائية بعد تحريره من الميليشيات المسلحة",
            "humanitarian",
            "security",
        ),
        (
            // The government strongly condemned the gunmen's storming of the town and the
            // assault on its people: the condemnation is the main clause.
            "أدانت الحكومة بشدة اقتحام المسلحين للمدينة والاعتداء على السكان",
            "diplomacy",
            "security",
        ),
        (
            // Turkey condemned the attack: nothing outweighs the condemnation either way.
            "أدانت تركيا الهجوم على القافلة",
            "diplomacy",
            "diplomacy",
        ),
    ] {
        lex.background = BACKGROUND;
        let t = lex.classify(&toks(s));
        assert_eq!(t.primary, main, "{s}: {:?}", t.scores);
        let marker = t.hits.iter().position(|h| h.theme == "security");
        if let Some(h) = marker.filter(|_| main != background) {
            assert!(t.hits[h].weight < 1.0, "{:?}", t.hits[h]);
        }
        lex.background = 1.0;
        let t = lex.classify(&toks(s));
        assert_eq!(t.primary, background, "{s} weighed alike: {:?}", t.scores);
    }
}

#[test]
fn glosses_are_english_and_in_order() {
    let lex = Lexicon::builtin().unwrap();
    let t = lex.classify(&toks("وتخطط باريس تقديم الاسلحة والمعدات العسكرية لايريفان."));
    let g = t.glosses();
    assert!(!g.is_empty());
    assert!(g.iter().all(|x| x.is_ascii()), "{g:?}");
}

#[test]
fn a_user_theme_is_added_and_a_builtin_removed() {
    let user = r#"
[[theme]]
key = "energy"
label = "Energy"
[[theme.term]]
arabic = "النفط"
english = "oil"
weight = 1.5
[[theme.term]]
arabic = "الغاز"
english = "gas"

[[theme]]
key = "humanitarian"
remove = true
"#;
    let lex = Lexicon::from_files(
        &[
            ("d".into(), crate::data::THEMES.into()),
            ("user.toml".into(), user.into()),
        ],
        0.5,
    )
    .unwrap();
    let keys: Vec<&str> = lex.themes().iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["diplomacy", "military_aid", "security", "energy"]);
    let t = lex.classify(&toks("ارتفعت أسعار النفط والغاز في الأسواق"));
    assert_eq!(t.primary, "energy");
    assert_eq!(t.glosses(), ["oil", "gas"]);
}

#[test]
fn bad_lexicons_are_refused() {
    assert!(
        Lexicon::from_files(&[("x".into(), "[[theme]]\nkey = \"other\"\n".into())], 0.5).is_err()
    );
    assert!(
        Lexicon::from_files(
            &[("x".into(), "[[theme]]\nkey = \"a\"\nbogus = 1\n".into())],
            0.5
        )
        .is_err()
    );
}

#[test]
fn features_split_the_main_clause_from_the_background() {
    let lex = Lexicon::builtin().unwrap();
    // "The two ministers signed a cooperation agreement after the bombing of the mosque": the
    // agreement is the main clause, the bombing background.
    let t = toks("وقع الوزيران اتفاقية تعاون بعد تفجير المسجد");
    let f = lex.features(&t, &lex.classify_lexicon(&t));
    let get = |k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    assert_eq!(get("bias"), Some(1.0));
    assert!(get("main:diplomacy").unwrap() > 0.0);
    assert_eq!(get("bg:diplomacy"), Some(0.0));
    assert_eq!(get("main:security"), Some(0.0));
    assert!(get("bg:security").unwrap() > 0.0);
    assert_eq!(get("lex:diplomacy"), Some(1.0));
    let stem = |w: &str| toks(w)[0].stem.clone();
    let (signed, bombing) = (stem("وقع"), stem("تفجير"));
    assert_eq!(get(&format!("f:{signed}")), Some(1.0));
    assert_eq!(get(&format!("m:{signed}")), Some(1.0));
    assert_eq!(get(&format!("w:{bombing}")), Some(1.0));
    assert_eq!(get(&format!("m:{bombing}")), None);
    // Each term found is a feature of its own, marked by where it stands.
    let has = |prefix: &str| f.iter().any(|(n, _)| n.starts_with(prefix));
    assert!(has("h:diplomacy:"));
    assert!(has("hb:security:"));
    assert!(!has("h:security:"));
    assert!(!has("hb:diplomacy:"));
}

#[test]
fn a_model_file_is_read_and_picks_the_best_class() {
    let m = ThemeModel::from_tsv(
        "m",
        "# note\nfeature\tdiplomacy\tother\nbias\t0\t0.5\nmain:diplomacy\t2\t0\n",
    )
    .unwrap();
    assert_eq!(m.classes(), ["diplomacy", "other"]);
    let f = |v: f64| vec![("bias".to_string(), 1.0), ("main:diplomacy".to_string(), v)];
    assert_eq!(m.predict(&f(1.0)), "diplomacy");
    assert_eq!(m.predict(&f(0.1)), "other");
    assert_eq!(m.scores(&f(1.0)), [2.0, 0.5]);
    for bad in [
        "",
        "name\tdiplomacy\n",
        "feature\n",
        "feature\tdiplomacy\nbias\tx\n",
        "feature\tdiplomacy\tother\nbias\t1\n",
    ] {
        assert!(ThemeModel::from_tsv("m", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn the_model_is_used_only_when_its_classes_are_the_themes() {
    let mut lex = Lexicon::builtin().unwrap();
    let builtin = Arc::new(ThemeModel::builtin().unwrap());
    assert!(lex.set_model(Some(builtin.clone())));
    let two = ThemeModel::from_tsv("m", "feature\tdiplomacy\tother\nbias\t0\t1\n").unwrap();
    assert!(!lex.set_model(Some(Arc::new(two))));
    assert!(!lex.has_model());
    // A lexicon without the security theme cannot use the built-in model.
    let mut three = Lexicon::from_files(
        &[
            ("themes/default.toml".into(), crate::data::THEMES.into()),
            (
                "x".into(),
                "[[theme]]\nkey = \"security\"\nremove = true\n".into(),
            ),
        ],
        0.5,
    )
    .unwrap();
    assert!(!three.set_model(Some(builtin)));
}

#[test]
fn condolences_deaths_of_wounds_and_a_suspended_newspaper() {
    let lex = Lexicon::builtin().unwrap();
    for (s, want) in [
        // The foreign minister expressed his condolences and sympathy to the victims' families.
        (
            "وأعرب وزير الخارجية عن تعازيه ومواساته لأسر الضحايا وتمنى الشفاء العاجل للمصابين.",
            "diplomacy",
        ),
        // The young man died this morning of the wounds he suffered in the attack.
        (
            "توفي الشاب صباح اليوم متأثرا بجروحه التي أصيب بها في الهجوم على القرية.",
            "security",
        ),
        // The authorities suspended the opposition newspaper until further notice.
        (
            "قررت السلطات إيقاف صدور الصحيفة المعارضة حتى إشعار آخر.",
            "humanitarian",
        ),
    ] {
        assert_eq!(lex.classify(&toks(s)).primary, want, "{s}");
    }
}

#[test]
fn a_noun_of_condemnation_opens_the_background() {
    let lex = Lexicon::builtin().unwrap();
    let weight_of = |s: &str, english: &str| {
        lex.classify(&toks(s))
            .hits
            .iter()
            .find(|h| h.english == english)
            .map(|h| h.weight)
            .unwrap()
    };
    // "The government expressed its strong denunciation of the bombing": the bombing weighs
    // half what it weighs in "the bombing targeted the mosque".
    let main = weight_of("التفجير استهدف المسجد", "bombing");
    let after = weight_of(
        "أعربت الحكومة الأردنية عن استنكارها الشديد للتفجير",
        "bombing",
    );
    assert!(main > 0.0);
    assert_eq!(after, main * BACKGROUND);
}

#[test]
fn the_builtin_model_reads_a_condemnation_as_diplomacy() {
    let mut lex = Lexicon::builtin().unwrap();
    // The Jordanian government expressed its strong denunciation of the terrorist bombing
    // that targeted the mosque: a government's stated position, diplomacy. The lexicon alone
    // adds up the two security terms of the background and says security.
    let s = toks("أعربت الحكومة الأردنية عن استنكارها الشديد للتفجير الإرهابي الذي استهدف المسجد.");
    assert_eq!(lex.classify(&s).primary, "security");
    assert!(lex.set_model(Some(Arc::new(ThemeModel::builtin().unwrap()))));
    let t = lex.classify(&s);
    assert_eq!(t.primary, "diplomacy");
    assert_eq!(t.themes, ["diplomacy", "security"]);
    // The Saudi team beat Kuwait's by three goals in the volleyball championship: other.
    let s = toks("فاز المنتخب السعودي على نظيره الكويتي بثلاثة أهداف في بطولة الكرة الطائرة.");
    assert_eq!(lex.classify(&s).primary, OTHER);
    assert_eq!(lex.classify(&s).themes, [OTHER]);
}

#[test]
fn sport_and_stock_words_control_hostages_and_earthquakes() {
    let lex = Lexicon::builtin().unwrap();
    for (s, want) in [
        // The national team meets its counterpart in the final of the championship tomorrow:
        // sport, not a meeting of states.
        (
            "يلتقي المنتخب الوطني نظيره في لقاء نهائي البطولة غدا.",
            OTHER,
        ),
        // The exchange index rose after 124 million shares were traded in 3,081 deals.
        (
            "وارتفع مؤشر البورصة بعد تداول 124 مليون سهم عبر 3081 صفقة.",
            OTHER,
        ),
        // Government forces took control of a new district in the province.
        (
            "سيطرت القوات الحكومية على مديرية جديدة في المحافظة.",
            "security",
        ),
        // Sources said the kidnappers asked for a ransom to free the hostages.
        (
            "وقالت مصادر إن الخاطفين طلبوا فدية للإفراج عن الرهائن.",
            "security",
        ),
    ] {
        assert_eq!(lex.classify(&toks(s)).primary, want, "{s}");
    }
    // A strong earthquake struck the south of the country: the dead of a natural disaster.
    let s = toks("ضرب زلزال قوي جنوب البلاد.");
    assert_eq!(lex.classify(&s).primary, "humanitarian");
}

#[test]
fn context_features_read_the_lead_and_the_neighbours() {
    let lex = Lexicon::builtin().unwrap();
    let doc = [
        // "Air raids on the city killed ten", "The minister received the ambassador",
        // "Prices rose in the market".
        toks("قتل عشرة أشخاص في غارات جوية على المدينة"),
        toks("استقبل الوزير السفير في مكتبه"),
        toks("ارتفعت الأسعار في السوق"),
    ];
    let lexical: Vec<Themes> = doc.iter().map(|t| lex.classify_lexicon(t)).collect();
    assert_eq!(lexical[0].primary, "security");
    let get = |f: &[(String, f64)], k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    // The last sentence: the lead's security is its context, not its own words.
    let last = lex.context_features(&lexical, 2);
    assert!(get(&last, "ctx:security").unwrap() > 0.0);
    assert_eq!(get(&last, "lead:security"), Some(1.0));
    assert_eq!(
        get(&last, &format!("prev:{}", lexical[1].primary)),
        Some(1.0)
    );
    assert!(!last.iter().any(|(n, _)| n.starts_with("next:")));
    // The first: its own score is left out of its context, and it has no lead but itself.
    let first = lex.context_features(&lexical, 0);
    let own = lexical[0].scores.get("security").unwrap();
    let others: f64 = lexical[1..]
        .iter()
        .map(|t| t.scores.get("security").unwrap())
        .sum();
    assert_eq!(
        get(&first, "ctx:security"),
        Some(others.signum() * others.abs().ln_1p())
    );
    assert!(own > others);
    assert!(
        !first
            .iter()
            .any(|(n, _)| ["lead:", "prev:"].iter().any(|p| n.starts_with(p)))
    );
    assert!(first.iter().any(|(n, _)| n.starts_with("next:")));
    // A sentence alone has a context of zeros only.
    let alone = lex.context_features(&lexical[..1], 0);
    assert!(
        alone
            .iter()
            .all(|(n, v)| n.starts_with("ctx:") && *v == 0.0)
    );
    // Without a model, a document's sentences get the lexicon's themes.
    let themes = lex.classify_document(&doc);
    assert_eq!(themes, lexical);
}

#[test]
fn domain_words_are_counted_on_their_stems() {
    // Every word the DOMAINS list is written from, with an article or a clitic, is counted
    // once under its own domain.
    for (key, text, n) in [
        (
            "sport",
            "كرة المباراة واللاعب المنتخب بالملعب المدرب الموسم",
            7,
        ),
        (
            "economy",
            "السوق الأسهم المؤشر الأسعار النفط برميل الشركة ريال الدولار الاستثمار البورصة التداول الاقتصاد الأرباح المصارف البنك التجارة الصادرات",
            18,
        ),
        (
            "local",
            "الصحة التعليم الطلاب المدارس الكهرباء المرور الحجاج السياحة المهرجان الثقافة المعرض الخدمات",
            12,
        ),
    ] {
        let d = DOMAINS.iter().position(|(k, _)| *k == key).unwrap();
        let c = domain_counts(&toks(text));
        assert_eq!(c[d], n, "{key}");
        assert_eq!(
            c.iter().sum::<usize>(),
            n,
            "{key}: another domain counted too"
        );
    }
    // A word said twice counts once; a sentence of the themes counts nothing.
    assert_eq!(domain_counts(&toks("المباراة والمباراة"))[0], 1);
    assert_eq!(
        domain_counts(&toks("قتل عشرة أشخاص في غارات جوية على المدينة")),
        [0; DOMAINS.len()]
    );
}

#[test]
fn domain_features_read_the_sentence_and_the_lead() {
    let doc = [
        // "The team won the match", "The minister met the delegation", "The stadium filled".
        domain_counts(&toks("فاز الفريق في المباراة")),
        domain_counts(&toks("التقى الوزير الوفد")),
        domain_counts(&toks("امتلأ الملعب بالجمهور")),
    ];
    let get = |f: &[(String, f64)], k: &str| f.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    let mid = domain_features(&doc, 1);
    assert_eq!(get(&mid, "sdom:sport"), Some(0.0));
    // The other two sentences each use one sport word.
    assert_eq!(get(&mid, "dom:sport"), Some(2f64.ln_1p()));
    assert_eq!(get(&mid, "dom:economy"), Some(0.0));
    let first = domain_features(&doc, 0);
    assert_eq!(get(&first, "sdom:sport"), Some(1f64.ln_1p()));
    assert_eq!(get(&first, "dom:sport"), Some(1f64.ln_1p()));
    // A sentence alone has its own counts and no article.
    let alone = domain_features(&doc[..1], 0);
    assert_eq!(get(&alone, "sdom:sport"), Some(1f64.ln_1p()));
    assert!(!alone.iter().any(|(n, _)| n.starts_with("dom:")));
}

/// The domain features are named after the domains, in their order: the model's weights are
/// read by these names.
#[test]
fn domain_features_are_named_after_the_domains() {
    let counts = [[0; DOMAINS.len()], [0; DOMAINS.len()]];
    let names: Vec<String> = domain_features(&counts, 0)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let expected: Vec<String> = DOMAINS
        .iter()
        .map(|(k, _)| format!("sdom:{k}"))
        .chain(DOMAINS.iter().map(|(k, _)| format!("dom:{k}")))
        .collect();
    assert_eq!(names, expected);
}
