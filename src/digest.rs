//! The digest: the serializable view model that templates render (the contract with them,
//! listed in `docs/templates.md`). Built from the analyzed documents and the summary: chosen
//! sentences grouped by theme, each with its entities, English glosses and gist; the day's
//! stories with their sources, and in each theme section the stories with their sentences;
//! the glossary; the documents and their sources.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::entities::{EntityType, GlossaryEntry, Mention, build_glossary, shown_name};
use crate::ingest::Problem;
use crate::pipeline::{Analyzed, Day, Engine, Record, Sentence, Summary};
use crate::summarize::Method;
use crate::text;
use crate::themes::{Lexicon, OTHER};

/// A piece of a sentence: plain text, or a mention (with its English name) for highlighting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub text: String,
    /// The mention's English name, type and key, when this piece is a mention.
    pub english: Option<String>,
    #[serde(rename = "type")]
    pub etype: Option<EntityType>,
    pub key: Option<String>,
    /// The English name is romanized from the Arabic: unverified.
    pub romanized: bool,
}

/// A chosen sentence as the templates see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceView {
    /// Document id.
    pub doc: String,
    /// Sentence index in its document.
    pub index: usize,
    /// The sentence as written (line breaks shown as spaces).
    pub text: String,
    pub score: f64,
    pub features: crate::summarize::Features,
    pub themes: Vec<String>,
    pub primary: String,
    /// Every theme's score.
    pub theme_scores: BTreeMap<String, f64>,
    pub entities: Vec<Mention>,
    /// English glosses of the lexicon terms matched.
    pub gloss: Vec<String>,
    /// One English line: who — did what — about what.
    pub gist: String,
    /// The gist's actor: the English name of who acts, when the grammar names one.
    pub actor: Option<String>,
    /// The gist's English verb ("said", "did not accuse", "may reject").
    pub verb: Option<String>,
    /// Ids of every document that carries this sentence (itself first, then near-duplicates).
    pub sources: Vec<String>,
    /// The text cut into plain pieces and mentions, for highlighting.
    pub segments: Vec<Segment>,
    /// Rank of the sentence in the selection (0 = best).
    pub rank: usize,
    pub heading: bool,
    /// The id of its document's story (`story-N`).
    pub story: String,
    /// Its English, when a translation backend gave it ([`crate::translate`]); null without
    /// a backend, and when the backend failed.
    pub translation: Option<crate::translate::Translation>,
}

/// A theme section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeView {
    pub key: String,
    pub label: String,
    pub count: usize,
    pub sentences: Vec<SentenceView>,
    /// The stories with a sentence in this theme, heaviest first, each with those sentences.
    pub stories: Vec<ThemeStoryView>,
}

/// A document as a story lists it: its id, headline, path, outlet, address and date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceView {
    pub id: String,
    pub title: Option<String>,
    pub path: String,
    /// The outlet.
    pub source: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
}

/// A story: the documents of the day that report one event ([`crate::stories`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryView {
    /// `story-N`, N from 1 in story order (heaviest first).
    pub id: String,
    /// The headline of the document of its strongest chosen sentence, else of its first
    /// document with one.
    pub title: Option<String>,
    /// Every document of the story, in input order, with its outlet.
    pub sources: Vec<SourceView>,
    /// The distinct outlets of its documents, in document order (a document without one adds
    /// none).
    pub outlets: Vec<String>,
    /// English names of its key entities (those it names most often, at most five).
    pub entities: Vec<String>,
    /// The share of the day's documents that name each key entity, summed.
    pub entity_weight: f64,
    /// Strength of its strongest sentence in a theme, in [0, 1).
    pub theme_strength: f64,
    /// Number of its sentences chosen; 0 when the digest leaves it out.
    pub chosen: usize,
    /// The themes its chosen sentences are filed under, in section order.
    pub themes: Vec<String>,
}

/// A story in a theme section: the story, and its chosen sentences of that theme, the
/// strongest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeStoryView {
    #[serde(flatten)]
    pub story: StoryView,
    pub sentences: Vec<SentenceView>,
}

