//! `eval extract`: how well ingest takes the article out of saved web pages, against a gold
//! file of the pages' titles, dates and article paragraphs.
//!
//! The gold is a JSON array of `{"file", "title", "date", "body": [paragraph, ...]}`; each
//! `file` is relative to a root folder. Every page is read by [`ingest::ingest`] alone (no
//! repeated-line counting across pages) and cut into sentences by [`text::segment`], the way
//! the pipeline reads it; the gold paragraphs are cut by the same segmenter. Texts are compared
//! by their letters and digits ([`arabic::squash`]), so that white space, punctuation and
//! letter variants do not count.
//!
//! - **Body precision**: the share of the returned sentences that belong to the article: the
//!   sentence is one of the gold sentences, or (when it has at least [`MIN_CONTAINED`] letters)
//!   occurs inside the gold body. The headline line (the sentences equal to the document's own
//!   title) is not counted: the pipeline reads it as the headline, and the gold leaves it out.
//! - **Body recall**: the share of the gold sentences that occur in the returned text.
//! - **Title accuracy**: the document's title has the letters and digits of the gold title, over
//!   the pages with a gold title.
//! - **Date accuracy**: the document's date (its first ten characters, `YYYY-MM-DD`) is the gold
//!   date, over the pages with a gold date. A date given where the gold has none is listed.
//!
//! Precision and recall are micro-averaged over the pages (sums of sentences).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::arabic;
use crate::error::{Error, Result};
use crate::ingest::{self, Document, IngestOptions};
use crate::text::{self, SegmentOptions};

/// One page of the gold.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPage {
    pub file: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub body: Vec<String>,
}

/// Read a gold file (a JSON array of pages).
pub fn read_gold(json: &str) -> Result<Vec<GoldPage>> {
    serde_json::from_str(json).map_err(|e| Error::Usage(format!("invalid gold file: {e}")))
}

/// The folder a gold file's `file` entries are relative to by default: the folder above the
/// one that holds the gold file.
pub fn default_root(gold: &Path) -> PathBuf {
    let folder = gold.parent().unwrap_or(Path::new("."));
    match folder.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ if folder.as_os_str().is_empty() => PathBuf::from(".."),
        _ => folder.join(".."),
    }
}

/// Returned sentences with fewer letters and digits than this belong to the article only when
/// they equal one of its sentences: a short line ("كورونا") could occur inside the body by
/// chance.
pub const MIN_CONTAINED: usize = 12;

/// The scores of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageScore {
    pub file: String,
    /// Why the page gave no document, if it gave none.
    pub problem: Option<String>,
    /// Sentences returned (the headline line left out), and of them those of the article.
    pub returned: usize,
    pub returned_in_body: usize,
    /// Sentences of the gold body, and of them those returned.
    pub gold: usize,
    pub gold_returned: usize,
    pub title: Option<String>,
    pub gold_title: Option<String>,
    pub date: Option<String>,
    pub gold_date: Option<String>,
    /// Returned sentences that are not the article's.
    pub extra: Vec<String>,
    /// Gold sentences not returned.
    pub missed: Vec<String>,
}

impl PageScore {
    /// Is the title right? None when the gold has no title.
    pub fn title_right(&self) -> Option<bool> {
        let gold = self.gold_title.as_deref()?;
        Some(
            self.title
                .as_deref()
                .is_some_and(|t| arabic::squash(t) == arabic::squash(gold)),
        )
    }

    /// Is the date right? None when the gold has no date.
    pub fn date_right(&self) -> Option<bool> {
        let gold = self.gold_date.as_deref()?;
        Some(self.date.as_deref().and_then(day) == Some(gold))
    }

    /// Body precision of this page (1 when nothing was returned).
    pub fn precision(&self) -> f64 {
        ratio(self.returned_in_body, self.returned)
    }

    /// Body recall of this page (1 when the gold body is empty).
    pub fn recall(&self) -> f64 {
        ratio(self.gold_returned, self.gold)
    }
}

/// The `YYYY-MM-DD` at the start of a date, if it starts with one.
fn day(date: &str) -> Option<&str> {
    let d = date.trim().get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(d)
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// The report of `eval extract`: every page's scores and the totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractReport {
    pub pages: Vec<PageScore>,
}

impl ExtractReport {
    /// Micro-averaged body precision.
    pub fn precision(&self) -> f64 {
        ratio(
            self.pages.iter().map(|p| p.returned_in_body).sum(),
            self.pages.iter().map(|p| p.returned).sum(),
        )
    }

    /// Micro-averaged body recall.
    pub fn recall(&self) -> f64 {
        ratio(
            self.pages.iter().map(|p| p.gold_returned).sum(),
            self.pages.iter().map(|p| p.gold).sum(),
        )
    }

    /// (right, with a gold title).
    pub fn titles(&self) -> (usize, usize) {
        count(self.pages.iter().map(PageScore::title_right))
    }

