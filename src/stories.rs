//! Stories: the day's articles grouped by the event they report, so that a digest covers every
//! story before it says more about any one, and shows each story's sources.
//!
//! Two documents report the same story when their words and entities are alike: the cosine
//! of their tf-idf vectors over the day (content-word stems, the first sentences counting
//! double, and entity keys at half weight) reaches a threshold, they name at least two
//! entities in common (unless one was only skimmed, [`crate::pipeline::Engine::skim_day`]),
//! and their dates, when both can be read, are at most a day apart. A
//! story is a connected group of such pairs.
//!
//! Stories are numbered heaviest first: by number of outlets, number of documents, entity
//! weight (how much of the day's news its key entities are in) and theme strength, then by
//! its first document.
//!
//! A plain function of the analyzed documents; no I/O. Every table that reaches the result is
//! sorted or indexed by document, so hash-map order never leaks.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::pipeline::{Analyzed, Day, Record};
use crate::themes::OTHER;

/// How documents are grouped into stories.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Two documents this similar (cosine of their vectors) may report the same story.
    pub threshold: f64,
    /// ... when they also name at least this many entities in common.
    pub min_shared_entities: usize,
    /// ... and their dates, when both can be read, are at most this many days apart.
    pub max_days_apart: i64,
    /// The first sentences of a document, which say what happened, ...
    pub lead_sentences: usize,
    /// ... count this many times.
    pub lead_weight: f64,
    /// Entity keys count this much beside the words.
    pub entity_weight: f64,
    /// How many of a story's entities make its entity weight.
    pub key_entities: usize,
}

impl Default for Options {
    /// Chosen by reading the stories found on days of news from five outlets (237 articles on
    /// two days, 708 on four): every joined pair read as the same event or its direct
    /// follow-up; some articles of one event stay apart.
    fn default() -> Self {
        Options {
            threshold: 0.25,
            min_shared_entities: 2,
            max_days_apart: 1,
            lead_sentences: 5,
            lead_weight: 2.0,
            entity_weight: 0.5,
            key_entities: 5,
        }
    }
}

/// One story: the documents of the day that report one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Its documents (indexes into the day's documents), ascending.
    pub docs: Vec<usize>,
    /// Number of distinct outlets among its documents; a document without one counts alone.
    pub outlets: usize,
    /// Keys of its key entities: those it names most often (then those named in most of the
    /// day's documents, then by key), at most [`Options::key_entities`].
    pub entities: Vec<String>,
    /// The share of the day's documents that name each key entity, summed: how much of the
    /// day's news its main actors and places are in.
    pub entity_weight: f64,
    /// Strength of its strongest sentence in a theme, in [0, 1); 0 when none.
    pub theme_strength: f64,
}

/// The day's stories, heaviest first; every document is in exactly one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stories {
    pub stories: Vec<Story>,
    /// The story of each document (an index into `stories`).
    pub of_doc: Vec<usize>,
}

impl Stories {
    /// Number of stories.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// No stories (no documents).
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }
}

/// Group the day's documents into stories with the default [`Options`].
pub fn cluster(docs: &[Analyzed]) -> Stories {
    cluster_with(docs, &Options::default())
}

/// Group the day's documents into stories.
pub fn cluster_with(docs: &[Analyzed], opts: &Options) -> Stories {
    cluster_day_with(&Day::from_analyzed(docs), opts)
}

/// [`cluster`] of a [`Day`].
pub fn cluster_day(day: &Day) -> Stories {
    cluster_day_with(day, &Options::default())
}

