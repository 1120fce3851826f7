//! IOB2 corpora in ANERcorp's JSON Lines format: the reader, the held-out split the tagger was
//! not trained on, and exact token-span precision, recall and F1. `eval ner` and the tagger's
//! own checks use these and nothing else, so that they count the same sentences and spans as
//! `scripts/train_ner.py`.

use std::collections::{BTreeMap, HashMap, HashSet};

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

/// News agencies of datelines ("بغداد ( اف ب )"), as ANERcorp writes them.
const AGENCIES: [&str; 21] = [
    "د ب أ",
    "د ب ا",
    "رويترز",
    "ا ف ب",
    "أ ف ب",
    "اف ب",
    "أف ب",
    "أ ش أ",
    "ا ش ا",
    "يو بي آي",
    "يو بي اي",
    "واس",
    "وام",
    "قنا",
    "سانا",
    "بترا",
    "كونا",
    "قدس برس",
    "رويتر",
    "إرنا",
    "ارنا",
];
const DASHES: [&str; 4] = ["ـ", "-", "–", "—"];
/// First words that continue the sentence before them.
const CONNECTIVES: [&str; 19] = [
    "كما",
    "لكن",
    "أما",
    "اما",
    "إلا",
    "الا",
    "حيث",
    "ثم",
    "مؤكدا",
    "مشيرا",
    "مضيفا",
    "لكنه",
    "غير",
    "بينما",
    "إذ",
    "اذ",
    "هذا",
    "أي",
    "بل",
];
/// Leading clitics stripped from a normalized word when at least two letters remain, longest
/// first (the tagger's list, `PREFIXES` of `scripts/train_ner.py`).
const PREFIXES: [&str; 17] = [
    "وبال", "وكال", "فبال", "وللا", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف",
    "ب", "ل", "ك",
];
/// Sentences before a sentence whose content words it may share.
const LOOK_BACK: usize = 3;
/// The held-out tail starts at the first document start from this share of the sentences on.
const HELDOUT_FROM_PERCENT: usize = 78;

fn is_letter(ch: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&ch)
}

fn declitic(n: &str) -> &str {
    let len = n.chars().count();
    for p in PREFIXES {
        if n.starts_with(p) && len >= p.chars().count() + 2 {
            return &n[p.len()..];
        }
    }
    n
}

/// A dateline: a place (one word of three letters or more, not و/ف-prefixed), then a news
/// agency in brackets, or a dash followed by a colon or another dash a few words on.
fn is_dateline(t: &[String]) -> bool {
    let Some(first) = t.first() else { return false };
    if first.chars().count() < 3 || !first.chars().all(is_letter) || first.starts_with(['و', 'ف'])
    {
        return false;
    }
    for k in [1, 2] {
        let Some(w) = t.get(k) else { break };
        if w.starts_with('(') {
            let joined = t[k..t.len().min(k + 7)].join(" ");
            let inner = &joined[1..];
            if let Some(close) = inner.find(')')
                && AGENCIES.contains(&inner[..close].trim())
            {
                return true;
            }
        }
        if DASHES.contains(&w.as_str()) {
            let colon = t[k + 1..t.len().min(k + 7)].iter().any(|x| x == ":");
            let dash = t[k + 1..t.len().min(k + 5)]
                .iter()
                .any(|x| DASHES.contains(&x.as_str()));
            if colon || dash {
                return true;
            }
        }
    }
    false
}

/// Does a sentence continue the one before it: its first word is و/ف-prefixed, a connective,
/// or neither a letter nor a digit?
fn continues(t: &[String]) -> bool {
    let Some(c) = t.first().and_then(|f| f.chars().next()) else {
        return true;
    };
    matches!(c, 'و' | 'ف')
        || CONNECTIVES.contains(&t[0].as_str())
        || !(is_letter(c) || c.is_ascii_digit() || ('\u{0660}'..='\u{0669}').contains(&c))
}

/// Which sentences start a document. ANERcorp has no document ids; its documents are
/// contiguous. A sentence starts one when it is the first, when it opens with a dateline
/// ("بغداد ( اف ب )", "مدريد ـ رويترز ـ"), or when it does not continue the sentence
/// before it (see `continues`) and shares no content word (normalized, without leading
/// clitics, four letters or more, standing in fewer than 1% of the corpus's sentences) with the
/// three sentences before it. The rule of `document_starts` in `scripts/train_ner.py`.
pub fn document_starts(corpus: &[IobSentence]) -> Vec<bool> {
    use crate::arabic::model_forms::tagger as normalize;
    let forms: Vec<HashSet<String>> = corpus
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|w| declitic(&normalize(w)).to_string())
                .collect()
        })
        .collect();
    let mut spread: HashMap<&str, usize> = HashMap::new();
    for f in &forms {
        for w in f {
            *spread.entry(w.as_str()).or_default() += 1;
        }
    }
    // Forms in 1% of the sentences or more say nothing of a document's topic.
    let common: HashSet<&str> = spread
        .into_iter()
        .filter(|&(_, c)| 100 * c >= corpus.len())
        .map(|(w, _)| w)
        .collect();
    let content: Vec<HashSet<&str>> = forms
        .iter()
        .map(|f| {
            f.iter()
                .map(String::as_str)
                .filter(|w| {
                    w.chars().count() >= 4 && !common.contains(w) && w.chars().all(is_letter)
                })
                .collect()
        })
        .collect();
    (0..corpus.len())
        .map(|i| {
            let t = &corpus[i].tokens;
            if i == 0 || is_dateline(t) {
                return true;
            }
            let shared = content[i.saturating_sub(LOOK_BACK)..i]
                .iter()
                .any(|before| !before.is_disjoint(&content[i]));
            !continues(t) && !shared
        })
        .collect()
}

