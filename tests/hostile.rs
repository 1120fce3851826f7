//! Hostile input, end to end: what an article or a feed item says must reach the reader as
//! text, in every audience and format, and never as a link, a script, a template or a path.

use std::path::Path;
use std::process::Command;

const DATE: &str = "2026-11-22";
const AUDIENCES: [&str; 4] = ["default", "analyst", "executive", "public"];

/// A sentence of real news shape, so that the item is kept as an Arabic article.
const BODY: &str =
    "وقال وزير الخارجية الأرميني إن المحادثات مع أذربيجان ستستأنف في موسكو الأسبوع المقبل.";

fn build(out: &Path, input: &Path, audience: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_khulasa"))
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--date", DATE, "--audience", audience, "--quiet"])
        .args(["--base-url", "https://example.org/b/"])
        .output()
        .unwrap()
}

/// Write a JSON Lines feed of these items into `dir`.
fn feed(dir: &Path, items: &[serde_json::Value]) -> std::path::PathBuf {
    let p = dir.join("feed.jsonl");
    let text: String = items.iter().map(|i| format!("{i}\n")).collect();
    std::fs::write(&p, text).unwrap();
    p
}

/// Every output file of the day, and the archive files, as text.
fn outputs(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for name in ["digest.md", "digest.html", "digest.json"] {
        let p = out.join(DATE).join(name);
        v.push((name.to_string(), std::fs::read_to_string(p).unwrap()));
    }
    for name in ["index.html", "feed.xml"] {
        v.push((
            name.to_string(),
            std::fs::read_to_string(out.join(name)).unwrap(),
        ));
    }
    v
}

/// Every link and image destination of an HTML page.
fn destinations(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[href], [src]").unwrap();
    doc.select(&sel)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .map(String::from)
        .collect()
}

/// Every link destination of a Markdown page.
fn md_links(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(md)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn script_urls_in_feed_fields_never_become_links() {
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<serde_json::Value> = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ]
    .iter()
    .enumerate()
    .map(|(i, url)| {
        serde_json::json!({
            "title": format!("خبر رقم {i} [x](javascript:alert(1))"),
            "text": format!("{BODY} الخبر رقم {i}."),
            "url": url,
            "source": "[s](javascript:alert(1))",
        })
    })
    .collect();
    let input = feed(dir.path(), &items);
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        let o = build(out.path(), &input, aud);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        for (name, text) in outputs(out.path()) {
            let dests = match name.as_str() {
                "digest.md" => md_links(&text),
                "digest.json" => continue,
                _ => destinations(&text),
            };
            for d in dests {
                let lower = d.trim().to_ascii_lowercase();
                assert!(
                    !lower.starts_with("javascript:")
                        && !lower.starts_with("data:")
                        && !lower.starts_with("vbscript:"),
                    "{aud} {name}: a link to {d}"
                );
            }
        }
    }
}

#[test]
fn template_syntax_in_article_text_prints_literally() {
    let dir = tempfile::tempdir().unwrap();
    let input = feed(
        dir.path(),
        &[serde_json::json!({
            "title": "عنوان {{ 7 * 7 }} {% if true %}نعم{% endif %}",
            "text": format!("{BODY} وكتب {{{{ 6 * 7 }}}} و{{% for x in range(3) %}}س{{% endfor %}} في المقال."),
        })],
    );
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        assert!(build(out.path(), &input, aud).status.success());
        for (name, text) in outputs(out.path()) {
            if name != "digest.md" && name != "digest.html" {
                continue;
            }
            // The sentence is chosen and shown with its braces (escaped in Markdown).
            let plain = text.replace('\\', "");
            assert!(plain.contains("{{ 6 * 7 }}"), "{aud} {name}");
            assert!(!text.contains("وكتب 42"), "{aud} {name}: a template ran");
            assert!(!text.contains("سسس"), "{aud} {name}: a loop ran");
            assert!(!text.contains("عنوان 49"), "{aud} {name}: a template ran");
        }
    }
}

#[test]
fn bidi_overrides_never_flip_the_english_around_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = feed(
        dir.path(),
        &[serde_json::json!({
            "title": "\u{202E}عنوان مقلوب\u{202C} عن موسكو",
            "text": format!("\u{202E}{BODY}\u{202C}\n\u{2066}وأضاف\u{2069} الوزير أن الوفد سيزور \u{202D}باريس\u{202C} قريبا."),
            "source": "\u{202E}txet\u{202C}",
        })],
    );
    for aud in AUDIENCES {
        let out = tempfile::tempdir().unwrap();
        assert!(build(out.path(), &input, aud).status.success());
        for (name, text) in outputs(out.path()) {
            if name == "digest.json" {
                continue;
            }
            for c in [
                '\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
            ] {
                assert!(
                    !text.contains(c),
                    "{aud} {name}: bidi control U+{:04X} reaches the page",
                    c as u32
                );
            }
        }
    }
}

#[test]
fn a_huge_name_nul_bytes_and_path_like_names_stay_bounded_and_inside() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "ك".repeat(10_000);
    let input = feed(
        dir.path(),
        &[
            serde_json::json!({
                "title": "../../../etc/passwd",
                "text": format!("{BODY} وقال الرئيس {huge} إن الوفد وصل."),
            }),
            serde_json::json!({
                "title": "عنوان\u{0}مع صفر",
                "text": format!("{BODY}\u{0} وأضاف\u{0} المتحدث أن الوفد وصل إلى باكو."),
                "url": "https://example.org/a\u{0}b",
            }),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build(out.path(), &input, "analyst");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (name, text) in outputs(out.path()) {
        assert!(!text.contains('\u{0}'), "{name}: a NUL byte");
        assert!(text.len() < 2_000_000, "{name}: {} bytes", text.len());
    }
    // Nothing outside the output folder, and only the expected names inside.
    for e in walkdir::WalkDir::new(out.path()).into_iter().flatten() {
        let rel = e.path().strip_prefix(out.path()).unwrap();
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        if let Some(top) = top {
            assert!(
                [
                    DATE,
                    "archive.json",
                    "index.html",
                    "feed.xml",
                    ".khulasa.lock"
                ]
                .contains(&top.as_str()),
                "unexpected {}",
                rel.display()
            );
        }
    }
    assert!(!dir.path().join("etc").exists());
}
