use super::*;
use crate::entities::Mention;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The keys of the entities the gazetteer (not a model) finds in `text`.
fn keys(res: &Resources, text: &str) -> Vec<String> {
    res.recognizer
        .recognize(text, &[(0, text.len())])
        .into_iter()
        .filter(|m: &Mention| !m.romanized())
        .map(|m| m.key)
        .collect()
}

#[test]
fn the_builtin_resources_hold_every_table() {
    let res = Resources::builtin().unwrap();
    assert!(res.words.stop.contains("في"));
    assert!(res.words.is_protected("وزير"));
    assert!(!res.chrome.is_empty());
    assert!(!res.verbs.is_empty());
    assert!(res.recognizer.gazetteer().get("armenia").is_some());
    assert!(!res.lexicon.themes().is_empty());
}

#[test]
fn regional_packs_are_opt_in() {
    let text = "وصل الوفد إلى ستيباناكيرت أمس.";
    let general = Resources::builtin().unwrap();
    assert!(general.recognizer.gazetteer().get("stepanakert").is_none());
    assert!(!keys(&general, text).contains(&"stepanakert".to_string()));
    // Nagorno-Karabakh is a place of world news: known without the pack.
    assert!(
        general
            .recognizer
            .gazetteer()
            .get("nagorno-karabakh")
            .is_some()
    );

    let config = Config {
        packs: vec!["caucasus".into()],
        ..Config::default()
    };
    let caucasus = Resources::from_config(&config).unwrap();
    assert!(keys(&caucasus, text).contains(&"stepanakert".to_string()));
    // The pack's theme term joins the diplomacy theme.
    let s = "اجتمعت مجموعة مينسك";
    let toks = crate::text::tokenize(s, 0, s.len(), &caucasus.words);
    assert_eq!(caucasus.lexicon.classify(&toks).primary, "diplomacy");
    let toks = crate::text::tokenize(s, 0, s.len(), &general.words);
    assert_eq!(general.lexicon.classify(&toks).primary, "other");

    let bad = Config {
        packs: vec!["atlantis".into()],
        ..Config::default()
    };
    let e = Resources::from_config(&bad).err().unwrap().to_string();
    assert!(e.contains("atlantis") && e.contains("caucasus"), "{e}");
}

#[test]
fn the_configuration_adds_to_each_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    let t = &mut config.tables;
    t.stopwords.files = vec![write(dir.path(), "stop.txt", "# mine\nباكو\n")];
    t.protected.files = vec![write(dir.path(), "protected.txt", "البرز\n")];
    t.chrome.files = vec![write(dir.path(), "chrome.txt", "شاهد المزيد*\n")];
    t.wordfreq.files = vec![write(dir.path(), "freq.tsv", "# mine\nقرقيسياء\t3.5\n")];
    t.verbs.files = vec![write(
        dir.path(),
        "verbs.toml",
        "[[verb]]\narabic = [\"ندد\"]\nenglish = \"condemned\"\n",
    )];
    t.titles.files = vec![write(
        dir.path(),
        "titles.toml",
        "[[title]]\narabic = [\"كبير المفاوضين\"]\nenglish = \"Chief Negotiator\"\n",
    )];
    t.gazetteer.files = vec![write(
        dir.path(),
        "gaz.toml",
        "[[entity]]\nkey = \"qaryat-x\"\nenglish = \"Qaryat X\"\ntype = \"place\"\narabic = [\"قرية اكس\"]\n",
    )];
    let builtin = Resources::builtin().unwrap();
    let res = Resources::from_config(&config).unwrap();
    assert!(res.words.stop.contains("باكو") && res.words.stop.contains("في"));
    assert_eq!(res.words.split_clitics("البرز"), ("", "البرز"));
    assert_eq!(builtin.words.split_clitics("البرز"), ("ال", "برز"));
    assert!(res.chrome.is_chrome_line("شاهد المزيد من الصور"));
    assert!(!builtin.chrome.is_chrome_line("شاهد المزيد من الصور"));
    assert_eq!(res.verbs.len(), builtin.verbs.len() + 1);
    assert!(res.recognizer.wordfreq().is_ordinary("قرقيسياء"));
    assert!(!builtin.recognizer.wordfreq().is_ordinary("قرقيسياء"));
    assert!(res.recognizer.wordfreq().is_ordinary("الامن"));
    assert!(keys(&res, "زار قرية اكس وفد.").contains(&"qaryat-x".to_string()));
    let text = "وقال كبير المفاوضين جون سميث إن الوفد وصل.";
    let m = res.recognizer.recognize(text, &[(0, text.len())]);
    assert!(
        m.iter()
            .any(|m| m.role.as_deref() == Some("Chief Negotiator")),
        "{m:?}"
    );
}

