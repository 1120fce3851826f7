//! End-to-end tests of the publishing side: each audience's digest built from the seeds
//! (snapshots and CommonMark structure), escaping of hostile article text, the archive and
//! feed across rebuilds, and `templates init` followed by an edit.
//!
//! Refresh the snapshots after a deliberate change with `INSTA_UPDATE=always cargo test --test
//! render` (or `cargo insta review`), then read the diff before committing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const DATE: &str = "2026-11-23";
const AUDIENCES: &[&str] = &["default", "analyst", "executive", "public"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn khulasa() -> Command {
    let mut c = Command::cargo_bin("khulasa").unwrap();
    c.current_dir(root());
    c
}

/// Build `inputs` for `date` into `out`, with extra arguments.
fn build(out: &Path, date: &str, inputs: &[&str], extra: &[&str]) {
    khulasa()
        .arg("build")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--date", date, "--quiet"])
        .args(extra)
        .assert()
        .success();
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

/// The seed digest of one audience, in a fresh folder.
fn seed_digest(audience: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    build(
        out.path(),
        DATE,
        &["seeds"],
        &[
            "--audience",
            audience,
            "--config",
            "tests/fixtures/caucasus.toml",
        ],
    );
    let day = out.path().join(DATE);
    (out, day)
}

/// Remove what changes from machine to machine or release to release.
fn stable(s: &str) -> String {
    s.replace(
        &format!("khulasa {}", env!("CARGO_PKG_VERSION")),
        "khulasa [version]",
    )
}

#[test]
fn audience_snapshots() {
    for aud in AUDIENCES {
        let (_out, day) = seed_digest(aud);
        insta::assert_snapshot!(
            format!("{aud}_digest_md"),
            stable(&read(day.join("digest.md")))
        );
        insta::assert_snapshot!(
            format!("{aud}_digest_html"),
            stable(&read(day.join("digest.html")))
        );
    }
}

/// What a Markdown document is made of, read back through pulldown-cmark.
#[derive(Debug, Default)]
struct Structure {
    h1: Vec<String>,
    h2: Vec<String>,
    items: usize,
    /// Each table: header cells, then the number of body rows.
    tables: Vec<(Vec<String>, usize)>,
    html: Vec<String>,
    text: String,
}

fn structure(md: &str) -> Structure {
    let mut st = Structure::default();
    let mut heading: Option<(u8, String)> = None;
    let mut in_head = false;
    let mut cell = String::new();
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((l, t)) = heading.take() {
                    match l {
                        1 => st.h1.push(t),
                        2 => st.h2.push(t),
                        _ => {}
                    }
                }
            }
            Event::Start(Tag::Item) => st.items += 1,
            Event::Start(Tag::Table(_)) => st.tables.push((Vec::new(), 0)),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) if !in_head => st.tables.last_mut().unwrap().1 += 1,
            Event::Start(Tag::TableCell) => cell.clear(),
            Event::End(TagEnd::TableCell) if in_head => {
                st.tables.last_mut().unwrap().0.push(cell.clone())
            }
            Event::Html(h) | Event::InlineHtml(h) => st.html.push(h.to_string()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
                cell.push_str(&t);
                st.text.push_str(&t);
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::TableCell | TagEnd::Item) => st.text.push(' '),
            _ => {}
        }
    }
    st
}

