//! Extractive summarization: features per sentence (entity density, position, centrality,
//! length, theme strength), a weighted score, and selection to a budget with redundancy
//! control (maximal marginal relevance). The selection covers the day's stories (see
//! [`crate::stories`]) before it takes a second sentence from any, and a budget may grow with
//! their number. The two standard baselines, lead and TextRank, are built in so that every
//! comparison runs side by side.
//!
//! Everything here is a plain function of analyzed sentences; no I/O.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use serde::{Deserialize, Serialize};

/// The summarization method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// khulasa's own scoring (features, weights, MMR).
    #[default]
    Khulasa,
    /// The first sentences of each article.
    Lead,
    /// TextRank (Mihalcea & Tarau 2004): PageRank over sentence similarity.
    Textrank,
}

impl Method {
    /// Every method, in the order they are listed to users.
    pub const ALL: [Method; 3] = [Method::Khulasa, Method::Lead, Method::Textrank];

    /// The lowercase name: the spelling that the configuration, the command line and
    /// [`str::parse`] accept.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Khulasa => "khulasa",
            Method::Lead => "lead",
            Method::Textrank => "textrank",
        }
    }

    /// One line saying what the method does, for help texts.
    pub fn description(self) -> &'static str {
        match self {
            Method::Khulasa => "khulasa's own scoring (features, weights, MMR)",
            Method::Lead => "The first sentences of each article",
            Method::Textrank => {
                "TextRank (Mihalcea & Tarau 2004): PageRank over sentence similarity"
            }
        }
    }
}

impl std::str::FromStr for Method {
    type Err = crate::Error;

    /// The lowercase name, as [`Method::as_str`] writes it.
    fn from_str(s: &str) -> Result<Method, crate::Error> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                crate::Error::Usage(format!(
                    "unknown summarization method {s:?} (use khulasa, lead, textrank)"
                ))
            })
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Feature weights (the config file's `[weights]`). Defaults chosen on the EASC development
/// articles with `khulasa eval rouge`; their cross-validated estimate is that of
/// `khulasa eval rouge --cv 5 --tune none` (about lead's ROUGE-2, see the README). The five
/// last features are off (0): none beat lead under cross-validation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub entity_density: f64,
    pub position: f64,
    pub centrality: f64,
    pub length: f64,
    pub theme: f64,
    /// MMR trade-off: 1 = relevance only, 0 = novelty only.
    pub mmr_lambda: f64,
    /// How fast the position feature decays after the lead sentence: 1 / (1 + decay · rank).
    pub position_decay: f64,
    /// Position bonus for the first sentence of a paragraph.
    pub paragraph_bonus: f64,
    /// Sentences more similar than this to a chosen one are near-duplicates, never chosen.
    pub duplicate_similarity: f64,
    /// Similarity to the document's headline (its first sentence when it has none).
    pub headline: f64,
    /// Position within the paragraph: 1 / (1 + index in the paragraph).
    pub paragraph: f64,
    /// The sentence holds a quotation mark.
    pub quotes: f64,
    /// The sentence holds a number.
    pub numbers: f64,
    /// Share of the sentence's pairs of adjacent content words that another sentence of its
    /// document has too ([`repeated_bigrams`]).
    pub bigrams: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            entity_density: 0.25,
            position: 1.0,
            centrality: 0.3,
            length: 0.3,
            theme: 0.2,
            mmr_lambda: 0.75,
            position_decay: 0.35,
            paragraph_bonus: 0.15,
            duplicate_similarity: 0.6,
            headline: 0.0,
            paragraph: 0.0,
            quotes: 0.0,
            numbers: 0.0,
            bigrams: 0.0,
        }
    }
}

/// How much to choose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Budget {
    /// The number of sentences; with `per_story`, the most a day gets (the cap).
    pub max_sentences: Option<usize>,
    pub max_words: Option<usize>,
    /// Share of the sentences to keep (0–1]; 1 keeps every sentence.
    pub ratio: Option<f64>,
    /// Give every theme present in the day its best sentence before filling the rest.
    pub cover_themes: bool,
    /// Sentences per story of the day: a day with more stories gets a longer digest, from
    /// `min_sentences` up to `max_sentences`. None: the size does not depend on the stories.
    pub per_story: Option<usize>,
    /// With `per_story`: the fewest sentences a day gets, however few its stories.
    pub min_sentences: Option<usize>,
}

/// What the summarizer needs to know of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Document index in the day.
    pub doc: usize,
    /// The story of its document, an index into the day's stories, heaviest first
    /// ([`crate::stories::Stories`]).
    pub story: usize,
    /// Sentence index in its document.
    pub index: usize,
    /// Rank among the document's sentences (0 = first).
    pub position: usize,
    /// Index of the sentence within its paragraph.
    pub in_paragraph: usize,
    pub heading: bool,
    /// Number of words.
    pub words: usize,
    /// Content-word stems (stop words removed), as [`stem_id`]s.
    /// Shared with the analyzed sentence.
    pub stems: std::sync::Arc<[u64]>,
    /// Entity keys of the mentions in the sentence (repeats kept), as [`stem_id`]s of the keys.
    pub entities: Vec<u64>,
    /// Strength of the primary theme in [0, 1).
    pub theme_strength: f64,
    /// The primary theme (`other` when none).
    pub primary: String,
    /// The sentence holds a quotation mark ([`has_quote`]).
    pub quote: bool,
    /// The sentence holds a number ([`has_number`]).
    pub number: bool,
}

