//! Evaluation commands: sentence segmentation and ROUGE against human extractive summaries
//! (EASC format), named-entity recognition against an IOB2 corpus (ANERcorp format),
//! romanization against name pairs, primary themes against a hand-labelled set, article
//! extraction from web pages against gold titles, dates and bodies ([`extract`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::Deserialize;

use crate::arabic;
use crate::entities::tagger::NerLabel;
use crate::entities::{EntityType, Form};
use crate::error::{Error, Result};
use crate::ingest::{self, Format, IngestOptions};
use crate::pipeline::{self, Engine};
use crate::summarize::{Budget, Method, Weights};
use crate::text;

pub mod cv;
pub mod extract;
pub mod glossary;
pub mod iob;

use iob::{SpanScores, read_iob_jsonl};

#[derive(Debug, Deserialize)]
struct EascRow {
    id: String,
    /// The article's subject area (EASC's ten topics); cross-validation folds by it.
    #[serde(default)]
    topic: String,
    text: String,
    summaries: Vec<String>,
}

fn read_easc(jsonl: &str) -> Result<Vec<EascRow>> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| Error::Usage(format!("line {}: {e}", i + 1)))
        })
        .collect()
}

/// Words of a normalized text, for ROUGE.
fn rouge_words(s: &str) -> Vec<String> {
    arabic::normalize_text(s)
        .split(|c: char| !arabic::is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Sentences of a summary as its creators split them: after a run of `. ! ? ؟` followed by
/// white space. A `!`, `?` or `؟` glued to the next word also ends a sentence (the corpus tool
/// split on "." only, so a question glued to the next sentence is two sentences).
fn split_summary(s: &str) -> Vec<String> {
    split_after(s, |c, next| {
        let run_goes_on = next.is_some_and(is_terminal);
        is_terminal(c)
            && !run_goes_on
            && (next.is_none_or(char::is_whitespace) || matches!(c, '!' | '?' | '؟'))
    })
}

/// Naive split of an article: after `. ! ? ؟` followed by white space (the baseline).
fn naive_split(s: &str) -> Vec<String> {
    split_after(s, |c, next| {
        is_terminal(c) && next.is_none_or(char::is_whitespace)
    })
}

/// The marks after which [`split_summary`] (the corpus's sentences) and [`naive_split`] (the
/// baseline) end a sentence: `. ! ? ؟`. A convention of the measurement, deliberately not the
/// segmenter's terminators (which also end a sentence at `…` and `۔`): sharing them would
/// change what is measured.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟')
}

/// Split `s` after each character `c` for which `ends(c, next character)` holds; the pieces
/// trimmed, those without a word left out.
fn split_after(s: &str, ends: impl Fn(char, Option<char>) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        if ends(c, chars.get(i + 1).copied()) {
            out.push(std::mem::take(&mut cur));
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|x| x.trim().to_string())
        .filter(|x| x.chars().any(arabic::is_word_char))
        .collect()
}

/// EASC stored each summary sentence in a field of this many characters: a longer sentence
/// was cut, so its stored text is only the sentence's beginning.
const EASC_FIELD_CHARS: usize = 255;

/// A squashed text (see [`arabic::squash`]) with, for each of its bytes, the byte offset of the
/// original character it came from. `text` is exactly `arabic::squash` of the same input (a test
/// checks it); this copy exists because `arabic::squash` keeps no offset map.
struct SquashMap {
    text: String,
    orig: Vec<usize>,
}

fn squash_map(s: &str) -> SquashMap {
    let n = arabic::normalize(s);
    let mut out = SquashMap {
        text: String::with_capacity(n.text.len()),
        orig: Vec::with_capacity(n.text.len()),
    };
    for (i, c) in n.text.char_indices() {
        if arabic::is_word_char(c) {
            out.text.push(c);
            for _ in 0..c.len_utf8() {
                out.orig.push(n.map[i]);
            }
        }
    }
    out
}

/// Does a boundary of the original text fall inside a token: inside a word, or at a `.` `,`
/// `/` `:` between two ASCII letters or digits (a decimal number, a URL)? `before` is the
/// last character before the boundary, `after` the characters that follow (or, for a start
/// boundary, the characters before it in reverse).
fn inside_token(before: Option<char>, after: impl Iterator<Item = char>) -> bool {
    let Some(before) = before else {
        return false;
    };
    let mut punct = 0;
    for c in after {
        if arabic::is_diacritic(c) || arabic::is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            return false;
        }
        if arabic::is_word_char(c) {
            return punct == 0 || before.is_ascii_alphanumeric() && c.is_ascii_alphanumeric();
        }
        punct += 1;
    }
    false
}