#[test]
fn markdown_of_every_audience_is_commonmark_with_its_structure() {
    for aud in AUDIENCES {
        let (_out, day) = seed_digest(aud);
        let md = read(day.join("digest.md"));
        let json: serde_json::Value = serde_json::from_str(&read(day.join("digest.json"))).unwrap();
        let st = structure(&md);
        assert_eq!(st.h1.len(), 1, "{aud}: one title: {:?}", st.h1);
        assert!(st.html.is_empty(), "{aud}: raw HTML {:?}", st.html);
        // A heading per theme with sentences, in order: (label, sentences, stories).
        let themes: Vec<(&str, usize, usize)> = json["themes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["count"].as_u64().unwrap() > 0)
            .map(|t| {
                (
                    t["label"].as_str().unwrap(),
                    t["count"].as_u64().unwrap() as usize,
                    t["stories"].as_array().unwrap().len(),
                )
            })
            .collect();
        assert!(
            !themes.is_empty(),
            "{aud}: the seeds give at least one theme"
        );
        let theme_heads: Vec<&String> = st
            .h2
            .iter()
            .filter(|h| themes.iter().any(|(l, _, _)| h.starts_with(l)))
            .collect();
        assert_eq!(theme_heads.len(), themes.len(), "{aud}: {:?}", st.h2);
        // One list item per sentence shown (the executive brief shows the strongest sentence of
        // at most three stories a theme), plus one per source.
        let shown: usize = themes
            .iter()
            .map(|(_, sentences, stories)| {
                if *aud == "executive" {
                    (*stories).min(3)
                } else {
                    *sentences
                }
            })
            .sum();
        let docs = json["documents"].as_array().unwrap().len();
        let sources = if *aud == "analyst" { 0 } else { docs };
        assert_eq!(st.items, shown + sources, "{aud}");
        // The glossary table: a row per entry (the executive brief: the key entities).
        let glossary = json["glossary"].as_array().unwrap().len();
        let key = json["top_entities"].as_array().unwrap().len();
        let want_rows = if *aud == "executive" { key } else { glossary };
        let table = st
            .tables
            .iter()
            .find(|(head, _)| head.iter().any(|c| c == "Arabic"))
            .unwrap_or_else(|| panic!("{aud}: no glossary table in {:?}", st.tables));
        assert_eq!(table.1, want_rows, "{aud}: glossary rows");
        assert!(table.0.len() >= 3, "{aud}: {:?}", table.0);
        // Every key entity's English name is in the text.
        for e in json["top_entities"].as_array().unwrap() {
            assert!(st.text.contains(e.as_str().unwrap()), "{aud}: {e}");
        }
    }
}

#[test]
fn html_pages_are_self_contained_and_bidi_safe() {
    for aud in AUDIENCES {
        let (_out, day) = seed_digest(aud);
        let html = read(day.join("digest.html"));
        let doc = scraper::Html::parse_document(&html);
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        let root = doc.select(&sel("html")).next().unwrap();
        assert_eq!(root.value().attr("lang"), Some("en"), "{aud}");
        assert!(
            doc.select(&sel("meta[name=viewport]")).next().is_some(),
            "{aud}"
        );
        assert!(html.contains("prefers-color-scheme: dark"), "{aud}");
        assert!(html.contains("@media print"), "{aud}");
        assert!(
            doc.select(&sel("script")).next().is_none(),
            "{aud}: no script"
        );
        assert!(
            doc.select(&sel("link[rel=stylesheet]")).next().is_none(),
            "{aud}"
        );
        let fetched: Vec<String> = doc
            .select(&sel(
                "[src], link[href], script[href], object, embed, iframe",
            ))
            .map(|el| format!("{:?}", el.value()))
            .collect();
        assert!(fetched.is_empty(), "{aud}: resources {fetched:?}");
        // Links stay in the page (the seeds have no article addresses).
        for a in doc.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(href.starts_with('#'), "{aud}: link {href}");
        }
        // Every Arabic sentence is marked right-to-left.
        let ar: Vec<_> = doc.select(&sel("p.ar")).collect();
        assert!(!ar.is_empty(), "{aud}");
        for p in &ar {
            assert_eq!(p.value().attr("lang"), Some("ar"), "{aud}");
            assert_eq!(p.value().attr("dir"), Some("rtl"), "{aud}");
        }
        // Mentions: isolated, focusable, with their English name.
        let ents: Vec<_> = doc.select(&sel("bdi.ent")).collect();
        assert!(!ents.is_empty(), "{aud}");
        for e in &ents {
            assert_eq!(e.value().attr("tabindex"), Some("0"));
            assert!(e.value().attr("data-en").is_some_and(|s| !s.is_empty()));
            assert_eq!(e.value().attr("title"), e.value().attr("data-en"));
        }
        if *aud != "executive" {
            assert!(html.contains("data-en=\"Maria Zakharova\""), "{aud}");
        }
        // Theme sections with anchors.
        assert!(
            doc.select(&sel("section.theme[id^=theme-] h2"))
                .next()
                .is_some(),
            "{aud}"
        );
        if *aud != "executive" {
            assert!(
                doc.select(&sel("#glossary table")).next().is_some(),
                "{aud}"
            );
        }
        assert!(doc.select(&sel("#sources")).next().is_some(), "{aud}");
    }
}