/// Does a sentence hold a quotation mark (`" « » “ ” „`)?
pub fn has_quote(sentence: &str) -> bool {
    sentence.contains(['"', '«', '»', '“', '”', '„'])
}

/// Does a sentence hold a number: a digit, ASCII, Arabic-Indic or Persian?
pub fn has_number(sentence: &str) -> bool {
    sentence
        .chars()
        .any(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c))
}

/// A scored sentence: its features by name and the weighted score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub score: f64,
    pub features: Features,
}

/// The features behind a score. A method sets the ones it uses; the others are absent and
/// not serialized. Fields are in alphabetical order, the order in which they print.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Features {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bigrams: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub centrality: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_density: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbers: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub textrank: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<f64>,
}

impl Features {
    /// The features that are set, by name, in alphabetical order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, f64)> {
        [
            ("bigrams", self.bigrams),
            ("centrality", self.centrality),
            ("entity_density", self.entity_density),
            ("headline", self.headline),
            ("length", self.length),
            ("numbers", self.numbers),
            ("paragraph", self.paragraph),
            ("position", self.position),
            ("quotes", self.quotes),
            ("textrank", self.textrank),
            ("theme", self.theme),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
    }

    /// One feature by name.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// A stable 64-bit id of a stem, so that sentences carry numbers instead of strings.
pub fn stem_id(stem: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(stem)
}

/// A sparse tf-idf vector: ids sorted ascending, their weights, and the Euclidean norm. The
/// ids are the ranks of the stem ids among the day's ([`Space`]), so that they sort as the stem
/// ids do and index dense tables.
#[derive(Debug, Clone, Default)]
struct Sparse {
    ids: Vec<u32>,
    w: Vec<f32>,
    norm: f32,
}

impl Sparse {
    /// Sum of (id, weight) pairs, merged by id.
    fn from_pairs(mut pairs: Vec<(u32, f32)>) -> Sparse {
        pairs.sort_unstable_by_key(|p| p.0);
        let mut v = Sparse {
            ids: Vec::with_capacity(pairs.len()),
            w: Vec::with_capacity(pairs.len()),
            norm: 0.0,
        };
        for (id, x) in pairs {
            if v.ids.last() == Some(&id) {
                *v.w.last_mut().expect("same length") += x;
            } else {
                v.ids.push(id);
                v.w.push(x);
            }
        }
        v.norm = v.w.iter().map(|x| x * x).sum::<f32>().sqrt();
        v
    }
}

/// Cosine similarity: a merge of the sorted ids.
fn cosine(a: &Sparse, b: &Sparse) -> f64 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut d) = (0, 0, 0.0f32);
    while i < a.ids.len() && j < b.ids.len() {
        match a.ids[i].cmp(&b.ids[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                d += a.w[i] * b.w[j];
                i += 1;
                j += 1;
            }
        }
    }
    similarity_of(d, a.norm, b.norm)
}

/// The cosine of a vector with a dense one (weights by id, 0 where absent) of norm `norm`:
/// the same sum as [`cosine`]'s, in the same order, at one lookup an id.
fn cosine_dense(a: &Sparse, dense: &[f32], norm: f32) -> f64 {
    if a.norm == 0.0 || norm == 0.0 {
        return 0.0;
    }
    let d = a
        .ids
        .iter()
        .zip(&a.w)
        .fold(0.0f32, |d, (&id, &x)| d + x * dense[id as usize]);
    similarity_of(d, a.norm, norm)
}

/// Write a vector's weights into a dense table of zeros (long enough for its ids).
fn spread(v: &Sparse, dense: &mut [f32]) {
    for (&id, &x) in v.ids.iter().zip(&v.w) {
        dense[id as usize] = x;
    }
}

/// The length of a dense table that holds every id of these vectors.
fn dim_of(vecs: &[Sparse]) -> usize {
    vecs.iter()
        .filter_map(|v| v.ids.last())
        .max()
        .map_or(0, |&m| m as usize + 1)
}

/// Zero again what [`spread`] wrote.
fn unspread(v: &Sparse, dense: &mut [f32]) {
    for &id in &v.ids {
        dense[id as usize] = 0.0;
    }
}

fn similarity_of(dot: f32, a: f32, b: f32) -> f64 {
    (f64::from(dot) / (f64::from(a) * f64::from(b))).clamp(0.0, 1.0)
}

/// The tf-idf vectors of a day's sentences, built once and shared by scoring and selection.
pub struct Space {
    vecs: Vec<Sparse>,
    /// Number of distinct stems: vector ids are below it.
    dim: usize,
}

