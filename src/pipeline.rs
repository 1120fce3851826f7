//! The pipeline engine: the middle stages run over documents with the run's [`Resources`]:
//! text → entities → themes for each document, then stories → summarize over the day.
//! Documents are analyzed in parallel; the results keep the input order.
//!
//! A build keeps of each analyzed document only what the later stages need ([`Day`]): per
//! sentence a [`Brief`] (its stems, entity ids, theme, length and place), per document its
//! [`Document`], and for the whole day the glossary's counts. Documents go through the analysis
//! a batch at a time, so memory holds one batch's analyses, not the day's; the few documents
//! that the digest quotes are analyzed again in full at the end ([`Day::sentences`]).

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
use crate::themes::{OTHER, Themes};

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
    /// Analyzed in full; false when only skimmed ([`Engine::skim_one`]): no entities, themes
    /// or gists.
    pub full: bool,
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
        self.read_one(doc, true)
    }

    /// Segment and tokenize one document, without entities, themes or gists: its sentences'
    /// stems, lengths and places, all that grouping the day into stories needs
    /// ([`leading_documents`]). The sentences are those of [`Engine::analyze_one`].
    pub fn skim_one(&self, doc: Document) -> Analyzed {
        self.read_one(doc, false)
    }

    /// [`Engine::analyze_one`] (`full`) or [`Engine::skim_one`].
    fn read_one(&self, doc: Document, full: bool) -> Analyzed {
        let res = &self.resources;
        let spans = text::segment(&doc.text, &doc.skip_ranges(), self.segment);
        let mentions = if full {
            let ranges: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
            res.recognizer.recognize(&doc.text, &ranges)
        } else {
            Vec::new()
        };
        let mut mi = 0;
        let tokens: Vec<Vec<text::Token>> = spans
            .iter()
            .map(|span| text::tokenize(&doc.text, span.start, span.end, &res.words))
            .collect();
        // Themes read the sentence's place in the document too.
        let themes = if full {
            res.lexicon.classify_document(&tokens)
        } else {
            tokens.iter().map(|_| no_themes()).collect()
        };
        let sentences = spans
            .into_iter()
            .zip(tokens)
            .zip(themes)
            .enumerate()
            .map(|(index, ((span, tokens), themes))| {
                let mut ms = Vec::new();
                while mi < mentions.len() && mentions[mi].byte_start < span.end {
                    if mentions[mi].byte_start >= span.start {
                        ms.push(mentions[mi].clone());
                    }
                    mi += 1;
                }
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
                    verb: if full {
                        res.verbs
                            .find(&doc.text, &tokens, &ms, res.recognizer.gazetteer())
                    } else {
                        None
                    },
                    mentions: ms,
                    themes,
                }
            })
            .collect();
        Analyzed {
            doc,
            sentences,
            full,
        }
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

    /// Analyze documents in parallel, a batch at a time, keeping of each only its [`Record`]:
    /// the day's [`Day`], in input order. `done` is called after each document.
    pub fn analyze_day(&self, docs: Vec<Document>, done: &(dyn Fn() + Sync)) -> Day {
        self.read_day(docs, true, done)
    }

    /// [`Engine::analyze_day`] with every document only skimmed ([`Engine::skim_one`]): the
    /// day's stories can be found in it ([`leading_documents`]), and [`Day::analyze_in_full`]
    /// then analyzes the documents that matter.
    pub fn skim_day(&self, docs: Vec<Document>, done: &(dyn Fn() + Sync)) -> Day {
        self.read_day(docs, false, done)
    }

    fn read_day(&self, docs: Vec<Document>, full: bool, done: &(dyn Fn() + Sync)) -> Day {
        let mut day = Day::default();
        day.docs.reserve(docs.len());
        let mut docs = docs.into_iter();
        loop {
            let batch: Vec<Document> = docs.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let briefed: Vec<Briefed> = batch
                .into_par_iter()
                .map(|d| {
                    let r = Record::brief(self.read_one(d, full));
                    done();
                    r
                })
                .collect();
            for (record, mentions) in briefed {
                let record = day.settle(record, mentions);
                day.docs.push(record);
            }
        }
        let_go_of_caches();
        day
    }
}

/// The themes of a sentence only skimmed: none.
fn no_themes() -> Themes {
    Themes {
        scores: Default::default(),
        themes: vec![OTHER.to_string()],
        primary: OTHER.to_string(),
        hits: Vec::new(),
    }
}