/// [`cluster_with`] of a [`Day`].
pub fn cluster_day_with(day: &Day, opts: &Options) -> Stories {
    let docs = &day.docs;
    let groups = components(docs.len(), &linked_pairs(day, opts));
    let key_df = entity_document_counts(day);
    let mut stories: Vec<Story> = groups
        .into_iter()
        .map(|g| weigh(g, day, &key_df, opts))
        .collect();
    stories.sort_by(|a, b| {
        (Reverse(a.outlets), Reverse(a.docs.len()))
            .cmp(&(Reverse(b.outlets), Reverse(b.docs.len())))
            .then(b.entity_weight.total_cmp(&a.entity_weight))
            .then(b.theme_strength.total_cmp(&a.theme_strength))
            .then(a.docs[0].cmp(&b.docs[0]))
    });
    let mut of_doc = vec![0; docs.len()];
    for (k, s) in stories.iter().enumerate() {
        for &d in &s.docs {
            of_doc[d] = k;
        }
    }
    Stories { stories, of_doc }
}

/// A document's weighted counts: stem ids and entity ids, each sorted by id.
struct Counts {
    stems: Vec<(u64, f32)>,
    entities: Vec<(u64, f32)>,
}

/// Merge (id, weight) pairs by id, sorted by id.
fn merged(mut pairs: Vec<(u64, f32)>) -> Vec<(u64, f32)> {
    pairs.sort_unstable_by_key(|p| p.0);
    let mut out: Vec<(u64, f32)> = Vec::with_capacity(pairs.len());
    for (id, w) in pairs {
        match out.last_mut() {
            Some(last) if last.0 == id => last.1 += w,
            _ => out.push((id, w)),
        }
    }
    out
}

fn counts(doc: &Record, day: &Day, opts: &Options) -> Counts {
    let mut stems = Vec::new();
    let mut entities = Vec::new();
    for (k, s) in doc.sentences.iter().enumerate() {
        let w = if k < opts.lead_sentences {
            opts.lead_weight as f32
        } else {
            1.0
        };
        stems.extend(s.stems.iter().map(|&id| (id, w)));
        entities.extend(s.entities.iter().map(|&e| (day.key_id(e), w)));
    }
    Counts {
        stems: merged(stems),
        entities: merged(entities),
    }
}

/// Features in more documents than this are left out of the similarity on a large day: they
/// weigh little (low idf) and would make the pairs to compare grow with the square of the day.
fn common_feature_limit(n: usize) -> usize {
    (n / 10).max(200)
}

/// A day's features (stem or entity ids) numbered densely: each document's list as
/// (number, weight), in the list's order, and each number's document frequency.
struct Interned {
    lists: Vec<Vec<(u32, f32)>>,
    df: Vec<u32>,
}

/// Number the ids of each document's list (distinct ids within a list) and count their
/// document frequencies.
fn intern(lists: Vec<Vec<(u64, f32)>>) -> Interned {
    let mut number: FxHashMap<u64, u32> = FxHashMap::default();
    let mut df: Vec<u32> = Vec::new();
    let lists = lists
        .into_iter()
        .map(|l| {
            l.into_iter()
                .map(|(id, w)| {
                    let k = *number.entry(id).or_insert_with(|| {
                        df.push(0);
                        (df.len() - 1) as u32
                    });
                    df[k as usize] += 1;
                    (k, w)
                })
                .collect()
        })
        .collect();
    Interned { lists, df }
}

/// tf-idf weights, (1 + ln tf) · ln((n + 1) / (df + 0.5)), in place.
fn weigh_tf_idf(list: &mut [(u32, f32)], df: &[u32], n: usize) {
    for (k, w) in list.iter_mut() {
        let d = df[*k as usize] as f32;
        *w = (1.0 + w.ln()) * ((n as f32 + 1.0) / (d + 0.5)).ln();
    }
}

/// Postings of the features in at most `limit` documents (and in more than one), one table:
/// for each such feature the documents that hold it with its weight there, in document order.
struct Postings {
    table: Vec<(u32, f32)>,
    /// Of each document, for each of its features with postings in its list's order: its
    /// weight, and the range of the table that holds the later documents with the feature.
    later: Vec<Vec<(f32, u32, u32)>>,
}