/// Three articles of one day: a reshuffle in Sudan reported by two outlets, and an aid ship
/// in Aden.
const STORIES: &str = "tests/fixtures/stories/day.jsonl";

/// A day with more stories than `leading_stories` analyzes in full only the documents of its
/// leading stories: here the reshuffle (two outlets), not the aid ship. The skimmed article is
/// still read, counted and listed, but never quoted; `--analyze all` analyzes it again.
#[test]
fn a_large_day_analyzes_its_leading_stories_and_lists_the_rest() {
    let out = tempfile::tempdir().unwrap();
    let config = out.path().join("khulasa.toml");
    std::fs::write(&config, "leading_stories = 1\n").unwrap();
    let config = config.to_str().unwrap();
    // The day's digest.json and digest.md.
    let built_with_md = |extra: &[&str]| -> (serde_json::Value, String) {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), DATE, &[STORIES], extra);
        let day = dir.path().join(DATE);
        let json = serde_json::from_str(&read(day.join("digest.json"))).unwrap();
        (json, read(day.join("digest.md")))
    };
    let built = |extra: &[&str]| built_with_md(extra).0;
    let (json, md) = built_with_md(&["--config", config]);
    assert_eq!(json["stats"]["documents"], 3);
    assert_eq!(json["stats"]["analyzed"], 2);
    let skimmed: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["skimmed"] == true)
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(skimmed, ["day-1"]);
    let quoted: Vec<&str> = json["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["sentences"].as_array().unwrap())
        .map(|s| s["doc"].as_str().unwrap())
        .collect();
    assert!(!quoted.is_empty());
    assert!(quoted.iter().all(|&d| d != "day-1"), "{quoted:?}");
    // The skimmed article knows no names: the aid ship's port is not in the glossary.
    let glossary = json["glossary"].to_string();
    assert!(!glossary.contains("Aden"), "{glossary}");
    assert!(
        md.contains("3 articles read (2 analyzed in full: those of the leading stories)"),
        "{md}"
    );

    // Every document analyzed: no skimmed one, and the aid ship can be quoted and named.
    let all = built(&["--config", config, "--analyze", "all"]);
    assert!(all["stats"].get("analyzed").is_none());
    assert!(
        all["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d.get("skimmed").is_none())
    );
    assert!(all["glossary"].to_string().contains("Aden"));
    // By default (twelve stories for each of at least 12 sentences) three articles are
    // analyzed whole.
    let plain = built(&[]);
    assert!(plain["stats"].get("analyzed").is_none());
    assert_eq!(plain["themes"], all["themes"]);
}

#[test]
fn a_story_told_by_two_outlets_lists_both_in_every_audience() {
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        build(out.path(), DATE, &[STORIES], &["--audience", aud]);
        let day = out.path().join(DATE);
        let json: serde_json::Value = serde_json::from_str(&read(day.join("digest.json"))).unwrap();
        let stories = json["stories"].as_array().unwrap();
        assert_eq!(stories.len(), 2, "{aud}");
        assert_eq!(json["stats"]["stories"], 2, "{aud}");
        assert_eq!(json["stats"]["stories_covered"], 2, "{aud}");
        // The reshuffle leads: two outlets.
        let lead = &stories[0];
        assert_eq!(lead["id"], "story-1");
        let sources: Vec<(&str, &str)> = lead["sources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["id"].as_str().unwrap(), d["source"].as_str().unwrap()))
            .collect();
        assert_eq!(
            sources,
            [("day-2", "Nile Wire"), ("day-3", "Gulf Daily")],
            "{aud}"
        );
        assert_eq!(
            lead["outlets"],
            serde_json::json!(["Nile Wire", "Gulf Daily"])
        );
        assert!(lead["chosen"].as_u64().unwrap() >= 1, "{aud}");
        // Each chosen sentence names its story, and the theme sections list stories.
        for t in json["themes"].as_array().unwrap() {
            let n: usize = t["stories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|st| st["sentences"].as_array().unwrap().len())
                .sum();
            assert_eq!(
                n as u64,
                t["count"].as_u64().unwrap(),
                "{aud}: {}",
                t["key"]
            );
            for s in t["sentences"].as_array().unwrap() {
                assert!(s["story"].as_str().unwrap().starts_with("story-"));
            }
        }
        // Every page shows both outlets of the reshuffle.
        for page in ["digest.md", "digest.html"] {
            let text = read(day.join(page));
            for (_, outlet) in &sources {
                assert!(text.contains(outlet), "{aud} {page}: {outlet}");
            }
        }
        if *aud == "default" {
            let md = read(day.join("digest.md"));
            assert!(
                md.contains("_Story:_ 2 sources: تعديل وزاري في السودان يشمل الخارجية والنفط (Nile Wire); البشير يعدل حكومته (Gulf Daily)"),
                "{md}"
            );
            // The story's sources link to the articles (in each theme section that lists the
            // story: here its sentences fall in two themes).
            let html = scraper::Html::parse_document(&read(day.join("digest.html")));
            let lists = scraper::Selector::parse(".story-sources").unwrap();
            let links = scraper::Selector::parse("a[href]").unwrap();
            let first = html.select(&lists).next().expect("a story's sources");
            let hrefs: Vec<&str> = first
                .select(&links)
                .map(|a| a.value().attr("href").unwrap())
                .collect();
            assert_eq!(
                hrefs,
                [
                    "https://example.org/nile/reshuffle",
                    "https://example.org/gulf/reshuffle"
                ]
            );
        }
    }
}

const HOSTILE: &str = "tests/fixtures/publish/hostile.md";

#[test]
fn hostile_article_text_renders_as_text() {
    let out = tempfile::tempdir().unwrap();
    build(out.path(), "2026-11-22", &[HOSTILE], &[]);
    let day = out.path().join("2026-11-22");
    let html = read(day.join("digest.html"));
    for bad in ["<script", "<img", "href=\"javascript:", "<b>Agency"] {
        assert!(!html.contains(bad), "HTML contains {bad:?}");
    }
    assert!(
        html.contains("&lt;script&gt;document.title"),
        "title escaped"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "title escaped"
    );
    assert!(html.contains("&lt;script&gt;document.body"), "text escaped");
    assert!(
        html.contains("&lt;img src=x onerror=&quot;"),
        "text escaped"
    );
    // Parsed as a browser would, the page has no script or image elements, and the text
    // shows the tags literally.
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert!(doc.select(&sel("script, img")).next().is_none());
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}={value}");
            assert!(
                !value.trim_start().starts_with("javascript:"),
                "{name}={value}"
            );
        }
    }
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("<script>document.title='PWNED-TITLE'</script>"));
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("<script>document.body.setAttribute('data-pwned','1')</script>"));

    for aud in ["analyst", "executive", "public"] {
        let o = tempfile::tempdir().unwrap();
        build(o.path(), "2026-11-22", &[HOSTILE], &["--audience", aud]);
        let h = read(o.path().join("2026-11-22/digest.html"));
        assert!(!h.contains("<script") && !h.contains("<img"), "{aud}");
        let md = read(o.path().join("2026-11-22/digest.md"));
        let st = structure(&md);
        assert!(st.html.is_empty(), "{aud}: {:?}", st.html);
    }

    let md = read(day.join("digest.md"));
    let st = structure(&md);
    assert!(
        st.html.is_empty(),
        "Markdown passes raw HTML through: {:?}",
        st.html
    );
    assert!(
        st.text
            .contains("<script>document.title='PWNED-TITLE'</script>"),
        "{}",
        st.text
    );
    assert!(st.text.contains("<img src=x onerror=alert(1)>"));
    assert!(
        st.text.contains("[رابط](javascript:alert(1))"),
        "no link made"
    );
    let rendered = khulasa::render::markdown_to_html(&md);
    assert!(!rendered.contains("<script") && !rendered.contains("<img"));
    assert!(!rendered.contains("href=\"javascript:"));
}