    /// (right, with a gold date).
    pub fn dates(&self) -> (usize, usize) {
        count(self.pages.iter().map(PageScore::date_right))
    }
}

fn count(v: impl Iterator<Item = Option<bool>>) -> (usize, usize) {
    v.flatten()
        .fold((0, 0), |(r, n), ok| (r + usize::from(ok), n + 1))
}

/// Shorten a sentence for the list of misses.
fn clip(s: &str) -> String {
    const MAX: usize = 90;
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= MAX {
        s
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

impl fmt::Display for ExtractReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mark = |r: Option<bool>| match r {
            None => "-",
            Some(true) => "ok",
            Some(false) => "WRONG",
        };
        writeln!(f, "page\tprecision\trecall\treturned\tgold\ttitle\tdate")?;
        for p in &self.pages {
            writeln!(
                f,
                "{}\t{:.3}\t{:.3}\t{}/{}\t{}/{}\t{}\t{}",
                p.file,
                p.precision(),
                p.recall(),
                p.returned_in_body,
                p.returned,
                p.gold_returned,
                p.gold,
                mark(p.title_right()),
                mark(p.date_right()),
            )?;
        }
        let (tr, tn) = self.titles();
        let (dr, dn) = self.dates();
        writeln!(f)?;
        writeln!(f, "pages\t{}", self.pages.len())?;
        writeln!(f, "body precision\t{:.3}", self.precision())?;
        writeln!(f, "body recall\t{:.3}", self.recall())?;
        writeln!(f, "title accuracy\t{:.3} ({tr} of {tn})", ratio(tr, tn))?;
        writeln!(f, "date accuracy\t{:.3} ({dr} of {dn})", ratio(dr, dn))?;
        for p in &self.pages {
            let wrong_title = p.title_right() == Some(false);
            let wrong_date = p.date_right() == Some(false)
                || p.gold_date.is_none() && p.date.is_some() && p.gold_title.is_some();
            if p.problem.is_none()
                && p.extra.is_empty()
                && p.missed.is_empty()
                && !wrong_title
                && !wrong_date
            {
                continue;
            }
            writeln!(f)?;
            writeln!(f, "== {}", p.file)?;
            if let Some(why) = &p.problem {
                writeln!(f, "no document: {why}")?;
            }
            if wrong_title {
                writeln!(
                    f,
                    "title\t{}\t(gold: {})",
                    p.title.as_deref().unwrap_or("(none)"),
                    p.gold_title.as_deref().unwrap_or("")
                )?;
            }
            if wrong_date {
                writeln!(
                    f,
                    "date\t{}\t(gold: {})",
                    p.date.as_deref().unwrap_or("(none)"),
                    p.gold_date.as_deref().unwrap_or("(none)")
                )?;
            }
            for s in &p.extra {
                writeln!(f, "+ {}", clip(s))?;
            }
            for s in &p.missed {
                writeln!(f, "- {}", clip(s))?;
            }
        }
        Ok(())
    }
}

