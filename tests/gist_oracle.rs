//! The gist oracle: hand-checked sentences (`tests/data/gist_oracle.tsv`) with who acts and
//! the verb, run through the real pipeline. A wrong actor fails the test: a gist that names
//! the wrong one is worse than a gist without one, which only counts as a miss. The figures
//! are printed (`cargo test --test gist_oracle -- --nocapture`).

use khulasa::config::Config;
use khulasa::gist;
use khulasa::ingest::{Format, IngestOptions, ingest_text};
use khulasa::pipeline::Engine;

/// One row of the oracle: the sentence, the accepted actors and verbs (an empty string
/// accepts none), and why.
struct Case {
    line: usize,
    sentence: String,
    actors: Vec<String>,
    verbs: Vec<String>,
    note: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("data/gist_oracle.tsv");
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().expect("a header");
    assert_eq!(header, "sentence\tactor\tverb\tnote");
    lines
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "line {}: four fields", i + 1);
            let alternatives = |s: &str| s.split('|').map(|a| a.trim().to_string()).collect();
            Case {
                line: i + 1,
                sentence: f[0].to_string(),
                actors: alternatives(f[1]),
                verbs: alternatives(f[2]),
                note: f[3].to_string(),
            }
        })
        .collect()
}

#[test]
fn the_oracle_names_no_wrong_actor() {
    // The seeds' place names come from the South Caucasus pack, as in their digest.
    let config = Config {
        packs: vec!["caucasus".into()],
        ..Config::default()
    };
    let engine = Engine::from_config(&config).unwrap();
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());

    let (mut right, mut missing, mut verbs_right) = (0, 0, 0);
    let mut wrong: Vec<String> = Vec::new();
    for c in &cases {
        let ing = ingest_text(
            "oracle.txt",
            Format::Text,
            &c.sentence,
            &IngestOptions::default(),
        );
        let docs = engine.analyze(ing.documents);
        let sentences = &docs[0].sentences;
        assert_eq!(sentences.len(), 1, "line {}: one sentence", c.line);
        let g = gist::parts(&sentences[0]);
        let actor = g.actor.clone().unwrap_or_default();
        let verb = g.verb.clone().unwrap_or_default();
        let verdict = if c.actors.contains(&actor) {
            right += 1;
            "right"
        } else if actor.is_empty() {
            missing += 1;
            "missing"
        } else {
            wrong.push(format!(
                "line {}: {:?} instead of {:?} ({})\n    {}",
                c.line, actor, c.actors, c.note, g.line
            ));
            "WRONG"
        };
        if c.verbs.contains(&verb) {
            verbs_right += 1;
        }
        println!(
            "{:>3} {verdict:<7} actor {actor:?} (expected {:?}), verb {verb:?} (expected {:?})",
            c.line, c.actors, c.verbs
        );
    }
    let n = cases.len();
    println!(
        "gist oracle: {n} sentences; actor right {right}, missing {missing}, wrong {}; \
         verb right {verbs_right}",
        wrong.len()
    );
    assert!(wrong.is_empty(), "wrong actors:\n{}", wrong.join("\n"));
    assert!(
        right * 10 >= n * 9,
        "actor right in {right} of {n} sentences, below 90%"
    );
}