/// The archive lines of index.html: (date, link).
fn archive_links(index: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(index);
    let sel = scraper::Selector::parse("ol.archive li a").unwrap();
    doc.select(&sel)
        .map(|a| {
            let t = scraper::Selector::parse("time").unwrap();
            let date = a
                .select(&t)
                .next()
                .unwrap()
                .value()
                .attr("datetime")
                .unwrap();
            (
                date.to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn archive_and_feed_across_days_and_rebuilds() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    const BASE: &[&str] = &["--base-url", "https://example.org/briefing"];
    build(o, "2026-11-23", &["seeds"], BASE);
    build(o, "2026-11-21", &[HOSTILE], BASE);
    let index = read(o.join("index.html"));
    assert_eq!(
        archive_links(&index),
        vec![
            (
                "2026-11-23".to_string(),
                "2026-11-23/digest.html".to_string()
            ),
            (
                "2026-11-21".to_string(),
                "2026-11-21/digest.html".to_string()
            ),
        ]
    );
    for (_, link) in archive_links(&index) {
        assert!(o.join(&link).is_file(), "{link}");
    }
    assert!(index.contains("2 articles"), "document count");
    assert!(index.contains("1 article<"), "document count");
    assert!(index.contains("<bdi>Armenia</bdi>"), "top entities");

    let feed = read(o.join("feed.xml"));
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    assert!(feed.contains("<updated>2026-11-23T00:00:00Z</updated>"));
    assert!(feed.contains("<author><name>"));
    assert!(!feed.contains("<script"), "escaped in the feed too");
    // Every id and link absolute, from the base URL (minijinja writes "/" as "&#x2f;" in
    // XML, which any XML parser reads back as "/").
    let feed_plain = feed.replace("&#x2f;", "/");
    assert!(
        feed_plain.contains("<id>https://example.org/briefing/feed.xml</id>"),
        "the feed id is not the title's: {feed_plain}"
    );
    let a = feed_plain.find("<id>https://example.org/briefing/feed.xml#2026-11-23</id>");
    let b = feed_plain.find("<id>https://example.org/briefing/feed.xml#2026-11-21</id>");
    assert!(a.is_some() && b.is_some() && a < b, "newest first");
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert_eq!(feed.matches("</entry>").count(), 2);
    assert!(feed_plain.contains(
        "<link rel=\"alternate\" href=\"https://example.org/briefing/2026-11-21/digest.html\"/>"
    ));
    assert!(
        feed_plain.contains("<link rel=\"self\" href=\"https://example.org/briefing/feed.xml\"/>")
    );
    // The typed archive index lists both days.
    let archive: serde_json::Value = serde_json::from_str(&read(o.join("archive.json"))).unwrap();
    let dates: Vec<&str> = archive["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-11-23", "2026-11-21"]);

    // Rebuild one day with other inputs: only that day's lines change, and the other day's
    // files are untouched.
    let other_day = read(o.join("2026-11-23/digest.html"));
    build(
        o,
        "2026-11-21",
        &[HOSTILE, "seeds/moscow-talks-truce.txt"],
        BASE,
    );
    let index2 = read(o.join("index.html"));
    assert_eq!(
        archive_links(&index2),
        archive_links(&index),
        "permalinks stable"
    );
    let before: Vec<&str> = index.lines().collect();
    let after: Vec<&str> = index2.lines().collect();
    assert_eq!(before.len(), after.len());
    let changed: Vec<(&&str, &&str)> = before.iter().zip(&after).filter(|(x, y)| x != y).collect();
    assert!(!changed.is_empty(), "the rebuilt day's line changes");
    for (x, y) in changed {
        assert!(
            x.contains("2026-11-21") && y.contains("2026-11-21"),
            "{x}\n{y}"
        );
    }
    assert!(index2.contains("2 articles</span> · <span class=\"entities\">"));
    assert_eq!(read(o.join("2026-11-23/digest.html")), other_day);
    // Building the same day again with the same inputs changes nothing.
    build(
        o,
        "2026-11-21",
        &[HOSTILE, "seeds/moscow-talks-truce.txt"],
        BASE,
    );
    assert_eq!(read(o.join("index.html")), index2);
    // No temporary files left behind.
    for e in walkdir::WalkDir::new(o).into_iter().flatten() {
        let n = e.file_name().to_string_lossy();
        assert!(!n.starts_with(".khulasa-"), "{n}");
    }
}

#[test]
fn templates_init_then_edit_changes_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("tpl");
    khulasa()
        .args(["templates", "init"])
        .arg(&t)
        .assert()
        .success();
    for (name, body) in khulasa::render::BUILTIN {
        assert_eq!(&read(t.join(name)), body, "{name}");
    }
    // Edit one template: a marker line in the general digest.md, and one block of the
    // public page (extending the built-in one).
    let md = read(t.join("digest.md"));
    std::fs::write(
        t.join("digest.md"),
        format!("{md}\nMARKER-7f3a: edited template\n"),
    )
    .unwrap();
    std::fs::write(
        t.join("public/digest.html"),
        "{% extends \"builtin/public/digest.html\" %}{% block footer %}<p>FOOTER-9c1e</p>{% endblock %}",
    )
    .unwrap();
    let out = dir.path().join("out");
    build(
        &out,
        DATE,
        &["seeds"],
        &["--templates", t.to_str().unwrap()],
    );
    assert!(read(out.join(DATE).join("digest.md")).contains("MARKER-7f3a: edited template"));
    let out2 = dir.path().join("out2");
    build(
        &out2,
        DATE,
        &["seeds"],
        &["--templates", t.to_str().unwrap(), "--audience", "public"],
    );
    let page = read(out2.join(DATE).join("digest.html"));
    assert!(page.contains("<p>FOOTER-9c1e</p>"));
    assert!(
        page.contains("Names and places"),
        "the other blocks stay the built-in ones"
    );
    // Without --force a second init refuses and leaves the edit alone; with it, overwrites.
    khulasa()
        .args(["templates", "init"])
        .arg(&t)
        .assert()
        .failure()
        .stderr(predicates::str::contains("--force"));
    assert!(read(t.join("digest.md")).contains("MARKER-7f3a"));
    khulasa()
        .args(["templates", "init", "--force"])
        .arg(&t)
        .assert()
        .success();
    assert!(!read(t.join("digest.md")).contains("MARKER-7f3a"));
}

#[test]
fn templates_init_one_audience() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("tpl");
    khulasa()
        .args(["templates", "init", "--audience", "executive"])
        .arg(&t)
        .assert()
        .success();
    assert!(t.join("executive/digest.md").is_file());
    assert!(!t.join("analyst").exists());
    let body = read(t.join("executive/digest.md"));
    std::fs::write(
        t.join("executive/digest.md"),
        format!("{body}\nEXEC-MARKER\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    build(
        &out,
        DATE,
        &["seeds"],
        &[
            "--templates",
            t.to_str().unwrap(),
            "--audience",
            "executive",
        ],
    );
    let md = read(out.join(DATE).join("digest.md"));
    assert!(md.contains("\nEXEC-MARKER"), "{md}");
}

#[test]
fn template_error_names_template_line_and_value() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("digest.md"), "# ok\n\n{{ stats.nope }}\n").unwrap();
    let out = dir.path().join("out");
    khulasa()
        .args(["build", "seeds", "--date", DATE, "--quiet", "--out"])
        .arg(&out)
        .arg("--templates")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicates::str::contains("digest.md"))
        .stderr(predicates::str::contains("line 3"))
        .stderr(predicates::str::contains("stats.nope"));
    assert!(
        !out.join(DATE).join("digest.html").exists(),
        "no partial day"
    );
}