/// A document of the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentView {
    pub id: String,
    pub title: Option<String>,
    pub path: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    /// Number of sentences found in it.
    pub sentences: usize,
    /// Number of its sentences chosen.
    pub chosen: usize,
    pub words: usize,
    /// Is it a source of a chosen sentence (its own, or as a near-duplicate)? Reader
    /// templates list the cited documents only; every document is in the JSON.
    pub cited: bool,
    /// The lines left out of its text (captions, datelines, bylines, page chrome ...) with
    /// the reason, in order; absent when none was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedView>,
    /// Only read, not analyzed in full (a large day analyzes the documents of its leading
    /// stories): it counts in the stories, but has no names or themes and is never quoted.
    /// Absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skimmed: bool,
}

/// A piece of a document's text left out of its sentences, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DroppedView {
    pub text: String,
    pub reason: crate::ingest::Reason,
}

/// Counts shown in summaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Stats {
    pub documents: usize,
    pub sentences: usize,
    pub chosen: usize,
    /// Documents cited as the source of a chosen sentence.
    #[serde(default)]
    pub cited: usize,
    /// Stories of the day.
    #[serde(default)]
    pub stories: usize,
    /// Stories with a sentence chosen.
    #[serde(default)]
    pub stories_covered: usize,
    pub entities: usize,
    pub words: usize,
    pub skipped: usize,
    /// Documents analyzed in full, when not all of them were (a large day analyzes the
    /// documents of its leading stories); absent when all were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyzed: Option<usize>,
}

/// The whole digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub date: String,
    pub audience: String,
    pub title: String,
    pub method: String,
    pub generator: String,
    pub documents: Vec<DocumentView>,
    /// Every story of the day, heaviest first.
    pub stories: Vec<StoryView>,
    pub themes: Vec<ThemeView>,
    pub glossary: Vec<GlossaryEntry>,
    pub stats: Stats,
    /// Inputs skipped, with the reason.
    pub problems: Vec<Problem>,
    /// The entities mentioned most, for summaries and the archive.
    pub top_entities: Vec<String>,
    /// What the translation backend did, when one is configured (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<crate::translate::DigestTranslation>,
}

/// Options of [`build`].
#[derive(Debug, Clone)]
pub struct DigestOptions {
    pub date: String,
    pub audience: String,
    pub title: String,
    /// Only these themes (in this order); all when None.
    pub themes: Option<Vec<String>>,
    /// The summarization method that chose the sentences.
    pub method: Method,
    /// Which entities the glossary lists.
    pub glossary: GlossaryScope,
}

/// Which entities the digest's glossary lists (`glossary` in the configuration, `--glossary`
/// on `build`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GlossaryScope {
    /// The entities of the chosen sentences and the day's key entities: the most mentioned
    /// ([`KEY_ENTITIES`]) and those of the stories with a sentence chosen.
    #[default]
    Shown,
    /// Every entity of the day.
    All,
}

impl GlossaryScope {
    /// The name in the configuration and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GlossaryScope::Shown => "shown",
            GlossaryScope::All => "all",
        }
    }
}

impl std::str::FromStr for GlossaryScope {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "shown" => Ok(GlossaryScope::Shown),
            "all" => Ok(GlossaryScope::All),
            _ => Err(format!("unknown glossary {s:?}: use shown or all")),
        }
    }
}

/// The day's most mentioned entities that the glossary lists with the shown ones.
pub const KEY_ENTITIES: usize = 30;

/// Cut a sentence into plain pieces and mention pieces.
fn segments(s: &crate::pipeline::Sentence) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut pos = s.span.start;
    let plain = |a: usize, b: usize, out: &mut Vec<Segment>, doc_text: &str| {
        if b > a {
            out.push(Segment {
                text: doc_text[a..b].replace(['\n', '\r'], " "),
                english: None,
                etype: None,
                key: None,
                romanized: false,
            });
        }
    };
    // The sentence text is a slice of the document; rebuild offsets relative to it.
    let base = s.span.start;
    let text = &s.text;
    for m in &s.mentions {
        if m.byte_start < pos {
            continue;
        }
        plain(pos - base, m.byte_start - base, &mut out, text);
        out.push(Segment {
            text: text[m.byte_start - base..m.byte_end - base].replace(['\n', '\r'], " "),
            english: Some(m.english.clone()),
            etype: Some(m.etype),
            key: Some(m.key.clone()),
            romanized: m.romanized(),
        });
        pos = m.byte_end;
    }
    plain(pos - base, s.span.end - base, &mut out, text);
    out
}