/// The first sentence of the held-out part: the first document start (see
/// [`document_starts`]) at or after 78% of the sentences. Every sentence from there on is held
/// out, whole documents only; the tagger trains on the sentences before it that do not stand
/// in the held-out part too. This is the split of `scripts/train_ner.py` (`heldout_start`),
/// written in the model's header.
pub fn heldout_start(corpus: &[IobSentence]) -> usize {
    let starts = document_starts(corpus);
    let mut k = (corpus.len() * HELDOUT_FROM_PERCENT).div_ceil(100);
    while k < corpus.len() && !starts[k] {
        k += 1;
    }
    k
}

/// Whether sentence `sentence_index` (0-based, in file order, blank lines not counted) is
/// held out, given the first held-out sentence ([`heldout_start`]).
pub fn is_heldout(sentence_index: usize, heldout_start: usize) -> bool {
    sentence_index >= heldout_start
}

/// The held-out sentences of a corpus read by [`read_iob_jsonl`]: exactly those the trainer
/// measured on and never trained on.
pub fn heldout(corpus: &[IobSentence]) -> impl Iterator<Item = &IobSentence> {
    corpus.iter().skip(heldout_start(corpus))
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

    fn sentence(words: &str) -> IobSentence {
        IobSentence {
            tokens: words.split(' ').map(str::to_string).collect(),
            spans: Vec::new(),
        }
    }

    #[test]
    fn datelines_and_continuations() {
        let t = |s: &str| sentence(s).tokens;
        assert!(is_dateline(&t("برلين (د ب أ) أعلن اتحاد")));
        // A place that begins like a conjunction is not told from one: the rule leaves it.
        assert!(!is_dateline(&t("فرانكفورت (د ب أ) أعلن اتحاد")));
        assert!(is_dateline(&t("بغداد ( اف ب ) اعلن نائب")));
        assert!(is_dateline(&t("مدريد ـ رويترز ـ قال نادي")));
        assert!(is_dateline(&t("عمان – بترا : يبدأ جلالة")));
        // A photo credit after a name is no dateline, nor a clause between dashes.
        assert!(!is_dateline(&t("فارس السقاف ( الجزيرة ) وأشار")));
        assert!(!is_dateline(&t("وقال الملك ـ في بيان ـ إن")));
        assert!(!is_dateline(&t("2 - خط عرض الكعبة : المسجد")));
        assert!(continues(&t("وقال الرئيس")));
        assert!(continues(&t("كما أعلن")));
        assert!(continues(&t("\" خسائر")));
        assert!(!continues(&t("قال خبراء")));
        assert!(!continues(&t("2004 عام")));
    }

    #[test]
    fn documents_start_at_datelines_and_new_topics() {
        let corpus: Vec<IobSentence> = [
            "بغداد ( اف ب ) اعلن نائب الرئيس طه رمضان",
            "وقال رمضان ان العراق يرفض",
            "اعلن رمضان موقف العراق",
            "ارتفع عدد ضحايا تسونامي في إندونيسيا",
            "قررت الحكومة المصرية رفع سعر البنزين",
        ]
        .iter()
        .map(|s| sentence(s))
        // Words of 1% of the sentences or more are too common to tell topics apart: the
        // corpus needs more sentences (which continue the last one).
        .chain((0..300).map(|i| sentence(&format!("وكان x{i}"))))
        .collect();
        // 1 continues (و), 2 shares رمضان, 3 and 4 begin new topics.
        assert_eq!(
            document_starts(&corpus)[..5],
            [true, false, false, true, true]
        );
        assert!(!document_starts(&corpus)[5..].contains(&true));
    }

    #[test]
    fn heldout_is_a_tail_of_whole_documents() {
        // Ten documents of ten sentences, the first of each a dateline: the tail starts at the
        // first document start at or after sentence 78, sentence 80.
        let corpus: Vec<IobSentence> = (0..100usize)
            .map(|i| {
                if i.is_multiple_of(10) {
                    sentence("بغداد ( اف ب ) اعلن")
                } else {
                    sentence("وقال")
                }
            })
            .collect();
        assert_eq!(heldout_start(&corpus), 80);
        assert!(!is_heldout(79, 80) && is_heldout(80, 80));
        assert_eq!(heldout(&corpus).count(), 20);
        assert_eq!(heldout_start(&[]), 0);
    }

    /// The trainer numbers sentences after dropping blank lines: blank lines anywhere must not
    /// move the held-out set.
    #[test]
    fn heldout_sentences_ignore_blank_lines() {
        let line = |i: usize| {
            let first = if i.is_multiple_of(10) {
                r#""بغداد","(","اف","ب",")""#
            } else {
                r#""وقال""#
            };
            let n = first.matches(',').count() + 2;
            let tags = vec![r#""O""#; n].join(",");
            format!(r#"{{"tokens":[{first},"s{i}"],"tags":[{tags}]}}"#)
        };
        let plain: String = (0..100).map(|i| line(i) + "\n").collect();
        let gappy: String = (0..100)
            .map(|i| if i % 7 == 0 { "\n  \n" } else { "" }.to_string() + &line(i) + "\n")
            .collect();
        let want: Vec<String> = (80..100).map(|i| format!("s{i}")).collect();
        for text in [plain, gappy] {
            let corpus = read_iob_jsonl(&text).unwrap();
            let got: Vec<String> = heldout(&corpus)
                .map(|s| s.tokens.last().unwrap().clone())
                .collect();
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
