use super::*;
use std::collections::HashSet;

fn opts() -> IngestOptions {
    IngestOptions::default()
}

const ARTICLE: &str = "أعلنت وزارة الخارجية في باكو أن المحادثات ستجري في موسكو.\n";

/// `text` in a legacy encoding (every character of it defined there).
fn encoded(text: &str, enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{text} in {}", enc.name());
    bytes.into_owned()
}

#[test]
fn decode_tells_each_encoding() {
    let text = "باكو ويريفان 2023";
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let bare16le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let bare16be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let mut utf8bom = vec![0xEF, 0xBB, 0xBF];
    utf8bom.extend(text.as_bytes());
    let french =
        "Le président a reçu une délégation à Bakou; les négociations reprendront à Moscou.";
    let russian = "Министерство иностранных дел России заявило, что переговоры пройдут в Москве.";
    let rows: &[(&str, Vec<u8>, &str, &str)] = &[
        ("utf-8", text.as_bytes().to_vec(), text, "UTF-8"),
        ("utf-8 with BOM", utf8bom, text, "UTF-8"),
        ("utf-16 le with BOM", utf16le, text, "UTF-16LE"),
        ("utf-16 be with BOM", utf16be, text, "UTF-16BE"),
        ("utf-16 le without BOM", bare16le, text, "UTF-16LE"),
        ("utf-16 be without BOM", bare16be, text, "UTF-16BE"),
        (
            "windows-1256",
            encoded(text, encoding_rs::WINDOWS_1256),
            text,
            "windows-1256",
        ),
        (
            "iso-8859-6",
            encoded(ARTICLE, encoding_rs::ISO_8859_6),
            ARTICLE,
            "ISO-8859-6",
        ),
        (
            "latin-1, not Arabic",
            encoded(french, encoding_rs::WINDOWS_1252),
            french,
            "windows-1252",
        ),
        (
            "cyrillic, not Arabic, not read as Arabic letters",
            encoded(russian, encoding_rs::WINDOWS_1251),
            russian,
            "windows-1251",
        ),
    ];
    for (name, bytes, want, enc) in rows {
        let (got, got_enc) = decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got, *want, "{name}");
        assert_eq!(got_enc, *enc, "{name}");
    }
}

#[test]
fn decode_reads_damaged_utf8_as_utf8() {
    let rows: &[(&str, Vec<u8>)] = &[
        (
            "a stray byte",
            [ARTICLE.as_bytes(), b"\xff", ARTICLE.as_bytes()].concat(),
        ),
        ("cut inside the last letter", {
            let b = ARTICLE.trim_end().trim_end_matches('.').as_bytes();
            b[..b.len() - 1].to_vec()
        }),
    ];
    for (name, bytes) in rows {
        let (got, enc) = decode(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(enc, "UTF-8", "{name}");
        assert_eq!(got.matches('\u{FFFD}').count(), 1, "{name}: {got}");
        assert!(got.starts_with("أعلنت وزارة الخارجية"), "{name}: {got}");
    }
}

#[test]
fn decode_honours_a_pages_declared_charset() {
    // One word of ISO-8859-6 is too little for a guess (it would be read as Windows-1252);
    // the page's declaration settles it.
    let word = encoded("باكو", encoding_rs::ISO_8859_6);
    let rows: &[(&str, &[u8])] = &[
        ("meta charset", b"<html><head><meta charset=\"ISO-8859-6\">"),
        ("meta charset, single quotes", b"<html><head><meta charset='iso-8859-6' />"),
        (
            "http-equiv",
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">",
        ),
        ("a label of the same encoding", b"<meta content=\"text/html;charset=arabic\" http-equiv=\"content-type\">"),
    ];
    for (name, head) in rows {
        let page = [*head, b"</head><body><p>", &word, b"</p></body></html>"].concat();
        let (got, enc) = decode(&page).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(enc, "ISO-8859-6", "{name}");
        assert!(got.contains("<p>باكو</p>"), "{name}: {got}");
    }
    let undeclared = [&b"<html><body><p>"[..], &word, b"</p></body></html>"].concat();
    assert_ne!(decode(&undeclared).unwrap().1, "ISO-8859-6");
    // A declaration the bytes do not fit (ISO-8859-6 leaves ô and û, 0xF4 and 0xFB of
    // Latin-1, undefined) gives way to the guess.
    let french = encoded(
        "Le président a reçu à Bakou une délégation de Côte d'Ivoire; il est sûr de l'accord.",
        encoding_rs::WINDOWS_1252,
    );
    let page = [&b"<meta charset=\"iso-8859-6\"><p>"[..], &french, b"</p>"].concat();
    assert_eq!(decode(&page).unwrap().1, "windows-1252");
}

#[test]
fn decode_names_the_encoding_it_cannot_read_in() {
    // Latin-1 text with a byte that Windows-1252, the best fit, leaves undefined.
    let bytes = b"Le pr\xe9sident a re\xe7u une d\xe9l\xe9gation \x81 Bakou.\n";
    let err = decode(bytes).expect_err("undefined byte");
    assert!(err.contains("read as windows-1252"), "{err}");
    assert!(err.contains("1 of its characters are undefined"), "{err}");
}

#[test]
fn decode_refuses_binary() {
    let rows: &[(&str, &[u8])] = &[
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        ("nul bytes", b"abc\x00\x00\x00\x00\x01\x02def"),
        (
            "control characters",
            &[0x01, 0x02, 0x03, 0x04, b'a', 0x05, 0x06, 0x07],
        ),
    ];
    for (name, bytes) in rows {
        let err = decode(bytes).expect_err(name);
        assert!(err.contains("binary"), "{name}: {err}");
    }
}

#[test]
fn sniff_format_from_the_first_characters() {
    let rows = [
        ("json array", "  [{\"text\": \"x\"}]", Format::Json),
        (
            "json lines",
            "{\"text\": \"x\"}\n{\"text\": \"y\"}",
            Format::Json,
        ),
        ("html", "<!DOCTYPE html><html><body><p>x</p>", Format::Html),
        ("html fragment", "<p>باكو</p>", Format::Html),
        (
            "yaml front matter",
            "---\ntitle: x\n---\nنص",
            Format::Markdown,
        ),
        (
            "toml front matter",
            "+++\ntitle = \"x\"\n+++\nنص",
            Format::Markdown,
        ),
        ("plain", "أعلنت باكو", Format::Text),
        ("bom then plain", "\u{feff}أعلنت باكو", Format::Text),
    ];
    for (name, text, want) in rows {
        assert_eq!(sniff_format(text), want, "{name}");
    }
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, ARTICLE.repeat(10)).unwrap();
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "قالت روسيا إن المحادثات ستجري غدا في موسكو.\n").unwrap();
    let o = IngestOptions {
        max_file_bytes: 200,
        ..opts()
    };
    let r = ingest(&[big.clone(), small], &o);
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.problems.len(), 1);
    let p = &r.problems[0];
    assert_eq!(p.path, big.display().to_string());
    assert!(p.reason.starts_with("file too large"), "{}", p.reason);
    assert!(p.reason.contains("the limit is 200 bytes"), "{}", p.reason);
    // Under the default limit the same file is read.
    let r = ingest(&[big], &opts());
    assert!(r.problems.is_empty());
}

