//! Integration tests: run the binary on the seed articles and check what it writes.

use assert_cmd::Command;
use serde_json::Value;

fn khulasa() -> Command {
    Command::cargo_bin("khulasa").expect("binary built")
}

fn seeds() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

#[test]
fn build_writes_the_digest_files_and_the_archive() {
    let out = tempfile::tempdir().unwrap();
    // The seeds are about Karabakh: the South Caucasus pack names its places.
    let config = out.path().join("khulasa.toml");
    std::fs::write(&config, "packs = [\"caucasus\"]\n").unwrap();
    let assert = khulasa()
        .args(["build", "--date", "2026-11-23", "--config"])
        .arg(&config)
        .args(["--base-url", "https://example.org/briefing/"])
        .arg("--out")
        .arg(out.path())
        .arg(seeds())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("2 documents read"), "{stderr}");
    let day = out.path().join("2026-11-23");
    for f in ["digest.md", "digest.html", "digest.json"] {
        assert!(day.join(f).is_file(), "{f} missing");
    }
    assert!(out.path().join("index.html").is_file());
    assert!(out.path().join("feed.xml").is_file());

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(day.join("digest.json")).unwrap()).unwrap();
    assert_eq!(json["date"], "2026-11-23");
    for k in ["audience", "documents", "themes", "glossary"] {
        assert!(json.get(k).is_some(), "{k}");
    }
    let themes: Vec<&str> = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["sentences"].as_array().is_some_and(|s| !s.is_empty()))
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    for t in ["diplomacy", "military_aid", "humanitarian", "security"] {
        assert!(themes.contains(&t), "theme {t} missing from {themes:?}");
    }
    let s = &json["themes"][0]["sentences"][0];
    for k in [
        "doc", "index", "text", "score", "features", "themes", "entities", "gloss", "gist",
        "actor", "verb",
    ] {
        assert!(s.get(k).is_some(), "sentence field {k}");
    }
    assert!(
        s["features"].get("entity_density").is_some() && s["features"].get("position").is_some()
    );

    let glossary: Vec<(String, String)> = json["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["english"].as_str().unwrap().to_string(),
                g["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (name, ty) in [
        ("Armenia", "place"),
        ("Azerbaijan", "place"),
        ("France", "place"),
        ("Turkey", "place"),
        ("Russia", "place"),
        ("Baku", "place"),
        ("Yerevan", "place"),
        ("Moscow", "place"),
        ("Nagorno-Karabakh", "place"),
        ("Artsakh", "place"),
        ("Nikol Pashinyan", "person"),
        ("Emmanuel Macron", "person"),
        ("Ilham Aliyev", "person"),
        ("Maria Zakharova", "person"),
        ("Catherine Colonna", "person"),
        ("Sébastien Lecornu", "person"),
        ("United Nations", "organization"),
        ("OSCE Minsk Group", "organization"),
        ("Eurasian Economic Union", "organization"),
        ("Ministry of Foreign Affairs of Armenia", "organization"),
        ("Ministry of Defence of Azerbaijan", "organization"),
        ("French Presidency", "organization"),
    ] {
        assert!(
            glossary.contains(&(name.to_string(), ty.to_string())),
            "{name} ({ty}) not in glossary"
        );
    }
    // One entry per entity: no English name twice.
    let mut names: Vec<&String> = glossary.iter().map(|(n, _)| n).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "duplicate glossary entries");

    let md = std::fs::read_to_string(day.join("digest.md")).unwrap();
    assert!(
        !md.contains("اظهر المزيد") && !md.contains("زر الذهاب"),
        "page chrome leaked"
    );
    let html = std::fs::read_to_string(day.join("digest.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("lang=\"ar\" dir=\"rtl\""));
    assert!(html.contains("Nikol Pashinyan"));
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    // minijinja's HTML escaping writes "/" as "&#x2f;" inside attributes.
    assert!(
        index.contains("2026-11-23/digest.html") || index.contains("2026-11-23&#x2f;digest.html")
    );
}

