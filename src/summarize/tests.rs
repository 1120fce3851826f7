use super::*;

fn cand(doc: usize, pos: usize, words: &[&str], primary: &str) -> Candidate {
    Candidate {
        doc,
        story: doc,
        index: pos,
        position: pos,
        in_paragraph: 0,
        heading: false,
        words: words.len(),
        stems: words.iter().map(|w| stem_id(w)).collect::<Vec<_>>().into(),
        entities: Vec::new(),
        theme_strength: 0.0,
        primary: primary.into(),
        quote: false,
        number: false,
    }
}

fn day() -> Vec<Candidate> {
    vec![
        cand(0, 0, &["a", "b", "c", "d", "e", "f"], "diplomacy"),
        cand(0, 1, &["a", "b", "c", "d", "e", "f"], "diplomacy"),
        cand(0, 2, &["g", "h", "i", "j", "k", "l"], "other"),
        cand(1, 0, &["a", "b", "c", "d", "e", "f"], "diplomacy"),
        cand(1, 1, &["m", "n", "o", "p", "q", "r"], "humanitarian"),
    ]
}

#[test]
fn scores_are_finite_and_name_their_features() {
    let c = day();
    for s in score(&c, &Weights::default()) {
        assert!(s.score.is_finite());
        for k in [
            "entity_density",
            "position",
            "centrality",
            "length",
            "theme",
        ] {
            assert!(s.features.get(k).is_some(), "{k}");
        }
    }
}

#[test]
fn near_duplicates_are_chosen_once_and_cited() {
    let c = day();
    let w = Weights::default();
    let s = score(&c, &w);
    let chosen = select(
        &c,
        &s,
        &Budget {
            max_sentences: Some(3),
            ..Budget::default()
        },
        &w,
        true,
    );
    let picked: Vec<usize> = chosen.iter().map(|x| x.candidate).collect();
    let dup_texts = picked
        .iter()
        .filter(|&&i| c[i].stems[0] == stem_id("a"))
        .count();
    assert_eq!(dup_texts, 1, "{picked:?}");
    assert!(
        chosen.iter().any(|x| x.duplicates.contains(&3)),
        "{chosen:?}"
    );
}

#[test]
fn budgets_in_sentences_words_and_ratio() {
    let c = day();
    let w = Weights::default();
    let s = score(&c, &w);
    assert_eq!(
        select(
            &c,
            &s,
            &Budget {
                max_sentences: Some(2),
                ..Budget::default()
            },
            &w,
            true
        )
        .len(),
        2
    );
    let by_words = select(
        &c,
        &s,
        &Budget {
            max_words: Some(12),
            ..Budget::default()
        },
        &w,
        true,
    );
    assert!(by_words.iter().map(|x| c[x.candidate].words).sum::<usize>() <= 12);
    assert_eq!(
        select(
            &c,
            &s,
            &Budget {
                ratio: Some(1.0),
                ..Budget::default()
            },
            &w,
            true
        )
        .len(),
        c.len()
    );
}

#[test]
fn cover_themes_brings_every_theme() {
    let c = day();
    let w = Weights::default();
    let s = score_lead(&c);
    let chosen = select(
        &c,
        &s,
        &Budget {
            max_sentences: Some(2),
            cover_themes: true,
            ..Budget::default()
        },
        &w,
        true,
    );
    let themes: Vec<&str> = chosen
        .iter()
        .map(|x| c[x.candidate].primary.as_str())
        .collect();
    assert!(themes.contains(&"humanitarian"), "{themes:?}");
    assert!(themes.contains(&"diplomacy"), "{themes:?}");
}

#[test]
fn lead_prefers_early_sentences_and_textrank_central_ones() {
    let c = day();
    let lead = score_lead(&c);
    assert!(lead[0].score > lead[2].score);
    let tr = score_textrank(&c);
    assert!(tr.iter().all(|s| s.score.is_finite()));
    // The sentence that shares words with another ranks above the isolated one in doc 0.
    assert!(tr[0].score > tr[2].score);
}

fn scores(xs: &[f64]) -> Vec<Scored> {
    xs.iter()
        .map(|&score| Scored {
            score,
            features: Features::default(),
        })
        .collect()
}