/// The file limit is for one article: a JSON Lines feed over it is read line by line, each
/// line held to the limit; a JSON array over it is still refused whole.
#[test]
fn a_json_lines_feed_over_the_file_limit_is_read_item_by_item() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("big.jsonl");
    let mut text = String::from("\u{feff}");
    for i in 0..40 {
        text.push_str(&format!("{{\"text\": \"خبر رقم {i} عن محادثات باكو.\"}}\n"));
        if i == 20 {
            let long = "كلمة ".repeat(100);
            text.push_str(&format!("{{\"text\": \"{long}\"}}\n"));
            text.push_str("{\"text\": \"\n\n");
        }
    }
    std::fs::write(&feed, &text).unwrap();
    let array = dir.path().join("big.json");
    std::fs::write(&array, format!("[{}]", ARTICLE.repeat(10).trim())).unwrap();
    let o = IngestOptions {
        max_file_bytes: 300,
        ..opts()
    };
    assert!(text.len() > 300 * 5);
    let r = ingest(&[feed.clone(), array.clone()], &o);
    assert_eq!(r.documents.len(), 40);
    let f = feed.display().to_string();
    assert!(r.documents[0].path.ends_with("big.jsonl#1"));
    // Line 24 is empty; the last item is on line 43.
    assert!(r.documents[39].path.ends_with("big.jsonl#43"));
    let problems: Vec<(&str, &str)> = r
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.reason.as_str()))
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    let find = |path: &str| {
        problems
            .iter()
            .find(|p| p.0 == path)
            .unwrap_or_else(|| panic!("{path} in {problems:?}"))
            .1
    };
    assert!(find(&array.display().to_string()).starts_with("file too large"));
    assert!(
        find(&format!("{f}#22")).starts_with("feed item too large (line 22"),
        "{problems:?}"
    );
    assert!(find(&format!("{f}#23")).contains("invalid JSON on line 23"));
    // Under the limit the same feed is read whole, to the same documents and the long one.
    let whole = ingest(&[feed], &opts());
    let read = |r: &Ingested| {
        r.documents
            .iter()
            .filter(|d| !d.path.ends_with("#22"))
            .map(|d| (d.path.clone(), d.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(whole.documents.len(), 41);
    assert_eq!(read(&whole), read(&r));
}

#[test]
fn empty_and_whitespace_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let rows: &[(&str, &[u8])] = &[
        ("empty.txt", b""),
        ("spaces.txt", b"  \n\n\t "),
        ("bom-only.txt", b"\xEF\xBB\xBF\n"),
    ];
    for (name, bytes) in rows {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let r = ingest(&[p], &opts());
        assert!(r.documents.is_empty(), "{name}");
        assert_eq!(r.problems[0].reason, "empty file", "{name}");
    }
}

#[test]
fn missing_path_is_reported() {
    let r = ingest(&[PathBuf::from("no/such/file.txt")], &opts());
    assert_eq!(r.problems[0].reason, "no such file or folder");
}

#[test]
fn html_meta_and_article_text() {
    let page = r#"<html><head><title>عنوان الصفحة</title>
<meta property="og:title" content="علييف في باكو">
<meta property="og:site_name" content="الموقع">
<meta property="og:url" content="https://news.example/a">
<meta property="article:published_time" content="2023-10-20T09:30:00Z">
</head><body><nav><a>الرئيسية</a></nav>
<article class="post tag-caucasus"><h1>علييف في باكو</h1>
<div class="social-share"><a>تويتر</a></div>
<p>استقبل الرئيس إلهام علييف وفدا في باكو.</p>
<div class="comments"><p>تعليق من قارئ</p></div>
<p>وأكد أهمية الحوار<br>مع يريفان.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"#;
    let r = ingest_text("page.html", Format::Html, page, &opts());
    let d = &r.documents[0];
    assert_eq!(d.title.as_deref(), Some("علييف في باكو"));
    assert_eq!(d.source.as_deref(), Some("الموقع"));
    assert_eq!(d.url.as_deref(), Some("https://news.example/a"));
    assert_eq!(d.date.as_deref(), Some("2023-10-20T09:30:00Z"));
    assert_eq!(
        d.text,
        "علييف في باكو\n\nاستقبل الرئيس إلهام علييف وفدا في باكو.\n\nوأكد أهمية الحوار\nمع يريفان."
    );
}

#[test]
fn html_title_falls_back_to_the_title_element() {
    let page = "<html><head><title> علييف  في باكو </title></head><body><p>استقبل الرئيس وفدا في باكو.</p></body></html>";
    let r = ingest_text("p.html", Format::Html, page, &opts());
    assert_eq!(r.documents[0].title.as_deref(), Some("علييف في باكو"));
}

#[test]
fn deeply_nested_html_does_not_overflow() {
    let depth = 3000;
    let page = format!(
        "<html><body>{}<p>استقبل الرئيس وفدا في باكو.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let r = ingest_text("deep.html", Format::Html, &page, &opts());
    assert_eq!(r.documents[0].text, "استقبل الرئيس وفدا في باكو.");
}

#[test]
fn html_without_text_is_a_problem() {
    let r = ingest_text(
        "e.html",
        Format::Html,
        "<html><body><nav>x</nav></body></html>",
        &opts(),
    );
    assert!(r.documents.is_empty());
    assert!(r.problems[0].reason.contains("no article text"));
}

#[test]
fn markdown_front_matter_fields() {
    let rows = [
        (
            "yaml",
            "---\ntitle: \"علييف في باكو\"\nsource: وكالة\nurl: https://x.example/1\ndate: 2023-10-15\n---\n\nنص الخبر عن باكو.\n",
        ),
        (
            "toml",
            "+++\ntitle = \"علييف في باكو\"\nsource = \"وكالة\"\nurl = \"https://x.example/1\"\ndate = 2023-10-15\n+++\n\nنص الخبر عن باكو.\n",
        ),
    ];
    for (name, md) in rows {
        let r = ingest_text("a.md", Format::Markdown, md, &opts());
        let d = &r.documents[0];
        assert_eq!(d.title.as_deref(), Some("علييف في باكو"), "{name}");
        assert_eq!(d.source.as_deref(), Some("وكالة"), "{name}");
        assert_eq!(d.url.as_deref(), Some("https://x.example/1"), "{name}");
        assert_eq!(d.date.as_deref(), Some("2023-10-15"), "{name}");
        // The front matter is skipped, the body is kept whole.
        assert_eq!(visible_text(d).trim(), "نص الخبر عن باكو.", "{name}");
        assert_eq!(d.text, md, "{name}");
    }
}

#[test]
fn yaml_front_matter_scalars_lists_and_errors() {
    // Numbers and booleans become text; lists and maps are not fields.
    let md =
        "---\ntitle: 2023\nsource: true\nurl: [a, b]\ndate: {y: 2023}\n---\nنص الخبر عن باكو.\n";
    let r = ingest_text("a.md", Format::Markdown, md, &opts());
    let d = &r.documents[0];
    assert_eq!(d.title.as_deref(), Some("2023"));
    assert_eq!(d.source.as_deref(), Some("true"));
    assert_eq!((d.url.as_deref(), d.date.as_deref()), (None, None));
    // Front matter that is not YAML is a problem of the file.
    let r = ingest_text(
        "b.md",
        Format::Markdown,
        "---\ntitle: [\n---\nنص.\n",
        &opts(),
    );
    assert!(r.documents.is_empty());
    assert!(
        r.problems[0]
            .reason
            .starts_with("invalid YAML front matter"),
        "{}",
        r.problems[0].reason
    );
}

#[test]
fn declared_foreign_language_is_left_out() {
    let md = "---\ntitle: Talks\nlang: en\n---\n\nأعلنت باكو.\n";
    let r = ingest_text("a.md", Format::Markdown, md, &opts());
    assert!(r.documents.is_empty());
    assert!(r.problems[0].reason.contains("declared language \"en\""));
    for (lang, foreign) in [
        ("ar", false),
        ("ar-SA", false),
        ("العربية", false),
        ("fr", true),
    ] {
        assert_eq!(foreign_lang(Some(lang)).is_some(), foreign, "{lang}");
    }
}

#[test]
fn feed_variants() {
    let rows: &[(&str, &str, usize, usize)] = &[
        (
            "json lines",
            "{\"text\": \"خبر أول عن باكو.\"}\n\n{\"body\": \"خبر ثان عن يريفان.\"}\n",
            2,
            0,
        ),
        (
            "array",
            "[{\"content\": \"خبر أول عن باكو.\"}, {\"text\": \"خبر ثان عن يريفان.\"}]",
            2,
            0,
        ),
        (
            "single object",
            "{\n  \"title\": \"عنوان\",\n  \"text\": \"خبر عن باكو.\"\n}",
            1,
            0,
        ),
        (
            "json feed items",
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"الموقع\", \"items\": [{\"content_text\": \"خبر عن باكو.\"}, {\"content_html\": \"<p>خبر عن يريفان.</p>\"}]}",
            2,
            0,
        ),
        (
            "rendered fields",
            "[{\"title\": {\"rendered\": \"عنوان\"}, \"content\": {\"rendered\": \"<p>خبر عن باكو.</p>\"}}]",
            1,
            0,
        ),
        (
            "a malformed line among good ones",
            "{\"text\": \"خبر أول عن باكو.\"}\n{\"text\": \"مكسور\n{\"text\": \"خبر ثالث عن موسكو.\"}\n",
            2,
            1,
        ),
        ("not objects", "[1, \"x\"]", 0, 2),
        (
            "no body",
            "[{\"title\": \"عنوان فقط\"}, {\"text\": \"خبر عن باكو.\"}]",
            1,
            1,
        ),
        ("invalid array", "[{\"text\": \"x\"", 0, 1),
        ("empty array", "[]", 0, 1),
    ];
    for (name, feed_text, docs, problems) in rows {
        let r = ingest_text("f.jsonl", Format::Json, feed_text, &opts());
        assert_eq!(r.documents.len(), *docs, "{name}: {:?}", r.problems);
        assert_eq!(r.problems.len(), *problems, "{name}: {:?}", r.problems);
    }
}

#[test]
fn feed_fields_and_item_paths() {
    let feed_text = "{\"text\": \"خبر أول عن يريفان.\"}\n{\"title\": \"عنوان\", \"body\": \"<p>خبر عن باكو.</p><p>وخبر ثان.</p>\", \"link\": \"https://x.example/2\", \"published\": \"2023-10-01\", \"source\": \"وكالة\"}\n";
    let r = ingest_text("feeds/f.jsonl", Format::Json, feed_text, &opts());
    let d = &r.documents[1];
    assert_eq!(d.path, "feeds/f.jsonl#2");
    assert_eq!(d.id, "f-2");
    assert_eq!(d.title.as_deref(), Some("عنوان"));
    assert_eq!(d.url.as_deref(), Some("https://x.example/2"));
    assert_eq!(d.date.as_deref(), Some("2023-10-01"));
    assert_eq!(d.source.as_deref(), Some("وكالة"));
    assert_eq!(d.text, "خبر عن باكو.\n\nوخبر ثان.");
}

#[test]
fn a_hundred_thousand_feed_items() {
    let n = 100_000;
    let mut feed_text = String::with_capacity(n * 80);
    for i in 0..n {
        feed_text.push_str(&format!("{{\"text\": \"خبر رقم {i} عن باكو.\"}}\n"));
    }
    let t = std::time::Instant::now();
    let r = ingest_text("big.jsonl", Format::Json, &feed_text, &opts());
    assert_eq!(r.documents.len(), n);
    assert!(r.problems.is_empty());
    // Ids stay unique.
    let ids: HashSet<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), n);
    // Linear work: well under a minute even unoptimized.
    assert!(t.elapsed().as_secs() < 60, "{:?}", t.elapsed());
}

