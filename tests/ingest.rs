//! Integration tests of the input side: every format and encoding khulasa reads, run through
//! the binary on fixtures made by `scripts/make_fixtures.py` (tests/fixtures/ingest/).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
}

fn khulasa() -> Command {
    let mut c = Command::cargo_bin("khulasa").expect("binary built");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// The outcome of one run: exit code, stdout, stderr.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut c = khulasa();
    c.args(args);
    if let Some(input) = stdin {
        c.write_stdin(input);
    }
    let out = c.output().expect("khulasa runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn rel(name: &str) -> String {
    format!("tests/fixtures/ingest/{name}")
}

/// `khulasa entities FILES --format json`: the exit code, the documents as (file, mentions),
/// and standard error.
fn entities(files: &[&str], stdin: Option<Vec<u8>>) -> (i32, Vec<(String, Vec<Value>)>, String) {
    let mut args = vec!["entities"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["--format", "json"]);
    let r = run(&args, stdin);
    let docs = if r.stdout.trim().is_empty() {
        Vec::new()
    } else {
        let v: Value = serde_json::from_str(&r.stdout).expect("JSON output");
        v.as_array()
            .expect("array of documents")
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_string(),
                    d["mentions"].as_array().unwrap().clone(),
                )
            })
            .collect()
    };
    (r.code, docs, r.stderr)
}

/// The English names of the mentions, in order.
fn english(mentions: &[Value]) -> Vec<String> {
    mentions
        .iter()
        .map(|m| m["english"].as_str().unwrap().to_string())
        .collect()
}

fn has(mentions: &[Value], name: &str) -> bool {
    english(mentions).iter().any(|e| e == name)
}

/// Every mention's `text` equals the characters start..end of `text`.
fn assert_offsets(text: &str, mentions: &[Value]) {
    let chars: Vec<char> = text.chars().collect();
    assert!(!mentions.is_empty());
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(
            s < e && e <= chars.len(),
            "offsets {s}..{e} out of the text"
        );
        let got: String = chars[s..e].iter().collect();
        assert_eq!(got, m["text"].as_str().unwrap(), "mention {m}");
    }
}

/// Decode a fixture the way a reader of the file would (BOM removed).
fn decoded(name: &str, enc: &'static encoding_rs::Encoding) -> String {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let (text, _, errors) = enc.decode(&bytes);
    assert!(!errors);
    text.trim_start_matches('\u{feff}').to_string()
}

/// One document from one file: exit code 0, nothing on standard error, the expected names,
/// offsets into the decoded text.
fn check_single(name: &str, enc: &'static encoding_rs::Encoding, expect: &[&str]) {
    let (code, docs, stderr) = entities(&[&rel(name)], None);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(docs.len(), 1);
    assert!(docs[0].0.ends_with(name));
    for e in expect {
        assert!(
            has(&docs[0].1, e),
            "{e} not found in {:?}",
            english(&docs[0].1)
        );
    }
    assert_offsets(&decoded(name, enc), &docs[0].1);
}

#[test]
fn windows_1256_file() {
    check_single(
        "windows-1256.txt",
        encoding_rs::WINDOWS_1256,
        &["Armenia", "Azerbaijan", "Moscow", "Maria Zakharova"],
    );
}

/// A file of `bytes` named `name` in a new temporary folder (kept while the folder lives).
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path.to_str().unwrap().to_string())
}

#[test]
fn iso_8859_6_file() {
    // The Windows-1256 fixture's article, saved in the other Arabic legacy encoding.
    let text = decoded("windows-1256.txt", encoding_rs::WINDOWS_1256);
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(&text);
    assert!(!unmappable);
    let (_dir, path) = temp_file("iso-8859-6.txt", &bytes);
    let (code, docs, stderr) = entities(&[&path], None);
    assert_eq!(code, 0, "stderr: {stderr}");
    for e in ["Armenia", "Azerbaijan", "Moscow", "Maria Zakharova"] {
        assert!(has(&docs[0].1, e), "{e} not in {:?}", english(&docs[0].1));
    }
    assert_offsets(&text, &docs[0].1);
}

