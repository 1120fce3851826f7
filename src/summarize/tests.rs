use super::*;

fn cand(doc: usize, pos: usize, words: &[&str], primary: &str) -> Candidate {
    Candidate {
        doc,
        index: pos,
        position: pos,
        in_paragraph: 0,
        heading: false,
        words: words.len(),
        stems: words.iter().map(|w| stem_id(w)).collect::<Vec<_>>().into(),
        entities: Vec::new(),
        theme_strength: 0.0,
        primary: primary.into(),
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
