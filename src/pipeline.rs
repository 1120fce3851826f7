//! The pipeline engine: the middle stages run over documents with the run's [`Resources`]:
//! text → entities → themes for each document, then stories → summarize over the day.
//! Documents are analyzed in parallel; the results keep the input order.

use rayon::prelude::*;

use crate::config::Config;
use crate::entities::Mention;
use crate::error::Result;
use crate::gist::Verb;
use crate::ingest::Document;
use crate::resources::Resources;
use crate::stories::{self, Stories};
use crate::summarize::{self, Budget, Candidate, Chosen, Method, Scored, Weights};
use crate::text::{self, SegmentOptions, Span};
use crate::themes::Themes;

/// One analyzed sentence.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index of the sentence in its document.
    pub index: usize,
    pub span: Span,
    /// The sentence as written (original spelling, line breaks kept).
    pub text: String,
    /// Number of words.
    pub words: usize,
    /// Hashed stems of the content words (stop words left out), for similarity.
    pub stems: std::sync::Arc<[u64]>,
    /// The first verb of saying or acting and its actor, for the gist.
    pub verb: Option<Verb>,
    pub mentions: Vec<Mention>,
    pub themes: Themes,
}

impl Sentence {
    /// Number of words.
    pub fn words(&self) -> usize {
        self.words
    }
}

/// One analyzed document.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
}

impl Analyzed {
    /// Every mention of the document, in order.
    pub fn mentions(&self) -> impl Iterator<Item = &Mention> {
        self.sentences.iter().flat_map(|s| s.mentions.iter())
    }
}

/// The analysis stages over one [`Resources`]: segmentation options and the tables and
/// models of the run.
pub struct Engine {
    pub resources: Resources,
    pub segment: SegmentOptions,
}

impl Engine {
    /// The built-in data only.
    pub fn builtin() -> Result<Engine> {
        Ok(Engine::new(Resources::builtin()?))
    }

    /// The built-in data plus what the configuration adds.
    pub fn from_config(config: &Config) -> Result<Engine> {
        Ok(Engine::new(Resources::from_config(config)?))
    }

    /// An engine over resources built elsewhere.
    pub fn new(resources: Resources) -> Engine {
        Engine {
            resources,
            segment: SegmentOptions::default(),
        }
    }

    /// Segment, tokenize, recognize entities and classify themes for one document.
    pub fn analyze_one(&self, doc: Document) -> Analyzed {
        let res = &self.resources;
        let spans = text::segment(&doc.text, &doc.skip_ranges(), self.segment);
        let ranges: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        let mentions = res.recognizer.recognize(&doc.text, &ranges);
        let mut mi = 0;
        let sentences = spans
            .into_iter()
            .enumerate()
            .map(|(index, span)| {
                let tokens = text::tokenize(&doc.text, span.start, span.end, &res.words);
                let mut ms = Vec::new();
                while mi < mentions.len() && mentions[mi].byte_start < span.end {
                    if mentions[mi].byte_start >= span.start {
                        ms.push(mentions[mi].clone());
                    }
                    mi += 1;
                }
                let themes = res.lexicon.classify(&tokens);
                // Tokens are not kept: what later stages need of them is computed here.
                let stems = tokens
                    .iter()
                    .filter(|t| !res.words.is_stop(&t.norm, &t.core) && t.core.chars().count() > 1)
                    .map(|t| summarize::stem_id(&t.stem))
                    .collect();
                Sentence {
                    index,
                    text: doc.text[span.start..span.end].to_string(),
                    span,
                    words: tokens.len(),
                    stems,
                    verb: res
                        .verbs
                        .find(&doc.text, &tokens, &ms, res.recognizer.gazetteer()),
                    mentions: ms,
                    themes,
                }
            })
            .collect();
        Analyzed { doc, sentences }
    }

    /// Analyze documents in parallel, keeping their order.
    pub fn analyze(&self, docs: Vec<Document>) -> Vec<Analyzed> {
        self.analyze_with(docs, &|| {})
    }

    /// Analyze documents in parallel, calling `done` after each one (for progress reports).
    pub fn analyze_with(&self, docs: Vec<Document>, done: &(dyn Fn() + Sync)) -> Vec<Analyzed> {
        docs.into_par_iter()
            .map(|d| {
                let a = self.analyze_one(d);
                done();
                a
            })
            .collect()
    }
}

/// The summarizer's view of the analyzed sentences, in document then sentence order, with
/// (document index, sentence index) for each. Each document is its own story here;
/// [`summarize`] files them under the day's stories.
pub fn candidates(docs: &[Analyzed]) -> Vec<Candidate> {
    docs.par_iter()
        .enumerate()
        .flat_map_iter(|(di, d)| {
            d.sentences
                .iter()
                .enumerate()
                .map(move |(pos, s)| Candidate {
                    doc: di,
                    story: di,
                    index: s.index,
                    position: pos,
                    in_paragraph: s.span.in_paragraph,
                    heading: s.span.heading,
                    words: s.words(),
                    stems: std::sync::Arc::clone(&s.stems),
                    entities: s
                        .mentions
                        .iter()
                        .map(|m| summarize::stem_id(&m.key))
                        .collect(),
                    theme_strength: s.themes.strength(),
                    primary: s.themes.primary.clone(),
                    quote: summarize::has_quote(&s.text),
                    number: summarize::has_number(&s.text),
                })
        })
        .collect()
}

/// A summary: the day's stories, every candidate's score, and the choice.
#[derive(Debug, Clone)]
pub struct Summary {
    pub candidates: Vec<Candidate>,
    pub scored: Vec<Scored>,
    pub chosen: Vec<Chosen>,
    /// The stories the documents were grouped into; each candidate's `story` indexes them.
    pub stories: Stories,
}

/// Group the analyzed documents into stories, then score and select their sentences.
pub fn summarize(docs: &[Analyzed], method: Method, budget: &Budget, weights: &Weights) -> Summary {
    summarize_themes(docs, method, budget, weights, None)
}

/// [`summarize`], choosing only among sentences whose primary theme is one of `themes` (an
/// audience's themes), so that the budget is spent on what the audience is shown. Every
/// sentence is still scored against the whole day.
pub fn summarize_themes(
    docs: &[Analyzed],
    method: Method,
    budget: &Budget,
    weights: &Weights,
    themes: Option<&[String]>,
) -> Summary {
    let stories = stories::cluster(docs);
    let mut candidates = candidates(docs);
    for c in &mut candidates {
        c.story = stories.of_doc[c.doc];
    }
    let space = summarize::Space::new(&candidates);
    let scored = summarize::score_with(method, &space, &candidates, weights);
    let mmr = method == Method::Khulasa;
    let chosen = match themes {
        None => summarize::select_in(&space, &candidates, &scored, budget, weights, mmr),
        Some(themes) => {
            let keep: Vec<usize> = (0..candidates.len())
                .filter(|&i| themes.iter().any(|t| *t == *candidates[i].primary))
                .collect();
            let sub_cands: Vec<Candidate> = keep.iter().map(|&i| candidates[i].clone()).collect();
            let sub_scored: Vec<Scored> = keep.iter().map(|&i| scored[i].clone()).collect();
            let sub_space = space.subset(&keep);
            summarize::select_in(&sub_space, &sub_cands, &sub_scored, budget, weights, mmr)
                .into_iter()
                .map(|c| Chosen {
                    candidate: keep[c.candidate],
                    duplicates: c.duplicates.iter().map(|&d| keep[d]).collect(),
                })
                .collect()
        }
    };
    Summary {
        candidates,
        scored,
        chosen,
        stories,
    }
}