/// `--glossary all` lists every entity of the day; by default the glossary lists those shown,
/// and a configuration can ask for all of them too.
#[test]
fn glossary_flag_and_config_key_keep_every_entity() {
    let entries = |extra: &[&str], config: Option<&str>| {
        let out = tempfile::tempdir().unwrap();
        let mut cmd = khulasa();
        cmd.args([
            "build",
            "--date",
            "2026-11-23",
            "--format",
            "json",
            "--quiet",
        ])
        .args(extra)
        .arg("--out")
        .arg(out.path());
        if let Some(c) = config {
            let path = out.path().join("khulasa.toml");
            std::fs::write(&path, c).unwrap();
            cmd.arg("--config").arg(path);
        }
        cmd.arg(seeds()).assert().success();
        let day = out.path().join("2026-11-23");
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(day.join("digest.json")).unwrap())
                .unwrap();
        let keys: Vec<String> = json["glossary"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["key"].as_str().unwrap().to_string())
            .collect();
        (keys, json["stats"]["entities"].as_u64().unwrap() as usize)
    };
    let (shown, entities) = entries(&[], None);
    let (all, _) = entries(&["--glossary", "all"], None);
    assert_eq!(all.len(), entities, "every entity of the day");
    assert!(shown.len() < all.len(), "{} of {}", shown.len(), all.len());
    assert!(shown.iter().all(|k| all.contains(k)));
    assert_eq!(entries(&[], Some("glossary = \"all\"\n")).0, all);
    assert_eq!(
        entries(&["--glossary", "shown"], Some("glossary = \"all\"\n")).0,
        shown,
        "the flag wins over the file"
    );
    khulasa()
        .args(["build", "--glossary", "some"])
        .assert()
        .code(2);
}

#[test]
fn a_name_the_article_does_not_decide_shows_its_other_reading() {
    // عمان is Oman or Amman: with nothing else in the article to choose by, the glossary says
    // so; beside the King of Jordan it is Amman, and nothing else is shown.
    for (text, shown, hidden) in [
        (
            "وصل الوفد إلى عمان صباح اليوم لإجراء محادثات حول التعاون الاقتصادي.",
            "Oman (or Amman)",
            "",
        ),
        (
            "استقبل الملك عبدالله الثاني في عمان وزير الخارجية الأردني أيمن الصفدي.",
            "Amman",
            "(or ",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), format!("{text}\n")).unwrap();
        let out = dir.path().join("out");
        khulasa()
            .args([
                "build",
                "--date",
                "2026-11-23",
                "--glossary",
                "all",
                "--out",
            ])
            .arg(&out)
            .arg(dir.path().join("a.txt"))
            .assert()
            .success();
        let day = out.join("2026-11-23");
        let md = std::fs::read_to_string(day.join("digest.md")).unwrap();
        let html = std::fs::read_to_string(day.join("digest.html")).unwrap();
        let row = md
            .lines()
            .find(|l| l.starts_with("| ") && l.contains("عمان"))
            .unwrap_or_else(|| panic!("no glossary row for عمان:\n{md}"));
        assert!(row.starts_with(&format!("| {shown} |")), "{row}");
        if hidden.is_empty() {
            assert!(html.contains("(or Amman)"), "{html}");
        } else {
            assert!(!row.contains(hidden), "{row}");
        }
    }
}