#[test]
fn chrome_lines_prefixes_and_copyright() {
    let text = "علييف في باكو\n\nاستقبل الرئيس وفدا في باكو.\n\nاقرأ أيضا: أرمينيا تطالب بالحوار\nشارك الخبر\n© 2023 الموقع\nاقرأ أيضا\nزر الذهاب إلى الأعلى\nاظهر المزيد\n";
    let r = ingest_text("a.txt", Format::Text, text, &opts());
    let d = &r.documents[0];
    assert_eq!(
        visible_text(d)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        "علييف في باكو استقبل الرئيس وفدا في باكو."
    );
    // A long line that begins like chrome is text.
    let long = "اقرأ أيضا في هذا التقرير كيف استقبل الرئيس وفدا كبيرا في باكو وتحدث معه طويلا عن الحوار والسلام والتعاون بين البلدين.";
    assert!(!Chrome::builtin().is_chrome_line(&arabic::norm(long)));
}

#[test]
fn extra_chrome_lines_from_options() {
    let mut chrome = Chrome::builtin();
    chrome.add("تابعوا قناتنا".into());
    let o = IngestOptions {
        chrome: std::sync::Arc::new(chrome),
        ..opts()
    };
    let r = ingest_text(
        "a.txt",
        Format::Text,
        "استقبل الرئيس وفدا في باكو.\nتابعوا قناتنا\n",
        &o,
    );
    assert!(!visible_text(&r.documents[0]).contains("تابعوا"));
}