#[test]
fn limits_from_the_budget() {
    let all = usize::MAX;
    // Of 10 candidates: the budget's sentences, words and ratio; then the limits' keep-all,
    // sentences and words.
    let rows = [
        ("nothing given: five", None, None, None, (false, 5, all)),
        (
            "sentences over ratio",
            Some(2),
            None,
            Some(0.5),
            (false, 2, all),
        ),
        ("ratio rounded up", None, None, Some(0.25), (false, 3, all)),
        (
            "zero ratio takes one",
            None,
            None,
            Some(0.0),
            (false, 1, all),
        ),
        ("words alone", None, Some(40), None, (false, all, 40)),
        (
            "ratio of one keeps all",
            None,
            None,
            Some(1.0),
            (true, 10, all),
        ),
        (
            "ratio over one keeps all",
            None,
            Some(7),
            Some(1.5),
            (true, 10, 7),
        ),
    ];
    for (name, max_sentences, max_words, ratio, want) in rows {
        let budget = Budget {
            max_sentences,
            max_words,
            ratio,
            ..Budget::default()
        };
        let got = Limits::new(&budget, 10, 4);
        assert_eq!(
            (got.keep_all, got.max_sentences, got.max_words),
            want,
            "{name}"
        );
    }
}

#[test]
fn limits_per_story_between_the_floor_and_the_cap() {
    // Per story, of 100 candidates: (per_story, min_sentences, max_sentences, ratio,
    // stories) → sentences.
    let rows = [
        ("one a story", (1, None, None, None, 30), 30),
        ("two a story", (2, None, None, None, 30), 60),
        ("capped", (1, Some(12), Some(50), None, 70), 50),
        (
            "floor for a short day",
            (1, Some(12), Some(50), None, 2),
            12,
        ),
        ("between the two", (1, Some(12), Some(50), None, 31), 31),
        (
            "cap under the floor wins",
            (1, Some(12), Some(5), None, 2),
            5,
        ),
        ("ratio as the cap", (1, None, None, Some(0.1), 30), 10),
        ("never nothing", (0, None, None, None, 3), 1),
    ];
    for (name, (per_story, min_sentences, max_sentences, ratio, stories), want) in rows {
        let budget = Budget {
            per_story: Some(per_story),
            min_sentences,
            max_sentences,
            ratio,
            ..Budget::default()
        };
        let got = Limits::new(&budget, 100, stories);
        assert_eq!(got.max_sentences, want, "{name}");
        assert!(!got.keep_all, "{name}");
    }
    // Without per_story the stories change nothing.
    let fixed = Budget {
        max_sentences: Some(7),
        min_sentences: Some(20),
        ..Budget::default()
    };
    assert_eq!(Limits::new(&fixed, 100, 40).max_sentences, 7);
}

/// Candidates of one sentence-sized word each, in stories: (story, primary theme).
fn in_stories(rows: &[(usize, &str)]) -> Vec<Candidate> {
    rows.iter()
        .enumerate()
        .map(|(i, &(story, primary))| {
            let word = format!("w{i}");
            Candidate {
                story,
                ..cand(i, 0, &[word.as_str()], primary)
            }
        })
        .collect()
}

#[test]
fn every_story_is_covered_before_a_second_sentence_of_any() {
    // Story 0 has the three best sentences; stories 1 and 2 one each.
    let c = in_stories(&[
        (0, "other"),
        (0, "other"),
        (0, "other"),
        (1, "other"),
        (2, "other"),
    ]);
    let s = scores(&[0.9, 0.8, 0.7, 0.2, 0.3]);
    let w = Weights::default();
    let pick = |max: usize| -> Vec<usize> {
        let budget = Budget {
            max_sentences: Some(max),
            ..Budget::default()
        };
        select(&c, &s, &budget, &w, true)
            .into_iter()
            .map(|x| x.candidate)
            .collect()
    };
    // Stories in their order (heaviest first), each its best sentence; then by score.
    assert_eq!(pick(3), vec![0, 3, 4]);
    assert_eq!(pick(4), vec![0, 3, 4, 1]);
    // A budget under the number of stories leaves the last stories out.
    assert_eq!(pick(2), vec![0, 3]);
    // One sentence a story: the digest grows with the stories.
    let budget = Budget {
        per_story: Some(1),
        max_sentences: Some(50),
        ..Budget::default()
    };
    assert_eq!(select(&c, &s, &budget, &w, true).len(), 3);
}