/// Where a summary sentence sits in its article: (found, has an occurrence whose boundaries
/// are not inside a token, has an occurrence the article ends with a terminator).
fn locate(article: &str, sq: &SquashMap, key: &str) -> (bool, bool, bool) {
    let (mut found, mut clean, mut ends) = (false, false, false);
    for (a, _) in sq.text.match_indices(key) {
        found = true;
        let b = a + key.len();
        let start = sq.orig[a];
        let last = sq.orig[b - 1];
        let end = last + article[last..].chars().next().map_or(0, char::len_utf8);
        let cut_start = inside_token(
            article[start..].chars().next(),
            article[..start].chars().rev(),
        );
        let cut_end = inside_token(article[..end].chars().next_back(), article[end..].chars());
        clean |= !cut_start && !cut_end;
        ends |= article[end..]
            .chars()
            .find(|c| !c.is_whitespace() && !arabic::is_diacritic(*c) && !arabic::is_invisible(*c))
            .is_none_or(|c| is_terminal(c) || c == '…');
    }
    (found, clean, ends)
}

/// Result of `eval segment`.
#[derive(Debug, Clone, Default)]
pub struct SegmentReport {
    pub articles: usize,
    /// Distinct summary sentences (per article).
    pub summary_sentences: usize,
    /// Of those, the ones that occur in their article (letters folded, white space removed).
    pub found_in_article: usize,
    /// Found ones returned whole by khulasa's segmenter / by a naive split.
    pub returned_whole: usize,
    pub naive_whole: usize,
    /// Found ones whose stored text the corpus cut at its field length while the article's
    /// sentence goes on.
    pub field_cuts: usize,
    /// Of those, the ones whose beginning khulasa returns as the beginning of a sentence.
    pub cuts_start_found: usize,
    /// Found ones with a boundary inside a word, a decimal number or a URL (the corpus split
    /// at every ".").
    pub token_cuts: usize,
    /// The found ones that are neither (the measured set), and how many of them khulasa and a
    /// naive split return whole.
    pub measured: usize,
    pub measured_whole: usize,
    pub measured_naive_whole: usize,
    /// The measured sentences that khulasa missed: (article id, summary sentence).
    pub misses: Vec<(String, String)>,
    /// Field cuts whose beginning khulasa does not return as the beginning of a sentence.
    pub cut_misses: Vec<(String, String)>,
}

impl fmt::Display for SegmentReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let pct = |x: usize, of: usize| 100.0 * x as f64 / of.max(1) as f64;
        writeln!(f, "articles\t{}", self.articles)?;
        writeln!(
            f,
            "summary sentences (distinct per article)\t{}",
            self.summary_sentences
        )?;
        writeln!(f, "found in their article\t{}", self.found_in_article)?;
        writeln!(
            f,
            "  stored text cut at {EASC_FIELD_CHARS} characters by the corpus\t{}",
            self.field_cuts
        )?;
        writeln!(
            f,
            "  split by the corpus inside a word, number or URL\t{}",
            self.token_cuts
        )?;
        writeln!(f, "  whole sentences (measured)\t{}", self.measured)?;
        writeln!(
            f,
            "returned whole by khulasa, of the measured\t{} ({:.1}%)",
            self.measured_whole,
            pct(self.measured_whole, self.measured)
        )?;
        writeln!(
            f,
            "returned whole by a naive split on .!?؟, of the measured\t{} ({:.1}%)",
            self.measured_naive_whole,
            pct(self.measured_naive_whole, self.measured)
        )?;
        writeln!(
            f,
            "returned whole by khulasa, of all found\t{} ({:.1}%)",
            self.returned_whole,
            pct(self.returned_whole, self.found_in_article)
        )?;
        writeln!(
            f,
            "returned whole by a naive split, of all found\t{} ({:.1}%)",
            self.naive_whole,
            pct(self.naive_whole, self.found_in_article)
        )?;
        write!(
            f,
            "cut at {EASC_FIELD_CHARS} characters, start returned as a sentence start by khulasa\t{} ({:.1}%)",
            self.cuts_start_found,
            pct(self.cuts_start_found, self.field_cuts)
        )
    }
}