#[test]
fn duplicates_are_read_once_before_repeated_lines_are_counted() {
    // The same article three times must not turn its own lines into chrome.
    let feed_text = format!(
        "{{\"text\": \"{a}\"}}\n{{\"text\": \"{a}\"}}\n{{\"text\": \"{a}\"}}\n",
        a = "استقبل الرئيس وفدا في باكو."
    );
    let r = ingest_text("f.jsonl", Format::Json, &feed_text, &opts());
    assert_eq!(r.documents.len(), 1);
    assert_eq!(visible_text(&r.documents[0]), "استقبل الرئيس وفدا في باكو.");
    assert_eq!(r.notes.len(), 2);
    assert!(r.notes[0].contains("same article as f.jsonl#1"));
}

#[test]
fn repeated_lines_only_within_a_source() {
    let line = "مراسلنا يتابع التطورات على مدار الساعة";
    let item = |i: usize, src: &str| {
        format!("{{\"source\": \"{src}\", \"text\": \"خبر رقم {i} عن باكو.\\n{line}\"}}\n")
    };
    // Three items of one source: the line is chrome.
    let one: String = (0..3).map(|i| item(i, "أ")).collect();
    let r = ingest_text("f.jsonl", Format::Json, &one, &opts());
    assert!(r.documents.iter().all(|d| !visible_text(d).contains(line)));
    // Three items of three sources: it is text.
    let three: String = ["أ", "ب", "ج"]
        .iter()
        .enumerate()
        .map(|(i, s)| item(i, s))
        .collect();
    let r = ingest_text("f.jsonl", Format::Json, &three, &opts());
    assert!(r.documents.iter().all(|d| visible_text(d).contains(line)));
    // Switched off.
    let o = IngestOptions {
        repeated_line_docs: 0,
        ..opts()
    };
    let r = ingest_text("f.jsonl", Format::Json, &one, &o);
    assert!(r.documents.iter().all(|d| visible_text(d).contains(line)));
}