#[test]
fn latin1_file_is_decoded_and_left_out_as_not_arabic() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
        "Le président a reçu une délégation à Bakou; les négociations reprendront à Moscou.\n",
    );
    let (_dir, path) = temp_file("latin-1.txt", &bytes);
    let (code, docs, stderr) = entities(&[&path, &rel("utf8-bom.txt")], None);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!(
            "{path}: not an Arabic article (0% of its letters are Arabic script)"
        )),
        "{stderr}"
    );
    assert_eq!(docs.len(), 1);
}

#[test]
fn undecodable_file_is_refused_naming_the_file_and_the_encoding() {
    // Latin-1 with a byte that Windows-1252, the encoding it fits best, leaves undefined.
    let (_dir, path) = temp_file(
        "undecodable.txt",
        b"Le pr\xe9sident a re\xe7u une d\xe9l\xe9gation \x81 Bakou.\n",
    );
    let (code, docs, stderr) = entities(&[&path, &rel("utf8-bom.txt")], None);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("{path}: not readable text"))
            && stderr.contains("read as windows-1252"),
        "{stderr}"
    );
    assert_eq!(docs.len(), 1);
}

#[test]
fn utf16_le_with_bom() {
    check_single(
        "utf16le.txt",
        encoding_rs::UTF_16LE,
        &["Catherine Colonna", "Yerevan", "France", "Armenia"],
    );
}

#[test]
fn utf16_be_with_bom() {
    check_single(
        "utf16be.txt",
        encoding_rs::UTF_16BE,
        &["United Nations", "Nagorno-Karabakh"],
    );
}

#[test]
fn utf8_with_bom() {
    check_single(
        "utf8-bom.txt",
        encoding_rs::UTF_8,
        &["Ankara", "Baku", "Azerbaijan", "Turkey"],
    );
}

#[test]
fn presentation_forms_text_is_matched_and_offsets_point_into_the_original() {
    check_single(
        "presentation-forms.txt",
        encoding_rs::UTF_8,
        &["Tehran", "Armenia", "Azerbaijan", "Iran"],
    );
    // The mention text is the original presentation-form spelling, not the normalized one.
    let (_, docs, _) = entities(&[&rel("presentation-forms.txt")], None);
    assert!(
        docs[0].1[0]["text"]
            .as_str()
            .unwrap()
            .chars()
            .all(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c))
    );
}

#[test]
fn saved_news_page_keeps_the_article_only() {
    let (code, docs, stderr) = entities(&[&rel("page.html")], None);
    assert_eq!(code, 0, "stderr: {stderr}");
    let names = english(&docs[0].1);
    for e in ["Ilham Aliyev", "Baku", "European Union", "Armenia"] {
        assert!(names.iter().any(|n| n == e), "{e} not in {names:?}");
    }
    // Script, navigation, aside (related links) and footer are not article text.
    for e in ["Tehran", "Lebanon", "Washington", "Cairo", "Baghdad"] {
        assert!(!names.iter().any(|n| n == e), "{e} came from page chrome");
    }
    let themes = run(&["themes", &rel("page.html"), "--format", "tsv"], None);
    assert_eq!(themes.code, 0);
    for chrome in [
        "شارك الخبر",
        "فيسبوك",
        "اقرأ أيضا",
        "جميع الحقوق",
        "الرئيسية",
    ] {
        assert!(
            !themes.stdout.contains(chrome),
            "{chrome} kept as a sentence"
        );
    }
    // The hard <br> inside a paragraph does not split the sentence.
    assert!(
        themes
            .stdout
            .contains("وأكد الجانبان أهمية استئناف المفاوضات مع أرمينيا في أقرب وقت ممكن.")
    );
    // The title comes from og:title.
    let md = run(&["summarize", &rel("page.html"), "--format", "md"], None);
    assert!(
        md.stdout
            .starts_with("## علييف يستقبل وفدا أوروبيا في باكو\n"),
        "{}",
        md.stdout
    );
}

