//! IOB2 corpora in ANERcorp's JSON Lines format: the reader, the held-out split the tagger was
//! not trained on, and exact token-span precision, recall and F1. `eval ner` and the tagger's
//! own checks use these and nothing else, so that they count the same sentences and spans as
//! `scripts/train_ner.py`.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use crate::entities::tagger::{NerLabel, tag_spans};
use crate::error::{Error, Result};

/// An entity of a sentence: token indices (`end` exclusive) and its type.
pub type Span = (usize, usize, NerLabel);

/// A sentence of the corpus: its tokens and its PERS/LOC/ORG spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IobSentence {
    pub tokens: Vec<String>,
    pub spans: Vec<Span>,
}

#[derive(Deserialize)]
struct IobLine {
    tokens: Vec<String>,
    tags: Vec<String>,
}

/// Parse ANERcorp JSON Lines (`{"tokens": [...], "tags": [...], ...}`, IOB2 tags
/// PERS/LOC/ORG/MISC), one sentence a line. Blank lines are skipped, as the trainer skips them,
/// so the k-th sentence here is the trainer's k-th. MISC is dropped; an `I-` that does not
/// continue an entity of its type starts one. Errors name the line (1-based, blank lines
/// counted).
pub fn read_iob_jsonl(text: &str) -> Result<Vec<IobSentence>> {
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| Error::Usage(format!("line {}: {message}", k + 1));
        let row: IobLine = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        if row.tokens.len() != row.tags.len() {
            return Err(err("tokens and tags differ in number".to_string()));
        }
        for t in &row.tags {
            let ok = t == "O"
                || t.split_once('-').is_some_and(|(k, ty)| {
                    (k == "B" || k == "I") && matches!(ty, "PERS" | "LOC" | "ORG" | "MISC")
                });
            if !ok {
                return Err(err(format!("unknown tag {t:?}")));
            }
        }
        let tags: Vec<&str> = row.tags.iter().map(String::as_str).collect();
        out.push(IobSentence {
            tokens: row.tokens,
            spans: tag_spans(&tags),
        });
    }
    Ok(out)
}

/// Whether sentence `sentence_index` (0-based, in file order, blank lines not counted) of the
/// ANERcorp training part is held out: contiguous blocks of 100 sentences, block number ≡ 4
/// (mod 5), so held-out articles stay whole. This is the split of `scripts/train_ner.py`
/// (`is_heldout` over the rows of its `load`), written in the model's header.
pub fn is_heldout(sentence_index: usize) -> bool {
    (sentence_index / 100) % 5 == 4
}

/// The held-out sentences of a corpus read by [`read_iob_jsonl`]: exactly those the trainer
/// measured on and never trained on.
pub fn heldout(corpus: &[IobSentence]) -> impl Iterator<Item = &IobSentence> {
    corpus
        .iter()
        .enumerate()
        .filter(|&(i, _)| is_heldout(i))
        .map(|(_, s)| s)
}