/// Of the summary sentences that occur in their article, the share the segmenter returns whole.
/// Summary sentences are split as their creators split them (`split_summary`) and compared
/// with letters folded and white space removed. Sentences the corpus itself cut (its stored
/// text ends at the field length while the article goes on, or a boundary falls inside a word,
/// a decimal number or a URL) cannot be returned whole by any segmenter: they are counted
/// apart, and the headline share is over the others. The share over all is reported too.
pub fn segment(jsonl: &str) -> Result<SegmentReport> {
    let rows = read_easc(jsonl)?;
    let mut r = SegmentReport {
        articles: rows.len(),
        ..Default::default()
    };
    for row in &rows {
        let ing = ingest::ingest_text(
            &row.id,
            Format::Text,
            &row.text,
            &IngestOptions {
                repeated_line_docs: 0,
                min_arabic_share: 0.0,
                ..Default::default()
            },
        );
        let Some(doc) = ing.documents.first() else {
            continue;
        };
        let ours: Vec<String> = text::segment(
            &doc.text,
            &doc.skip_ranges(),
            text::SegmentOptions::default(),
        )
        .iter()
        .map(|s| arabic::squash(&doc.text[s.start..s.end]))
        .collect();
        let whole: HashSet<&str> = ours.iter().map(String::as_str).collect();
        let naive: HashSet<String> = naive_split(&row.text)
            .iter()
            .map(|s| arabic::squash(s))
            .collect();
        let article = squash_map(&row.text);
        let mut seen = HashSet::new();
        for summ in &row.summaries {
            for s in split_summary(summ) {
                let k = arabic::squash(&s);
                if k.chars().count() < 3 || !seen.insert(k.clone()) {
                    continue;
                }
                r.summary_sentences += 1;
                let (found, clean, ends) = locate(&row.text, &article, &k);
                if !found {
                    continue;
                }
                r.found_in_article += 1;
                let is_whole = whole.contains(k.as_str());
                let is_naive = naive.contains(&k);
                r.returned_whole += usize::from(is_whole);
                r.naive_whole += usize::from(is_naive);
                let stored_cut = s.chars().count() >= EASC_FIELD_CHARS && !ends;
                if stored_cut {
                    r.field_cuts += 1;
                    if ours.iter().any(|o| o.starts_with(&k)) {
                        r.cuts_start_found += 1;
                    } else {
                        r.cut_misses.push((row.id.clone(), s));
                    }
                    continue;
                }
                if !clean {
                    r.token_cuts += 1;
                    continue;
                }
                r.measured += 1;
                r.measured_whole += usize::from(is_whole);
                r.measured_naive_whole += usize::from(is_naive);
                if !is_whole {
                    r.misses.push((row.id.clone(), s));
                }
            }
        }
    }
    Ok(r)
}

/// ROUGE-N F1 between a candidate and a reference word list.
fn rouge_n<T: Eq + std::hash::Hash>(cand: &[T], refr: &[T], n: usize) -> f64 {
    fn grams<T: Eq + std::hash::Hash>(w: &[T], n: usize) -> HashMap<&[T], usize> {
        let mut m: HashMap<&[T], usize> = HashMap::new();
        if w.len() >= n {
            for g in w.windows(n) {
                *m.entry(g).or_default() += 1;
            }
        }
        m
    }
    let (c, r) = (grams(cand, n), grams(refr, n));
    let overlap: usize = c
        .iter()
        .map(|(g, k)| (*k).min(r.get(g).copied().unwrap_or(0)))
        .sum();
    let (cn, rn) = (c.values().sum::<usize>(), r.values().sum::<usize>());
    if overlap == 0 || cn == 0 || rn == 0 {
        return 0.0;
    }
    let p = overlap as f64 / cn as f64;
    let rc = overlap as f64 / rn as f64;
    2.0 * p * rc / (p + rc)
}