#[test]
fn json_lines_feed_skips_a_malformed_line_and_reads_the_rest() {
    let (code, docs, stderr) = entities(&[&rel("feed.jsonl")], None);
    assert_eq!(code, 1, "a skipped item makes the exit code 1");
    assert!(
        stderr.contains("feed.jsonl#4") && stderr.contains("invalid JSON on line 4"),
        "{stderr}"
    );
    let files: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(files.len(), 4, "{files:?}");
    // `text`, `body` and HTML `content` items are all read.
    assert!(files[0].ends_with("feed.jsonl#1") && has(&docs[0].1, "Maria Zakharova"));
    assert!(files[1].ends_with("feed.jsonl#2") && has(&docs[1].1, "Emmanuel Macron"));
    assert!(files[2].ends_with("feed.jsonl#3") && has(&docs[2].1, "Ankara"));
    assert!(files[3].ends_with("feed.jsonl#6") && has(&docs[3].1, "Yerevan"));
}

#[test]
fn json_array_feed_with_body_and_content() {
    let (code, docs, stderr) = entities(&[&rel("feed.json")], None);
    assert_eq!(code, 1);
    // The item declared English is reported and left out.
    assert!(
        stderr.contains("feed.json#3") && stderr.contains("not an Arabic article"),
        "{stderr}"
    );
    assert_eq!(docs.len(), 2);
    assert!(has(&docs[0].1, "United Nations") && has(&docs[0].1, "Nagorno-Karabakh"));
    assert!(has(&docs[1].1, "France") && has(&docs[1].1, "Paris"));
}

fn check_markdown(name: &str, title: &str, expect: &[&str]) {
    let (code, docs, stderr) = entities(&[&rel(name)], None);
    assert_eq!(code, 0, "{stderr}");
    for e in expect {
        assert!(has(&docs[0].1, e), "{e} not in {:?}", english(&docs[0].1));
    }
    // Offsets point into the whole file, front matter included.
    assert_offsets(&decoded(name, encoding_rs::UTF_8), &docs[0].1);
    // The front matter is metadata, not sentences; its title is the document's title.
    let themes = run(&["themes", &rel(name), "--format", "tsv"], None);
    assert!(!themes.stdout.contains("news.example"), "{}", themes.stdout);
    assert!(!themes.stdout.contains("title"), "{}", themes.stdout);
    let md = run(&["summarize", &rel(name), "--format", "md"], None);
    assert!(
        md.stdout.starts_with(&format!("## {title}\n")),
        "{}",
        md.stdout
    );
}

#[test]
fn markdown_with_yaml_front_matter() {
    check_markdown(
        "front-matter-yaml.md",
        "باشينيان في بروكسل",
        &["Nikol Pashinyan", "Brussels", "European Union", "Armenia"],
    );
}

#[test]
fn markdown_with_toml_front_matter() {
    check_markdown(
        "front-matter-toml.md",
        "علييف في أنقرة",
        &["Ilham Aliyev", "Ankara", "Turkey"],
    );
}

#[test]
fn binary_file_is_refused_by_name_and_the_others_are_read() {
    let (code, docs, stderr) = entities(&[&rel("binary.txt"), &rel("utf8-bom.txt")], None);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("skipped tests/fixtures/ingest/binary.txt: binary data"),
        "{stderr}"
    );
    assert_eq!(docs.len(), 1);
    assert!(has(&docs[0].1, "Ankara"));
}

#[test]
fn binary_file_alone_is_an_error() {
    let r = run(&["entities", &rel("binary.txt")], None);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("binary.txt"), "{}", r.stderr);
    assert!(
        r.stderr.contains("no usable Arabic article"),
        "{}",
        r.stderr
    );
}

#[test]
fn empty_file_is_reported() {
    let (code, docs, stderr) = entities(&[&rel("empty.txt"), &rel("utf8-bom.txt")], None);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("tests/fixtures/ingest/empty.txt: empty file"),
        "{stderr}"
    );
    assert_eq!(docs.len(), 1);
}

#[test]
fn english_article_is_reported_and_left_out() {
    let (code, docs, stderr) = entities(&[&rel("english.txt"), &rel("utf8-bom.txt")], None);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("english.txt: not an Arabic article"),
        "{stderr}"
    );
    assert_eq!(docs.len(), 1);
    assert!(docs[0].0.ends_with("utf8-bom.txt"));
}

#[test]
fn the_same_article_twice_is_read_once() {
    let (code, docs, stderr) = entities(&[&rel("duplicate")], None);
    assert_eq!(code, 0, "a duplicate is a note, not a problem");
    assert_eq!(docs.len(), 1);
    assert!(stderr.contains("same article as"), "{stderr}");
    assert!(has(&docs[0].1, "Moscow"));
}