fn postings(features: &Interned, limit: usize) -> Postings {
    let posted = |f: u32| f > 1 && f as usize <= limit;
    // Where each feature's postings start in the table, and how many are filled.
    let mut start: Vec<u32> = Vec::with_capacity(features.df.len());
    let mut total: u32 = 0;
    for &f in &features.df {
        start.push(total);
        if posted(f) {
            total += f;
        }
    }
    let mut filled: Vec<u32> = vec![0; features.df.len()];
    let mut table = vec![(0u32, 0.0f32); total as usize];
    let later = features
        .lists
        .iter()
        .enumerate()
        .map(|(d, l)| {
            l.iter()
                .filter(|&&(k, _)| posted(features.df[k as usize]))
                .map(|&(k, w)| {
                    let k = k as usize;
                    let at = start[k] + filled[k];
                    table[at as usize] = (d as u32, w);
                    filled[k] += 1;
                    (w, at + 1, start[k] + features.df[k])
                })
                .collect()
        })
        .collect();
    Postings { table, later }
}

/// The calendar day of a document's date: `YYYY-MM-DD…` or an RFC 2822 date
/// (`Sun, 17 Jun 2018 12:41:09 GMT`); None for anything else.
pub fn day_of(date: &str) -> Option<chrono::NaiveDate> {
    let s = date.trim();
    if let Some(d) = s
        .get(..10)
        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    chrono::DateTime::parse_from_rfc2822(s)
        .ok()
        .map(|d| d.date_naive())
}

/// Number of ids two sorted lists share.
fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Every pair of documents (i < j) that may report the same story, in order.
fn linked_pairs(day: &Day, opts: &Options) -> Vec<(usize, usize)> {
    let docs = &day.docs;
    let n = docs.len();
    if n < 2 {
        return Vec::new();
    }
    let all: Vec<Counts> = docs.par_iter().map(|d| counts(d, day, opts)).collect();
    let (stems, ents): (Vec<_>, Vec<_>) = all.into_iter().map(|c| (c.stems, c.entities)).unzip();
    let entity_ids: Vec<Vec<u64>> = ents
        .iter()
        .map(|l| l.iter().map(|&(id, _)| id).collect())
        .collect();
    let mut stems = intern(stems);
    let mut ents = intern(ents);
    let (stem_df, ent_df) = (&stems.df, &ents.df);
    stems
        .lists
        .iter_mut()
        .for_each(|l| weigh_tf_idf(l, stem_df, n));
    ents.lists
        .iter_mut()
        .for_each(|l| weigh_tf_idf(l, ent_df, n));
    let beta2 = (opts.entity_weight * opts.entity_weight) as f32;
    let norms: Vec<f32> = stems
        .lists
        .iter()
        .zip(&ents.lists)
        .map(|(s, e)| {
            let ss: f32 = s.iter().map(|(_, w)| w * w).sum();
            let ee: f32 = e.iter().map(|(_, w)| w * w).sum();
            (ss + beta2 * ee).sqrt()
        })
        .collect();
    let limit = common_feature_limit(n);
    let stem_postings = postings(&stems, limit);
    let ent_postings = postings(&ents, limit);
    drop((stems, ents));
    let days: Vec<Option<chrono::NaiveDate>> = docs
        .iter()
        .map(|d| d.doc.date.as_deref().and_then(day_of))
        .collect();
    let threshold = opts.threshold as f32;
    // One row of dot products per document, against the later ones; each row adds its terms
    // in the order of its sorted ids, so the sums never depend on thread or table order.
    (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; n], Vec::<u32>::new()),
            |(acc, touched), i| {
                let mut add = |post: &Postings, scale: f32| {
                    for &(w, a, b) in &post.later[i] {
                        for &(j, wj) in &post.table[a as usize..b as usize] {
                            if acc[j as usize] == 0.0 {
                                touched.push(j);
                            }
                            acc[j as usize] += scale * w * wj;
                        }
                    }
                };
                add(&stem_postings, 1.0);
                add(&ent_postings, beta2);
                // The later documents in order: the ones touched, sorted, or when they are many
                // every later one (a scan costs less than the sort).
                if touched.len() > (n - i) / 8 {
                    touched.clear();
                    touched.extend((i + 1..n).map(|j| j as u32));
                } else {
                    touched.sort_unstable();
                }
                let mut row = Vec::new();
                for &j in touched.iter() {
                    let j = j as usize;
                    let dot = std::mem::take(&mut acc[j]);
                    if dot == 0.0 {
                        continue;
                    }
                    let norm = norms[i] * norms[j];
                    if norm == 0.0 || dot / norm < threshold {
                        continue;
                    }
                    // A document only skimmed has no entities to share: its words decide.
                    if docs[i].analyzed
                        && docs[j].analyzed
                        && shared(&entity_ids[i], &entity_ids[j]) < opts.min_shared_entities
                    {
                        continue;
                    }
                    if let (Some(a), Some(b)) = (days[i], days[j])
                        && (a - b).num_days().abs() > opts.max_days_apart
                    {
                        continue;
                    }
                    row.push((i, j));
                }
                touched.clear();
                row
            },
        )
        .flatten_iter()
        .collect()
}