/// ROUGE-L F1 (longest common subsequence).
fn rouge_l<T: PartialEq>(cand: &[T], refr: &[T]) -> f64 {
    if cand.is_empty() || refr.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0usize; refr.len() + 1];
    for c in cand {
        let mut cur = vec![0usize; refr.len() + 1];
        for (j, r) in refr.iter().enumerate() {
            cur[j + 1] = if c == r {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    let lcs = prev[refr.len()] as f64;
    if lcs == 0.0 {
        return 0.0;
    }
    let p = lcs / cand.len() as f64;
    let r = lcs / refr.len() as f64;
    2.0 * p * r / (p + r)
}

/// ROUGE scores of one system.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rouge {
    pub r1: f64,
    pub r2: f64,
    pub rl: f64,
}

/// Result of `eval rouge`.
#[derive(Debug, Clone)]
pub struct RougeReport {
    pub articles: usize,
    pub mean_budget: f64,
    pub systems: Vec<(String, Rouge)>,
}

impl fmt::Display for RougeReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(
            f,
            "articles {}; word budget per article = mean length of its references (mean {:.1} words)",
            self.articles, self.mean_budget
        )?;
        writeln!(f, "system\tROUGE-1\tROUGE-2\tROUGE-L")?;
        for (name, r) in &self.systems {
            writeln!(f, "{name}\t{:.4}\t{:.4}\t{:.4}", r.r1, r.r2, r.rl)?;
        }
        Ok(())
    }
}

/// Analyze one article as `eval rouge` reads it: plain text, nothing dropped as repeated.
fn analyze_article(engine: &Engine, doc_text: &str) -> Vec<pipeline::Analyzed> {
    let ing = ingest::ingest_text(
        "article",
        Format::Text,
        doc_text,
        &IngestOptions {
            repeated_line_docs: 0,
            min_arabic_share: 0.0,
            ..Default::default()
        },
    );
    engine.analyze(ing.documents)
}

/// The selection that ROUGE measures: every sentence in pick order, no word limit.
fn rouge_budget() -> Budget {
    Budget {
        max_words: Some(usize::MAX),
        ..Budget::default()
    }
}

/// Sentences in pick order until `budget` words are reached, then in article order (the
/// last one is cut to the budget by the caller).
fn take_to_budget(
    chosen: &[crate::summarize::Chosen],
    cands: &[crate::summarize::Candidate],
    budget: usize,
) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    let mut words = 0;
    for c in chosen {
        if words >= budget {
            break;
        }
        picked.push(c.candidate);
        words += cands[c.candidate].words;
    }
    picked.sort();
    picked
}

/// Summaries of one article by one method, cut to `budget` words, in article order.
pub fn summary_words(
    engine: &Engine,
    doc_text: &str,
    method: Method,
    budget: usize,
    weights: &Weights,
) -> Vec<String> {
    let docs = analyze_article(engine, doc_text);
    let summary = pipeline::summarize(&docs, method, &rouge_budget(), weights);
    let mut out: Vec<String> = Vec::new();
    for i in take_to_budget(&summary.chosen, &summary.candidates, budget) {
        let c = &summary.candidates[i];
        out.extend(rouge_words(&docs[c.doc].sentences[c.index].text));
    }
    out.truncate(budget);
    out
}

/// ROUGE-1/2/L F1 of khulasa, lead and TextRank against every human summary, averaged.
pub fn rouge(jsonl: &str, engine: &Engine, weights: &Weights) -> Result<RougeReport> {
    let rows = read_easc(jsonl)?;
    let methods = [Method::Khulasa, Method::Lead, Method::Textrank];
    let mut sums = vec![Rouge::default(); methods.len()];
    let mut n = 0usize;
    let mut budget_sum = 0.0;
    let results: Vec<Option<(f64, Vec<Rouge>)>> = {
        use rayon::prelude::*;
        rows.par_iter()
            .map(|row| {
                let refs: Vec<Vec<String>> = row
                    .summaries
                    .iter()
                    .map(|s| rouge_words(s))
                    .filter(|w| !w.is_empty())
                    .collect();
                if refs.is_empty() {
                    return None;
                }
                let budget = (refs.iter().map(|r| r.len()).sum::<usize>() as f64
                    / refs.len() as f64)
                    .round() as usize;
                let scores = methods
                    .iter()
                    .map(|&m| {
                        let cand = summary_words(engine, &row.text, m, budget, weights);
                        let mut acc = Rouge::default();
                        for r in &refs {
                            acc.r1 += rouge_n(&cand, r, 1);
                            acc.r2 += rouge_n(&cand, r, 2);
                            acc.rl += rouge_l(&cand, r);
                        }
                        let k = refs.len() as f64;
                        Rouge {
                            r1: acc.r1 / k,
                            r2: acc.r2 / k,
                            rl: acc.rl / k,
                        }
                    })
                    .collect();
                Some((budget as f64, scores))
            })
            .collect()
    };
    for (b, scores) in results.into_iter().flatten() {
        n += 1;
        budget_sum += b;
        for (s, x) in sums.iter_mut().zip(scores) {
            s.r1 += x.r1;
            s.r2 += x.r2;
            s.rl += x.rl;
        }
    }
    let k = n.max(1) as f64;
    Ok(RougeReport {
        articles: n,
        mean_budget: budget_sum / k,
        systems: methods
            .iter()
            .zip(sums)
            .map(|(m, s)| {
                (
                    m.as_str().to_string(),
                    Rouge {
                        r1: s.r1 / k,
                        r2: s.r2 / k,
                        rl: s.rl / k,
                    },
                )
            })
            .collect(),
    })
}