#[test]
fn the_configuration_replaces_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.tables.stopwords.replace_builtin = true;
    config.tables.stopwords.files = vec![write(dir.path(), "stop.txt", "باكو\n")];
    config.tables.gazetteer.replace_builtin = true;
    config.tables.wordfreq.replace_builtin = true;
    let res = Resources::from_config(&config).unwrap();
    assert_eq!(res.words.stop.len(), 1);
    assert!(res.recognizer.wordfreq().is_empty());
    assert!(res.recognizer.gazetteer().is_empty());
}

#[test]
fn bad_data_names_the_file_and_the_line() {
    let dir = tempfile::tempdir().unwrap();
    /// How a case puts its file into the configuration.
    type Set = Box<dyn Fn(&mut Config, std::path::PathBuf)>;
    let cases: Vec<(&str, Set, &str)> = vec![
        (
            "gaz.toml",
            Box::new(|c, p| c.gazetteer = vec![p]),
            "[[entity]]\nkey = \"x\"\nenglish = \"X\"\ntype = \"place\"\narabic = [\"س\"\n",
        ),
        (
            "verbs.toml",
            Box::new(|c, p| c.tables.verbs.files = vec![p]),
            "[[verb]]\narabic = \"قال\"\nenglish = \"said\"\n",
        ),
        (
            "titles.toml",
            Box::new(|c, p| c.tables.titles.files = vec![p]),
            "[[title]]\n\narabic = [\"وزير\"]\nenglish = 3\n",
        ),
        (
            "freq.tsv",
            Box::new(|c, p| c.tables.wordfreq.files = vec![p]),
            "# frequencies\nالامن\tfrequent\n",
        ),
        (
            "model.txt",
            Box::new(|c, p| {
                c.models.tagger = Some(p.clone());
                c.models.tagger_names = Some(p);
            }),
            "# a tagger model\nlabels\tO\nw\tnot-a-number\n",
        ),
    ];
    for (name, set, text) in cases {
        let p = write(dir.path(), name, text);
        let mut config = Config::default();
        set(&mut config, p);
        let e = Resources::from_config(&config)
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"))
            .to_string();
        assert!(e.contains(name), "{name}: {e}");
        assert!(e.contains("line"), "{name}: {e}");
    }
    // A missing file is named too.
    let mut config = Config::default();
    config.tables.stopwords.files = vec![dir.path().join("nowhere.txt")];
    let e = Resources::from_config(&config).err().unwrap().to_string();
    assert!(e.contains("nowhere.txt"), "{e}");
}

#[test]
fn two_resources_live_side_by_side() {
    let a = Resources::builtin().unwrap();
    let mut config = Config::default();
    config.tables.gazetteer.replace_builtin = true;
    let b = Resources::from_config(&config).unwrap();
    let text = "زار الرئيس باكو.";
    assert!(keys(&a, text).contains(&"baku".to_string()));
    assert!(!keys(&b, text).contains(&"baku".to_string()));
    assert_ne!(a.recognizer.romanizer().id(), b.recognizer.romanizer().id());
}

#[test]
fn the_theme_model_is_on_by_default_and_when_it_fits() {
    let mut config = Config::default();
    assert!(Resources::from_config(&config).unwrap().lexicon.has_model());
    config.themes.model = false;
    assert!(!Resources::from_config(&config).unwrap().lexicon.has_model());
    config.themes.model = true;
    assert!(Resources::from_config(&config).unwrap().lexicon.has_model());
    // A model of two classes does not fit the four themes: the lexicon decides.
    let dir = tempfile::tempdir().unwrap();
    let two = "feature\tdiplomacy\tother\nbias\t0\t1\n";
    config.themes.model_file = Some(write(dir.path(), "two.tsv", two));
    assert!(!Resources::from_config(&config).unwrap().lexicon.has_model());
    // Without the security theme, the built-in model does not fit either.
    config.themes.model_file = None;
    config.themes.disable = vec!["security".into()];
    assert!(!Resources::from_config(&config).unwrap().lexicon.has_model());
    // A model file that is not one is an error naming it.
    config.themes.model_file = Some(write(
        dir.path(),
        "bad.tsv",
        "feature\tdiplomacy\nbias\tx\n",
    ));
    let Err(err) = Resources::from_config(&config) else {
        panic!("a bad model file was accepted");
    };
    assert!(err.to_string().contains("bad.tsv"), "{err}");
}