#[test]
fn language_share() {
    let rows = [
        ("arabic", "استقبل الرئيس وفدا في باكو.", true),
        (
            "english",
            "The president received a delegation in Baku.",
            false,
        ),
        (
            "arabic with english names",
            "استقبل الرئيس وفدا من EU و UN في باكو اليوم.",
            true,
        ),
        ("presentation forms", "ﻃﻬﺮﺍﻥ ﺗﻌﺮﺽ ﺍﻟﻮﺳﺎﻃﺔ", true),
    ];
    for (name, text, kept) in rows {
        let r = ingest_text("a.txt", Format::Text, text, &opts());
        assert_eq!(r.documents.len() == 1, kept, "{name}: {:?}", r.problems);
    }
}

#[test]
fn headline_is_the_first_unpunctuated_line() {
    let rows = [
        (
            "headline",
            "علييف في باكو\n\nاستقبل الرئيس وفدا.\n",
            Some("علييف في باكو"),
        ),
        (
            "markdown heading",
            "# علييف في باكو\n\nاستقبل الرئيس وفدا.\n",
            Some("علييف في باكو"),
        ),
        ("first line is a sentence", "استقبل الرئيس وفدا.\n", None),
        (
            "first line ends with a colon",
            "قال الرئيس:\nنحن مستعدون.\n",
            None,
        ),
    ];
    for (name, text, want) in rows {
        let r = ingest_text("a.txt", Format::Text, text, &opts());
        assert_eq!(r.documents[0].title.as_deref(), want, "{name}");
    }
}

#[test]
fn ids_are_unique_and_safe() {
    let dir = tempfile::tempdir().unwrap();
    for (sub, body) in [("a", "خبر أول عن باكو."), ("b", "خبر ثان عن يريفان.")]
    {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("News Item.txt"), body).unwrap();
    }
    let r = ingest(&[dir.path().to_path_buf()], &opts());
    let ids: Vec<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["news-item", "news-item-2"]);
}

#[test]
fn folders_skip_hidden_and_unknown_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "خبر عن باكو.").unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), "خبر مخفي عن يريفان.").unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG\x00").unwrap();
    let (files, problems) = collect_paths(&[dir.path().to_path_buf()]);
    assert!(problems.is_empty());
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("a.txt"));
}

#[test]
fn headline_and_chrome_of_a_plain_text_article() {
    let r = ingest_text(
        "a.txt",
        Format::Text,
        "عنوان الخبر هنا\n\nنص الخبر الأول. نص ثان.\n\nاظهر المزيد\n",
        &IngestOptions::default(),
    );
    let d = &r.documents[0];
    assert_eq!(d.title.as_deref(), Some("عنوان الخبر هنا"));
    assert_eq!(d.skip.len(), 1);
}