/// Result of `eval ner`.
#[derive(Debug, Clone, Default)]
pub struct NerReport {
    pub sentences: usize,
    /// Every sentence was measured, not only the held-out documents.
    pub all: bool,
    /// The first held-out sentence ([`iob::heldout_start`]).
    pub first_heldout: usize,
    pub path: NerPath,
    pub scores: SpanScores,
}

/// What `eval ner` runs on each sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NerPath {
    /// What a user gets: the sentences of each document ([`iob::document_starts`]) as one text
    /// through the recognizer (`khulasa entities`), every name it finds.
    #[default]
    User,
    /// The statistical tagger first, then the gazetteer's persons and places where it found
    /// nothing: the tagger's own measure, one sentence at a time.
    Tagger,
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let what = match self.path {
            NerPath::User => {
                "the user's path: the sentences of each inferred document as one text, through the recognizer (khulasa entities: gazetteer, titles, surnames, then the tagger), names only"
            }
            NerPath::Tagger => {
                "the tagger first, then gazetteer persons and places, one sentence at a time"
            }
        };
        let part = if self.all {
            "every sentence (the tagger was trained on most of them)".to_string()
        } else {
            format!(
                "the held-out documents: sentences {} to the last, the tail from the first document start at or after 78% of the corpus (whole documents never trained on)",
                self.first_heldout
            )
        };
        writeln!(f, "measured\t{what}")?;
        writeln!(f, "sentences\t{part}")?;
        writeln!(f, "sentences {}", self.sentences)?;
        writeln!(f, "{}", iob::Prf::header("type"))?;
        let mut rows: Vec<(&str, &iob::Prf)> = (self.scores.by_label.iter())
            .map(|(l, p)| (EntityType::from(*l).as_str(), p))
            .collect();
        rows.sort_by_key(|&(name, _)| name);
        rows.push(("overall", &self.scores.overall));
        for (k, p) in rows {
            writeln!(f, "{}", p.row(k))?;
        }
        Ok(())
    }
}

/// Recognize entities in a tokenized sentence and map them to token spans (a mention inside a
/// token counts for that token). Adjective mentions are not names and are left out.
pub fn recognize_tokens(engine: &Engine, tokens: &[String]) -> Vec<iob::Span> {
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(tokens.len());
    for t in tokens {
        if !text.is_empty() {
            text.push(' ');
        }
        let s = text.len();
        text.push_str(t);
        bounds.push((s, text.len()));
    }
    // The statistical tagger first (it learned the corpus's conventions of span and type),
    // then the gazetteer's names where the tagger found nothing.
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let mut out: Vec<iob::Span> = engine
        .resources
        .recognizer
        .tagger()
        .tag(&words)
        .into_iter()
        .map(|sp| (sp.start, sp.end, sp.label))
        .collect();
    let mentions = engine
        .resources
        .recognizer
        .recognize(&text, &[(0, text.len())]);
    for m in mentions.iter().filter(|m| m.form == Form::Name) {
        let first = bounds
            .iter()
            .position(|&(s, e)| m.byte_start < e && m.byte_end > s);
        let last = bounds
            .iter()
            .rposition(|&(s, e)| m.byte_start < e && m.byte_end > s);
        // Organization spans follow the corpus's conventions too loosely to add.
        let label = match m.etype {
            EntityType::Person => NerLabel::Person,
            EntityType::Place => NerLabel::Place,
            _ => continue,
        };
        if let (Some(a), Some(b)) = (first, last)
            && !out.iter().any(|&(s, e, _)| a < e && b + 1 > s)
        {
            out.push((a, b + 1, label));
        }
    }
    out
}