impl Space {
    /// The vectors of some candidates only, in the order given (their weights as the whole
    /// day gave them).
    pub fn subset(&self, candidates: &[usize]) -> Space {
        Space {
            vecs: candidates.iter().map(|&i| self.vecs[i].clone()).collect(),
            dim: self.dim,
        }
    }

    /// Vectors with smoothed inverse document frequency over sentences.
    pub fn new(cands: &[Candidate]) -> Space {
        type Counts = rustc_hash::FxHashMap<u64, u32>;
        // Document frequencies, counted on both cores and merged (counts add up exactly).
        let df: Counts = cands
            .par_iter()
            .fold(
                || (Counts::default(), Vec::new()),
                |(mut df, mut uniq): (Counts, Vec<u64>), c| {
                    uniq.clear();
                    uniq.extend_from_slice(&c.stems);
                    uniq.sort_unstable();
                    uniq.dedup();
                    for &s in &uniq {
                        *df.entry(s).or_default() += 1;
                    }
                    (df, uniq)
                },
            )
            .map(|(df, _)| df)
            .reduce(Counts::default, |a, b| {
                let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (k, v) in small {
                    *big.entry(k).or_default() += v;
                }
                big
            });
        let n = cands.len().max(1) as f32;
        // Each stem id by rank, with its idf.
        let mut ids: Vec<(u64, u32)> = df.into_iter().collect();
        ids.par_sort_unstable_by_key(|p| p.0);
        let rank: rustc_hash::FxHashMap<u64, (u32, f32)> = ids
            .iter()
            .enumerate()
            .map(|(r, &(id, d))| {
                let idf = ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.05);
                (id, (r as u32, idf))
            })
            .collect();
        let vecs = cands
            .par_iter()
            .map(|c| Sparse::from_pairs(c.stems.iter().map(|s| rank[s]).collect()))
            .collect();
        Space {
            vecs,
            dim: ids.len(),
        }
    }

    /// Cosine similarity of two candidates.
    pub fn similarity(&self, a: usize, b: usize) -> f64 {
        cosine(&self.vecs[a], &self.vecs[b])
    }
}

/// Sum of vectors into `acc` (zeros of the space's size, given back zeroed), ids in the order
/// first seen in `touched`. Each id's weights add up in the order of the vectors.
fn centroid<'a>(
    vs: impl Iterator<Item = &'a Sparse>,
    acc: &mut [f32],
    touched: &mut Vec<u32>,
) -> Sparse {
    for v in vs {
        for (&id, &x) in v.ids.iter().zip(&v.w) {
            let a = &mut acc[id as usize];
            if *a == 0.0 {
                touched.push(id);
            }
            *a += x;
        }
    }
    let pairs = touched
        .drain(..)
        .map(|id| (id, std::mem::take(&mut acc[id as usize])))
        .collect();
    // Ids are distinct here, so the order from_pairs sorts them in does not matter.
    Sparse::from_pairs(pairs)
}

