//! The digest: the serializable view model that templates render (the contract with them,
//! listed in `docs/templates.md`). Built from the analyzed documents and the summary: chosen
//! sentences grouped by theme, each with its entities, English glosses and gist; the glossary;
//! the documents and their sources.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::entities::{EntityType, Form, GlossaryEntry, Mention, build_glossary};
use crate::ingest::Problem;
use crate::pipeline::{Analyzed, Engine, Summary};
use crate::text;
use crate::themes::OTHER;

/// A piece of a sentence: plain text, or a mention (with its English name) for highlighting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub text: String,
    /// The mention's English name, type and key, when this piece is a mention.
    pub english: Option<String>,
    #[serde(rename = "type")]
    pub etype: Option<EntityType>,
    pub key: Option<String>,
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
    /// Ids of every document that carries this sentence (itself first, then near-duplicates).
    pub sources: Vec<String>,
    /// The text cut into plain pieces and mentions, for highlighting.
    pub segments: Vec<Segment>,
    /// Rank of the sentence in the selection (0 = best).
    pub rank: usize,
    pub heading: bool,
}

/// A theme section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeView {
    pub key: String,
    pub label: String,
    pub count: usize,
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
    pub entities: usize,
    pub words: usize,
    pub skipped: usize,
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
    pub themes: Vec<ThemeView>,
    pub glossary: Vec<GlossaryEntry>,
    pub stats: Stats,
    /// Inputs skipped, with the reason.
    pub problems: Vec<Problem>,
    /// The entities mentioned most, for summaries and the archive.
    pub top_entities: Vec<String>,
}

/// Options of [`build`].
#[derive(Debug, Clone)]
pub struct DigestOptions {
    pub date: String,
    pub audience: String,
    pub title: String,
    /// Only these themes (in this order); all when None.
    pub themes: Option<Vec<String>>,
}

/// The English gist of a sentence: the first person or organization (with its role), the
/// first verb of saying or acting, then what it is about (glosses and the other entities).
pub fn gist(s: &crate::pipeline::Sentence) -> String {
    let verb = s.verb.as_ref();
    // Arabic news is mostly verb–subject–object: the actor is the first person or organization
    // after the verb (within a few words), else the last one before it, else the first name.
    let agents: Vec<&Mention> = s
        .mentions
        .iter()
        .filter(|m| {
            m.form == Form::Name && matches!(m.etype, EntityType::Person | EntityType::Organization)
        })
        .collect();
    // A country named right after the verb acts too ("أعلنت روسيا": Russia announced).
    let right_after = |v: &crate::gist::Verb| {
        s.mentions.iter().find(|m| {
            m.form == Form::Name
                && m.byte_start > v.start
                && s.text
                    .get(v.start - s.span.start..m.byte_start - s.span.start)
                    .is_some_and(|between| between.split_whitespace().count() <= 1)
        })
    };
    let actor = match verb {
        Some(v) => {
            let in_window = |m: &&&Mention| m.byte_start >= v.start && m.byte_start < v.window_end;
            // A person speaks for an organization named before them ("the spokeswoman of the
            // ministry, Maria Zakharova").
            agents
                .iter()
                .filter(in_window)
                .find(|m| m.etype == EntityType::Person)
                .or_else(|| agents.iter().find(in_window))
                .copied()
                .or_else(|| right_after(v))
                .or_else(|| {
                    agents
                        .iter()
                        .rev()
                        .find(|m| m.byte_start < v.start)
                        .copied()
                })
        }
        None => agents.first().copied(),
    }
    .or_else(|| s.mentions.iter().find(|m| m.form == Form::Name));
    let actor_text = actor.map(|m| match &m.role {
        Some(r) if !r.is_empty() && !m.english.contains(r.as_str()) => {
            format!("{} ({r})", m.english)
        }
        _ => m.english.clone(),
    });
    // What it is about: the strongest terms of the sentence's primary theme first.
    let mut hits: Vec<&crate::themes::TermHit> =
        s.themes.hits.iter().filter(|h| h.weight > 0.0).collect();
    hits.sort_by(|a, b| {
        (a.theme != s.themes.primary)
            .cmp(&(b.theme != s.themes.primary))
            .then(b.weight.total_cmp(&a.weight))
            .then(a.first_token.cmp(&b.first_token))
    });
    let mut about: Vec<String> = Vec::new();
    for h in hits {
        if about.len() == 3 {
            break;
        }
        if !about.contains(&h.english) {
            about.push(h.english.clone());
        }
    }
    let mut others: Vec<String> = Vec::new();
    for m in &s.mentions {
        if actor.is_some_and(|a| a.key == m.key) || others.contains(&m.english) {
            continue;
        }
        others.push(m.english.clone());
    }
    if !others.is_empty() {
        let list = others.into_iter().take(3).collect::<Vec<_>>().join(", ");
        if about.is_empty() {
            about.push(list);
        } else {
            about.push(format!("({list})"));
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = actor_text {
        parts.push(a);
    }
    if let Some(v) = verb {
        parts.push(v.english.clone());
    }
    if !about.is_empty() {
        parts.push(about.join(" "));
    }
    parts.join(" — ")
}

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
        });
        pos = m.byte_end;
    }
    plain(pos - base, s.span.end - base, &mut out, text);
    out
}