#[test]
fn a_theme_whose_best_sentence_is_in_a_covered_story_waits_for_every_story() {
    // Story 0 leads every theme; story 1 has a weaker diplomacy sentence; story 2 none themed.
    let c = in_stories(&[
        (0, "humanitarian"),
        (0, "diplomacy"),
        (1, "diplomacy"),
        (2, "other"),
        (0, "military_aid"),
    ]);
    let s = scores(&[0.9, 0.8, 0.4, 0.5, 0.3]);
    let mut sel = Selection::new(&c, Limits::new(&Budget::default(), 5, 3));
    sel.cover_themes(&c, &s, true);
    let picked = |sel: &Selection| sel.chosen.iter().map(|x| x.candidate).collect::<Vec<_>>();
    // Humanitarian's best opens story 0; those of diplomacy and military aid are in story 0
    // too and wait.
    assert_eq!(picked(&sel), vec![0]);
    sel.cover_stories(&c, &s, &Space::new(&c).vecs, 0.6);
    assert_eq!(picked(&sel), vec![0, 2, 3], "stories 1 and 2");
    sel.cover_themes(&c, &s, false);
    // Diplomacy has story 1's sentence; military aid still has none: its best.
    assert_eq!(picked(&sel), vec![0, 2, 3, 4]);
}

#[test]
fn a_story_whose_best_sentence_repeats_a_chosen_one_is_cited_with_it() {
    let same = ["a", "b", "c", "d"];
    let c = vec![
        cand(0, 0, &same, "other"),
        Candidate {
            story: 1,
            ..cand(1, 0, &same, "other")
        },
        Candidate {
            story: 1,
            ..cand(1, 1, &["x", "y"], "other")
        },
    ];
    let s = scores(&[0.9, 0.8, 0.1]);
    let mut sel = Selection::new(&c, Limits::new(&Budget::default(), 3, 2));
    sel.cover_stories(&c, &s, &Space::new(&c).vecs, 0.6);
    assert_eq!(
        sel.chosen,
        vec![Chosen {
            candidate: 0,
            duplicates: vec![1]
        }]
    );
    assert!(!sel.covered[1], "left for the fill");
}

#[test]
fn keeping_all_orders_by_score_then_index() {
    let picked: Vec<usize> = all_by_score(&scores(&[0.2, 0.9, 0.2, 0.5]), 4)
        .into_iter()
        .map(|c| c.candidate)
        .collect();
    assert_eq!(picked, vec![1, 3, 0, 2]);
}

#[test]
fn theme_leaders_are_the_best_of_each_theme_best_first() {
    let c = vec![
        cand(0, 0, &["a"], "diplomacy"),
        cand(0, 1, &["b"], "other"),
        cand(0, 2, &["c"], "humanitarian"),
        cand(1, 0, &["d"], "diplomacy"),
        cand(1, 1, &["e"], "humanitarian"),
        cand(1, 2, &["f"], "security"),
    ];
    // `other` is no theme however high; of equal scores the first leads.
    let s = scores(&[0.4, 1.0, 0.7, 0.6, 0.7, 0.1]);
    assert_eq!(theme_leaders(&c, &s), vec![2, 3, 5]);
}

#[test]
fn a_large_pool_keeps_the_best_in_index_order() {
    let s = scores(&[0.1, 0.9, 0.5, 0.9, 0.3, 0.8]);
    let used = [false, true, false, false, false, false];
    let pool = Pool::new(&used, &s, 3);
    assert_eq!(pool.members, vec![2, 3, 5]);
    assert_eq!(pool.max_sim, vec![0.0; 3]);
    assert_eq!(Pool::new(&used, &s, 10).members, vec![0, 2, 3, 4, 5]);
}

#[test]
fn the_next_pick_weighs_relevance_against_similarity() {
    let c = vec![
        cand(0, 0, &["a", "b", "c"], "other"),
        cand(0, 1, &["a", "b", "c"], "other"),
        cand(1, 0, &["x", "y", "z"], "other"),
        cand(1, 1, &["p", "q", "r"], "other"),
    ];
    let space = Space::new(&c);
    let s = scores(&[1.0, 0.9, 0.8, 0.8]);
    let mut used = vec![true, false, false, false];
    let mut pool = Pool::new(&used, &s, 10);
    let chosen = vec![Chosen::alone(0)];
    pool.sync(&chosen, &used, &space.vecs);
    assert!(pool.max_sim[0] > 0.999, "{:?}", pool.max_sim);
    assert_eq!(pool.max_sim[1..], [0.0, 0.0]);
    // Score alone: the copy of the chosen sentence.
    assert_eq!(pool.best(&used, &s, 1.0, None), Some(1));
    // With MMR it loses to the first of two equal new ones.
    assert_eq!(pool.best(&used, &s, 1.0, Some(0.75)), Some(2));
    used[2] = true;
    assert_eq!(pool.best(&used, &s, 1.0, Some(0.75)), Some(3));
    used[1] = true;
    used[3] = true;
    assert_eq!(pool.best(&used, &s, 1.0, Some(0.75)), None);
}