#[test]
fn summarize_text_ratio_one_prints_every_sentence_in_order() {
    let file = seeds().join("karabakh-un-mission.txt");
    let out = khulasa()
        .args(["summarize", "--ratio", "1"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 15, "{}", lines.len());
    assert!(lines[0].starts_with("ان البعثة الاممية"));
    let original = std::fs::read_to_string(&file).unwrap();
    let mut pos = 0;
    for l in &lines {
        let at = original[pos..]
            .find(l)
            .unwrap_or_else(|| panic!("not in original order: {l}"));
        pos += at + l.len();
    }
    let short = khulasa()
        .args(["summarize", "--max-sentences", "3"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(short.stdout).unwrap().lines().count(), 3);
}

#[test]
fn entities_json_offsets_point_into_the_file() {
    let file = seeds().join("moscow-talks-truce.txt");
    let out = khulasa()
        .args(["entities", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = std::fs::read_to_string(&file).unwrap().chars().collect();
    let mentions = v[0]["mentions"].as_array().unwrap();
    assert!(mentions.len() > 40);
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let t: String = chars[s..e].iter().collect();
        assert_eq!(t, m["text"].as_str().unwrap());
        for k in ["type", "english", "key", "form"] {
            assert!(m.get(k).is_some(), "{k}");
        }
    }
    assert!(
        mentions
            .iter()
            .any(|m| m["form"] == "adjective" && m["english"] == "France")
    );
}

#[test]
fn themes_and_glossary_commands() {
    let out = khulasa()
        .args(["themes", "--format", "json"])
        .arg(seeds())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v[0]["sentences"][0];
    for k in ["index", "text", "themes", "primary"] {
        assert!(s.get(k).is_some(), "{k}");
    }
    let out = khulasa()
        .args(["glossary", "--format", "json"])
        .arg(seeds())
        .output()
        .unwrap();
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in [
        "key",
        "english",
        "type",
        "arabic",
        "mentions",
        "role",
        "description",
    ] {
        assert!(g[0].get(k).is_some(), "{k}");
    }
    let tsv = khulasa()
        .args(["themes", "--format", "tsv"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(
        String::from_utf8(tsv.stdout)
            .unwrap()
            .starts_with("file\tindex\tprimary")
    );
}

#[test]
fn listing_commands_print_the_library_listings() {
    let seeds = seeds();
    let engine = khulasa::pipeline::Engine::builtin().unwrap();
    let ing = khulasa::ingest::ingest(
        std::slice::from_ref(&seeds),
        &khulasa::ingest::IngestOptions::default(),
    );
    let docs = engine.analyze(ing.documents);
    let budget = khulasa::summarize::Budget {
        max_sentences: Some(5),
        ..Default::default()
    };
    let method = khulasa::summarize::Method::Textrank;
    let summary = khulasa::pipeline::summarize(&docs, method, &budget, &Default::default());
    let expected = [
        (
            vec!["summarize", "--method", "textrank", "--explain"],
            khulasa::listing::summary(&docs, &summary, method, true).to_json(),
        ),
        (
            vec!["entities"],
            khulasa::listing::entities(&docs).to_json(),
        ),
        (
            vec!["glossary"],
            khulasa::listing::glossary(&docs, &engine).to_json(),
        ),
        (vec!["themes"], khulasa::listing::themes(&docs).to_json()),
    ];
    for (args, json) in expected {
        let out = khulasa()
            .args(&args)
            .args(["--format", "json"])
            .arg(&seeds)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            json.unwrap() + "\n",
            "{args:?}"
        );
    }
}

#[test]
fn method_flag_takes_the_lowercase_names_and_lists_them() {
    let out = khulasa()
        .args(["summarize", "--method", "Lead"])
        .arg(seeds())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("invalid value 'Lead'") && err.contains("khulasa, lead, textrank"),
        "{err}"
    );
    let help = khulasa().args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("textrank: TextRank (Mihalcea & Tarau 2004)"),
        "{help}"
    );
    let json = khulasa()
        .args(["summarize", "--format", "json", "--method", "lead"])
        .arg(seeds())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["method"], "lead");
}

#[test]
fn user_theme_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("energy.toml"),
        "[[theme]]\nkey = \"negotiation\"\nlabel = \"Negotiation track\"\n[[theme.term]]\narabic = \"مفاوضات\"\nenglish = \"negotiations\"\nweight = 5.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("khulasa.toml"),
        "[themes]\nfiles = [\"energy.toml\"]\ndisable = [\"diplomacy\"]\n",
    )
    .unwrap();
    let out = khulasa()
        .args(["themes", "--format", "tsv", "--config"])
        .arg(dir.path().join("khulasa.toml"))
        .arg(seeds())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("\tnegotiation\t"), "{t}");
    assert!(!t.contains("\tdiplomacy\t"));
}

