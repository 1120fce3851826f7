//! The checks behind the fuzz targets, one per pipeline stage. Each takes arbitrary input,
//! runs the stage and asserts its invariants: no panic, offsets in bounds and on character
//! boundaries, output well formed. The regression tests (`tests/fuzz_regressions.rs`) replay
//! the same functions on the saved inputs.

use std::sync::OnceLock;

use khulasa::arabic;
use khulasa::digest::{self, DigestOptions};
use khulasa::ingest::{self, Document, Format, IngestOptions};
use khulasa::pipeline::{self, Engine};
use khulasa::render::{self, Renderer};
use khulasa::summarize::{Budget, Method, Weights};
use khulasa::text::{self, SegmentOptions};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::builtin().expect("built-in data"))
}

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| Renderer::new(Vec::new(), "default"))
}

fn check_range(text: &str, s: usize, e: usize, what: &str) {
    assert!(s <= e, "{what}: start {s} after end {e}");
    assert!(e <= text.len(), "{what}: end {e} past {}", text.len());
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: {s}..{e} not on char boundaries"
    );
}

fn check_document(d: &Document) {
    for k in &d.skip {
        check_range(&d.text, k.start, k.end, "skip");
    }
    assert!(
        d.skip.windows(2).all(|w| w[0] <= w[1]),
        "skip ranges not sorted"
    );
    assert!(!d.id.is_empty(), "empty id");
    assert!(
        d.id.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "id not safe as a file name: {:?}",
        d.id
    );
    let _ = ingest::visible_text(d);
}

/// Ingest: bytes → decoding → parsing as each format (text, Markdown, HTML, JSON feed).
pub fn ingest_bytes(data: &[u8]) {
    let Ok((text, _)) = ingest::decode(data) else {
        return;
    };
    for opts in [
        IngestOptions::default(),
        IngestOptions {
            min_arabic_share: 0.0,
            ..IngestOptions::default()
        },
    ] {
        for format in [Format::Text, Format::Markdown, Format::Html, Format::Json] {
            let r = ingest::ingest_text("in/item.x", format, &text, &opts);
            for d in &r.documents {
                check_document(d);
            }
            let mut ids: Vec<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
            ids.sort();
            let n = ids.len();
            ids.dedup();
            assert_eq!(n, ids.len(), "ids not unique");
        }
    }
}

/// Normalization: the offset map is as long as the text plus one, monotonic, ends at the
/// original length and points at character starts of the original.
pub fn normalize_str(s: &str) {
    let n = arabic::normalize(s);
    assert_eq!(n.map.len(), n.text.len() + 1, "map length");
    assert_eq!(*n.map.last().unwrap(), s.len(), "map end");
    assert!(n.map.windows(2).all(|w| w[0] <= w[1]), "map not monotonic");
    assert!(
        n.map.iter().all(|&i| s.is_char_boundary(i)),
        "map off boundary"
    );
    for (i, _) in n.text.char_indices() {
        let (a, b) = n.orig_range(i, n.text.len(), s);
        check_range(s, a, b, "orig_range");
    }
    let _ = n.orig_range(0, 0, s);
    let short = arabic::norm(s);
    assert_eq!(short.trim(), short, "norm not trimmed");
    let _ = text::display(s);
    let share = arabic::arabic_share(s);
    assert!((0.0..=1.0).contains(&share), "arabic share {share}");
    let idx = text::CharIndex::new(s);
    for (i, _) in s.char_indices().take(64) {
        assert_eq!(idx.char_of(i), text::char_offset(s, i));
    }
}

/// Whole-line skip ranges chosen by the bits of `mask`, the way ingest marks page chrome.
fn line_skips(s: &str, mask: u8) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut pos = 0;
    for (i, line) in s.split_inclusive('\n').enumerate() {
        let end = pos + line.trim_end_matches(['\n', '\r']).len();
        if mask & (1 << (i % 8)) != 0 {
            v.push((pos, end));
        }
        pos += line.len();
    }
    v
}