#[test]
fn sources_link_to_the_original_articles() {
    const URL: &str = "https://example.org/news/2026/11/22/pashinyan?lang=ar&id=7";
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        build(
            out.path(),
            "2026-11-22",
            &["tests/fixtures/publish/linked.md"],
            &["--audience", aud],
        );
        let day = out.path().join("2026-11-22");
        let doc = scraper::Html::parse_document(&read(day.join("digest.html")));
        let sel = scraper::Selector::parse("#sources a[href]").unwrap();
        let hrefs: Vec<&str> = doc
            .select(&sel)
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(hrefs, vec![URL], "{aud}");
        let md = read(day.join("digest.md"));
        let links: Vec<String> = Parser::new(&md)
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(links, vec![URL.to_string()], "{aud}");
    }
}

#[test]
fn a_romanized_name_is_marked_unverified_in_every_audience() {
    let dir = tempfile::tempdir().unwrap();
    // A minister whose name no list knows: found after his title, and romanized.
    std::fs::write(
        dir.path().join("minister.txt"),
        "وزير سوداني يزور القاهرة\n\nقال وزير الخارجية السوداني فاروق زهران إن بلاده تدعم المحادثات مع مصر بشأن مياه النيل.\n",
    )
    .unwrap();
    let input = dir.path().join("minister.txt");
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        build(
            out.path(),
            DATE,
            &[input.to_str().unwrap()],
            &["--audience", aud],
        );
        let day = out.path().join(DATE);
        let json: serde_json::Value = serde_json::from_str(&read(day.join("digest.json"))).unwrap();
        let romanized: Vec<&str> = json["glossary"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["romanized"] == true)
            .map(|g| g["english"].as_str().unwrap())
            .collect();
        assert_eq!(romanized.len(), 1, "{aud}: {romanized:?}");
        let name = romanized[0];
        assert!(
            !json["top_entities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e == name),
            "{aud}: a romanized name is never a key entity"
        );
        for page in ["digest.md", "digest.html"] {
            let text = read(day.join(page));
            assert!(
                text.contains(&format!("{name}†"))
                    || text.contains(&format!("{name}</bdi><span class=\"unverified\"")),
                "{aud} {page}: {name} unmarked\n{text}"
            );
            assert!(
                text.contains("† Romanized from the Arabic"),
                "{aud} {page}: no note for the mark"
            );
            // Never shown bare among the known names.
            let bare = text.matches(name).count();
            let marked = text.matches(&format!("{name}†")).count()
                + text
                    .matches(&format!("{name}</bdi><span class=\"unverified\""))
                    .count();
            assert_eq!(
                bare, marked,
                "{aud} {page}: {name} shown without its mark\n{text}"
            );
        }
    }
}