/// True positive, false positive and false negative counts, with precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// `tp / (tp + fp)`, 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// `tp / (tp + fn)`, 0 when there was nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl Prf {
    /// The header of a table of [`Prf::row`]s, its first column named `first`.
    pub fn header(first: &str) -> String {
        format!("{first}\tprecision\trecall\tF1\ttp\tfp\tfn")
    }

    /// One tab-separated row of a report: the name, precision, recall and F1 to three
    /// places, then the counts.
    pub fn row(&self, name: &str) -> String {
        format!(
            "{name}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}\t{}",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.fp,
            self.fn_
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Exact token-span scores per type and overall, summed sentence by sentence (conlleval's
/// counts, those of the trainer's `evaluate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanScores {
    /// Every type, counted or not.
    pub by_label: BTreeMap<NerLabel, Prf>,
    pub overall: Prf,
}

impl Default for SpanScores {
    fn default() -> Self {
        SpanScores {
            by_label: [NerLabel::Person, NerLabel::Place, NerLabel::Organization]
                .into_iter()
                .map(|l| (l, Prf::default()))
                .collect(),
            overall: Prf::default(),
        }
    }
}

impl SpanScores {
    /// Count one sentence: a predicted span is right when the gold spans hold the same
    /// tokens with the same type. A span listed twice counts once.
    pub fn add(&mut self, gold: &[Span], pred: &[Span]) {
        let g: HashSet<&Span> = gold.iter().collect();
        let p: HashSet<&Span> = pred.iter().collect();
        for s in &p {
            let right = g.contains(s);
            for c in [self.by_label.entry(s.2).or_default(), &mut self.overall] {
                if right {
                    c.tp += 1;
                } else {
                    c.fp += 1;
                }
            }
        }
        for s in g.difference(&p) {
            self.by_label.entry(s.2).or_default().fn_ += 1;
            self.overall.fn_ += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NerLabel::*;

    #[test]
    fn reader_counts_i_start_and_drops_misc() {
        let text = concat!(
            r#"{"id":"a","split":"train","tokens":["قال","كوفي","أنان","في","نيويورك"],"tags":["O","I-PERS","I-PERS","O","B-LOC"]}"#,
            "\n\n",
            r#"{"id":"b","split":"train","tokens":["كأس","العالم","ومجلس","الأمن"],"tags":["B-MISC","I-MISC","B-ORG","I-LOC"]}"#,
            "\n"
        );
        let rows = read_iob_jsonl(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].spans, vec![(1, 3, Person), (4, 5, Place)]);
        assert_eq!(rows[1].tokens[2], "ومجلس");
        assert_eq!(rows[1].spans, vec![(2, 3, Organization), (3, 4, Place)]);
    }

    #[test]
    fn reader_rejects_bad_lines_naming_them() {
        let cases = [
            ("not JSON", "\n{not json", "line 2: "),
            (
                "lengths differ",
                r#"{"tokens":["a","b"],"tags":["O"]}"#,
                "line 1: tokens",
            ),
            (
                "unknown type",
                r#"{"tokens":["a"],"tags":["B-XYZ"]}"#,
                "line 1: unknown",
            ),
            (
                "unknown prefix",
                r#"{"tokens":["a"],"tags":["E-LOC"]}"#,
                "line 1: unknown",
            ),
        ];
        for (name, text, want) in cases {
            let e = read_iob_jsonl(text).expect_err(name).to_string();
            assert!(e.starts_with(want), "{name}: {e}");
        }
    }

    #[test]
    fn heldout_split_is_blocks_of_100() {
        assert!(!is_heldout(0));
        assert!(!is_heldout(399));
        assert!(is_heldout(400));
        assert!(is_heldout(499));
        assert!(!is_heldout(500));
        assert!(is_heldout(900));
    }

    /// The trainer numbers sentences after dropping blank lines: blank lines anywhere must not
    /// move the held-out set.
    #[test]
    fn heldout_sentences_ignore_blank_lines() {
        let line = |i: usize| format!(r#"{{"tokens":["s{i}"],"tags":["O"]}}"#);
        let plain: String = (0..1000).map(|i| line(i) + "\n").collect();
        let gappy: String = (0..1000)
            .map(|i| if i % 7 == 0 { "\n  \n" } else { "" }.to_string() + &line(i) + "\n")
            .collect();
        let want: Vec<String> = (400..500)
            .chain(900..1000)
            .map(|i| format!("s{i}"))
            .collect();
        for text in [plain, gappy] {
            let corpus = read_iob_jsonl(&text).unwrap();
            let got: Vec<String> = heldout(&corpus).map(|s| s.tokens[0].clone()).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn prf_of_counts() {
        let p = Prf {
            tp: 2,
            fp: 2,
            fn_: 1,
        };
        assert!((p.precision() - 0.5).abs() < 1e-12);
        assert!((p.recall() - 2.0 / 3.0).abs() < 1e-12);
        assert!((p.f1() - 4.0 / 7.0).abs() < 1e-12);
        let none = Prf::default();
        assert_eq!(
            (none.precision(), none.recall(), none.f1()),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn span_scores_hand_case() {
        let mut s = SpanScores::default();
        s.add(
            &[(0, 2, Person), (3, 4, Place)],
            &[(0, 2, Person), (3, 5, Place)],
        );
        s.add(
            &[(1, 3, Organization)],
            &[(1, 3, Organization), (5, 6, Place), (5, 6, Place)],
        );
        s.add(&[], &[]);
        let counts = |p: Prf| (p.tp, p.fp, p.fn_);
        assert_eq!(counts(s.overall), (2, 2, 1));
        assert_eq!(counts(s.by_label[&Place]), (0, 2, 1));
        assert_eq!(s.by_label[&Place].f1(), 0.0);
        assert_eq!(s.by_label[&Person].f1(), 1.0);
        assert_eq!(s.by_label[&Organization].f1(), 1.0);
    }

    #[test]
    fn span_scores_list_every_type() {
        let s = SpanScores::default();
        assert_eq!(
            s.by_label.keys().copied().collect::<Vec<_>>(),
            vec![Person, Place, Organization]
        );
    }
}