/// Build the digest view model: every field filled, ready to render and publish.
pub fn build(
    docs: &[Analyzed],
    summary: &Summary,
    engine: &Engine,
    problems: &[Problem],
    opts: &DigestOptions,
) -> Digest {
    let day = Day::from_analyzed(docs);
    let full = summary
        .chosen_docs()
        .into_iter()
        .map(|d| (d, docs[d].sentences.clone()))
        .collect();
    build_with(&day, full, summary, engine, problems, opts)
}

/// [`build`] of a [`Day`]: the documents of the chosen sentences are analyzed again.
pub fn build_day(
    day: &Day,
    summary: &Summary,
    engine: &Engine,
    problems: &[Problem],
    opts: &DigestOptions,
) -> Digest {
    let full = day
        .sentences(engine, &summary.chosen_docs())
        .into_iter()
        .collect();
    build_with(day, full, summary, engine, problems, opts)
}

fn build_with(
    day: &Day,
    full: BTreeMap<usize, Vec<Sentence>>,
    summary: &Summary,
    engine: &Engine,
    problems: &[Problem],
    opts: &DigestOptions,
) -> Digest {
    let docs = &day.docs;
    let views = chosen_views(docs, &full, summary);
    let glossary = day.glossary(engine);
    let mut themes = theme_sections(
        &views,
        docs,
        &engine.resources.lexicon,
        opts.themes.as_deref(),
    );
    let stories = story_views(docs, summary, &views, &themes, &glossary);
    add_theme_stories(&mut themes, &stories);
    let top_entities = top_entities(&glossary);
    let documents = document_views(docs, summary, &views);
    let stats = stats(docs, &views, &documents, &stories, &glossary, problems);
    let glossary = match opts.glossary {
        GlossaryScope::All => glossary,
        GlossaryScope::Shown => shown_glossary(glossary, &views, summary),
    };
    Digest {
        date: opts.date.clone(),
        audience: opts.audience.clone(),
        title: opts.title.clone(),
        method: opts.method.as_str().to_string(),
        generator: format!("khulasa {}", env!("CARGO_PKG_VERSION")),
        documents,
        stories,
        themes,
        glossary,
        stats,
        problems: problems.to_vec(),
        top_entities,
        translation: None,
    }
}

/// The glossary of every entity mentioned in the documents, most mentioned first.
pub fn glossary(docs: &[Analyzed], engine: &Engine) -> Vec<GlossaryEntry> {
    build_glossary(
        docs.iter().flat_map(|d| d.mentions()),
        engine.resources.recognizer.gazetteer(),
    )
}

/// The glossary entries of what the digest shows: the entities of the chosen sentences, the
/// [`KEY_ENTITIES`] most mentioned, and the entities of the stories with a sentence chosen;
/// in the glossary's order.
fn shown_glossary(
    glossary: Vec<GlossaryEntry>,
    views: &[SentenceView],
    summary: &Summary,
) -> Vec<GlossaryEntry> {
    let mut keep: BTreeSet<&str> = views
        .iter()
        .flat_map(|v| v.entities.iter().map(|m| m.key.as_str()))
        .collect();
    let covered: BTreeSet<usize> = summary
        .chosen
        .iter()
        .map(|c| summary.stories.of_doc[summary.candidates[c.candidate].doc])
        .collect();
    for &k in &covered {
        keep.extend(
            summary.stories.stories[k]
                .entities
                .iter()
                .map(String::as_str),
        );
    }
    let keep: BTreeSet<String> = keep.into_iter().map(str::to_string).collect();
    glossary
        .into_iter()
        .enumerate()
        .filter(|(rank, g)| *rank < KEY_ENTITIES || keep.contains(&g.key))
        .map(|(_, g)| g)
        .collect()
}

