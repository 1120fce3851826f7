use super::*;

fn w(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

#[test]
fn rouge_of_identical_and_disjoint_texts() {
    assert!((rouge_n(&w("a b c"), &w("a b c"), 1) - 1.0).abs() < 1e-9);
    assert!((rouge_n(&w("a b c"), &w("a b c"), 2) - 1.0).abs() < 1e-9);
    assert_eq!(rouge_n(&w("a b"), &w("c d"), 1), 0.0);
    assert!((rouge_l(&w("a x b c"), &w("a b c")) - 2.0 * 0.75 * 1.0 / 1.75).abs() < 1e-9);
}

#[test]
fn iob_spans_count_i_as_start_and_drop_misc() {
    let tags: Vec<String> = ["I-PERS", "I-PERS", "O", "B-MISC", "B-LOC", "I-ORG"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        iob_spans(&tags),
        vec![(0, 2, "person"), (4, 5, "place"), (5, 6, "organization")]
    );
}

#[test]
fn summary_split_is_on_terminal_punctuation() {
    assert_eq!(
        split_summary("جملة أولى. جملة ثانية؟ ثالثة"),
        vec!["جملة أولى.", "جملة ثانية؟", "ثالثة"]
    );
}

#[test]
fn segment_eval_counts_whole_sentences() {
    let row = serde_json::json!({
        "id": "t", "text": "الجملة الأولى هنا.\nالجملة الثانية هناك.",
        "summaries": ["الجملة الثانية هناك."]
    });
    let r = segment(&row.to_string()).unwrap();
    assert_eq!(r.found_in_article, 1);
    assert_eq!(r.returned_whole, 1);
}