/// Let go of what the analysis kept for speed in every thread, when it ends: the tagger's
/// per-thread caches and the memos of words (stems, theme keys, romanized names) are the bulk
/// of the analysis' memory and are of little use to the stages after it, so they go before
/// the summary grows.
fn let_go_of_caches() {
    rayon::broadcast(|_| {
        crate::entities::tagger::release_thread_cache();
        crate::memo::release_thread_memos();
        return_memory();
    });
    return_memory();
}

/// What a program gives to hand the memory its threads have let go back to the system: see
/// [`set_return_memory`].
static RETURN_MEMORY: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Set the function that hands the memory the calling thread has let go back to the system
/// (with mimalloc, `mi_collect`), called in each thread when the analysis of a day ends.
/// Without it, an allocator may keep what the analysis' caches held until the thread next
/// allocates, and the summary's memory would come on top of it. The first function set stays.
pub fn set_return_memory(f: fn()) {
    let _ = RETURN_MEMORY.set(f);
}

/// Call the function of [`set_return_memory`], if any, in the calling thread.
fn return_memory() {
    if let Some(f) = RETURN_MEMORY.get() {
        f();
    }
}

/// A document's record and its sentences' mentions, as [`Record::brief`] gives them.
type Briefed = (Record, Vec<Vec<Mention>>);

/// Documents analyzed at once by [`Engine::analyze_day`]: enough to keep both cores busy,
/// few enough that their analyses weigh little beside the day's records.
const BATCH: usize = 256;

/// What the later stages keep of one analyzed sentence: its place, length, stems, entities
/// and theme. The text and mentions are in its document, analyzed again when it is quoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// Index of the sentence in its document.
    pub index: u32,
    /// Index of the sentence within its paragraph.
    pub in_paragraph: u32,
    pub heading: bool,
    /// Number of words.
    pub words: u32,
    /// Hashed stems of the content words, as in [`Sentence::stems`].
    pub stems: std::sync::Arc<[u64]>,
    /// The entity of each mention, in order, as an index into the day's entity keys
    /// ([`Day::key`]).
    pub entities: Box<[u32]>,
    /// Strength of the primary theme in [0, 1).
    pub theme_strength: f64,
    /// The primary theme, an index into the day's theme keys ([`Day::theme`]).
    pub primary: u16,
    /// The sentence holds a quotation mark ([`summarize::has_quote`]).
    pub quote: bool,
    /// The sentence holds a number ([`summarize::has_number`]).
    pub number: bool,
}

impl Brief {
    /// Number of words.
    pub fn words(&self) -> usize {
        self.words as usize
    }
}

/// One document as a build keeps it: the document and its sentences' [`Brief`]s.
#[derive(Debug, Clone)]
pub struct Record {
    /// The document without its text (`text` is empty): the text is kept packed, and
    /// [`Record::document`] gives the document whole.
    pub doc: Document,
    text: Packed,
    pub sentences: Vec<Brief>,
    /// Analyzed in full ([`Analyzed::full`]); false when only skimmed: its sentences have no
    /// entities and no theme, and are never chosen.
    pub analyzed: bool,
    /// The keys and themes of the briefs before they are numbered by the day.
    pending: Vec<(Vec<String>, String)>,
}

/// A text packed for keeping: a letter of the basic Arabic block (U+0600 to U+067E) in one
/// byte instead of two, ASCII as it is, any other character as a marker byte and its UTF-8
/// bytes. Arabic news text takes a little over half its UTF-8 size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed(Box<[u8]>);

/// The first character of the block packed in one byte ([`Packed`]).
const PACKED_BASE: u32 = 0x600;
/// The byte before a character kept in UTF-8 ([`Packed`]).
const PACKED_OTHER: u8 = 0xFF;