/// The chosen sentences as the templates see them, in the order of the selection.
fn chosen_views(
    docs: &[Record],
    full: &BTreeMap<usize, Vec<Sentence>>,
    summary: &Summary,
) -> Vec<SentenceView> {
    summary
        .chosen
        .iter()
        .enumerate()
        .map(|(rank, c)| {
            let cand = &summary.candidates[c.candidate];
            let d = &docs[cand.doc];
            let s = &full[&cand.doc][cand.index];
            let sc = &summary.scored[c.candidate];
            let mut sources = vec![d.doc.id.clone()];
            for &dup in &c.duplicates {
                let id = &docs[summary.candidates[dup].doc].doc.id;
                if !sources.contains(id) {
                    sources.push(id.clone());
                }
            }
            let gist = crate::gist::parts(s);
            SentenceView {
                doc: d.doc.id.clone(),
                index: s.index,
                text: text::display(&s.text),
                score: sc.score,
                features: sc.features,
                themes: s.themes.themes.clone(),
                primary: s.themes.primary.clone(),
                theme_scores: s
                    .themes
                    .scores
                    .iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                entities: s.mentions.clone(),
                gloss: s.themes.glosses(),
                gist: gist.line,
                actor: gist.actor,
                verb: gist.verb,
                sources,
                segments: segments(s),
                rank,
                heading: s.span.heading,
                story: story_id(summary.stories.of_doc[cand.doc]),
                translation: None,
            }
        })
        .collect()
}

/// Theme sections in lexicon order, then other (or the audience's themes, in its order);
/// sentences in document order within each.
fn theme_sections(
    views: &[SentenceView],
    docs: &[Record],
    lex: &Lexicon,
    only: Option<&[String]>,
) -> Vec<ThemeView> {
    let mut keys: Vec<String> = lex.themes().iter().map(|t| t.key.clone()).collect();
    keys.push(OTHER.to_string());
    if let Some(only) = only {
        keys.retain(|k| only.contains(k));
        keys.sort_by_key(|k| only.iter().position(|o| o == k));
    }
    let doc_pos = |id: &str| {
        docs.iter()
            .position(|d| d.doc.id == id)
            .unwrap_or(usize::MAX)
    };
    keys.iter()
        .map(|k| {
            let mut sentences: Vec<SentenceView> =
                views.iter().filter(|v| &v.primary == k).cloned().collect();
            sentences.sort_by_key(|v| (doc_pos(&v.doc), v.index));
            ThemeView {
                key: k.clone(),
                label: lex.label(k),
                count: sentences.len(),
                sentences,
                stories: Vec::new(),
            }
        })
        .collect()
}

/// The id of the story at this index: `story-N`, N from 1.
fn story_id(index: usize) -> String {
    format!("story-{}", index + 1)
}

/// Every story of the day, in story order, with its sources and what the digest took of it.
fn story_views(
    docs: &[Record],
    summary: &Summary,
    views: &[SentenceView],
    themes: &[ThemeView],
    glossary: &[GlossaryEntry],
) -> Vec<StoryView> {
    let english: BTreeMap<&str, String> = glossary
        .iter()
        .map(|g| (g.key.as_str(), shown_name(&g.english, g.romanized)))
        .collect();
    summary
        .stories
        .stories
        .iter()
        .enumerate()
        .map(|(k, st)| {
            let id = story_id(k);
            let mine: Vec<&SentenceView> = views.iter().filter(|v| v.story == id).collect();
            let strongest = mine
                .iter()
                .min_by(|a, b| b.score.total_cmp(&a.score).then(a.rank.cmp(&b.rank)));
            let lead = strongest.and_then(|v| docs.iter().find(|d| d.doc.id == v.doc));
            let title = lead
                .and_then(|d| d.doc.title.clone())
                .or_else(|| st.docs.iter().find_map(|&d| docs[d].doc.title.clone()));
            StoryView {
                title,
                sources: st
                    .docs
                    .iter()
                    .map(|&d| {
                        let doc = &docs[d].doc;
                        SourceView {
                            id: doc.id.clone(),
                            title: doc.title.clone(),
                            path: doc.path.clone(),
                            source: doc.source.clone(),
                            url: doc.url.clone(),
                            date: doc.date.clone(),
                        }
                    })
                    .collect(),
                outlets: st.docs.iter().fold(Vec::new(), |mut v, &d| {
                    if let Some(o) = docs[d].doc.source.as_deref().map(str::trim)
                        && !o.is_empty()
                        && !v.iter().any(|x| x == o)
                    {
                        v.push(o.to_string());
                    }
                    v
                }),
                entities: st
                    .entities
                    .iter()
                    .map(|key| {
                        english
                            .get(key.as_str())
                            .map_or(key.as_str(), |e| e.as_str())
                            .to_string()
                    })
                    .collect(),
                entity_weight: st.entity_weight,
                theme_strength: st.theme_strength,
                chosen: mine.len(),
                themes: themes
                    .iter()
                    .filter(|t| mine.iter().any(|v| v.primary == t.key))
                    .map(|t| t.key.clone())
                    .collect(),
                id,
            }
        })
        .collect()
}