#[test]
fn a_line_repeated_across_one_sources_documents_is_chrome() {
    let (code, docs, stderr) = entities(&[&rel("one-source")], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(docs.len(), 3);
    for (file, mentions) in &docs {
        assert!(!has(mentions, "Tehran"), "boilerplate line kept in {file}");
    }
    assert!(has(&docs[0].1, "Yerevan"));
    assert!(has(&docs[1].1, "Russia"));
    assert!(has(&docs[2].1, "France"));
    assert!(stderr.contains("removed as page chrome"), "{stderr}");
    let themes = run(&["themes", &rel("one-source"), "--format", "tsv"], None);
    assert!(!themes.stdout.contains("مراسلنا"));
    // A single article keeps the same line: it is chrome only when repeated.
    let one = run(
        &[
            "themes",
            &rel("one-source/article-1.txt"),
            "--format",
            "tsv",
        ],
        None,
    );
    assert!(one.stdout.contains("مراسلنا"));
}

#[test]
fn dash_reads_standard_input() {
    let bytes = std::fs::read(fixture("stdin.txt")).unwrap();
    let (code, docs, stderr) = entities(&["-"], Some(bytes.clone()));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].0, "standard input");
    assert!(has(&docs[0].1, "Nikol Pashinyan") && has(&docs[0].1, "Baku"));
    assert_offsets(&String::from_utf8(bytes).unwrap(), &docs[0].1);
}

#[test]
fn standard_input_in_a_legacy_encoding_or_as_a_feed() {
    let cp1256 = std::fs::read(fixture("windows-1256.txt")).unwrap();
    let (code, docs, _) = entities(&["-"], Some(cp1256));
    assert_eq!(code, 0);
    assert!(has(&docs[0].1, "Maria Zakharova"));
    let feed = std::fs::read(fixture("feed.json")).unwrap();
    let (code, docs, stderr) = entities(&["-"], Some(feed));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(docs.len(), 2, "the feed is told from its first character");
    assert!(docs[0].0.starts_with("standard input#"));
}

#[test]
fn a_folder_of_every_format_is_read_with_each_problem_named() {
    let (code, docs, stderr) = entities(&["tests/fixtures/ingest"], None);
    assert_eq!(code, 1);
    for bad in [
        "binary.txt: binary data",
        "empty.txt: empty file",
        "english.txt: not an Arabic article",
        "feed.jsonl#4: invalid JSON",
        "feed.json#3: not an Arabic article",
    ] {
        assert!(stderr.contains(bad), "{bad} not reported in {stderr}");
    }
    // 9 single documents, one of the duplicate pair, 4 + 2 feed items, 3 of one source.
    assert_eq!(
        docs.len(),
        19,
        "{:?}",
        docs.iter().map(|d| &d.0).collect::<Vec<_>>()
    );
}

#[test]
fn rss_feed_items_are_articles_and_captions_are_dropped() {
    let (code, docs, stderr) = entities(&["tests/fixtures/ingest-feeds/news.rss"], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(docs.len(), 2);
    assert!(docs[0].0.ends_with("news.rss#1") && has(&docs[0].1, "Emmanuel Macron"));
    assert!(docs[1].0.ends_with("news.rss#2") && has(&docs[1].1, "Maria Zakharova"));
    let r = run(
        &[
            "summarize",
            "tests/fixtures/ingest-feeds/news.rss",
            "--ratio",
            "1",
        ],
        None,
    );
    assert!(!r.stdout.contains("صورة أرشيفية"), "{}", r.stdout);
}

#[test]
fn eval_extract_scores_pages_against_their_gold() {
    let r = run(
        &[
            "eval",
            "extract",
            "tests/fixtures/ingest-pages/gold/bodies.json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "body precision\t1.000",
        "body recall\t0.750",
        "title accuracy\t1.000 (1 of 1)",
        "date accuracy\t1.000 (1 of 1)",
        "- وأكد أن المطار سيعمل بالطاقة الشمسية.",
    ] {
        assert!(r.stdout.contains(line), "{line:?} not in {}", r.stdout);
    }
}