/// Score one document (or its absence) against its gold page.
pub fn score(doc: Option<&Document>, gold: &GoldPage, segment: SegmentOptions) -> PageScore {
    let mut p = PageScore {
        file: gold.file.clone(),
        gold_title: gold.title.clone(),
        gold_date: gold.date.clone(),
        ..Default::default()
    };
    let gold_sentences: Vec<String> = gold
        .body
        .iter()
        .flat_map(|para| {
            text::segment(para, &[], segment)
                .into_iter()
                .map(|s| para[s.start..s.end].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let gold_squashed: Vec<String> = gold_sentences.iter().map(|s| arabic::squash(s)).collect();
    let gold_body: String = gold_squashed.concat();
    p.gold = gold_sentences.len();
    let Some(doc) = doc else {
        p.missed = gold_sentences;
        return p;
    };
    p.title = doc.title.clone();
    p.date = doc.date.clone();
    let headline = doc.title.as_deref().map(arabic::squash);
    let returned: Vec<(&str, String)> = text::segment(&doc.text, &doc.skip_ranges(), segment)
        .into_iter()
        .map(|s| {
            let t = &doc.text[s.start..s.end];
            (t, arabic::squash(t))
        })
        .filter(|(_, k)| !k.is_empty() && Some(k) != headline.as_ref())
        .collect();
    p.returned = returned.len();
    for (t, k) in &returned {
        let whole = gold_squashed.iter().any(|g| g == k);
        if whole || k.chars().count() >= MIN_CONTAINED && gold_body.contains(k.as_str()) {
            p.returned_in_body += 1;
        } else {
            p.extra.push(t.to_string());
        }
    }
    let returned_text: String = returned.iter().map(|(_, k)| k.as_str()).collect();
    for (g, k) in gold_sentences.iter().zip(&gold_squashed) {
        if returned_text.contains(k.as_str()) {
            p.gold_returned += 1;
        } else {
            p.missed.push(g.clone());
        }
    }
    p
}

/// Read every page of the gold (its `file` relative to `root`) with `opts` and score it.
pub fn extract(gold: &[GoldPage], root: &Path, opts: &IngestOptions) -> ExtractReport {
    let opts = IngestOptions {
        repeated_line_docs: 0,
        ..opts.clone()
    };
    let pages = gold
        .iter()
        .map(|g| {
            let ing = ingest::ingest(&[root.join(&g.file)], &opts);
            let mut p = score(ing.documents.first(), g, SegmentOptions::default());
            if ing.documents.is_empty() {
                p.problem = Some(
                    ing.problems
                        .first()
                        .map(|pr| pr.reason.clone())
                        .unwrap_or_else(|| "no document".into()),
                );
            }
            p
        })
        .collect();
    ExtractReport { pages }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Format, ingest_text};

    fn gold() -> GoldPage {
        GoldPage {
            file: "page.html".into(),
            title: Some("عنوان الخبر هنا".into()),
            date: Some("2020-03-17".into()),
            body: vec![
                "قال الوزير إن الحكومة ستفتح المطار غدا. وأضاف أن الرحلات ستبدأ الأسبوع المقبل."
                    .into(),
                "وأكد المتحدث أن الاستعدادات اكتملت.".into(),
            ],
        }
    }

    fn doc(text: &str, title: Option<&str>, date: Option<&str>) -> Document {
        let ing = ingest_text("t.txt", Format::Text, text, &IngestOptions::default());
        let mut d = ing.documents.into_iter().next().expect("a document");
        d.title = title.map(String::from);
        d.date = date.map(String::from);
        d
    }

    #[test]
    fn the_article_alone_scores_one() {
        let text = "عنوان الخبر هنا\n\nقال الوزير إن الحكومة ستفتح المطار غدا. وأضاف أن الرحلات ستبدأ الأسبوع المقبل.\n\nوأكد المتحدث أن الاستعدادات اكتملت.\n";
        let d = doc(text, Some("عنوان الخبر هنا"), Some("2020-03-17T10:00:00Z"));
        let p = score(Some(&d), &gold(), SegmentOptions::default());
        assert_eq!((p.returned, p.returned_in_body), (3, 3), "{p:?}");
        assert_eq!((p.gold, p.gold_returned), (3, 3));
        assert_eq!(p.title_right(), Some(true));
        assert_eq!(p.date_right(), Some(true));
    }

    #[test]
    fn chrome_lowers_precision_and_a_lost_sentence_recall() {
        let text = "عنوان الخبر هنا\n\nقال الوزير إن الحكومة ستفتح المطار غدا. وأضاف أن الرحلات ستبدأ الأسبوع المقبل.\n\nاشترك في النشرة البريدية اليومية الآن.\n";
        let d = doc(text, Some("موقع الأخبار - عنوان الخبر هنا"), None);
        let p = score(Some(&d), &gold(), SegmentOptions::default());
        // The headline line is not the document's title here, so it counts as returned.
        assert_eq!((p.returned, p.returned_in_body), (4, 2), "{p:?}");
        assert_eq!((p.gold, p.gold_returned), (3, 2));
        assert_eq!(p.missed, vec!["وأكد المتحدث أن الاستعدادات اكتملت."]);
        assert_eq!(p.title_right(), Some(false));
        assert_eq!(p.date_right(), Some(false));
        let r = ExtractReport { pages: vec![p] };
        assert!((r.precision() - 0.5).abs() < 1e-9);
        let shown = r.to_string();
        assert!(shown.contains("- وأكد المتحدث"), "{shown}");
        assert!(shown.contains("+ اشترك في النشرة"), "{shown}");
    }

    #[test]
    fn no_document_misses_everything() {
        let p = score(None, &gold(), SegmentOptions::default());
        assert_eq!((p.returned, p.gold, p.gold_returned), (0, 3, 0));
        assert_eq!(p.title_right(), Some(false));
    }

    #[test]
    fn short_lines_count_only_when_they_are_a_sentence_of_the_body() {
        let text = "الحكومة\n\nوأكد المتحدث أن الاستعدادات اكتملت.\n";
        let d = doc(text, None, None);
        let p = score(Some(&d), &gold(), SegmentOptions::default());
        assert_eq!((p.returned, p.returned_in_body), (2, 1), "{p:?}");
    }

    #[test]
    fn the_default_root_is_the_folder_above_the_gold() {
        assert_eq!(
            default_root(Path::new("corpus/gold/bodies.json")),
            PathBuf::from("corpus")
        );
        assert_eq!(
            default_root(Path::new("gold/bodies.json")),
            PathBuf::from("gold/..")
        );
    }

    #[test]
    fn days_are_read_from_the_start_of_a_date() {
        assert_eq!(day("2020-03-17T10:00:00+02:00"), Some("2020-03-17"));
        assert_eq!(day("17/03/2020"), None);
        assert_eq!(day("2020"), None);
    }
}