/// Of each candidate, the share of its distinct pairs of adjacent content stems that another
/// sentence of its document has too (0 for fewer than two stems): sentences that restate the
/// document's recurring phrases (names, terms of the subject) score high.
pub fn repeated_bigrams(cands: &[Candidate]) -> Vec<f64> {
    let pairs = |c: &Candidate| -> Vec<(u64, u64)> {
        let mut p: Vec<(u64, u64)> = c.stems.windows(2).map(|w| (w[0], w[1])).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    let mut out = vec![0.0; cands.len()];
    let mut start = 0;
    while start < cands.len() {
        let doc = cands[start].doc;
        let end = start + cands[start..].iter().take_while(|c| c.doc == doc).count();
        let each: Vec<Vec<(u64, u64)>> = cands[start..end].iter().map(pairs).collect();
        // In how many of the document's sentences each pair is.
        let mut count: rustc_hash::FxHashMap<(u64, u64), u32> = Default::default();
        for p in each.iter().flatten() {
            *count.entry(*p).or_default() += 1;
        }
        for (k, p) in each.iter().enumerate() {
            if !p.is_empty() {
                let shared = p.iter().filter(|x| count[*x] > 1).count();
                out[start + k] = shared as f64 / p.len() as f64;
            }
        }
        start = end;
    }
    out
}

/// Score every candidate with khulasa's features.
pub fn score(cands: &[Candidate], w: &Weights) -> Vec<Scored> {
    score_in(&Space::new(cands), cands, w)
}

/// [`score`] with vectors already built.
pub fn score_in(space: &Space, cands: &[Candidate], w: &Weights) -> Vec<Scored> {
    let vecs = &space.vecs;
    // Centroids: per document (its sentences are contiguous) and for the whole day.
    let mut ranges: Vec<(usize, usize, usize)> = Vec::new();
    let mut start = 0;
    while start < cands.len() {
        let doc = cands[start].doc;
        let end = start + cands[start..].iter().take_while(|c| c.doc == doc).count();
        ranges.push((doc, start, end));
        start = end;
    }
    // The headline of each document: its first candidate (a heading when the text has one,
    // else the first sentence).
    let headline: BTreeMap<usize, usize> = ranges.iter().map(|&(doc, s, _)| (doc, s)).collect();
    let dim = space.dim;
    let doc_centroid: BTreeMap<usize, Sparse> = ranges
        .par_iter()
        .map_init(
            || (vec![0.0f32; dim], Vec::new()),
            |(acc, touched), &(doc, s, e)| (doc, centroid(vecs[s..e].iter(), acc, touched)),
        )
        .collect();
    let n_docs = doc_centroid.len().max(1);
    // The day's centroid, dense: the sum of the documents' in document order, and its norm
    // summed in the order of the ids.
    let (day, day_norm) = if n_docs > 1 {
        let mut day = vec![0.0f32; dim];
        for v in doc_centroid.values() {
            for (&id, &x) in v.ids.iter().zip(&v.w) {
                day[id as usize] += x;
            }
        }
        let norm = day
            .iter()
            .filter(|&&x| x != 0.0)
            .map(|x| x * x)
            .sum::<f32>()
            .sqrt();
        (day, norm)
    } else {
        (Vec::new(), 0.0)
    };
    // Each candidate's similarity to its document's centroid and to the day's, a document at
    // a time, its centroid spread out in a dense table.
    let similar: Vec<(f64, f64)> = ranges
        .par_iter()
        .map_init(
            || vec![0.0f32; dim],
            |dense, &(doc, s, e)| {
                let dc = doc_centroid.get(&doc);
                if let Some(d) = dc {
                    spread(d, dense);
                }
                let out: Vec<(f64, f64)> = vecs[s..e]
                    .iter()
                    .map(|v| {
                        let dc = dc.map_or(0.0, |d| cosine_dense(v, dense, d.norm));
                        let day = if n_docs > 1 {
                            cosine_dense(v, &day, day_norm)
                        } else {
                            0.0
                        };
                        (dc, day)
                    })
                    .collect();
                if let Some(d) = dc {
                    unspread(d, dense);
                }
                out
            },
        )
        .flatten_iter()
        .collect();
    // Entity centrality across the day: share of documents and of mentions.
    let mut ent_docs: rustc_hash::FxHashMap<u64, rustc_hash::FxHashSet<usize>> = Default::default();
    let mut ent_count: rustc_hash::FxHashMap<u64, usize> = Default::default();
    for c in cands {
        for &e in &c.entities {
            ent_docs.entry(e).or_default().insert(c.doc);
            *ent_count.entry(e).or_default() += 1;
        }
    }
    let max_count = ent_count.values().copied().max().unwrap_or(1).max(1) as f64;
    let centrality_of = |e: u64| {
        let d = ent_docs.get(&e).map_or(0, |s| s.len()) as f64 / n_docs as f64;
        let m = ent_count.get(&e).copied().unwrap_or(0) as f64 / max_count;
        0.5 * d + 0.5 * m
    };
    let bigrams = if w.bigrams != 0.0 {
        repeated_bigrams(cands)
    } else {
        vec![0.0; cands.len()]
    };
    let n_by_doc: rustc_hash::FxHashMap<usize, usize> =
        cands.iter().fold(Default::default(), |mut m, c| {
            *m.entry(c.doc).or_default() += 1;
            m
        });

    cands
        .par_iter()
        .zip(vecs)
        .zip(&bigrams)
        .zip(&similar)
        .map(|(((c, v), &bigrams), &(dc, day))| {
            let tokens = c.words.max(1) as f64;
            let distinct: rustc_hash::FxHashSet<&u64> = c.entities.iter().collect();
            let weighted: f64 = c.entities.iter().map(|&e| 0.5 + centrality_of(e)).sum();
            let density =
                ((weighted + 0.5 * distinct.len() as f64) / (tokens / 3.0 + 1.0)).min(1.0);
            let n = n_by_doc.get(&c.doc).copied().unwrap_or(1) as f64;
            let rel = c.position as f64 / n.max(1.0);
            let mut position = if c.position == 0 {
                1.0
            } else {
                (1.0 / (1.0 + w.position_decay * c.position as f64)).max(0.5 * (1.0 - rel))
            };
            if c.in_paragraph == 0 && c.position > 0 {
                position = (position + w.paragraph_bonus).min(1.0);
            }
            if c.heading && c.position > 0 {
                // A sub-heading summarizes what follows but is no sentence of its own.
                position *= 0.8;
            }
            let centrality = if n_docs > 1 { 0.6 * dc + 0.4 * day } else { dc };
            let length = if c.words < 5 {
                0.2
            } else if c.words < 10 {
                0.6 + 0.08 * (c.words as f64 - 5.0)
            } else if c.words <= 45 {
                1.0
            } else {
                (1.0 - (c.words as f64 - 45.0) / 60.0).max(0.3)
            };
            let theme = c.theme_strength;
            // Its weight times the similarity is 0 when the weight is (the similarity is in
            // [0, 1]).
            let head = if w.headline == 0.0 {
                0.0
            } else {
                headline.get(&c.doc).map_or(0.0, |&h| cosine(v, &vecs[h]))
            };
            let paragraph = 1.0 / (1.0 + c.in_paragraph as f64);
            let quotes = f64::from(u8::from(c.quote));
            let numbers = f64::from(u8::from(c.number));
            // The newer features are shown only when they count.
            let used = |x: f64, weight: f64| (weight != 0.0).then_some(round4(x));
            let features = Features {
                entity_density: Some(round4(density)),
                position: Some(round4(position)),
                centrality: Some(round4(centrality)),
                length: Some(round4(length)),
                theme: Some(round4(theme)),
                headline: used(head, w.headline),
                paragraph: used(paragraph, w.paragraph),
                quotes: used(quotes, w.quotes),
                numbers: used(numbers, w.numbers),
                bigrams: used(bigrams, w.bigrams),
                ..Features::default()
            };
            let score = w.entity_density * density
                + w.position * position
                + w.centrality * centrality
                + w.length * length
                + w.theme * theme
                + w.headline * head
                + w.paragraph * paragraph
                + w.quotes * quotes
                + w.numbers * numbers
                + w.bigrams * bigrams;
            Scored {
                score: round4(score),
                features,
            }
        })
        .collect()
}

fn round4(x: f64) -> f64 {
    if x.is_finite() {
        (x * 10000.0).round() / 10000.0
    } else {
        0.0
    }
}

/// Lead baseline scores: earlier is better, article by article.
pub fn score_lead(cands: &[Candidate]) -> Vec<Scored> {
    cands
        .iter()
        .map(|c| {
            let s = 1.0 / (1.0 + c.position as f64);
            let f = Features {
                position: Some(round4(s)),
                entity_density: Some(0.0),
                ..Features::default()
            };
            Scored {
                score: round4(s),
                features: f,
            }
        })
        .collect()
}

/// Documents longer than this many sentences are ranked by TextRank on their first ones only.
const TEXTRANK_MAX_SENTENCES: usize = 1000;

/// TextRank scores: PageRank over the sentence graph weighted by word overlap
/// (|a ∩ b| / (ln|a| + ln|b|)), damping 0.85, within each document.
pub fn score_textrank(cands: &[Candidate]) -> Vec<Scored> {
    let mut scores = vec![0.0; cands.len()];
    let mut by_doc: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in cands.iter().enumerate() {
        by_doc.entry(c.doc).or_default().push(i);
    }
    for idx in by_doc.values() {
        // Very long documents: only their first sentences enter the graph (memory is n²).
        let idx = &idx[..idx.len().min(TEXTRANK_MAX_SENTENCES)];
        let sets: Vec<Vec<u64>> = idx
            .iter()
            .map(|&i| {
                let mut v = cands[i].stems.to_vec();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let n = idx.len();
        let mut wm = vec![vec![0.0f64; n]; n];
        for a in 0..n {
            for b in (a + 1)..n {
                let (la, lb) = (sets[a].len() as f64, sets[b].len() as f64);
                if la < 2.0 || lb < 2.0 {
                    continue;
                }
                let inter = sets[a]
                    .iter()
                    .filter(|x| sets[b].binary_search(x).is_ok())
                    .count() as f64;
                let s = inter / (la.ln() + lb.ln());
                wm[a][b] = s;
                wm[b][a] = s;
            }
        }
        let out: Vec<f64> = wm.iter().map(|r| r.iter().sum()).collect();
        let mut pr = vec![1.0 / n as f64; n];
        for _ in 0..50 {
            let mut next = vec![(1.0 - 0.85) / n as f64; n];
            for a in 0..n {
                for b in 0..n {
                    if wm[b][a] > 0.0 && out[b] > 0.0 {
                        next[a] += 0.85 * wm[b][a] / out[b] * pr[b];
                    }
                }
            }
            pr = next;
        }
        for (k, &i) in idx.iter().enumerate() {
            scores[i] = pr[k] * n as f64;
        }
    }
    scores
        .into_iter()
        .map(|s| {
            let f = Features {
                textrank: Some(round4(s)),
                entity_density: Some(0.0),
                position: Some(0.0),
                ..Features::default()
            };
            Scored {
                score: round4(s),
                features: f,
            }
        })
        .collect()
}

/// Score with the chosen method.
pub fn score_with(method: Method, space: &Space, cands: &[Candidate], w: &Weights) -> Vec<Scored> {
    match method {
        Method::Khulasa => score_in(space, cands, w),
        Method::Lead => score_lead(cands),
        Method::Textrank => score_textrank(cands),
    }
}

/// A chosen sentence, with the other candidates it stands for (near-duplicates elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chosen {
    pub candidate: usize,
    /// Candidates from other documents that say the same thing.
    pub duplicates: Vec<usize>,
}

impl Chosen {
    fn alone(candidate: usize) -> Chosen {
        Chosen {
            candidate,
            duplicates: Vec::new(),
        }
    }
}

/// Choose sentences to the budget: with `cover_themes`, the best sentence of each theme when
/// its story is not yet covered; the best sentence of each story not yet covered (those with a
/// sentence in a theme first, then heaviest first); with `cover_themes`, the best sentence of
/// each theme still missing; then best score first, penalized by similarity to what is
/// already chosen (MMR). Near-duplicates are never chosen twice but cited as extra sources.
/// With `mmr` false (the baselines), plain score order. The result is in pick order.
pub fn select(
    cands: &[Candidate],
    scored: &[Scored],
    budget: &Budget,
    w: &Weights,
    mmr: bool,
) -> Vec<Chosen> {
    select_in(&Space::new(cands), cands, scored, budget, w, mmr)
}

/// Candidates considered by the selection loop when a day is large: the best by score.
const SELECTION_POOL: usize = 2000;

/// [`select`] with vectors already built.
pub fn select_in(
    space: &Space,
    cands: &[Candidate],
    scored: &[Scored],
    budget: &Budget,
    w: &Weights,
    mmr: bool,
) -> Vec<Chosen> {
    let n = cands.len();
    if n == 0 {
        return Vec::new();
    }
    let limits = Limits::new(budget, n, story_count(cands));
    if limits.keep_all {
        // Every sentence, best first: no similarity needed.
        return all_by_score(scored, n);
    }
    let mut sel = Selection::new(cands, limits);
    if budget.cover_themes {
        sel.cover_themes(cands, scored, true);
    }
    sel.cover_stories(cands, scored, &space.vecs, w.duplicate_similarity);
    if budget.cover_themes {
        sel.cover_themes(cands, scored, false);
    }
    let pool = Pool::new(&sel.used, scored, SELECTION_POOL);
    let lambda = mmr.then_some(w.mmr_lambda);
    sel.fill(
        pool,
        &space.vecs,
        cands,
        scored,
        lambda,
        w.duplicate_similarity,
    );
    cite_other_documents(&mut sel.chosen, &space.vecs, cands, w.duplicate_similarity);
    sel.chosen
}

/// Number of stories among the candidates.
fn story_count(cands: &[Candidate]) -> usize {
    let mut s: Vec<usize> = cands.iter().map(|c| c.story).collect();
    s.sort_unstable();
    s.dedup();
    s.len()
}

/// How much a selection takes, from the budget and the numbers of candidates and stories.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// A ratio of 1 or more: every sentence, no selection at all.
    keep_all: bool,
    /// With `per_story`: that many per story, at least `min_sentences`, at most the cap below.
    /// Else (and as the cap) the budget's sentences; else the ratio's share of the candidates
    /// (at least one); else no limit when words are limited (or per story); else 5.
    max_sentences: usize,
    max_words: usize,
}

impl Limits {
    fn new(budget: &Budget, n: usize, stories: usize) -> Limits {
        let cap = match (budget.max_sentences, budget.ratio) {
            (Some(m), _) => Some(m),
            (None, Some(r)) => Some(((r.clamp(0.0, 1.0) * n as f64).ceil() as usize).max(1)),
            (None, None) => None,
        };
        let max_sentences = match (budget.per_story, cap) {
            (Some(p), cap) => p
                .saturating_mul(stories)
                .max(budget.min_sentences.unwrap_or(0))
                .min(cap.unwrap_or(usize::MAX))
                .max(1),
            (None, Some(m)) => m,
            (None, None) if budget.max_words.is_some() => usize::MAX,
            (None, None) => 5,
        };
        Limits {
            keep_all: budget.ratio.is_some_and(|r| r >= 1.0),
            max_sentences,
            max_words: budget.max_words.unwrap_or(usize::MAX),
        }
    }
}

/// Order of candidate indices: best score first, the lower index first among equal scores.
fn best_first(scored: &[Scored]) -> impl Fn(&usize, &usize) -> std::cmp::Ordering + '_ {
    |&a, &b| scored[b].score.total_cmp(&scored[a].score).then(a.cmp(&b))
}