/// Build the digest view model.
pub fn build(
    docs: &[Analyzed],
    summary: &Summary,
    engine: &Engine,
    problems: &[Problem],
    opts: &DigestOptions,
) -> Digest {
    let lex = &engine.resources.lexicon;
    let mut per_doc_chosen = vec![0usize; docs.len()];
    let mut views: Vec<SentenceView> = Vec::new();
    for (rank, c) in summary.chosen.iter().enumerate() {
        let cand = &summary.candidates[c.candidate];
        let d = &docs[cand.doc];
        let s = &d.sentences[cand.index];
        per_doc_chosen[cand.doc] += 1;
        let sc = &summary.scored[c.candidate];
        let mut sources = vec![d.doc.id.clone()];
        for &dup in &c.duplicates {
            let id = &docs[summary.candidates[dup].doc].doc.id;
            if !sources.contains(id) {
                sources.push(id.clone());
            }
        }
        views.push(SentenceView {
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
            gist: gist(s),
            sources,
            segments: segments(s),
            rank,
            heading: s.span.heading,
        });
    }
    // Theme sections in lexicon order, then other; sentences in document order within each.
    let mut keys: Vec<String> = lex.themes().iter().map(|t| t.key.clone()).collect();
    keys.push(OTHER.to_string());
    if let Some(only) = &opts.themes {
        keys.retain(|k| only.contains(k));
        keys.sort_by_key(|k| only.iter().position(|o| o == k));
    }
    let doc_pos = |id: &str| {
        docs.iter()
            .position(|d| d.doc.id == id)
            .unwrap_or(usize::MAX)
    };
    let themes: Vec<ThemeView> = keys
        .iter()
        .map(|k| {
            let mut sentences: Vec<SentenceView> =
                views.iter().filter(|v| &v.primary == k).cloned().collect();
            sentences.sort_by_key(|v| (doc_pos(&v.doc), v.index));
            ThemeView {
                key: k.clone(),
                label: lex.label(k),
                count: sentences.len(),
                sentences,
            }
        })
        .collect();
    let glossary = build_glossary(
        docs.iter().flat_map(|d| d.mentions()),
        engine.resources.recognizer.gazetteer(),
    );
    let top_entities: Vec<String> = glossary
        .iter()
        .filter(|g| g.name_mentions > 0 || g.etype == EntityType::Place)
        .take(5)
        .map(|g| g.english.clone())
        .collect();
    let cited: BTreeSet<&str> = views
        .iter()
        .flat_map(|v| v.sources.iter().map(String::as_str))
        .collect();
    let documents: Vec<DocumentView> = docs
        .iter()
        .zip(&per_doc_chosen)
        .map(|(d, &chosen)| DocumentView {
            cited: cited.contains(d.doc.id.as_str()),
            id: d.doc.id.clone(),
            title: d.doc.title.clone(),
            path: d.doc.path.clone(),
            url: d.doc.url.clone(),
            source: d.doc.source.clone(),
            date: d.doc.date.clone(),
            sentences: d.sentences.len(),
            chosen,
            words: d.sentences.iter().map(|s| s.words()).sum(),
        })
        .collect();
    let entity_keys: BTreeSet<&str> = glossary.iter().map(|g| g.key.as_str()).collect();
    let stats = Stats {
        documents: docs.len(),
        sentences: docs.iter().map(|d| d.sentences.len()).sum(),
        chosen: views.len(),
        cited: documents.iter().filter(|d| d.cited).count(),
        entities: entity_keys.len(),
        words: documents.iter().map(|d| d.words).sum(),
        skipped: problems.len(),
    };
    Digest {
        date: opts.date.clone(),
        audience: opts.audience.clone(),
        title: opts.title.clone(),
        method: String::new(),
        generator: format!("khulasa {}", env!("CARGO_PKG_VERSION")),
        documents,
        themes,
        glossary,
        stats,
        problems: problems.to_vec(),
        top_entities,
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::{Format, IngestOptions, ingest_text};
    use crate::pipeline::Engine;

    fn gists(text: &str) -> Vec<String> {
        let engine = Engine::builtin().unwrap();
        let ing = ingest_text("t.txt", Format::Text, text, &IngestOptions::default());
        let docs = engine.analyze(ing.documents);
        docs[0].sentences.iter().map(super::gist).collect()
    }

    #[test]
    fn gist_names_who_did_what_about_what() {
        let g = gists(
            "وقالت المتحدثة باسم وزارة الخارجية الروسية، ماريا زاخاروفا، إن باكو ويريفان أكدتا مشاركتهما في مشاورات موسكو.",
        );
        assert!(
            g[0].starts_with("Maria Zakharova (Spokesperson for the Ministry of Foreign Affairs of Russia) — said — "),
            "{g:?}"
        );
        assert!(g[0].contains("consultations"), "{g:?}");
        let g = gists("أعلنت روسيا اليوم أن أرمينيا وأذربيجان وافقتا على المشاركة بمفاوضات موسكو.");
        assert!(g[0].starts_with("Russia — announced — "), "{g:?}");
        assert!(g[0].contains("negotiations"), "{g:?}");
    }
}