impl Packed {
    /// `text`, packed.
    pub fn new(text: &str) -> Packed {
        let mut out = Vec::with_capacity(text.len() * 5 / 8);
        for c in text.chars() {
            let u = c as u32;
            if u < 0x80 {
                out.push(u as u8);
            } else if (PACKED_BASE..PACKED_BASE + 0x7F).contains(&u) {
                out.push(0x80 + (u - PACKED_BASE) as u8);
            } else {
                out.push(PACKED_OTHER);
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        Packed(out.into_boxed_slice())
    }

    /// The text as it was given to [`Packed::new`].
    pub fn unpack(&self) -> String {
        let bytes = &self.0;
        let mut out = String::with_capacity(bytes.len() * 2);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                out.push(b as char);
                i += 1;
            } else if b != PACKED_OTHER {
                out.push(char::from_u32(PACKED_BASE + u32::from(b - 0x80)).unwrap_or('\u{FFFD}'));
                i += 1;
            } else {
                // A UTF-8 character: its first byte gives its length.
                let lead = bytes.get(i + 1).copied().unwrap_or(0);
                let len = match lead {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    _ => 2,
                };
                let end = (i + 1 + len).min(bytes.len());
                out.push_str(std::str::from_utf8(&bytes[i + 1..end]).unwrap_or("\u{FFFD}"));
                i = end;
            }
        }
        out
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Nothing held.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Record {
    /// The record of an analysis, with each sentence's mentions (for the glossary).
    fn brief(a: Analyzed) -> Briefed {
        let mut sentences = Vec::with_capacity(a.sentences.len());
        let mut pending = Vec::with_capacity(a.sentences.len());
        let mut mentions = Vec::with_capacity(a.sentences.len());
        for s in a.sentences {
            sentences.push(Brief {
                index: s.index as u32,
                in_paragraph: s.span.in_paragraph as u32,
                heading: s.span.heading,
                words: s.words as u32,
                stems: s.stems,
                entities: Box::default(),
                theme_strength: s.themes.strength(),
                primary: 0,
                quote: summarize::has_quote(&s.text),
                number: summarize::has_number(&s.text),
            });
            pending.push((
                s.mentions.iter().map(|m| m.key.clone()).collect(),
                s.themes.primary,
            ));
            mentions.push(s.mentions);
        }
        (
            Record {
                doc: a.doc,
                text: Packed::default(),
                sentences,
                analyzed: a.full,
                pending,
            },
            mentions,
        )
    }

    /// Number of words.
    pub fn words(&self) -> usize {
        self.sentences.iter().map(Brief::words).sum()
    }

    /// The document whole, its text unpacked.
    pub fn document(&self) -> Document {
        Document {
            text: self.text.unpack(),
            ..self.doc.clone()
        }
    }

    /// The text left out of the document's sentences and why, as [`Document::dropped`] gives
    /// it.
    pub fn dropped(&self) -> Vec<(String, crate::ingest::Reason)> {
        self.document()
            .dropped()
            .map(|(text, reason)| (text.to_string(), reason))
            .collect()
    }
}

/// The day's documents as a build keeps them after the analysis: a [`Record`] per document in
/// input order, the entity keys and themes they name, numbered, and the glossary's counts.
#[derive(Debug, Clone, Default)]
pub struct Day {
    pub docs: Vec<Record>,
    keys: Vec<String>,
    /// [`summarize::stem_id`] of each key.
    key_ids: Vec<u64>,
    key_index: rustc_hash::FxHashMap<String, u32>,
    themes: Vec<String>,
    glossary: crate::entities::GlossaryBuilder,
}

impl Day {
    /// The records of documents analyzed already (their documents copied).
    pub fn from_analyzed(docs: &[Analyzed]) -> Day {
        let mut day = Day::default();
        for a in docs {
            let (record, mentions) = Record::brief(a.clone());
            day.push(record, mentions);
        }
        day
    }

    /// Add the next document's record, its text still in its document, and its sentences'
    /// mentions.
    ///
    /// What the day keeps is allocated anew here, in the calling thread, rather than kept
    /// where the analysis made it: a record's pieces made by a worker thread would be
    /// scattered among that thread's passing allocations and hold their memory after the
    /// analysis has let go of them.
    fn push(&mut self, record: Record, mentions: Vec<Vec<Mention>>) {
        let record = self.settle(record, mentions);
        self.docs.push(record);
    }

    /// A document's record as the day keeps it: its mentions counted in the glossary, its
    /// text packed, its entity keys and themes numbered.
    fn settle(&mut self, record: Record, mentions: Vec<Vec<Mention>>) -> Record {
        for ms in &mentions {
            for m in ms {
                self.glossary.add(m);
            }
        }
        let Record {
            mut doc,
            sentences: briefs,
            analyzed,
            pending,
            ..
        } = record;
        let text = Packed::new(&doc.text);
        doc.text = String::new();
        let mut sentences = Vec::with_capacity(briefs.len());
        for (b, (keys, primary)) in briefs.into_iter().zip(pending) {
            let primary = match self.themes.iter().position(|t| *t == primary) {
                Some(i) => i as u16,
                None => {
                    self.themes.push(primary);
                    (self.themes.len() - 1) as u16
                }
            };
            sentences.push(Brief {
                stems: std::sync::Arc::from(&b.stems[..]),
                entities: keys.into_iter().map(|k| self.key_of(k)).collect(),
                primary,
                ..b
            });
        }
        Record {
            doc,
            text,
            sentences,
            analyzed,
            pending: Vec::new(),
        }
    }

    /// Analyze some documents in full (indexes into `docs`, ascending), a batch at a time,
    /// in place of their skimmed records ([`Engine::skim_day`]); `done` is called after each.
    /// The day is then what [`Engine::analyze_day`] gives for those documents, and the others
    /// stay skimmed.
    pub fn analyze_in_full(&mut self, engine: &Engine, docs: &[usize], done: &(dyn Fn() + Sync)) {
        for batch in docs.chunks(BATCH) {
            let briefed: Vec<(usize, Briefed)> = batch
                .par_iter()
                .map(|&d| {
                    let r = Record::brief(engine.analyze_one(self.docs[d].document()));
                    done();
                    (d, r)
                })
                .collect();
            for (d, (record, mentions)) in briefed {
                self.docs[d] = self.settle(record, mentions);
            }
        }
        let_go_of_caches();
    }

    /// The day's documents as analyses for a listing of a summary's choice: the documents of
    /// the chosen sentences analyzed again in full, every other one with its metadata and no
    /// text or sentences.
    pub fn chosen_analyses(&self, engine: &Engine, summary: &Summary) -> Vec<Analyzed> {
        let mut full: std::collections::BTreeMap<usize, Vec<Sentence>> = self
            .sentences(engine, &summary.chosen_docs())
            .into_iter()
            .collect();
        self.docs
            .iter()
            .enumerate()
            .map(|(i, r)| Analyzed {
                doc: r.doc.clone(),
                sentences: full.remove(&i).unwrap_or_default(),
                full: r.analyzed,
            })
            .collect()
    }

    /// Documents analyzed in full.
    pub fn analyzed(&self) -> usize {
        self.docs.iter().filter(|d| d.analyzed).count()
    }

    fn key_of(&mut self, key: String) -> u32 {
        if let Some(&i) = self.key_index.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.key_ids.push(summarize::stem_id(&key));
        self.key_index.insert(key.clone(), i);
        self.keys.push(key);
        i
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// No documents.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The entity key of an id of [`Brief::entities`].
    pub fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }

    /// The [`summarize::stem_id`] of the entity key of an id of [`Brief::entities`].
    pub fn key_id(&self, id: u32) -> u64 {
        self.key_ids[id as usize]
    }

    /// The theme key of [`Brief::primary`].
    pub fn theme(&self, primary: u16) -> &str {
        &self.themes[primary as usize]
    }

    /// The glossary of every entity of the day, most mentioned first: what
    /// [`crate::digest::glossary`] gives for the same documents.
    pub fn glossary(&self, engine: &Engine) -> Vec<crate::entities::GlossaryEntry> {
        self.glossary
            .entries(engine.resources.recognizer.gazetteer())
    }

    /// The full analysis of some documents (indexes into `docs`), analyzed again in parallel:
    /// the same sentences as the first time, as the analysis depends on the document alone.
    pub fn sentences(&self, engine: &Engine, docs: &[usize]) -> Vec<(usize, Vec<Sentence>)> {
        docs.par_iter()
            .map(|&d| (d, engine.analyze_one(self.docs[d].document()).sentences))
            .collect()
    }
}

/// The documents worth a full analysis on a large day: those of its `stories` leading
/// stories, ascending; None when the day has no more stories than that (every document is
/// worth it).
///
/// The stories are found on the skimmed day ([`Engine::skim_day`]), by the words alone (no
/// entities are known yet, so none need be shared), and ordered as [`stories::cluster_day`]
/// orders them: by outlets and documents. Such a story is a little wider than the one its
/// full analysis finds, so the leading stories of the analyzed day are among its documents.
pub fn leading_documents(day: &Day, stories: usize) -> Option<Vec<usize>> {
    let opts = stories::Options {
        min_shared_entities: 0,
        ..stories::Options::default()
    };
    let found = stories::cluster_day_with(day, &opts);
    if found.len() <= stories {
        return None;
    }
    let mut docs: Vec<usize> = found.stories[..stories]
        .iter()
        .flat_map(|s| s.docs.iter().copied())
        .collect();
    docs.sort_unstable();
    Some(docs)
}

/// The summarizer's view of the analyzed sentences, in document then sentence order, with
/// (document index, sentence index) for each. Each document is its own story here;
/// [`summarize`] files them under the day's stories.
pub fn candidates(docs: &[Analyzed]) -> Vec<Candidate> {
    day_candidates(&Day::from_analyzed(docs))
}

/// [`candidates`] of a [`Day`].
pub fn day_candidates(day: &Day) -> Vec<Candidate> {
    day.docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(di, d)| {
            d.sentences
                .iter()
                .enumerate()
                .map(move |(pos, s)| Candidate {
                    doc: di,
                    story: di,
                    index: s.index as usize,
                    position: pos,
                    in_paragraph: s.in_paragraph as usize,
                    heading: s.heading,
                    words: s.words(),
                    stems: std::sync::Arc::clone(&s.stems),
                    entities: s.entities.iter().map(|&e| day.key_id(e)).collect(),
                    theme_strength: s.theme_strength,
                    primary: day.theme(s.primary).to_string(),
                    quote: s.quote,
                    number: s.number,
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

impl Summary {
    /// The documents of the chosen sentences, ascending.
    pub fn chosen_docs(&self) -> Vec<usize> {
        let docs: std::collections::BTreeSet<usize> = self
            .chosen
            .iter()
            .map(|c| self.candidates[c.candidate].doc)
            .collect();
        docs.into_iter().collect()
    }
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
    summarize_day(&Day::from_analyzed(docs), method, budget, weights, themes)
}

/// [`summarize_themes`] of a [`Day`].
pub fn summarize_day(
    day: &Day,
    method: Method,
    budget: &Budget,
    weights: &Weights,
    themes: Option<&[String]>,
) -> Summary {
    let stories = stories::cluster_day(day);
    // The clustering's vectors are let go: hand their memory back before the summary's.
    rayon::broadcast(|_| return_memory());
    return_memory();
    let mut candidates = day_candidates(day);
    for c in &mut candidates {
        c.story = stories.of_doc[c.doc];
    }
    let space = summarize::Space::new(&candidates);
    let scored = summarize::score_with(method, &space, &candidates, weights);
    let mmr = method == Method::Khulasa;
    // Only the sentences of documents analyzed in full can be chosen: a skimmed one has no
    // names, theme or gist to show.
    let eligible = |c: &Candidate| {
        day.docs[c.doc].analyzed && themes.is_none_or(|ts| ts.iter().any(|t| *t == *c.primary))
    };
    let chosen = if candidates.iter().all(eligible) {
        summarize::select_in(&space, &candidates, &scored, budget, weights, mmr)
    } else {
        let keep: Vec<usize> = (0..candidates.len())
            .filter(|&i| eligible(&candidates[i]))
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
    };
    Summary {
        candidates,
        scored,
        chosen,
        stories,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_text_unpacks_to_itself() {
        let texts = [
            "",
            "plain ASCII, digits 2026\n",
            "قال الرئيس «نعم» ؛ ١٢٣ ٪ - ـ",
            // Outside the one-byte block: Persian letters, presentation forms, a ZWNJ, emoji,
            // Latin with accents, and U+067F (just past the block).
            "گ پ ﻻ \u{200c} 😀 é ٿ ۰",
        ];
        for t in texts {
            assert_eq!(Packed::new(t).unpack(), t);
        }
        let arabic = "وأضاف المتحدث باسم الوزارة أن المحادثات ستستمر";
        assert!(Packed::new(arabic).len() * 10 < arabic.len() * 6);
    }

    /// A plain-text document `ID.txt`.
    fn document(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            path: format!("{id}.txt"),
            title: None,
            source: None,
            url: None,
            date: None,
            author: None,
            format: crate::ingest::Format::Text,
            text: text.into(),
            skip: Vec::new(),
            encoding: "utf-8".into(),
        }
    }

    /// The two seed articles.
    fn seed_documents() -> Vec<Document> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        [
            "seeds/karabakh-un-mission.txt",
            "seeds/moscow-talks-truce.txt",
        ]
        .iter()
        .map(|p| document(p, &std::fs::read_to_string(root.join(p)).unwrap()))
        .collect()
    }

    /// Skimming finds the sentences, words and stems of the full analysis, and nothing else.
    #[test]
    fn a_skimmed_document_has_the_sentences_of_its_analysis_without_names_or_themes() {
        let engine = Engine::builtin().unwrap();
        let doc = seed_documents().remove(0);
        let full = engine.analyze_one(doc.clone());
        let skim = engine.skim_one(doc);
        assert!(full.full && !skim.full);
        assert!(full.sentences.len() > 5);
        assert_eq!(full.sentences.len(), skim.sentences.len());
        assert!(full.mentions().count() > 10);
        assert_eq!(skim.mentions().count(), 0);
        assert!(full.sentences.iter().any(|s| s.themes.primary != OTHER));
        for (f, s) in full.sentences.iter().zip(&skim.sentences) {
            assert_eq!((&f.text, f.words, &f.stems), (&s.text, s.words, &s.stems));
            assert_eq!(s.themes.primary, OTHER);
            assert!(s.verb.is_none());
        }
    }

    /// A skimmed day with every document then analyzed in full is the analyzed day.
    #[test]
    fn a_skimmed_day_analyzed_in_full_is_the_analyzed_day() {
        let engine = Engine::builtin().unwrap();
        let docs = seed_documents();
        let analyzed = engine.analyze_day(docs.clone(), &|| {});
        let mut skimmed = engine.skim_day(docs, &|| {});
        assert_eq!(skimmed.analyzed(), 0);
        skimmed.analyze_in_full(&engine, &[1], &|| {});
        assert_eq!(skimmed.analyzed(), 1);
        assert!(!skimmed.docs[0].analyzed && skimmed.docs[1].analyzed);
        skimmed.analyze_in_full(&engine, &[0], &|| {});
        assert_eq!(skimmed.analyzed(), 2);
        let budget = Budget {
            max_sentences: Some(6),
            ..Budget::default()
        };
        let w = Weights::default();
        let a = summarize_day(&analyzed, Method::Khulasa, &budget, &w, None);
        let b = summarize_day(&skimmed, Method::Khulasa, &budget, &w, None);
        // The entity keys are numbered in another order, their ids are the same.
        assert_eq!(a.candidates, b.candidates);
        assert_eq!(a.scored, b.scored);
        assert_eq!(a.chosen, b.chosen);
        assert_eq!(analyzed.glossary(&engine), skimmed.glossary(&engine));
    }

    /// Only documents analyzed in full are chosen from, and the leading stories' documents
    /// are those of the biggest stories.
    #[test]
    fn only_analyzed_documents_are_chosen_from() {
        let engine = Engine::builtin().unwrap();
        let docs = seed_documents();
        let mut day = engine.skim_day(docs, &|| {});
        day.analyze_in_full(&engine, &[1], &|| {});
        let budget = Budget {
            max_sentences: Some(8),
            ..Budget::default()
        };
        let s = summarize_day(&day, Method::Khulasa, &budget, &Weights::default(), None);
        assert!(!s.chosen.is_empty());
        assert!(s.candidates.iter().any(|c| c.doc == 0));
        for c in &s.chosen {
            assert_eq!(s.candidates[c.candidate].doc, 1);
            for &d in &c.duplicates {
                assert_eq!(s.candidates[d].doc, 1);
            }
        }
    }

    #[test]
    fn a_record_gives_back_its_document_whole() {
        let engine = Engine::builtin().unwrap();
        let doc = document("a", "وصل الرئيس إلى باريس أمس.\nقال إن المحادثات مفيدة.");
        let analyzed = engine.analyze(vec![doc.clone()]);
        let day = Day::from_analyzed(&analyzed);
        assert!(day.docs[0].doc.text.is_empty());
        assert_eq!(day.docs[0].document(), doc);
        let again = day.sentences(&engine, &[0]);
        assert_eq!(again[0].1.len(), analyzed[0].sentences.len());
        assert_eq!(again[0].1[1].text, analyzed[0].sentences[1].text);
    }
}