/// All `n` candidates, best first, none cited with another.
fn all_by_score(scored: &[Scored], n: usize) -> Vec<Chosen> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(best_first(scored));
    order.into_iter().map(Chosen::alone).collect()
}

/// The best sentence of each theme (`other` is no theme; the first of equal scores), themes in
/// order of their best sentence ([`best_first`]).
fn theme_leaders(cands: &[Candidate], scored: &[Scored]) -> Vec<usize> {
    let mut best_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in cands.iter().enumerate() {
        if c.primary == crate::themes::OTHER {
            continue;
        }
        let e = best_of.entry(c.primary.as_str()).or_insert(i);
        if scored[i].score > scored[*e].score {
            *e = i;
        }
    }
    let mut leaders: Vec<usize> = best_of.into_values().collect();
    leaders.sort_by(best_first(scored));
    leaders
}

/// The candidates the selection loop looks at, in index order, with their similarity to what
/// is chosen.
#[derive(Debug)]
struct Pool {
    members: Vec<usize>,
    /// Highest similarity of each member to the chosen sentences up to `synced`.
    max_sim: Vec<f64>,
    synced: usize,
    /// A chosen sentence's vector spread out ([`spread`]); zeros between uses.
    dense: Vec<f32>,
}

impl Pool {
    /// The candidates not yet considered, and on a large day only the best `size` of them
    /// ([`best_first`]), keeping the loop linear in the day's size.
    fn new(used: &[bool], scored: &[Scored], size: usize) -> Pool {
        let mut members: Vec<usize> = (0..used.len()).filter(|&i| !used[i]).collect();
        if members.len() > size {
            members.select_nth_unstable_by(size, best_first(scored));
            members.truncate(size);
            members.sort_unstable();
        }
        Pool {
            max_sim: vec![0.0; members.len()],
            members,
            synced: 0,
            dense: Vec::new(),
        }
    }