/// Fill each theme section's stories: those with a sentence in it, in story order, each with
/// its sentences of the section, the strongest (by score, then rank) first.
fn add_theme_stories(themes: &mut [ThemeView], stories: &[StoryView]) {
    for t in themes {
        t.stories = stories
            .iter()
            .filter_map(|st| {
                let mut sentences: Vec<SentenceView> = t
                    .sentences
                    .iter()
                    .filter(|v| v.story == st.id)
                    .cloned()
                    .collect();
                if sentences.is_empty() {
                    return None;
                }
                sentences.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.rank.cmp(&b.rank)));
                Some(ThemeStoryView {
                    story: st.clone(),
                    sentences,
                })
            })
            .collect();
    }
}

/// The entities mentioned most, by name (or places, however named); a name romanized from the
/// Arabic is a guess, never a key entity.
fn top_entities(glossary: &[GlossaryEntry]) -> Vec<String> {
    glossary
        .iter()
        .filter(|g| !g.romanized && (g.name_mentions > 0 || g.etype == EntityType::Place))
        .take(5)
        .map(|g| g.english.clone())
        .collect()
}

/// Every document with its counts, and whether a chosen sentence cites it.
fn document_views(docs: &[Record], summary: &Summary, views: &[SentenceView]) -> Vec<DocumentView> {
    let mut chosen_in = vec![0usize; docs.len()];
    for c in &summary.chosen {
        chosen_in[summary.candidates[c.candidate].doc] += 1;
    }
    let cited: BTreeSet<&str> = views
        .iter()
        .flat_map(|v| v.sources.iter().map(String::as_str))
        .collect();
    docs.iter()
        .zip(chosen_in)
        .map(|(d, chosen)| DocumentView {
            cited: cited.contains(d.doc.id.as_str()),
            id: d.doc.id.clone(),
            title: d.doc.title.clone(),
            path: d.doc.path.clone(),
            url: d.doc.url.clone(),
            source: d.doc.source.clone(),
            date: d.doc.date.clone(),
            sentences: d.sentences.len(),
            chosen,
            words: d.words(),
            dropped: d
                .dropped()
                .into_iter()
                .map(|(text, reason)| DroppedView { text, reason })
                .collect(),
            skimmed: !d.analyzed,
        })
        .collect()
}

fn stats(
    docs: &[Record],
    views: &[SentenceView],
    documents: &[DocumentView],
    stories: &[StoryView],
    glossary: &[GlossaryEntry],
    problems: &[Problem],
) -> Stats {
    let entity_keys: BTreeSet<&str> = glossary.iter().map(|g| g.key.as_str()).collect();
    Stats {
        documents: docs.len(),
        sentences: docs.iter().map(|d| d.sentences.len()).sum(),
        chosen: views.len(),
        cited: documents.iter().filter(|d| d.cited).count(),
        stories: stories.len(),
        stories_covered: stories.iter().filter(|s| s.chosen > 0).count(),
        entities: entity_keys.len(),
        words: documents.iter().map(|d| d.words).sum(),
        skipped: problems.len(),
        analyzed: {
            let n = docs.iter().filter(|d| d.analyzed).count();
            (n < docs.len()).then_some(n)
        },
    }
}