#[test]
fn fill_passes_over_long_sentences_but_never_returns_nothing() {
    let c = vec![
        cand(0, 0, &["a", "b"], "other"),
        cand(0, 1, &["c", "d", "e"], "other"),
        cand(0, 2, &["f", "g", "h", "i", "j"], "other"),
    ];
    let space = Space::new(&c);
    let s = scores(&[0.9, 0.5, 0.7]);
    let run = |max_words: usize| {
        let budget = Budget {
            max_words: Some(max_words),
            ..Budget::default()
        };
        let mut sel = Selection::new(&c, Limits::new(&budget, 3, 1));
        let pool = Pool::new(&sel.used, &s, 10);
        sel.fill(pool, &space.vecs, &c, &s, None, 0.6);
        sel.chosen.iter().map(|x| x.candidate).collect::<Vec<_>>()
    };
    assert_eq!(run(10), vec![0, 2, 1]);
    // The second best is too long; the third fits.
    assert_eq!(run(5), vec![0, 1]);
    // The best is over the budget and nothing is chosen yet: it alone, over the budget.
    assert_eq!(run(1), vec![0]);
}

#[test]
fn near_duplicates_are_cited_from_other_documents_only() {
    let same = ["a", "b", "c", "d"];
    let c = vec![
        cand(0, 0, &same, "other"),
        cand(0, 1, &same, "other"),
        cand(1, 0, &same, "other"),
        cand(2, 0, &["x", "y", "z"], "other"),
        cand(3, 0, &same, "other"),
    ];
    let space = Space::new(&c);
    let mut chosen = vec![
        Chosen {
            candidate: 0,
            duplicates: vec![4],
        },
        Chosen::alone(3),
    ];
    cite_other_documents(&mut chosen, &space.vecs, &c, 0.6);
    assert_eq!(chosen[0].duplicates, vec![4, 2]);
    assert!(chosen[1].duplicates.is_empty());
}
#[test]
fn method_names_parse_back_and_match_the_config_spelling() {
    for m in Method::ALL {
        assert_eq!(m.as_str().parse::<Method>().unwrap(), m);
        assert_eq!(m.to_string(), m.as_str());
        assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
        assert!(!m.description().is_empty());
    }
    for bad in ["", "Lead", "TEXTRANK", "text-rank", " lead", "mmr"] {
        let e = bad.parse::<Method>().unwrap_err();
        assert!(matches!(e, crate::Error::Usage(_)), "{bad:?}: {e}");
        assert!(e.to_string().contains("khulasa, lead, textrank"), "{e}");
    }
}

#[test]
fn numbers_and_quotes_are_told_apart_from_plain_sentences() {
    assert!(has_number("ولد عام 1770 في مدينة بون."));
    assert!(has_number("قتل ٣ أشخاص."));
    assert!(has_number("۲۰ نفر"));
    assert!(!has_number("ولد في مدينة بون قبل ثلاثة قرون."));
    assert!(has_quote("وقال إن «الوضع تحت السيطرة»."));
    assert!(has_quote("قالت مصادر لـ\"الوطن\" إن النتائج دفعت الحركة."));
    assert!(!has_quote("وقال إن الوضع تحت السيطرة."));
}

#[test]
fn a_weight_on_numbers_moves_only_the_sentences_with_a_number() {
    let plain = cand(0, 1, &["a", "b", "c", "d", "e", "f"], "other");
    let c = vec![
        cand(0, 0, &["x", "y", "z"], "other"),
        plain.clone(),
        Candidate {
            index: 2,
            position: 2,
            number: true,
            ..plain.clone()
        },
    ];
    let off = score(&c, &Weights::default());
    assert_eq!(
        off[2].features.numbers, None,
        "a weight of 0 shows no feature"
    );
    let w = Weights {
        numbers: -0.15,
        ..Weights::default()
    };
    let on = score(&c, &w);
    assert_eq!(on[2].features.numbers, Some(1.0));
    assert_eq!(on[1].features.numbers, Some(0.0));
    assert!((off[1].score - on[1].score).abs() < 1e-9);
    assert!(
        (off[2].score - on[2].score - 0.15).abs() < 1e-3,
        "{off:?} {on:?}"
    );
}

