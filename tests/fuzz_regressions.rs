//! Fuzz regressions: every input saved under `tests/fixtures/regressions/<target>/` is replayed
//! through the same check as the fuzz target of that name (`fuzz/src/lib.rs`), and short
//! property tests run the checks on random text in every CI run.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::Path;

use proptest::prelude::*;

/// The saved inputs of one target, (file name, bytes), sorted by name.
fn saved(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/regressions")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn replay(target: &str, check: impl Fn(&[u8])) -> usize {
    let inputs = saved(target);
    for (name, bytes) in &inputs {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(bytes)));
        assert!(r.is_ok(), "{target}/{name} fails its check");
    }
    inputs.len()
}

fn as_str(check: fn(&str)) -> impl Fn(&[u8]) {
    move |b| {
        if let Ok(s) = std::str::from_utf8(b) {
            check(s)
        }
    }
}

#[test]
fn ingest_regressions() {
    assert!(replay("ingest", checks::ingest_bytes) > 0);
}

#[test]
fn normalize_regressions() {
    assert!(replay("normalize", as_str(checks::normalize_str)) > 0);
}

#[test]
fn segment_regressions() {
    assert!(replay("segment", checks::segment_bytes) > 0);
}

#[test]
fn entities_regressions() {
    assert!(replay("entities", as_str(checks::entities_str)) > 0);
}

#[test]
fn render_regressions() {
    assert!(replay("render", as_str(checks::render_str)) > 0);
}

/// Text drawn from the characters that matter: Arabic letters, diacritics, tatweel, digits,
/// punctuation of both scripts, presentation forms, bidi and zero-width marks, line breaks,
/// markup characters.
fn arabicish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "ال",
        "و",
        "قال",
        "أرمينيا",
        "أذربيجان",
        "باكو",
        "ماكرون",
        "الرئيس",
        "وزير",
        "الخارجية",
        "الأمم المتحدة",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        ".",
        "،",
        "؟",
        "!",
        "…",
        "؛",
        ":",
        "\"",
        "«",
        "»",
        "(",
        ")",
        "#",
        "*",
        "_",
        "<",
        ">",
        "&",
        "[",
        "]",
        "`",
        "-",
        "---",
        "+++",
        "\u{064B}",
        "\u{0651}",
        "\u{0640}",
        "\u{200F}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{FDFD}",
        "\u{FEFB}",
        "\u{FB50}",
        "١٢٣",
        "2023",
        "ﷺ",
        "A",
        "Dr.",
        "é",
        "😀",
        "\u{0301}",
        "\t",
        "{",
        "}",
        "{{",
        "{%",
        "<script>",
        "</p>",
        "<br>",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn normalize_never_breaks(s in arabicish()) {
        checks::normalize_str(&s);
    }

    #[test]
    fn segment_never_breaks(mask in any::<u8>(), s in arabicish()) {
        let mut b = vec![mask];
        b.extend_from_slice(s.as_bytes());
        checks::segment_bytes(&b);
    }

    #[test]
    fn entities_never_break(s in arabicish()) {
        checks::entities_str(&s);
    }

    #[test]
    fn ingest_never_breaks(s in arabicish()) {
        checks::ingest_bytes(s.as_bytes());
    }

    #[test]
    fn ingest_bytes_never_break(b in prop::collection::vec(any::<u8>(), 0..256)) {
        checks::ingest_bytes(&b);
    }

    #[test]
    fn render_never_breaks(s in arabicish()) {
        checks::render_str(&s);
    }
}
