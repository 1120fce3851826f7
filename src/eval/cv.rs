//! Cross-validated ROUGE (`khulasa eval rouge FILE --cv K`): the articles are split into K
//! folds by topic (an article and every other article of its topic are always on the same
//! side), and for each fold the summarizer's weights are chosen on the other folds by a
//! coordinate search of their mean ROUGE-2, then measured on the fold. The figure is the
//! mean and spread over the folds of what the fold's own weights gave on it: never a figure
//! of weights fitted on the articles they are measured on.
//!
//! Everything is deterministic: the folds follow from the seed, the search from the starting
//! weights (the configuration's) and the grids. Weights the configuration got from a fit on the
//! same articles make the figure optimistic: search them too, or start from weights that were
//! not fitted there.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use rayon::prelude::*;

use super::{
    EascRow, Rouge, analyze_article, read_easc, rouge_budget, rouge_l, rouge_n, rouge_words,
    take_to_budget,
};
use crate::error::{Error, Result};
use crate::pipeline::{self, Engine};
use crate::summarize::{self, Candidate, Method, Space, Weights};

/// The weights the search may change, each with the values it tries (the starting value stays
/// unless one of them beats it by the minimum gain). `position` stays as it is: it sets the
/// scale of the others.
pub const KNOBS: &[(&str, &[f64])] = &[
    ("position_decay", &[0.1, 0.2, 0.35, 0.5, 0.8, 1.2, 2.0]),
    ("paragraph_bonus", &[0.0, 0.05, 0.1, 0.15, 0.25, 0.4]),
    ("entity_density", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("centrality", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("length", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("theme", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("headline", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("paragraph", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("quotes", &[-0.3, -0.15, -0.05, 0.0, 0.05, 0.15, 0.3]),
    ("numbers", &[-0.3, -0.15, -0.05, 0.0, 0.05, 0.15, 0.3]),
    ("bigrams", &[0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8]),
    ("mmr_lambda", &[0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]),
];

/// The weight a knob of [`KNOBS`] names.
fn knob<'a>(w: &'a mut Weights, name: &str) -> Option<&'a mut f64> {
    Some(match name {
        "position_decay" => &mut w.position_decay,
        "paragraph_bonus" => &mut w.paragraph_bonus,
        "entity_density" => &mut w.entity_density,
        "centrality" => &mut w.centrality,
        "length" => &mut w.length,
        "theme" => &mut w.theme,
        "headline" => &mut w.headline,
        "paragraph" => &mut w.paragraph,
        "quotes" => &mut w.quotes,
        "numbers" => &mut w.numbers,
        "bigrams" => &mut w.bigrams,
        "mmr_lambda" => &mut w.mmr_lambda,
        _ => return None,
    })
}

/// How the weights are chosen on the training articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// Coordinate search of the mean ROUGE-2 over the knobs searched.
    #[default]
    Search,
    /// Least squares over the sentences: the linear weights of [`FEATURES`] that best predict
    /// each sentence's share of bigrams found in the human summaries, compared within each
    /// article; the shape knobs searched (`position_decay`, `paragraph_bonus`, `mmr_lambda`)
    /// take the value of their grid with the best mean ROUGE-2.
    Regression,
    /// A position prior with a content tie-break ([`PriorModel`]): the knobs and the weights
    /// play no part.
    Prior,
}

impl std::str::FromStr for Fit {
    type Err = Error;

    fn from_str(s: &str) -> Result<Fit> {
        match s {
            "search" => Ok(Fit::Search),
            "regression" => Ok(Fit::Regression),
            "prior" => Ok(Fit::Prior),
            _ => Err(Error::Usage(format!(
                "unknown fit {s:?} (use search, regression or prior)"
            ))),
        }
    }
}

/// How to cross-validate.
#[derive(Debug, Clone)]
pub struct CvOptions {
    /// How the weights are chosen on the training folds.
    pub fit: Fit,
    /// Number of folds (at least 2, at most the number of topics).
    pub folds: usize,
    /// Seed of the order in which topics are dealt to the folds.
    pub seed: u64,
    /// The knobs searched (names of [`KNOBS`]); empty: the starting weights are measured
    /// fold by fold as they are.
    pub tune: Vec<String>,
    /// Passes of the coordinate search (each tries every knob once).
    pub passes: usize,
    /// A change of weight is kept only when it raises the training folds' mean ROUGE-2 by
    /// more than this: the larger, the fewer changes a small gain on few articles can buy.
    pub min_gain: f64,
}

impl CvOptions {
    /// Every knob, `folds` folds, the seed given, three passes, a change kept when it gains
    /// more than 0.0001.
    pub fn new(folds: usize, seed: u64) -> CvOptions {
        CvOptions {
            fit: Fit::Search,
            folds,
            seed,
            tune: KNOBS.iter().map(|(k, _)| k.to_string()).collect(),
            passes: 3,
            min_gain: 0.0001,
        }
    }
}

/// The knob names of a comma-separated list (`all`: every knob; `none` or empty: none).
pub fn parse_tune(list: &str) -> Result<Vec<String>> {
    match list.trim() {
        "all" => return Ok(KNOBS.iter().map(|(k, _)| k.to_string()).collect()),
        "none" | "" => return Ok(Vec::new()),
        _ => {}
    }
    list.split(',')
        .map(str::trim)
        .map(|k| {
            if KNOBS.iter().any(|(n, _)| *n == k) {
                Ok(k.to_string())
            } else {
                let names: Vec<&str> = KNOBS.iter().map(|(n, _)| *n).collect();
                Err(Error::Usage(format!(
                    "unknown weight {k:?} to tune (use all, none or some of {})",
                    names.join(", ")
                )))
            }
        })
        .collect()
}

/// One article, analyzed once: its candidates and vectors, the words of each candidate and of
/// each reference (as numbers), its budget and the baselines' summaries (which no weight
/// changes).
struct Article {
    topic: String,
    budget: usize,
    cands: Vec<Candidate>,
    space: Space,
    words: Vec<Vec<u32>>,
    refs: Vec<Vec<u32>>,
    /// Of each candidate, the share of its bigrams found in a human summary (clipped counts),
    /// averaged over the summaries: what the regression predicts.
    gain: Vec<f64>,
    lead: Rouge,
    textrank: Rouge,
}

impl Article {
    /// The summary words of a method with weights, as `eval rouge` makes them.
    fn summary(&self, method: Method, w: &Weights) -> Vec<u32> {
        let scored = summarize::score_with(method, &self.space, &self.cands, w);
        self.summary_of(&scored, w, method == Method::Khulasa)
    }

    /// The summary words of a selection from scores, as `eval rouge` makes them: with `mmr`
    /// as khulasa chooses, else in plain score order as the baselines do.
    fn summary_of(&self, scored: &[summarize::Scored], w: &Weights, mmr: bool) -> Vec<u32> {
        let chosen =
            summarize::select_in(&self.space, &self.cands, scored, &rouge_budget(), w, mmr);
        let mut out: Vec<u32> = take_to_budget(&chosen, &self.cands, self.budget)
            .into_iter()
            .flat_map(|i| self.words[i].iter().copied())
            .collect();
        out.truncate(self.budget);
        out
    }

    /// ROUGE-1/2/L of a summary, averaged over the references.
    fn rouge(&self, cand: &[u32]) -> Rouge {
        let k = self.refs.len() as f64;
        let mut acc = Rouge::default();
        for r in &self.refs {
            acc.r1 += rouge_n(cand, r, 1);
            acc.r2 += rouge_n(cand, r, 2);
            acc.rl += rouge_l(cand, r);
        }
        Rouge {
            r1: acc.r1 / k,
            r2: acc.r2 / k,
            rl: acc.rl / k,
        }
    }

    /// ROUGE-2 only, averaged over the references (the search's objective).
    fn rouge2(&self, cand: &[u32]) -> f64 {
        self.refs.iter().map(|r| rouge_n(cand, r, 2)).sum::<f64>() / self.refs.len() as f64
    }
}

/// Word numbers, the same word always the same number.
#[derive(Default)]
struct Vocab(HashMap<String, u32>);

impl Vocab {
    fn ids(&mut self, words: Vec<String>) -> Vec<u32> {
        words
            .into_iter()
            .map(|w| {
                let n = self.0.len() as u32;
                *self.0.entry(w).or_insert(n)
            })
            .collect()
    }
}

/// Analyze the articles that have a reference (the others are not measured, as in
/// `eval rouge`).
fn prepare(rows: &[EascRow], engine: &Engine) -> Vec<Article> {
    let analyzed: Vec<(usize, Vec<pipeline::Analyzed>)> = rows
        .par_iter()
        .enumerate()
        .map(|(i, row)| (i, analyze_article(engine, &row.text)))
        .collect();
    let mut vocab = Vocab::default();
    let mut out = Vec::new();
    for (i, docs) in analyzed {
        let row = &rows[i];
        let refs: Vec<Vec<u32>> = row
            .summaries
            .iter()
            .map(|s| rouge_words(s))
            .filter(|w| !w.is_empty())
            .map(|w| vocab.ids(w))
            .collect();
        if refs.is_empty() {
            continue;
        }
        let budget =
            (refs.iter().map(Vec::len).sum::<usize>() as f64 / refs.len() as f64).round() as usize;
        let cands = pipeline::candidates(&docs);
        let words: Vec<Vec<u32>> = cands
            .iter()
            .map(|c| vocab.ids(rouge_words(&docs[c.doc].sentences[c.index].text)))
            .collect();
        let space = Space::new(&cands);
        let gain = words.iter().map(|w| bigram_gain(w, &refs)).collect();
        let mut a = Article {
            topic: row.topic.clone(),
            budget,
            cands,
            space,
            words,
            refs,
            gain,
            lead: Rouge::default(),
            textrank: Rouge::default(),
        };
        let w = Weights::default();
        a.lead = a.rouge(&a.summary(Method::Lead, &w));
        a.textrank = a.rouge(&a.summary(Method::Textrank, &w));
        out.push(a);
    }
    out
}

/// The share of a sentence's bigrams found in each reference (clipped counts), averaged over
/// the references; 0 for a sentence of fewer than two words.
fn bigram_gain(words: &[u32], refs: &[Vec<u32>]) -> f64 {
    if words.len() < 2 || refs.is_empty() {
        return 0.0;
    }
    let mut mine: HashMap<(u32, u32), usize> = HashMap::new();
    for g in words.windows(2) {
        *mine.entry((g[0], g[1])).or_default() += 1;
    }
    let total = (words.len() - 1) as f64;
    refs.iter()
        .map(|r| {
            let mut theirs: HashMap<(u32, u32), usize> = HashMap::new();
            for g in r.windows(2) {
                *theirs.entry((g[0], g[1])).or_default() += 1;
            }
            let found: usize = mine
                .iter()
                .map(|(g, &k)| k.min(theirs.get(g).copied().unwrap_or(0)))
                .sum();
            found as f64 / total
        })
        .sum::<f64>()
        / refs.len() as f64
}

/// A step of splitmix64, the generator behind the fold order.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The fold of each topic: topics in an order shuffled by `seed`, each dealt in turn to the
/// fold with the fewest articles so far (the lowest-numbered of equal ones).
pub fn topic_folds(topics: &[&str], folds: usize, seed: u64) -> Result<BTreeMap<String, usize>> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for t in topics {
        *count.entry(t).or_default() += 1;
    }
    if folds < 2 || folds > count.len() {
        return Err(Error::Usage(format!(
            "{folds} folds by topic need 2 to {} folds (the number of topics)",
            count.len()
        )));
    }
    let mut order: Vec<(&str, usize)> = count.into_iter().collect();
    let mut state = seed;
    for i in (1..order.len()).rev() {
        let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut size = vec![0usize; folds];
    let mut out = BTreeMap::new();
    for (t, n) in order {
        let f = (0..folds).min_by_key(|&f| (size[f], f)).expect("folds ≥ 2");
        size[f] += n;
        out.insert(t.to_string(), f);
    }
    Ok(out)
}

/// Mean ROUGE-2 of khulasa with weights `w` over some articles. Articles are summarized in
/// parallel but added up in order, so that the sum does not depend on the threads.
fn mean_r2(articles: &[&Article], w: &Weights) -> f64 {
    let each: Vec<f64> = articles
        .par_iter()
        .map(|a| a.rouge2(&a.summary(Method::Khulasa, w)))
        .collect();
    each.iter().sum::<f64>() / articles.len().max(1) as f64
}

/// Coordinate search: each knob in turn takes the value of its grid with the best mean
/// ROUGE-2 on `articles` (the first of equal ones), a change kept only when it gains more than
/// `min_gain`; at most `passes` passes, fewer when a pass changes nothing.
fn search(articles: &[&Article], start: &Weights, opts: &CvOptions) -> Weights {
    let (tune, passes) = (&opts.tune, opts.passes);
    let mut w = *start;
    let mut best = mean_r2(articles, &w);
    for _ in 0..passes {
        let mut changed = false;
        for name in tune {
            let grid = KNOBS
                .iter()
                .find(|(k, _)| k == name)
                .map_or(&[][..], |(_, g)| *g);
            // The best value of the grid (the first of equal ones), kept if it gains enough.
            let mut top: Option<(f64, Weights)> = None;
            for &v in grid {
                let mut t = w;
                let Some(x) = knob(&mut t, name) else {
                    continue;
                };
                if (*x - v).abs() < 1e-12 {
                    continue;
                }
                *x = v;
                let r = mean_r2(articles, &t);
                if top.is_none_or(|(b, _)| r > b) {
                    top = Some((r, t));
                }
            }
            if let Some((r, t)) = top
                && r > best + opts.min_gain
            {
                best = r;
                w = t;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    w
}

/// The features the regression weighs, in the order of its coefficients (the names of
/// [`summarize::Features`] and of [`Weights`]).
pub const FEATURES: [&str; 9] = [
    "entity_density",
    "position",
    "centrality",
    "length",
    "theme",
    "headline",
    "paragraph",
    "quotes",
    "numbers",
];

/// The linear weight of a feature of [`FEATURES`].
fn linear<'a>(w: &'a mut Weights, name: &str) -> &'a mut f64 {
    match name {
        "position" => &mut w.position,
        _ => knob(w, name).expect("a feature of FEATURES is a knob or position"),
    }
}

/// Ridge term of the regression, per article: enough to keep a feature that barely varies
/// (quotes in a corpus of few quotations) from taking a large weight.
const RIDGE: f64 = 0.01;

/// Least squares (ridge [`RIDGE`]) of the sentences' [`Article::gain`] on their [`FEATURES`]
/// as `shape` computes them (its `position_decay` and `paragraph_bonus`), each feature and the
/// gain taken as a difference from its article's mean (the summary ranks sentences within an
/// article), every article weighing the same. The coefficients are scaled so that `position`
/// weighs 1 (when it comes out positive; else the largest weighs 1 in size) and rounded to
/// three decimals; the other weights are `shape`'s.
fn regress(articles: &[&Article], shape: &Weights) -> Weights {
    const N: usize = FEATURES.len();
    let probe = Weights {
        headline: 1.0,
        paragraph: 1.0,
        quotes: 1.0,
        numbers: 1.0,
        ..*shape
    };
    let rows: Vec<(Vec<[f64; N]>, &[f64])> = articles
        .par_iter()
        .map(|a| {
            let x = summarize::score_in(&a.space, &a.cands, &probe)
                .iter()
                .map(|s| FEATURES.map(|k| s.features.get(k).unwrap_or(0.0)))
                .collect();
            (x, &a.gain[..])
        })
        .collect();
    let mut xtx = [[0.0f64; N]; N];
    let mut xty = [0.0f64; N];
    for (x, y) in &rows {
        let n = x.len();
        if n < 2 {
            continue;
        }
        let mut mx = [0.0; N];
        for r in x {
            for (m, v) in mx.iter_mut().zip(r) {
                *m += v / n as f64;
            }
        }
        let my = y.iter().sum::<f64>() / n as f64;
        for (r, &yv) in x.iter().zip(y.iter()) {
            let d: [f64; N] = std::array::from_fn(|j| r[j] - mx[j]);
            for j in 0..N {
                xty[j] += d[j] * (yv - my) / n as f64;
                for k in 0..N {
                    xtx[j][k] += d[j] * d[k] / n as f64;
                }
            }
        }
    }
    for (j, row) in xtx.iter_mut().enumerate() {
        row[j] += RIDGE * rows.len() as f64;
    }
    let beta = solve(xtx, xty);
    let pos = beta[1];
    let scale = if pos > 1e-9 {
        pos
    } else {
        beta.iter().fold(0.0f64, |m, b| m.max(b.abs())).max(1e-9)
    };
    let mut w = *shape;
    for (name, b) in FEATURES.iter().zip(beta) {
        *linear(&mut w, name) = (b / scale * 1000.0).round() / 1000.0;
    }
    w
}

/// Solve `a · x = b` by Gaussian elimination with partial pivoting (a singular column gives 0).
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> [f64; N] {
    for c in 0..N {
        let p = (c..N)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .expect("c < N");
        a.swap(c, p);
        b.swap(c, p);
        if a[c][c].abs() < 1e-12 {
            continue;
        }
        for r in (c + 1)..N {
            let f = a[r][c] / a[c][c];
            let pivot = a[c];
            for (x, p) in a[r].iter_mut().zip(pivot).skip(c) {
                *x -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = [0.0; N];
    for c in (0..N).rev() {
        if a[c][c].abs() < 1e-12 {
            continue;
        }
        let s: f64 = ((c + 1)..N).map(|k| a[c][k] * x[k]).sum();
        x[c] = (b[c] - s) / a[c][c];
    }
    x
}

/// The grid of a knob when it is searched, else only the start's value.
fn grid_or(opts: &CvOptions, name: &str, start: &Weights) -> Vec<f64> {
    let searched = opts.tune.iter().any(|k| k == name);
    match KNOBS.iter().find(|(k, _)| *k == name) {
        Some((_, g)) if searched => g.to_vec(),
        _ => {
            let mut w = *start;
            vec![knob(&mut w, name).map_or(0.0, |x| *x)]
        }
    }
}

/// [`Fit::Regression`]: for each `position_decay` and `paragraph_bonus` of their grids (when
/// searched), the regression's weights; the pair with the best mean ROUGE-2 on `articles` (the
/// first of equal ones), then the best `mmr_lambda` of its grid (when searched) for them.
fn fit_regression(articles: &[&Article], start: &Weights, opts: &CvOptions) -> Weights {
    let mut best: Option<(f64, Weights)> = None;
    for decay in grid_or(opts, "position_decay", start) {
        for bonus in grid_or(opts, "paragraph_bonus", start) {
            let shape = Weights {
                position_decay: decay,
                paragraph_bonus: bonus,
                ..*start
            };
            let w = regress(articles, &shape);
            let r = mean_r2(articles, &w);
            if best.is_none_or(|(b, _)| r > b) {
                best = Some((r, w));
            }
        }
    }
    let (mut top, mut w) = best.expect("grids are never empty");
    let base = w;
    for l in grid_or(opts, "mmr_lambda", start) {
        let t = Weights {
            mmr_lambda: l,
            ..base
        };
        let r = mean_r2(articles, &t);
        if r > top {
            top = r;
            w = t;
        }
    }
    w
}

/// The features [`Fit::Prior`]'s tie-break weighs: every feature of khulasa's score but
/// position (the names of [`summarize::Features`]).
pub const TIE_FEATURES: [&str; 9] = [
    "entity_density",
    "centrality",
    "length",
    "theme",
    "headline",
    "paragraph",
    "quotes",
    "numbers",
    "bigrams",
];

/// [`Fit::Prior`]: sentences are taken in the order of a prior of their position, the mean
/// [`Article::gain`] of the training sentences at that position fitted as a non-increasing
/// function (isotonic regression, so that a later position is never preferred for its place
/// alone); among sentences of equal prior, in the order of a ridge regression of their gain
/// less the prior on their [`TIE_FEATURES`], each standardized within its article; then in
/// article order. Content only breaks ties of the prior: it never moves a sentence ahead of
/// one with a higher prior.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorModel {
    /// The prior of each position (0 = first); positions past the end take the last one.
    pub prior: Vec<f64>,
    /// The coefficients of [`TIE_FEATURES`].
    pub tie: [f64; TIE_FEATURES.len()],
}

impl PriorModel {
    fn prior_of(&self, position: usize) -> f64 {
        self.prior
            .get(position)
            .or(self.prior.last())
            .copied()
            .unwrap_or(0.0)
    }

    /// Scores that put an article's candidates in the model's order: the first gets the
    /// number of candidates, the last 1.
    fn scores(&self, a: &Article) -> Vec<summarize::Scored> {
        let tie: Vec<f64> = standardized(a)
            .iter()
            .map(|x| x.iter().zip(&self.tie).map(|(x, b)| x * b).sum())
            .collect();
        let prior: Vec<f64> = a.cands.iter().map(|c| self.prior_of(c.position)).collect();
        let n = a.cands.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&i, &j| {
            prior[j]
                .total_cmp(&prior[i])
                .then(tie[j].total_cmp(&tie[i]))
                .then(i.cmp(&j))
        });
        let mut out = vec![
            summarize::Scored {
                score: 0.0,
                features: summarize::Features::default(),
            };
            n
        ];
        for (rank, &i) in order.iter().enumerate() {
            out[i].score = (n - rank) as f64;
        }
        out
    }
}

/// The [`TIE_FEATURES`] of an article's candidates, each standardized within the article (a
/// feature that does not vary there is 0).
fn standardized(a: &Article) -> Vec<[f64; TIE_FEATURES.len()]> {
    let probe = Weights {
        headline: 1.0,
        paragraph: 1.0,
        quotes: 1.0,
        numbers: 1.0,
        bigrams: 1.0,
        ..Weights::default()
    };
    let mut x: Vec<[f64; TIE_FEATURES.len()]> = summarize::score_in(&a.space, &a.cands, &probe)
        .iter()
        .map(|s| TIE_FEATURES.map(|k| s.features.get(k).unwrap_or(0.0)))
        .collect();
    let n = x.len().max(1) as f64;
    for j in 0..TIE_FEATURES.len() {
        let m = x.iter().map(|r| r[j]).sum::<f64>() / n;
        let sd = (x.iter().map(|r| (r[j] - m) * (r[j] - m)).sum::<f64>() / n).sqrt();
        for r in &mut x {
            r[j] = if sd > 1e-9 { (r[j] - m) / sd } else { 0.0 };
        }
    }
    x
}

/// The non-increasing sequence closest in weighted squares to the means `sum[i] / count[i]`
/// (pool adjacent violators); a position without a count takes its predecessor's value.
fn non_increasing(sum: &[f64], count: &[f64]) -> Vec<f64> {
    // Blocks of pooled positions: (sum, count, positions).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (&s, &c) in sum.iter().zip(count) {
        blocks.push((s, c, 1));
        while blocks.len() >= 2 {
            let (s2, c2, n2) = blocks[blocks.len() - 1];
            let (s1, c1, n1) = blocks[blocks.len() - 2];
            // A block with no count pools with the one before it.
            if c2 > 0.0 && c1 > 0.0 && s1 / c1 >= s2 / c2 {
                break;
            }
            blocks.pop();
            *blocks.last_mut().expect("two blocks") = (s1 + s2, c1 + c2, n1 + n2);
        }
    }
    blocks
        .into_iter()
        .flat_map(|(s, c, n)| std::iter::repeat_n(if c > 0.0 { s / c } else { 0.0 }, n))
        .collect()
}

/// [`PriorModel`] fitted on `articles`: the prior from every sentence's gain by position; the
/// tie-break by ridge regression (ridge term the number of sentences, so that the
/// coefficients shrink by about half) of each sentence's gain less its prior, taken as a
/// difference from its article's mean, on its standardized features.
fn fit_prior(articles: &[&Article]) -> PriorModel {
    const N: usize = TIE_FEATURES.len();
    let (mut sum, mut count) = (Vec::new(), Vec::new());
    for a in articles {
        for (c, &g) in a.cands.iter().zip(&a.gain) {
            if c.position >= sum.len() {
                sum.resize(c.position + 1, 0.0);
                count.resize(c.position + 1, 0.0);
            }
            sum[c.position] += g;
            count[c.position] += 1.0;
        }
    }
    let mut model = PriorModel {
        prior: non_increasing(&sum, &count),
        tie: [0.0; N],
    };
    let zs: Vec<Vec<[f64; N]>> = articles.par_iter().map(|a| standardized(a)).collect();
    let mut xtx = [[0.0f64; N]; N];
    let mut xty = [0.0f64; N];
    let mut rows = 0usize;
    for (a, z) in articles.iter().zip(&zs) {
        let r: Vec<f64> = a
            .cands
            .iter()
            .zip(&a.gain)
            .map(|(c, g)| g - model.prior_of(c.position))
            .collect();
        let m = r.iter().sum::<f64>() / r.len().max(1) as f64;
        for (x, rv) in z.iter().zip(&r) {
            for j in 0..N {
                xty[j] += x[j] * (rv - m);
                for k in 0..N {
                    xtx[j][k] += x[j] * x[k];
                }
            }
            rows += 1;
        }
    }
    for (j, row) in xtx.iter_mut().enumerate() {
        row[j] += rows.max(1) as f64;
    }
    model.tie = solve(xtx, xty);
    model
}

/// The weights `opts.fit` chooses on `articles`, starting from `start`.
fn choose(articles: &[&Article], start: &Weights, opts: &CvOptions) -> Weights {
    match opts.fit {
        Fit::Search => search(articles, start, opts),
        Fit::Regression => fit_regression(articles, start, opts),
        Fit::Prior => *start,
    }
}

/// One fold's result: its topics and articles, the weights chosen on the other folds, and the
/// mean ROUGE of khulasa (with those weights), lead and TextRank on its articles.
#[derive(Debug, Clone)]
pub struct Fold {
    pub topics: Vec<String>,
    pub articles: usize,
    pub weights: Weights,
    /// With [`Fit::Prior`], the model fitted on the other folds (`weights` are then unused).
    pub prior: Option<PriorModel>,
    pub khulasa: Rouge,
    pub lead: Rouge,
    pub textrank: Rouge,
}

/// Result of `eval rouge --cv`.
#[derive(Debug, Clone)]
pub struct CvReport {
    pub fit: Fit,
    pub seed: u64,
    pub tune: Vec<String>,
    pub min_gain: f64,
    pub folds: Vec<Fold>,
    /// The weights the same search chooses on every article (what would ship), with their
    /// in-sample mean ROUGE-2 (not an estimate of anything).
    pub fitted: Weights,
    /// With [`Fit::Prior`], the model fitted on every article (`fitted` is then unused).
    pub fitted_prior: Option<PriorModel>,
    pub fitted_r2: f64,
}

/// Mean and sample standard deviation.
fn mean_std(x: &[f64]) -> (f64, f64) {
    let n = x.len().max(1) as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = if x.len() > 1 {
        x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (m, v.sqrt())
}

impl CvReport {
    /// Mean and standard deviation over the folds of one figure.
    pub fn over_folds(&self, f: impl Fn(&Fold) -> f64) -> (f64, f64) {
        mean_std(&self.folds.iter().map(f).collect::<Vec<_>>())
    }
}

/// `[weights]` as the configuration file writes them.
fn weights_toml(w: &Weights) -> String {
    toml::to_string(w).unwrap_or_default()
}

impl fmt::Display for CvReport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let tuned = if self.tune.is_empty() {
            "none (the configuration's weights, measured fold by fold)".to_string()
        } else {
            self.tune.join(", ")
        };
        match self.fit {
            Fit::Search => writeln!(
                f,
                "{} folds by topic (seed {}); weights chosen on the other folds by coordinate search of mean ROUGE-2 (a change kept when it gains more than {}); searched: {tuned}",
                self.folds.len(),
                self.seed,
                self.min_gain
            )?,
            Fit::Regression => writeln!(
                f,
                "{} folds by topic (seed {}); weights chosen on the other folds by least squares of each sentence's share of bigrams in the human summaries on its features ({}), within articles; grids searched by mean ROUGE-2: {tuned}",
                self.folds.len(),
                self.seed,
                FEATURES.join(", ")
            )?,
            Fit::Prior => writeln!(
                f,
                "{} folds by topic (seed {}); sentences ordered by a prior of their position (the other folds' mean share of bigrams in the human summaries by position, fitted non-increasing), ties of the prior broken by least squares of what the prior leaves on their features ({}), within articles",
                self.folds.len(),
                self.seed,
                TIE_FEATURES.join(", ")
            )?,
        }
        writeln!(
            f,
            "fold\tarticles\tkhulasa R1/R2/RL\tlead R1/R2/RL\ttextrank R1/R2/RL\tkhulasa−lead R2\ttopics"
        )?;
        let r = |x: &Rouge| format!("{:.4}/{:.4}/{:.4}", x.r1, x.r2, x.rl);
        for (i, fold) in self.folds.iter().enumerate() {
            writeln!(
                f,
                "{}\t{}\t{}\t{}\t{}\t{:+.4}\t{}",
                i + 1,
                fold.articles,
                r(&fold.khulasa),
                r(&fold.lead),
                r(&fold.textrank),
                fold.khulasa.r2 - fold.lead.r2,
                fold.topics.join(", ")
            )?;
        }
        writeln!(f, "mean ± std over folds\tROUGE-1\tROUGE-2\tROUGE-L")?;
        type Pick = fn(&Fold) -> &Rouge;
        let systems: [(&str, Pick); 3] = [
            ("khulasa", |x| &x.khulasa),
            ("lead", |x| &x.lead),
            ("textrank", |x| &x.textrank),
        ];
        for (name, pick) in systems {
            let (m1, s1) = self.over_folds(|x| pick(x).r1);
            let (m2, s2) = self.over_folds(|x| pick(x).r2);
            let (ml, sl) = self.over_folds(|x| pick(x).rl);
            writeln!(
                f,
                "{name}\t{m1:.4} ± {s1:.4}\t{m2:.4} ± {s2:.4}\t{ml:.4} ± {sl:.4}"
            )?;
        }
        let (d, s) = self.over_folds(|x| x.khulasa.r2 - x.lead.r2);
        writeln!(f, "khulasa − lead ROUGE-2\t{d:+.4} ± {s:.4}")?;
        if let Some(m) = &self.fitted_prior {
            let prior: Vec<String> = m.prior.iter().take(16).map(|p| format!("{p:.3}")).collect();
            let tie: Vec<String> = TIE_FEATURES
                .iter()
                .zip(m.tie)
                .map(|(k, b)| format!("{k} {b:+.4}"))
                .collect();
            return write!(
                f,
                "the prior fitted on all articles (in-sample ROUGE-2 {:.4}, not an estimate):\nprior by position\t{}\ntie-break\t{}\n",
                self.fitted_r2,
                prior.join(" "),
                tie.join(", ")
            );
        }
        write!(
            f,
            "weights the {} chooses on all articles (in-sample ROUGE-2 {:.4}, not an estimate):\n[weights]\n{}",
            match self.fit {
                Fit::Search => "search",
                Fit::Regression => "regression",
                Fit::Prior => "prior",
            },
            self.fitted_r2,
            weights_toml(&self.fitted)
        )
    }
}

/// Cross-validated ROUGE of khulasa against lead and TextRank (see the module's note),
/// starting every search from `start`.
pub fn rouge_cv(
    jsonl: &str,
    engine: &Engine,
    start: &Weights,
    opts: &CvOptions,
) -> Result<CvReport> {
    let rows = read_easc(jsonl)?;
    if let Some(r) = rows.iter().find(|r| r.topic.is_empty()) {
        return Err(Error::Usage(format!(
            "article {} has no topic: folds by topic need one on every article",
            r.id
        )));
    }
    let articles = prepare(&rows, engine);
    let topics: Vec<&str> = articles.iter().map(|a| a.topic.as_str()).collect();
    let fold_of = topic_folds(&topics, opts.folds, opts.seed)?;
    let mut folds = Vec::new();
    for k in 0..opts.folds {
        let (test, train): (Vec<&Article>, Vec<&Article>) =
            articles.iter().partition(|a| fold_of[&a.topic] == k);
        let weights = choose(&train, start, opts);
        let prior = (opts.fit == Fit::Prior).then(|| fit_prior(&train));
        let n = test.len().max(1) as f64;
        let mean = |f: &dyn Fn(&Article) -> Rouge| {
            let mut s = Rouge::default();
            for a in &test {
                let x = f(a);
                s.r1 += x.r1 / n;
                s.r2 += x.r2 / n;
                s.rl += x.rl / n;
            }
            s
        };
        folds.push(Fold {
            topics: fold_of
                .iter()
                .filter(|&(_, &f)| f == k)
                .map(|(t, _)| t.clone())
                .collect(),
            articles: test.len(),
            weights,
            khulasa: match &prior {
                Some(m) => mean(&|a| a.rouge(&a.summary_of(&m.scores(a), &weights, false))),
                None => mean(&|a| a.rouge(&a.summary(Method::Khulasa, &weights))),
            },
            prior,
            lead: mean(&|a| a.lead),
            textrank: mean(&|a| a.textrank),
        });
    }
    let all: Vec<&Article> = articles.iter().collect();
    let fitted = choose(&all, start, opts);
    let fitted_prior = (opts.fit == Fit::Prior).then(|| fit_prior(&all));
    let fitted_r2 = match &fitted_prior {
        Some(m) => {
            all.iter()
                .map(|a| a.rouge2(&a.summary_of(&m.scores(a), &fitted, false)))
                .sum::<f64>()
                / all.len().max(1) as f64
        }
        None => mean_r2(&all, &fitted),
    };
    Ok(CvReport {
        fit: opts.fit,
        seed: opts.seed,
        tune: opts.tune.clone(),
        min_gain: opts.min_gain,
        folds,
        fitted,
        fitted_prior,
        fitted_r2,
    })
}

/// Every candidate of every article with a reference, as JSON Lines (one article a line):
/// its topic, budget and reference word numbers, and of each candidate its place, its
/// features (every feature of khulasa's score), its share of bigrams in the human summaries
/// (`gain`), its word numbers as ROUGE counts them and its similarity to the article's other
/// candidates. For fitting and checking rankers outside (`scripts/train_ranker.py`).
pub fn rouge_features(jsonl: &str, engine: &Engine) -> Result<String> {
    let rows = read_easc(jsonl)?;
    let articles = prepare(&rows, engine);
    let probe = Weights {
        headline: 1.0,
        paragraph: 1.0,
        quotes: 1.0,
        numbers: 1.0,
        bigrams: 1.0,
        ..Weights::default()
    };
    let mut out = String::new();
    for a in &articles {
        let scored = summarize::score_in(&a.space, &a.cands, &probe);
        let n = a.cands.len();
        let sentences: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                let c = &a.cands[i];
                let f: serde_json::Map<String, serde_json::Value> = scored[i]
                    .features
                    .iter()
                    .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
                    .collect();
                let sim: Vec<f64> = (0..n).map(|j| round6(a.space.similarity(i, j))).collect();
                serde_json::json!({
                    "doc": c.doc,
                    "position": c.position,
                    "in_paragraph": c.in_paragraph,
                    "heading": c.heading,
                    "words": c.words,
                    "features": f,
                    "gain": a.gain[i],
                    "ids": a.words[i],
                    "stems": c.stems.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    "sim": sim,
                })
            })
            .collect();
        let line = serde_json::json!({
            "topic": a.topic,
            "budget": a.budget,
            "refs": a.refs,
            "sentences": sentences,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    Ok(out)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests;