/// The connected groups of `n` documents under the pairs, each ascending, in the order of
/// their first document.
fn components(n: usize, pairs: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(a, b) in pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            // The lower index is the root: a group's root is its first document.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi] = lo;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for d in 0..n {
        let r = root(&mut parent, d);
        groups.entry(r).or_default().push(d);
    }
    groups.into_values().collect()
}

/// For each entity (an id of the day's keys), the number of the day's documents that name it.
fn entity_document_counts(day: &Day) -> Vec<usize> {
    let mut df: Vec<usize> = Vec::new();
    let mut keys: Vec<u32> = Vec::new();
    for d in &day.docs {
        keys.clear();
        keys.extend(d.sentences.iter().flat_map(|s| s.entities.iter().copied()));
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            let k = k as usize;
            if df.len() <= k {
                df.resize(k + 1, 0);
            }
            df[k] += 1;
        }
    }
    df
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// A group of documents as a story, with what it weighs.
fn weigh(docs_of: Vec<usize>, day: &Day, key_df: &[usize], opts: &Options) -> Story {
    let docs = &day.docs;
    let mut outlets: Vec<&str> = Vec::new();
    let mut unnamed = 0;
    let mut mentions: rustc_hash::FxHashMap<u32, usize> = Default::default();
    let mut theme_strength: f64 = 0.0;
    for &d in &docs_of {
        match docs[d].doc.source.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => {
                if !outlets.contains(&s) {
                    outlets.push(s);
                }
            }
            _ => unnamed += 1,
        }
        for s in &docs[d].sentences {
            for &e in s.entities.iter() {
                *mentions.entry(e).or_default() += 1;
            }
            if day.theme(s.primary) != OTHER {
                theme_strength = theme_strength.max(s.theme_strength);
            }
        }
    }
    // Keys are distinct, so the sort decides every tie and the table's order never shows.
    let mut keys: Vec<(&str, usize, usize)> = mentions
        .into_iter()
        .map(|(e, m)| (day.key(e), key_df.get(e as usize).copied().unwrap_or(0), m))
        .collect();
    keys.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    keys.truncate(opts.key_entities);
    let n = docs.len().max(1) as f64;
    Story {
        outlets: outlets.len() + unnamed,
        entity_weight: round4(keys.iter().map(|k| k.1 as f64 / n).sum()),
        entities: keys.into_iter().map(|k| k.0.to_string()).collect(),
        theme_strength: round4(theme_strength),
        docs: docs_of,
    }
}

#[cfg(test)]
mod tests;