// The steps of `finish`, one by one.

fn doc(path: &str, text: &str) -> Document {
    new_doc(path, Format::Text, text.into(), "UTF-8")
}

fn paths(docs: impl IntoIterator<Item = impl std::borrow::Borrow<Document>>) -> Vec<String> {
    docs.into_iter().map(|d| d.borrow().path.clone()).collect()
}

#[test]
fn step_refuse_too_long() {
    let limit = "خبر عن باكو".len();
    let docs = vec![doc("a.txt", "خبر عن باكو"), doc("b.txt", "خبر عن يريفان")];
    let mut problems = Vec::new();
    let kept = refuse_too_long(docs, limit, &mut problems);
    assert_eq!(
        paths(&kept),
        ["a.txt"],
        "an article of exactly the limit is kept"
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "b.txt");
    assert!(
        problems[0]
            .reason
            .starts_with("article too long (0.0 MB of text"),
        "{}",
        problems[0].reason
    );
}

#[test]
fn step_prepare_lines_and_key() {
    let front = "---\ntitle: x\n---\n";
    let mut d = doc(
        "a.txt",
        &format!("{front}علييف في باكو\n\n  \nشارك الخبر\nعَلِيِيف في  باكو\n"),
    );
    d.skip.push(Skip {
        start: 0,
        end: front.len(),
        reason: Reason::FrontMatter,
    });
    let p = prepare(d, &Chrome::builtin());
    // Front matter and blank lines are not lines; each line is normalized once.
    let texts: Vec<&str> = p
        .lines
        .iter()
        .map(|l| &p.doc.text[l.start..l.end])
        .collect();
    assert_eq!(texts, ["علييف في باكو", "شارك الخبر", "عَلِيِيف في  باكو"]);
    let reasons: Vec<Option<Reason>> = p.lines.iter().map(|l| l.reason).collect();
    assert_eq!(reasons, [None, Some(Reason::Chrome), None]);
    assert_eq!(
        p.lines[0].hash, p.lines[2].hash,
        "the same line after normalizing"
    );
    assert_eq!(p.key, same_text_key(&visible_text(&p.doc)));
}

#[test]
fn step_drop_duplicates() {
    let chrome = Chrome::builtin();
    let prepared = [
        ("a.txt", "استقبل الرئيس وفدا في باكو."),
        ("b.txt", "استقبلَ الرئيسُ  وفدا في باكو"),
        ("c.txt", "خبر عن يريفان."),
        ("d.txt", "..."),
        ("e.txt", "..."),
    ]
    .into_iter()
    .map(|(path, text)| prepare(doc(path, text), &chrome))
    .collect();
    let mut notes = Vec::new();
    let unique = drop_duplicates(prepared, &mut notes);
    // Diacritics, spaces and punctuation aside, b is a; documents without letters are kept.
    assert_eq!(
        paths(unique.iter().map(|p| &p.doc)),
        ["a.txt", "c.txt", "d.txt", "e.txt"]
    );
    assert_eq!(notes, ["b.txt: same article as a.txt, read once"]);
}

#[test]
fn a_key_collision_never_drops_a_different_article() {
    let chrome = Chrome::builtin();
    // Two different articles made to share a key (as a crafted feed item could): both kept.
    let prepared: Vec<Prepared> = [
        ("real.txt", "استقبل الرئيس وفدا في باكو."),
        ("crafted.txt", "نص آخر صنع ليشارك المفتاح."),
        ("copy.txt", "استقبل الرئيس وفدا في باكو."),
    ]
    .into_iter()
    .map(|(path, text)| Prepared {
        key: Some(42),
        ..prepare(doc(path, text), &chrome)
    })
    .collect();
    let mut notes = Vec::new();
    let unique = drop_duplicates(prepared, &mut notes);
    assert_eq!(
        paths(unique.iter().map(|p| &p.doc)),
        ["real.txt", "crafted.txt"]
    );
    assert_eq!(notes, ["copy.txt: same article as real.txt, read once"]);
}