#[test]
fn bad_config_names_the_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "tittle = \"typo\"\n").unwrap();
    let out = khulasa()
        .args(["build", "--config"])
        .arg(&cfg)
        .arg(seeds())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.toml"));
}

#[test]
fn romanize_prints_one_line_per_name() {
    let out = khulasa()
        .args(["romanize", "خاتشاتوريان", "زاخاروفا"])
        .output()
        .unwrap();
    let t = String::from_utf8(out.stdout).unwrap();
    assert_eq!(t.lines().count(), 2);
    assert!(
        t.lines()
            .all(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase())),
        "{t}"
    );
}

#[test]
fn reader_pages_list_the_cited_sources_and_count_the_rest() {
    let out = tempfile::tempdir().unwrap();
    khulasa()
        .args([
            "build",
            "--date",
            "2026-11-23",
            "--max-sentences",
            "1",
            "--quiet",
            "--out",
        ])
        .arg(out.path())
        .arg(seeds())
        .assert()
        .success();
    let day = out.path().join("2026-11-23");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(day.join("digest.json")).unwrap()).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "every document stays in the JSON");
    let cited: Vec<&str> = docs
        .iter()
        .filter(|d| d["cited"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let uncited: Vec<&str> = docs
        .iter()
        .filter(|d| d["cited"] == false)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!((cited.len(), uncited.len()), (1, 1), "{docs:?}");
    assert_eq!(json["stats"]["cited"], 1);
    let html = std::fs::read_to_string(day.join("digest.html")).unwrap();
    assert!(html.contains(&format!("id=\"doc-{}\"", cited[0])));
    assert!(!html.contains(&format!("id=\"doc-{}\"", uncited[0])));
    assert!(
        html.contains("1 other article read and not quoted"),
        "{html}"
    );
    let md = std::fs::read_to_string(day.join("digest.md")).unwrap();
    assert!(md.contains("1 other article read and not quoted"));
}

#[test]
fn timings_name_every_stage() {
    let out = tempfile::tempdir().unwrap();
    let assert = khulasa()
        .args([
            "build",
            "--date",
            "2026-11-23",
            "--quiet",
            "--timings",
            "--out",
        ])
        .arg(out.path())
        .arg(seeds())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for stage in [
        "data",
        "ingest",
        "analyze",
        "summarize",
        "digest",
        "publish",
        "total",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("khulasa: {stage} ")) && l.contains(" s")),
            "{stage}: {stderr}"
        );
    }
    // Without --timings, --quiet prints nothing.
    let assert = khulasa()
        .args(["build", "--date", "2026-11-23", "--quiet", "--out"])
        .arg(out.path())
        .arg(seeds())
        .assert()
        .success();
    assert!(assert.get_output().stderr.is_empty());
}

/// `summarize` over more stories than it reads in full quotes only the leading stories'
/// articles, and says so; `--analyze all` reads every one. Here: a reshuffle told by two
/// outlets leads, an aid ship is the other story.
#[test]
fn summarize_reads_the_leading_stories_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("khulasa.toml");
    std::fs::write(&config, "leading_stories = 1\n").unwrap();
    let day =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories/day.jsonl");
    let quoted = |extra: &[&str]| -> (Vec<String>, String) {
        let out = khulasa()
            .args([
                "summarize",
                "--format",
                "json",
                "--max-sentences",
                "3",
                "--config",
            ])
            .arg(&config)
            .arg(&day)
            .args(extra)
            .assert()
            .success()
            .get_output()
            .clone();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let docs = json["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["doc"].as_str().unwrap().to_string())
            .collect();
        (docs, String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (docs, stderr) = quoted(&[]);
    assert!(!docs.is_empty());
    assert!(
        docs.iter().all(|d| d == "day-2" || d == "day-3"),
        "{docs:?}"
    );
    assert!(
        stderr.contains("2 of 3 documents analyzed in full"),
        "{stderr}"
    );
    let (docs, stderr) = quoted(&["--analyze", "all"]);
    assert!(docs.iter().any(|d| d == "day-1"), "{docs:?}");
    assert!(!stderr.contains("analyzed in full"), "{stderr}");
}