/// Segmentation and tokenization: sentences in order, inside the text, outside the skipped
/// lines; tokens inside their sentence.
pub fn segment_bytes(data: &[u8]) {
    let (mask, rest) = match data.split_first() {
        Some((m, r)) => (*m, r),
        None => (0, data),
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let skip = line_skips(s, mask);
    for opts in [
        SegmentOptions::default(),
        SegmentOptions {
            split_long_words: (mask % 7) as usize,
            heading_max_words: (mask % 5) as usize,
        },
    ] {
        let words = khulasa::arabic::Words::builtin();
        let spans = text::segment(s, &skip, opts);
        let mut last = 0;
        for sp in &spans {
            check_range(s, sp.start, sp.end, "sentence");
            assert!(sp.start >= last, "sentences overlap or out of order");
            assert!(sp.start < sp.end, "empty sentence");
            last = sp.end;
            for &(a, b) in &skip {
                assert!(
                    sp.end <= a || sp.start >= b,
                    "sentence {}..{} inside skipped line {a}..{b}",
                    sp.start,
                    sp.end
                );
            }
            for t in text::tokenize(s, sp.start, sp.end, &words) {
                check_range(s, t.start, t.end, "token");
                assert!(
                    t.start >= sp.start && t.end <= sp.end,
                    "token outside sentence"
                );
                assert!(!t.norm.is_empty());
            }
        }
    }
}

/// Entity recognition: mentions sorted, not overlapping, on character boundaries, their text
/// equal to the characters they point at.
pub fn entities_str(s: &str) {
    let e = engine();
    let spans = text::segment(s, &[], SegmentOptions::default());
    let ranges: Vec<(usize, usize)> = spans.iter().map(|x| (x.start, x.end)).collect();
    let mentions = e.resources.recognizer.recognize(s, &ranges);
    let mut last = 0;
    for m in &mentions {
        check_range(s, m.byte_start, m.byte_end, "mention");
        assert!(m.byte_start >= last, "mentions overlap or out of order");
        last = m.byte_end;
        assert_eq!(m.text, s[m.byte_start..m.byte_end], "mention text");
        assert_eq!(m.start, text::char_offset(s, m.byte_start), "char start");
        assert_eq!(m.end, text::char_offset(s, m.byte_end), "char end");
        assert!(!m.english.is_empty(), "mention without English");
    }
    let g = khulasa::entities::build_glossary(mentions.iter(), e.resources.recognizer.gazetteer());
    let _ = serde_json::to_string(&g).expect("glossary serializes");
}

/// Rendering: an arbitrary string as an article, through analysis, summary and digest to the
/// HTML and Markdown templates. Rendering never fails on a digest, and the HTML never carries
/// markup from the article.
pub fn render_str(s: &str) {
    let _ = render::escape_markdown(s);
    let _ = render::markdown_to_html(s);
    // The input as the destination and the text of Markdown links and images: the markdown
    // filter never writes a destination that is not http(s) or mailto.
    for md in [
        format!("[{s}]({s})"),
        format!("![{s}]({s})"),
        format!("<{s}>"),
        format!("[x]: {s}\n\n[y][x]"),
    ] {
        let html = render::markdown_to_html(&md);
        let doc = scraper::Html::parse_fragment(&html);
        let sel = scraper::Selector::parse("[href], [src]").expect("selector");
        for e in doc.select(&sel) {
            for d in [e.value().attr("href"), e.value().attr("src")]
                .into_iter()
                .flatten()
            {
                assert!(
                    render::is_safe_link(d),
                    "unsafe destination {d:?} from {md:?}"
                );
            }
        }
    }
    let opts = IngestOptions {
        min_arabic_share: 0.0,
        ..IngestOptions::default()
    };
    let ing = ingest::ingest_text("in/article.txt", Format::Text, s, &opts);
    if ing.documents.is_empty() {
        return;
    }
    let e = engine();
    let docs = e.analyze(ing.documents);
    let budget = Budget {
        max_sentences: Some(12),
        ..Budget::default()
    };
    for method in [Method::Khulasa, Method::Textrank] {
        let summary = pipeline::summarize(&docs, method, &budget, &Weights::default());
        let d = digest::build(
            &docs,
            &summary,
            e,
            &ing.problems,
            &DigestOptions {
                date: "2026-11-23".into(),
                audience: "default".into(),
                title: "Digest".into(),
                themes: None,
                method,
                glossary: digest::GlossaryScope::All,
            },
        );
        let json = serde_json::to_string(&d).expect("digest serializes");
        let _: serde_json::Value = serde_json::from_str(&json).expect("digest JSON parses");
        let html = renderer()
            .render("digest.html", &d)
            .expect("digest.html renders");
        let md = renderer()
            .render("digest.md", &d)
            .expect("digest.md renders");
        assert!(!md.is_empty());
        let lower = html.to_ascii_lowercase();
        assert!(
            !lower.contains("<script") && !lower.contains("<img") && !lower.contains("<iframe"),
            "markup from the article reached the HTML"
        );
    }
}