/// Score recognition against an IOB2 JSON Lines corpus (exact token-span match): its held-out
/// documents ([`iob::heldout_start`], the sentences the tagger was not trained on), or all of
/// it.
pub fn ner(jsonl: &str, engine: &Engine, all: bool, path: NerPath) -> Result<NerReport> {
    let corpus = read_iob_jsonl(jsonl)?;
    let first_heldout = iob::heldout_start(&corpus);
    let starts = iob::document_starts(&corpus);
    let measured: Vec<(usize, &iob::IobSentence)> = corpus
        .iter()
        .enumerate()
        .filter(|&(i, _)| all || iob::is_heldout(i, first_heldout))
        .collect();
    let mut rep = NerReport {
        sentences: measured.len(),
        all,
        first_heldout,
        path,
        ..Default::default()
    };
    match path {
        NerPath::Tagger => {
            for (_, s) in measured {
                rep.scores
                    .add(&s.spans, &recognize_tokens(engine, &s.tokens));
            }
        }
        NerPath::User => {
            // The sentences of one document make one text, as a file would.
            let mut i = 0;
            while i < measured.len() {
                let j = i
                    + 1
                    + measured[i + 1..]
                        .iter()
                        .take_while(|(k, _)| !starts[*k])
                        .count();
                let doc: Vec<&iob::IobSentence> = measured[i..j].iter().map(|&(_, s)| s).collect();
                for (s, found) in doc.iter().zip(recognize_document(engine, &doc)) {
                    rep.scores.add(&s.spans, &found);
                }
                i = j;
            }
        }
    }
    Ok(rep)
}

/// The token spans a user gets for a document of tokenized sentences: the sentences joined by
/// line breaks and recognized as `khulasa entities` recognizes a file's sentences (gazetteer,
/// titles, surnames across the document, then the tagger), names only, one list per sentence.
fn recognize_document(engine: &Engine, sentences: &[&iob::IobSentence]) -> Vec<Vec<iob::Span>> {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentences.len());
    let mut bounds: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        let mut b = Vec::with_capacity(s.tokens.len());
        for (k, t) in s.tokens.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let ts = text.len();
            text.push_str(t);
            b.push((ts, text.len()));
        }
        spans.push((start, text.len()));
        bounds.push(b);
    }
    let mentions = engine.resources.recognizer.recognize(&text, &spans);
    let mut out: Vec<Vec<iob::Span>> = vec![Vec::new(); sentences.len()];
    for m in mentions.iter().filter(|m| m.form == Form::Name) {
        let label = match m.etype {
            EntityType::Person => NerLabel::Person,
            EntityType::Place => NerLabel::Place,
            EntityType::Organization => NerLabel::Organization,
            EntityType::Other => continue,
        };
        let Some(si) = spans
            .iter()
            .position(|&(s, e)| m.byte_start >= s && m.byte_start < e)
        else {
            continue;
        };
        let b = &bounds[si];
        let first = b
            .iter()
            .position(|&(s, e)| m.byte_start < e && m.byte_end > s);
        let last = b
            .iter()
            .rposition(|&(s, e)| m.byte_start < e && m.byte_end > s);
        if let (Some(a), Some(z)) = (first, last)
            && !out[si].iter().any(|&(s, e, _)| a < e && z + 1 > s)
        {
            out[si].push((a, z + 1, label));
        }
    }
    out
}

/// Exact match and character error rate of `khulasa romanize` on `arabic<TAB>english` pairs
/// (several lines with the same Arabic are one name with several accepted spellings).
pub fn romanize(tsv: &str, engine: &Engine) -> String {
    use crate::entities::romanize::evaluate_with;
    let r = engine.resources.recognizer.romanizer();
    let score = evaluate_with(tsv, |a| r.romanize(a));
    format!(
        "names\t{}\nexact match\t{:.1}%\ncharacter error rate\t{:.3}",
        score.items,
        100.0 * score.exact,
        score.cer
    )
}