#[test]
fn step_groups_and_line_counts() {
    let chrome = Chrome::builtin();
    let mut from_source = doc("elsewhere/5.txt", "سطر مكرر\n");
    from_source.source = Some("وكالة".into());
    let docs: Vec<Prepared> = [
        doc("news/1.txt", "سطر مكرر\nخبر أول\nسطر مكرر\n"),
        doc("news/2.txt", "سطر مكرر\nخبر ثان\n"),
        doc("news/3.txt", "سطر مكرر\nخبر ثالث\n"),
        doc("other/4.txt", "سطر مكرر\n"),
        from_source,
    ]
    .into_iter()
    .map(|d| prepare(d, &chrome))
    .collect();
    let groups = Groups::of(&docs);
    assert_eq!(groups.names, ["news", "other", "وكالة"]);
    assert_eq!(groups.sizes, [3, 1, 1]);
    assert_eq!(groups.of_doc, [0, 0, 0, 1, 2]);

    let line = hash64(&arabic::norm("سطر مكرر"));
    let counts = LineCounts::count(&docs, &groups, 3);
    // Counted once per document, within its group only.
    assert_eq!(counts.docs[&(0, line)], 3);
    assert_eq!(counts.docs[&(1, line)], 1);
    assert!(counts.is_repeated(0, 3, line));
    assert!(!counts.is_repeated(1, 1, line));
    assert!(!counts.is_repeated(0, 3, hash64(&arabic::norm("خبر أول"))));
    // A group smaller than the threshold has no repeated lines; 0 turns counting off.
    assert!(!LineCounts::count(&docs, &groups, 4).is_repeated(0, 3, line));
    let off = LineCounts::count(&docs, &groups, 0);
    assert!(off.docs.is_empty() && !off.is_repeated(0, 3, line));
}

#[test]
fn step_repeated_notes() {
    let groups = Groups {
        of_doc: Vec::new(),
        names: vec!["".into(), "وكالة".into(), "news".into()],
        sizes: vec![4, 3, 5],
    };
    assert_eq!(
        groups.repeated_notes(&[2, 0, 1], 3),
        [
            ".: 2 line(s) repeated in 3 or more of its 4 documents removed as page chrome",
            "news: 1 line(s) repeated in 3 or more of its 5 documents removed as page chrome",
        ]
    );
}

#[test]
fn step_leave_out_lines() {
    let text = "سطر مكرر\nخبر عن باكو.\nشارك الخبر\nسطر أخير\n";
    let mut d = doc("a.txt", text);
    let last = text.find("سطر أخير").unwrap();
    d.skip.push(Skip {
        start: last,
        end: text.len() - 1,
        reason: Reason::Chrome,
    });
    let Prepared { mut doc, lines, .. } = prepare(d, &Chrome::builtin());
    let repeated = lines[0].hash;
    let removed = leave_out_lines(&mut doc, &lines, |h| h == repeated);
    assert_eq!(
        removed, 1,
        "the repeated line is counted, the chrome line is not"
    );
    assert_eq!(doc.skip.len(), 3);
    assert!(doc.skip.is_sorted());
    let reasons: Vec<Reason> = doc.skip.iter().map(|k| k.reason).collect();
    assert_eq!(reasons, [Reason::Repeated, Reason::Chrome, Reason::Chrome]);
    assert_eq!(visible_text(&doc).trim(), "خبر عن باكو.");
}

#[test]
fn step_check_language() {
    let mut all_chrome = doc("c.txt", "شارك الخبر\n");
    all_chrome.skip.push(Skip {
        start: 0,
        end: "شارك الخبر".len(),
        reason: Reason::Chrome,
    });
    let rows = [
        (
            "arabic",
            doc("a.txt", "استقبل الرئيس وفدا في باكو."),
            Ok("استقبل الرئيس وفدا في باكو."),
        ),
        (
            "english",
            doc("e.txt", "The president received a delegation in Baku."),
            Err("not an Arabic article (0% of its letters are Arabic script), left out"),
        ),
        (
            "nothing left",
            all_chrome,
            Err("no text left after removing page chrome"),
        ),
    ];
    for (name, d, want) in rows {
        let got = check_language(&d, 0.5);
        match (got, want) {
            (Ok(body), Ok(w)) => assert_eq!(body, w, "{name}"),
            (Err(p), Err(w)) => {
                assert_eq!(p.path, d.path, "{name}");
                assert_eq!(p.reason, w, "{name}");
            }
            (got, _) => panic!("{name}: {got:?}"),
        }
    }
}

#[test]
fn step_screen_keys_again_after_leaving_out_lines() {
    // The same article, once with a chrome line: different keys before, the same after.
    let chrome = Chrome::builtin();
    let a = prepare(doc("a.txt", "استقبل الرئيس وفدا في باكو.\n"), &chrome);
    let b = prepare(
        doc("b.txt", "استقبل الرئيس وفدا في باكو.\nشارك الخبر\n"),
        &chrome,
    );
    assert_ne!(a.key, b.key);
    let key = |p: Prepared| match screen(p, |_| false, 0.5).outcome {
        Outcome::Kept(_, key) => key,
        Outcome::Skipped(p) => panic!("{p:?}"),
    };
    assert_eq!(key(a), key(b));
    // A document that fails the language check is skipped with its lines still counted.
    let english = prepare(doc("e.txt", "Breaking news\nBaku talks.\n"), &chrome);
    let first = english.lines[0].hash;
    let s = screen(english, |h| h == first, 0.5);
    assert_eq!(s.removed, 1);
    assert!(matches!(s.outcome, Outcome::Skipped(_)));
}