#[test]
fn headline_similarity_is_to_the_first_sentence_of_each_document() {
    let c = vec![
        cand(0, 0, &["sudan", "cabinet", "reshuffle"], "other"),
        cand(0, 1, &["sudan", "cabinet", "minister", "named"], "other"),
        cand(0, 2, &["weather", "rain", "tomorrow"], "other"),
        cand(1, 0, &["weather", "rain", "storm"], "other"),
        cand(1, 1, &["sudan", "cabinet", "minister"], "other"),
    ];
    let w = Weights {
        headline: 0.3,
        ..Weights::default()
    };
    let s = score(&c, &w);
    let head = |i: usize| s[i].features.headline.unwrap();
    assert!((head(0) - 1.0).abs() < 1e-3);
    assert!(head(1) > 0.1, "{}", head(1));
    assert_eq!(head(2), 0.0, "nothing in common with its own headline");
    assert!(
        head(4) < head(1),
        "document 1's headline is about the weather"
    );
}

#[test]
fn captions_datelines_and_bylines_are_never_chosen() {
    use crate::ingest::{Format, IngestOptions, ingest_text};
    let text = "سبق- جدة: أعلنت وزارة الصحة اليوم تسجيل إصابات جديدة بالفيروس في المدينة.\nالوزير خلال المؤتمر - صورة أرشيفية.\nوأكدت الوزارة أن الوضع الصحي في جدة تحت السيطرة الكاملة.\nكتبت أسماء نصار\nوقال الوزير إن الوزارة تتابع الإصابات الجديدة في جدة يوما بيوم.\n";
    let ing = ingest_text("a.txt", Format::Text, text, &IngestOptions::default());
    let dropped: Vec<String> = ing.documents[0]
        .dropped()
        .map(|(t, _)| t.to_string())
        .collect();
    assert_eq!(dropped.len(), 3, "{dropped:?}");
    let docs = crate::pipeline::Engine::builtin()
        .unwrap()
        .analyze(ing.documents);
    for method in Method::ALL {
        // Every sentence a summary may take, and a short summary.
        for budget in [
            Budget {
                ratio: Some(1.0),
                ..Budget::default()
            },
            Budget {
                max_sentences: Some(1),
                ..Budget::default()
            },
        ] {
            let s = crate::pipeline::summarize(&docs, method, &budget, &Weights::default());
            assert_eq!(s.candidates.len(), 3, "{method}");
            for c in &s.chosen {
                let cand = &s.candidates[c.candidate];
                let sentence = &docs[cand.doc].sentences[cand.index].text;
                for d in &dropped {
                    assert!(!sentence.contains(d.as_str()), "{method}: {sentence}");
                }
            }
        }
    }
}

#[test]
fn repeated_bigrams_are_pairs_another_sentence_of_the_document_has() {
    let c = vec![
        cand(0, 0, &["king", "abdullah", "visited", "amman"], "other"),
        cand(0, 1, &["king", "abdullah", "met", "ministers"], "other"),
        cand(0, 2, &["rain", "fell", "today"], "other"),
        // The same pair in another document does not count.
        cand(1, 0, &["rain", "fell", "again"], "other"),
        cand(1, 1, &["alone"], "other"),
    ];
    let b = repeated_bigrams(&c);
    assert!((b[0] - 1.0 / 3.0).abs() < 1e-12, "{b:?}");
    assert!((b[1] - 1.0 / 3.0).abs() < 1e-12, "{b:?}");
    assert_eq!(b[2], 0.0);
    assert_eq!(b[3], 0.0);
    assert_eq!(b[4], 0.0, "no pair");
    // Off by default: not shown, no part of the score.
    let off = score(&c, &Weights::default());
    assert_eq!(off[0].features.bigrams, None);
    let on = score(
        &c,
        &Weights {
            bigrams: 0.3,
            ..Weights::default()
        },
    );
    assert_eq!(on[0].features.bigrams, Some(0.3333));
    assert!((on[0].score - off[0].score - 0.1).abs() < 1e-3, "{on:?}");
    assert!((on[2].score - off[2].score).abs() < 1e-9);
}