/// The rows of a labelled theme TSV (`label<TAB>source<TAB>sentence`, an optional header
/// line), as (label, source, sentence).
fn theme_rows(tsv: &str) -> Result<Vec<(&str, &str, &str)>> {
    let mut rows = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if i == 0 && line.starts_with("label\t") || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(label), Some(source), Some(sentence)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::Usage(format!(
                "line {}: expected label, source and sentence",
                i + 1
            )));
        };
        rows.push((label, source, sentence));
    }
    Ok(rows)
}

/// The document of a theme row's source `DOC:N` (N the sentence's index in it), or `None`
/// when the source has no index: such a sentence is a document of its own.
fn theme_document(source: &str) -> Option<&str> {
    let (doc, n) = source.rsplit_once(':')?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(doc)
}

/// The rows grouped into documents, as index ranges: consecutive rows of the same
/// [`theme_document`], in file order (the order of their sentences, as the sets are built).
fn theme_documents(rows: &[(&str, &str, &str)]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, (_, source, _)) in rows.iter().enumerate() {
        let doc = theme_document(source);
        match out.last_mut() {
            Some(r) if doc.is_some() && theme_document(rows[r.start].1) == doc => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The tokens of every sentence of a labelled TSV's document.
fn theme_tokens(engine: &Engine, rows: &[(&str, &str, &str)]) -> Vec<Vec<text::Token>> {
    rows.iter()
        .map(|(_, _, s)| text::tokenize(s, 0, s.len(), &engine.resources.words))
        .collect()
}

/// The features of the learned theme model ([`crate::themes::Lexicon::features`] and
/// [`crate::themes::Lexicon::context_features`]) of every sentence of a labelled TSV (as
/// [`themes`] reads it), one JSON object a line: `{"label", "source", "features": [[name,
/// value], ...]}`. A sentence's document is read as [`themes`] reads it. The training script
/// reads them, so that the model learns from the features khulasa computes at run time.
pub fn themes_features(tsv: &str, engine: &Engine) -> Result<String> {
    let lex = &engine.resources.lexicon;
    let rows = theme_rows(tsv)?;
    let mut out = String::new();
    for range in theme_documents(&rows) {
        let rows = &rows[range];
        let toks = theme_tokens(engine, rows);
        let lexical: Vec<_> = toks.iter().map(|t| lex.classify_lexicon(t)).collect();
        let domains: Vec<_> = toks
            .iter()
            .map(|t| crate::themes::domain_counts(t))
            .collect();
        for (i, (label, source, _)) in rows.iter().enumerate() {
            let mut features = lex.features(&toks[i], &lexical[i]);
            features.extend(lex.context_features(&lexical, i));
            features.extend(crate::themes::domain_features(&domains, i));
            let row = serde_json::json!({"label": label, "source": source, "features": features});
            out.push_str(&row.to_string());
            out.push('\n');
        }
    }
    Ok(out)
}

/// Primary-theme accuracy on a labelled TSV (`label<TAB>source<TAB>sentence`, with a header).
/// Sentences whose sources are `DOC:N` (N the sentence's index) and follow each other in the
/// file make one document, classified as the pipeline classifies an article's sentences
/// ([`crate::themes::Lexicon::classify_document`]); any other sentence is a document of its
/// own.
pub fn themes(tsv: &str, engine: &Engine) -> Result<String> {
    let mut total = 0;
    let mut right = 0;
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    let rows = theme_rows(tsv)?;
    for range in theme_documents(&rows) {
        let rows = &rows[range];
        let got = engine
            .resources
            .lexicon
            .classify_document(&theme_tokens(engine, rows));
        for ((label, _, sentence), got) in rows.iter().zip(got) {
            let got = got.primary;
            total += 1;
            if got == *label {
                right += 1;
            } else {
                errors.push(format!("{label}\t{got}\t{}", text::display(sentence)));
            }
            *confusion.entry((label.to_string(), got)).or_default() += 1;
        }
    }
    let mut out = format!(
        "sentences\t{total}\nprimary theme accuracy\t{:.1}%\n",
        100.0 * right as f64 / total.max(1) as f64
    );
    out.push_str("gold\tpredicted\tcount\n");
    for ((g, p), c) in confusion {
        out.push_str(&format!("{g}\t{p}\t{c}\n"));
    }
    out.push_str("\nmisclassified (gold, predicted, sentence)\n");
    for e in errors {
        out.push_str(&e);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