#[test]
fn step_keep_once() {
    let kept = |path: &str, key: u128| Outcome::Kept(Box::new(doc(path, "خبر")), Some(key));
    let skipped = Problem {
        path: "x.txt".into(),
        reason: "no text left after removing page chrome".into(),
    };
    let outcomes = vec![
        kept("a.txt", 1),
        Outcome::Skipped(skipped.clone()),
        kept("b.txt", 1),
        kept("c.txt", 2),
    ];
    let (mut problems, mut notes) = (Vec::new(), Vec::new());
    let docs = keep_once(outcomes, &mut problems, &mut notes);
    assert_eq!(paths(&docs), ["a.txt", "c.txt"]);
    assert_eq!(problems, [skipped]);
    assert_eq!(notes, ["b.txt: same article as a.txt, read once"]);
}

#[test]
fn ids_are_unique_when_file_names_collide() {
    let mut docs: Vec<Document> = ["a/News Item.txt", "b/News Item.txt", "c/news-item-2.txt"]
        .iter()
        .map(|p| new_doc(p, Format::Text, String::new(), "utf-8"))
        .collect();
    assign_ids(&mut docs);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["news-item", "news-item-2", "news-item-2-2"]);
}

proptest::proptest! {
    #[test]
    fn ids_are_unique_and_safe_for_any_paths(
        paths in proptest::collection::vec("[a-zA-Z0-9 ./_#-]{0,12}(-[0-9]{1,2})?(\\.txt)?", 0..40)
    ) {
        let mut docs: Vec<Document> = paths
            .iter()
            .map(|p| new_doc(p, Format::Text, String::new(), "utf-8"))
            .collect();
        assign_ids(&mut docs);
        let mut seen = HashSet::new();
        for d in &docs {
            proptest::prop_assert!(seen.insert(d.id.clone()), "id {} twice", d.id);
            proptest::prop_assert!(!d.id.is_empty());
            proptest::prop_assert!(d.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{}", d.id);
        }
    }
}

#[test]
fn feed_field_names_common_and_configured() {
    // A crawl's own names: `content`, `date_extracted`, `headline`, `link`.
    let feed_text = r#"[{"headline": "&#8220;عنوان&#8221; أول", "content": "خبر عن باكو.", "date_extracted": "2015-07-22 10:00:00", "link": "https://x.example/1", "byline": "سارة علي"}]"#;
    let r = ingest_text("crawl.json", Format::Json, feed_text, &opts());
    let d = &r.documents[0];
    assert_eq!(d.author.as_deref(), Some("سارة علي"));
    assert_eq!(d.title.as_deref(), Some("“عنوان” أول"));
    assert_eq!(d.date.as_deref(), Some("2015-07-22 10:00:00"));
    assert_eq!(d.url.as_deref(), Some("https://x.example/1"));
    assert_eq!(d.text, "خبر عن باكو.");
    // A feed's own names, from the configuration, come before the built-in ones.
    let feed_text = r#"{"story": "خبر عن يريفان.", "text": "ليس هذا", "when": "2020-01-02", "paper": "الصحيفة"}"#;
    let mut o = opts();
    o.feed_fields = FeedFields {
        text: vec!["story".into()],
        date: vec!["when".into()],
        source: vec!["paper".into()],
        ..FeedFields::default()
    };
    let r = ingest_text("own.json", Format::Json, feed_text, &o);
    let d = &r.documents[0];
    assert_eq!(d.text, "خبر عن يريفان.");
    assert_eq!(d.date.as_deref(), Some("2020-01-02"));
    assert_eq!(d.source.as_deref(), Some("الصحيفة"));
}

#[test]
fn feeds_by_extension_and_by_their_start() {
    assert_eq!(format_of(Path::new("a.rss")), Some(Format::Rss));
    assert_eq!(format_of(Path::new("a.atom")), Some(Format::Rss));
    assert_eq!(format_of(Path::new("a.XML")), Some(Format::Rss));
    assert_eq!(
        sniff_format("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
        Format::Rss
    );
    assert_eq!(
        sniff_format("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
        Format::Rss
    );
}

#[test]
fn dropped_lines_keep_their_reason_and_a_dateline_its_paragraph() {
    let text = "سبق- جدة: أعلنت وزارة الصحة اليوم تسجيل إصابات جديدة بالفيروس.\nالوزير خلال المؤتمر - صورة أرشيفية.\nوأكدت الوزارة أن الوضع تحت السيطرة.\nكتبت أسماء نصار\n";
    let r = ingest_text("a.txt", Format::Text, text, &opts());
    let d = &r.documents[0];
    let dropped: Vec<(&str, Reason)> = d.dropped().collect();
    assert_eq!(
        dropped,
        [
            ("سبق- جدة:", Reason::Dateline),
            ("الوزير خلال المؤتمر - صورة أرشيفية.", Reason::Caption),
            ("كتبت أسماء نصار", Reason::Byline),
        ]
    );
    let spans = text::segment(&d.text, &d.skip_ranges(), text::SegmentOptions::default());
    let sentences: Vec<&str> = spans.iter().map(|s| &d.text[s.start..s.end]).collect();
    assert_eq!(
        sentences,
        [
            "أعلنت وزارة الصحة اليوم تسجيل إصابات جديدة بالفيروس.",
            "وأكدت الوزارة أن الوضع تحت السيطرة."
        ]
    );
}