    /// Bring the similarities of the members not yet considered up to date with the sentences
    /// chosen since the last call.
    fn sync(&mut self, chosen: &[Chosen], used: &[bool], vecs: &[Sparse]) {
        for c in &chosen[self.synced..] {
            let v = &vecs[c.candidate];
            if self.dense.is_empty() {
                self.dense = vec![0.0; dim_of(vecs)];
            }
            let dense = &mut self.dense;
            spread(v, dense);
            for (k, &i) in self.members.iter().enumerate() {
                if !used[i] {
                    self.max_sim[k] = self.max_sim[k].max(cosine_dense(&vecs[i], dense, v.norm));
                }
            }
            unspread(v, dense);
        }
        self.synced = chosen.len();
    }

    /// The member not yet considered with the highest marginal relevance: its score over the
    /// best score, and with MMR (`lambda`) `lambda · that − (1 − lambda) · its highest
    /// similarity to a chosen sentence`. Ties (within 1e-12) go to the lower index.
    fn best(
        &self,
        used: &[bool],
        scored: &[Scored],
        max_score: f64,
        lambda: Option<f64>,
    ) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (k, &i) in self.members.iter().enumerate() {
            if used[i] {
                continue;
            }
            let rel = scored[i].score / max_score;
            let v = match lambda {
                Some(l) => l * rel - (1.0 - l) * self.max_sim[k],
                None => rel,
            };
            if best.is_none_or(|(b, bi)| v > b + 1e-12 || ((v - b).abs() <= 1e-12 && i < bi)) {
                best = Some((v, i));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// A selection under way: its limits, the sentences chosen, the candidates considered (chosen,
/// cited or passed over), the words chosen and the stories with a sentence chosen.
struct Selection {
    limits: Limits,
    chosen: Vec<Chosen>,
    used: Vec<bool>,
    words: usize,
    /// Indexed by story.
    covered: Vec<bool>,
}

impl Selection {
    fn new(cands: &[Candidate], limits: Limits) -> Selection {
        let stories = cands.iter().map(|c| c.story + 1).max().unwrap_or(0);
        Selection {
            limits,
            chosen: Vec::new(),
            used: vec![false; cands.len()],
            words: 0,
            covered: vec![false; stories],
        }
    }

    fn take(&mut self, i: usize, cand: &Candidate) {
        self.used[i] = true;
        self.words += cand.words;
        self.covered[cand.story] = true;
        self.chosen.push(Chosen::alone(i));
    }

    fn full(&self) -> bool {
        self.chosen.len() >= self.limits.max_sentences
    }

    /// The best sentence of each theme that has none chosen yet, themes in order of their best
    /// sentence ([`theme_leaders`]), until one goes over a limit. With `new_stories`, only
    /// those of a story not covered yet: the others wait until every story is.
    fn cover_themes(&mut self, cands: &[Candidate], scored: &[Scored], new_stories: bool) {
        for i in theme_leaders(cands, scored) {
            let theme = cands[i].primary.as_str();
            if self.used[i]
                || (new_stories && self.covered[cands[i].story])
                || self
                    .chosen
                    .iter()
                    .any(|c| cands[c.candidate].primary == theme)
            {
                continue;
            }
            if self.full() || self.words + cands[i].words > self.limits.max_words {
                break;
            }
            self.take(i, &cands[i]);
        }
    }

    /// The best sentence ([`best_first`]) of each story not covered yet, until the sentences run
    /// out: first the stories with a sentence in a theme, then the others, each in story order
    /// (heaviest first). A story whose best sentence would go over
    /// the word budget is passed over, unless nothing is chosen yet; one whose best sentence is
    /// at least `duplicate` similar to a chosen one is cited with it (when from another
    /// document) and left for the fill.
    fn cover_stories(
        &mut self,
        cands: &[Candidate],
        scored: &[Scored],
        vecs: &[Sparse],
        duplicate: f64,
    ) {
        let mut best: Vec<Option<usize>> = vec![None; self.covered.len()];
        let mut themed = vec![false; self.covered.len()];
        for (i, c) in cands.iter().enumerate() {
            themed[c.story] |= c.primary != crate::themes::OTHER;
            if self.used[i] || self.covered[c.story] {
                continue;
            }
            let b = &mut best[c.story];
            if b.is_none_or(|j| best_first(scored)(&i, &j).is_lt()) {
                *b = Some(i);
            }
        }
        let order = (0..best.len())
            .filter(|&s| themed[s])
            .chain((0..best.len()).filter(|&s| !themed[s]));
        for i in order.filter_map(|s| best[s]) {
            if self.full() {
                break;
            }
            if self.words + cands[i].words > self.limits.max_words && !self.chosen.is_empty() {
                continue;
            }
            let near = |c: &&mut Chosen| cosine(&vecs[i], &vecs[c.candidate]) >= duplicate;
            if let Some(c) = self.chosen.iter_mut().find(near) {
                if cands[c.candidate].doc != cands[i].doc {
                    c.duplicates.push(i);
                }
                self.used[i] = true;
                continue;
            }
            self.take(i, &cands[i]);
        }
    }

    /// Choose from the pool to the limits, best marginal relevance first ([`Pool::best`]). A
    /// candidate at least `duplicate` similar to a chosen sentence is cited with it (when from
    /// another document) instead of chosen. One over the word budget is passed over for a
    /// shorter one, unless nothing is chosen yet: a selection is never empty.
    fn fill(
        &mut self,
        mut pool: Pool,
        vecs: &[Sparse],
        cands: &[Candidate],
        scored: &[Scored],
        lambda: Option<f64>,
        duplicate: f64,
    ) {
        let max_score = scored
            .iter()
            .map(|s| s.score)
            .fold(f64::MIN, f64::max)
            .max(1e-9);
        while self.chosen.len() < self.limits.max_sentences {
            if lambda.is_some() {
                pool.sync(&self.chosen, &self.used, vecs);
            }
            let Some(i) = pool.best(&self.used, scored, max_score, lambda) else {
                break;
            };
            self.used[i] = true;
            let near = |c: &&mut Chosen| cosine(&vecs[i], &vecs[c.candidate]) >= duplicate;
            if let Some(c) = self.chosen.iter_mut().find(near) {
                if cands[c.candidate].doc != cands[i].doc {
                    c.duplicates.push(i);
                }
                continue;
            }
            if self.words + cands[i].words > self.limits.max_words {
                if self.chosen.is_empty() {
                    self.take(i, &cands[i]);
                }
                continue;
            }
            self.take(i, &cands[i]);
            if self.words >= self.limits.max_words {
                break;
            }
        }
    }
}

/// Cite with each chosen sentence every candidate of another document at least `duplicate`
/// similar to it, not chosen and not cited with it yet, in index order.
fn cite_other_documents(
    chosen: &mut [Chosen],
    vecs: &[Sparse],
    cands: &[Candidate],
    duplicate: f64,
) {
    let picked: HashSet<usize> = chosen.iter().map(|c| c.candidate).collect();
    // The chosen sentences' weights by id, in one table: for each id, (chosen sentence, its
    // weight there), so that one pass over the candidates finds their dot products with every
    // chosen sentence at once. Each dot product adds the candidate's terms in the order of
    // its ids, as [`cosine`] does.
    let dim = dim_of(vecs);
    let mut start = vec![0usize; dim + 1];
    for c in chosen.iter() {
        for &id in &vecs[c.candidate].ids {
            start[id as usize + 1] += 1;
        }
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut next = start.clone();
    let mut table = vec![(0usize, 0.0f32); start[dim]];
    for (k, c) in chosen.iter().enumerate() {
        let v = &vecs[c.candidate];
        for (&id, &x) in v.ids.iter().zip(&v.w) {
            table[next[id as usize]] = (k, x);
            next[id as usize] += 1;
        }
    }
    drop(next);
    let chosen_now: &[Chosen] = chosen;
    // (chosen sentence, candidate) in the order of the candidates.
    let found: Vec<(usize, usize)> = (0..cands.len())
        .into_par_iter()
        .map_init(
            || vec![0.0f32; chosen_now.len()],
            |dot, i| {
                let v = &vecs[i];
                for (&id, &x) in v.ids.iter().zip(&v.w) {
                    for &(k, w) in &table[start[id as usize]..start[id as usize + 1]] {
                        dot[k] += x * w;
                    }
                }
                let mut out = Vec::new();
                for (k, c) in chosen_now.iter().enumerate() {
                    let d = std::mem::take(&mut dot[k]);
                    let b = &vecs[c.candidate];
                    let similarity = if v.norm == 0.0 || b.norm == 0.0 {
                        0.0
                    } else {
                        similarity_of(d, v.norm, b.norm)
                    };
                    if !picked.contains(&i)
                        && !c.duplicates.contains(&i)
                        && cands[i].doc != cands[c.candidate].doc
                        && similarity >= duplicate
                    {
                        out.push((k, i));
                    }
                }
                out
            },
        )
        .flatten_iter()
        .collect();
    for (k, i) in found {
        chosen[k].duplicates.push(i);
    }
}

#[cfg(test)]
mod tests;
